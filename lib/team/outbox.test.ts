import { describe, expect, it } from 'vitest';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import type { FetchLike } from '../http/fetch-core';
import { buildPlan } from '../runs/plan';
import { newRun } from '../runs/runner';
import { nobodyPreview } from '../runs/test-fixtures';
import type { Run } from '../runs/types';
import { createMemoryArea } from '../vault/storage-area';
import { createOutbox, runEntry } from './outbox';
import { syncDown, syncRest, syncUp, useSyncSandbox } from './test-fixtures';
import { TEAM_LEDGER_LIST, teamLedgerItemSchema } from './types';

const env = useSyncSandbox(13);

const run = (id: string, email = `${id}@example.com`): Run =>
  newRun(buildPlan(nobodyPreview({ email, target: { email } }), {}), { id, operator: 'lead@example.com', at: '2026-03-04T10:00:00.000Z' });

/** The ledger as Sync holds it, oldest first: run id and state per item. */
async function ledger() {
  const items = await syncRest(env.sandbox).newestListItems(env.serviceSid, TEAM_LEDGER_LIST, 100);
  return items.reverse().map((item) => {
    const data = teamLedgerItemSchema.parse(item.data);
    return data.type === 'run' ? `${data.row.id}:${data.row.state}` : `operators:${data.id}`;
  });
}

const outbox = (fetch?: FetchLike) => createOutbox({ area: createMemoryArea(), rest: syncRest(env.sandbox, fetch), serviceSid: env.serviceSid });

describe('team ledger outbox', () => {
  it('appends a run once and updates its item as it moves on', async () => {
    const box = outbox();
    const a = run('a');
    await box.record(a);
    await box.flush();
    a.state = 'done';
    await box.record(a);
    expect(await box.behindBy()).toBe(1);
    await box.flush();
    expect(await ledger()).toEqual(['a:done']);
    expect(await box.behindBy()).toBe(0);
    expect(await box.lastSyncedAt()).not.toBeNull();
  });

  it('queues while Sync is down, says how far behind it is, and catches up in order once it returns', async () => {
    const box = outbox();
    syncDown(env.sandbox);
    for (const id of ['a', 'b', 'c']) await box.record(run(id));
    const down = await box.flush();
    expect(down).toMatchObject({ sent: 0, behindBy: 3, problem: { code: 'server-error' } });
    syncUp(env.sandbox);
    expect(await box.flush()).toMatchObject({ sent: 3, behindBy: 0 });
    expect(await ledger()).toEqual(['a:running', 'b:running', 'c:running']);
  });

  it('never appends a run twice when the answer to its append was lost', async () => {
    let lose = true;
    const real = sandboxFetch(env.sandbox);
    // Sync makes the item, then the connection drops before the answer arrives.
    const lossy: FetchLike = async (url, init) => {
      const response = await real(url, init);
      if (lose && init.method === 'POST' && url.endsWith('/Items')) {
        lose = false;
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const box = createOutbox({ area: createMemoryArea(), rest: syncRest(env.sandbox, lossy), serviceSid: env.serviceSid });
    const a = run('a');
    await box.record(a);
    expect((await box.flush()).behindBy).toBe(1);
    a.state = 'done';
    await box.record(a);
    await box.flush();
    expect(await ledger()).toEqual(['a:done']);
  });

  it('leaves the snapshot out of an entry too large for a Sync item', () => {
    const big = run('a');
    big.before = {
      ...big.before,
      worker: { sid: `WK${'0'.repeat(32)}`, workspaceSid: `WS${'0'.repeat(32)}`, workspaceName: null, friendlyName: 'x', attributes: 'x'.repeat(20_000), activitySid: null, activityName: null, available: false, dateCreated: null },
    };
    expect(runEntry(big).before).toBeUndefined();
    expect(runEntry(run('b')).before).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createOutbox } from './outbox';
import { createTeamOperators } from './operators';
import { syncDown, syncRest, useSyncSandbox } from './test-fixtures';
import { TEAM_LEDGER_LIST, teamLedgerItemSchema } from './types';

const env = useSyncSandbox(13);

function team(clock = { ms: Date.parse('2026-03-04T10:00:00Z') }) {
  const area = createMemoryArea();
  const rest = syncRest(env.sandbox);
  const outbox = createOutbox({ area, rest, serviceSid: env.serviceSid });
  return { clock, outbox, operators: createTeamOperators({ rest, serviceSid: env.serviceSid, area, outbox, now: () => new Date(clock.ms) }) };
}

describe('team approved operators', () => {
  it('lets everyone run while the shared list is empty, and names who is running', async () => {
    expect(await team().operators.check('lead@example.com')).toEqual({ ok: true, operator: 'lead@example.com' });
  });

  it('refuses anyone when "You are" is not set', async () => {
    expect(await team().operators.check(null)).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
  });

  it('shares one list: a colleague removed from it cannot run, and the change is in the ledger', async () => {
    const lead = team();
    await lead.operators.set(['Lead@Example.com', 'ben@example.com'], 'lead@example.com');
    const ben = team();
    expect(await ben.operators.check('BEN@example.com')).toMatchObject({ ok: true });
    const removal = await lead.operators.set(['lead@example.com'], 'lead@example.com');
    // The answer carries the change it recorded, for Settings to show at once.
    expect(removal.changes).toMatchObject([{ type: 'operators', by: 'lead@example.com', added: [], removed: ['ben@example.com'] }]);
    const refused = await ben.operators.check('ben@example.com');
    expect(refused).toMatchObject({ ok: false, problem: { code: 'permission-denied', message: 'ben@example.com is not on the approved operators list, so they cannot run deprovisioning.', nextStep: expect.stringContaining('Settings → Team') } });
    await lead.outbox.flush();
    const items = await syncRest(env.sandbox).newestListItems(env.serviceSid, TEAM_LEDGER_LIST, 10);
    const changes = items.map((item) => teamLedgerItemSchema.parse(item.data)).reverse();
    expect(changes).toMatchObject([
      { type: 'operators', by: 'lead@example.com', added: ['Lead@Example.com', 'ben@example.com'], removed: [] },
      { type: 'operators', removed: ['ben@example.com'], added: [] },
    ]);
  });

  it('with Sync down, a copy read in the last 10 minutes still decides; an older one only refuses', async () => {
    const ben = team();
    await team().operators.set(['ben@example.com'], 'lead@example.com');
    await ben.operators.read();
    syncDown(env.sandbox);
    ben.clock.ms += 9 * 60_000;
    expect(await ben.operators.check('ben@example.com')).toMatchObject({ ok: true });
    expect(await ben.operators.check('intern@example.com')).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    ben.clock.ms += 2 * 60_000;
    expect(await ben.operators.check('ben@example.com')).toMatchObject({ ok: false, problem: { code: 'network-unreachable', nextStep: 'Try again once Sync is reachable.' } });
    expect(await ben.operators.read()).toMatchObject({ operators: [{ email: 'ben@example.com' }], stale: true });
  });
});

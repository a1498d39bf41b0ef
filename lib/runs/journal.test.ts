import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createJournal, RUN_RECORD_VERSION, RUNS_INDEX_KEY, runKey, upgradeRecord } from './journal';
import { buildPlan } from './plan';
import { newRun } from './runner';
import { nobodyPreview } from './test-fixtures';

const preview = nobodyPreview({ refusal: { reason: 'no-worker', message: 'No Flex worker has the email kai@example.com.' } });
const plan = buildPlan(preview);
const run = (id: string) => newRun(plan, { id, operator: null, at: '2026-01-01T00:00:00.000Z' });

describe('the run journal', () => {
  it('keeps each run under runs.<id>, versioned, with a row in the index newest first', async () => {
    const area = createMemoryArea();
    const journal = createJournal(area);
    await journal.create(run('a'));
    await journal.create(run('b'));
    expect(Object.keys(area.entries()).sort()).toEqual([RUNS_INDEX_KEY, runKey('a'), runKey('b')].sort());
    expect(area.entries()[runKey('a')]).toMatchObject({ v: RUN_RECORD_VERSION, id: 'a' });
    expect((await journal.rows()).map((r) => r.id)).toEqual(['b', 'a']);
    expect((await journal.get('a'))?.id).toBe('a');
  });

  it('applies concurrent changes one after another, so none is lost, and keeps the row in step', async () => {
    const journal = createJournal(createMemoryArea(), () => new Date('2026-02-02T00:00:00.000Z'));
    await journal.create(run('a'));
    await Promise.all([
      journal.update('a', (r) => void (r.operator = 'lead@example.com')),
      journal.update('a', (r) => void (r.state = 'paused')),
      journal.update('a', () => false),
    ]);
    expect(await journal.get('a')).toMatchObject({ operator: 'lead@example.com', state: 'paused', updatedAt: '2026-02-02T00:00:00.000Z' });
    expect((await journal.rows())[0]).toMatchObject({ id: 'a', operator: 'lead@example.com', state: 'paused' });
  });

  it('lets a guard refuse a new run atomically with its write', async () => {
    const journal = createJournal(createMemoryArea());
    const once = (rows: { id: string }[]) => {
      if (rows.length > 0) throw new Error('taken');
    };
    const results = await Promise.allSettled([journal.create(run('a'), once), journal.create(run('b'), once)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((await journal.rows()).map((r) => r.id)).toEqual(['a']);
  });

  it('lists a record it cannot read as unreadable, with its time, and pauses it if it was running', async () => {
    const area = createMemoryArea();
    const journal = createJournal(area);
    await journal.create(run('a'));
    await journal.create(run('broken'));
    await area.set({ [runKey('broken')]: { v: RUN_RECORD_VERSION, id: 'broken', state: 'running' } });
    expect(await journal.get('broken')).toBeNull();
    expect(await journal.update('broken', (r) => void (r.state = 'done'))).toBeNull();

    const { entries, total } = await journal.page(0, 10);
    expect(total).toBe(2);
    expect(entries[0]).toEqual({ id: 'broken', unreadable: true, createdAt: '2026-01-01T00:00:00.000Z', wasRunning: true });
    expect(entries[1]).toMatchObject({ id: 'a', state: 'running' });
    // Paused: no longer counted as running by anything that reads the rows.
    expect((await journal.rows()).map((r) => r.id)).toEqual(['a']);
    expect((area.entries()[RUNS_INDEX_KEY] as { state: string }[])[0]!.state).toBe('paused-unreadable');
  });

  it('reads a v1 record (no version) and keeps the worker attributes once', async () => {
    const area = createMemoryArea();
    const journal = createJournal(area);
    const worker = { sid: 'WK1', workspaceSid: 'WS1', workspaceName: null, friendlyName: 'kai', attributes: '{"email":"kai@example.com"}', activitySid: null, activityName: null, available: null, dateCreated: null };
    const v1 = run('old');
    v1.before.worker = worker;
    v1.plan.preview = { ...v1.plan.preview!, worker, workerCandidates: [worker] };
    await journal.create(run('old'));
    await area.set({ [runKey('old')]: v1 });
    const read = (await journal.get('old'))!;
    expect(read.before.worker?.attributes).toBe(worker.attributes);
    expect(read.plan.preview?.worker?.attributes).toBeNull();
    expect(upgradeRecord(v1)).toMatchObject({ v: RUN_RECORD_VERSION });
  });

  it('removes runs with their rows, and exports the runs asked for', async () => {
    const journal = createJournal(createMemoryArea());
    await journal.create(run('a'));
    await journal.create(run('b'));
    expect((await journal.runs(['a', 'missing'])).map((r) => r.id)).toEqual(['a']);
    await journal.remove(['a']);
    expect((await journal.rows()).map((r) => r.id)).toEqual(['b']);
    expect(await journal.get('a')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { runRow } from '../runs/ledger';
import { buildPlan } from '../runs/plan';
import { newRun } from '../runs/runner';
import { nobodyPreview } from '../runs/test-fixtures';
import { matchesFilter, mergeHistory, workersHeld } from './history';
import { runEntry } from './outbox';

const run = (id: string, at: string, operator = 'ana@example.com', email = `${id}@example.com`) => newRun(buildPlan(nobodyPreview({ email, target: { email } }), {}), { id, operator, at });
const WK = `WK${'b'.repeat(32)}`;

describe('team history', () => {
  it("puts this browser's runs and colleagues' runs in one list, newest first, a run of ours shown from our journal", () => {
    const mine = runRow({ ...run('a', '2026-03-02T09:00:00.000Z'), state: 'done' });
    const theirs = [runEntry(run('a', '2026-03-02T09:00:00.000Z')), runEntry(run('b', '2026-03-03T09:00:00.000Z', 'ben@example.com'))];
    expect(mergeHistory([mine], theirs).map((row) => [row.id, row.state, row.origin ?? 'here'])).toEqual([
      ['b', 'running', 'team'],
      ['a', 'done', 'here'],
    ]);
  });

  it('filters by person, operator, status and day', () => {
    const row = runRow(run('kai', '2026-03-02T12:00:00.000Z', 'Ben@Example.com'));
    expect(matchesFilter(row, { person: 'KAI@' })).toBe(true);
    expect(matchesFilter(row, { person: 'zoe' })).toBe(false);
    expect(matchesFilter(row, { operator: 'ben@example' })).toBe(true);
    expect(matchesFilter(row, { status: 'done' })).toBe(false);
    expect(matchesFilter(row, { from: '2026-03-01', to: '2026-03-03' })).toBe(true);
    expect(matchesFilter(row, { from: '2026-03-04' })).toBe(false);
  });

  it("marks the workers a colleague's live lock covers, never those of our own runs", () => {
    const theirs = run('b', '2026-03-03T09:00:00.000Z', 'ben@example.com');
    theirs.subject = { ...theirs.subject, workerSid: WK };
    const lock = { runId: 'b', operator: 'ben@example.com', since: '2026-03-03T09:00:00.000Z', person: 'b@example.com' };
    expect([...workersHeld([{ key: 'email:b@example.com', lock }], [runEntry(theirs)], new Set()).keys()]).toEqual([WK]);
    expect(workersHeld([{ key: 'email:b@example.com', lock }], [runEntry(theirs)], new Set(['b'])).size).toBe(0);
    expect([...workersHeld([{ key: `worker:${WK}`, lock: { ...lock, runId: 'unknown' } }], [], new Set()).keys()]).toEqual([WK]);
  });
});

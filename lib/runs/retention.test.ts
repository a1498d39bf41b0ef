import { describe, expect, it } from 'vitest';
import type { RunRow } from './ledger';
import { prunableRuns } from './retention';

const row = (id: string, createdAt: string, state: RunRow['state'] = 'done', undoOf?: string): RunRow => ({
  id,
  kind: undoOf ? 'undo' : 'deprovision',
  ...(undoOf ? { undoOf } : {}),
  state,
  operator: null,
  createdAt,
  finishedAt: null,
  subject: { email: null, name: null, workerSid: null, oktaUserId: null },
  workerSids: [],
  stepsDone: 0,
  stepsTotal: 0,
  outcome: null,
});
const now = new Date('2026-12-01T00:00:00.000Z');

describe('prunableRuns', () => {
  it('offers the finished runs beyond the count, newest kept', () => {
    const rows = [row('c', '2026-11-30T00:00:00Z'), row('b', '2026-11-29T00:00:00Z'), row('a', '2026-11-28T00:00:00Z')];
    expect(prunableRuns(rows, { runs: 2, days: 180 }, now)).toEqual(['a']);
  });

  it('offers runs older than the age limit whatever their position', () => {
    const rows = [row('new', '2026-11-30T00:00:00Z'), row('old', '2026-05-01T00:00:00Z')];
    expect(prunableRuns(rows, { runs: 1000, days: 180 }, now)).toEqual(['old']);
  });

  it('never prunes a run under way, nor a run whose kept undo points at it', () => {
    const rows = [row('undo', '2026-11-30T00:00:00Z', 'done', 'undone'), row('paused', '2026-01-01T00:00:00Z', 'paused'), row('undone', '2026-01-01T00:00:00Z')];
    expect(prunableRuns(rows, { runs: 1, days: 30 }, now)).toEqual([]);
  });
});

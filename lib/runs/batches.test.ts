import { describe, expect, it } from 'vitest';
import { batchBelongsHere, batchSettled, batchTitle, groupPage, seatsFreed } from './batches';
import type { JournalEntry } from './journal';
import type { RunRow } from './ledger';

const row = (id: string, state: RunRow['state'], bulkId?: string, outcome: RunRow['outcome'] = null): RunRow => ({
  id,
  kind: 'deprovision',
  ...(bulkId ? { bulkId } : {}),
  state,
  operator: null,
  createdAt: '2026-12-02T03:00:00.000Z',
  finishedAt: null,
  subject: { email: `${id}@example.com`, name: null, workerSid: null, oktaUserId: null },
  workerSids: [],
  stepsDone: 0,
  stepsTotal: 5,
  outcome,
});
const freed = { kind: 'seat-freed' as const, remainingWorkerSids: [] };

describe('a batch in the run history', () => {
  it('is titled with its size and its runs by state, finished ones first', () => {
    expect(batchTitle([row('a', 'done'), row('b', 'paused'), row('c', 'done')])).toBe('Bulk deprovision · 3 people · 2 done, 1 paused');
    expect(batchTitle([row('a', 'running')])).toBe('Bulk deprovision · 1 person · 1 running');
  });

  it('counts only the seats a seat check found freed, and is settled once nothing runs', () => {
    const rows = [row('a', 'done', 'B', freed), row('b', 'done', 'B', { kind: 'seat-still-held', remainingWorkerSids: ['WK1'] }), row('c', 'paused', 'B')];
    expect(seatsFreed(rows)).toBe(1);
    expect(batchSettled(rows)).toBe(true);
    expect(batchSettled([...rows, row('d', 'running', 'B')])).toBe(false);
    expect(batchSettled([])).toBe(false);
  });

  it('folds a batch’s runs on a page into one item where its newest run is, leaving other runs and unreadable records as they are', () => {
    const unreadable: JournalEntry = { id: 'x', unreadable: true, createdAt: null, wasRunning: false };
    const page: JournalEntry[] = [row('solo', 'done'), row('c', 'done', 'B'), unreadable, row('b', 'paused', 'B'), row('a', 'done', 'B'), row('z', 'done', 'Z')];
    expect(groupPage(page)).toEqual([
      { kind: 'run', entry: page[0] },
      { kind: 'batch', bulkId: 'B', ids: ['c', 'b', 'a'] },
      { kind: 'run', entry: unreadable },
      { kind: 'batch', bulkId: 'Z', ids: ['z'] },
    ]);
  });

  it('leaves a colleague’s batch run by run: its members are in the team ledger, not among this browser’s runs', () => {
    const colleague = { ...row('t', 'done', 'T'), origin: 'team' as const };
    const page = [colleague, { ...row('m', 'done', 'M'), origin: 'here' as const }];
    expect(groupPage(page)).toEqual([
      { kind: 'run', entry: colleague },
      { kind: 'batch', bulkId: 'M', ids: ['m'] },
    ]);
  });

  it('shows a batch split across pages once: on the page with its newest run', () => {
    const members = [row('a', 'done', 'B'), row('b', 'done', 'B'), row('c', 'done', 'B')];
    expect(batchBelongsHere(['solo', 'c', 'b'], members)).toBe(true);
    expect(batchBelongsHere(['a', 'older'], members)).toBe(false);
    expect(batchBelongsHere(['a'], [])).toBe(false);
  });
});

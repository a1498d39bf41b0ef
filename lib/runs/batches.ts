import type { JournalEntry } from './journal';
import type { RunRow } from './ledger';
import type { RunState } from './types';

/**
 * A bulk deprovision as the run history and the bulk window show it: one entry for the runs that
 * share a `bulkId`, with counts by state, rather than one line per person.
 */

/** The order states are counted in: how the batch ended first, then what still needs the admin. */
const STATE_ORDER: RunState[] = ['done', 'paused', 'running', 'aborted'];

/** "2 done, 1 paused". */
export function stateCounts(rows: readonly Pick<RunRow, 'state'>[]): string {
  return STATE_ORDER.flatMap((state) => {
    const n = rows.filter((row) => row.state === state).length;
    return n ? [`${n} ${state}`] : [];
  }).join(', ');
}

/** "Bulk deprovision · 3 people · 2 done, 1 paused". */
export function batchTitle(rows: readonly Pick<RunRow, 'state'>[]): string {
  return `Bulk deprovision · ${rows.length} ${rows.length === 1 ? 'person' : 'people'} · ${stateCounts(rows)}`;
}

/** Seats the runs' own seat checks found freed: a run done without that finding frees none here. */
export const seatsFreed = (rows: readonly Pick<RunRow, 'state' | 'outcome'>[]) => rows.filter((row) => row.state === 'done' && row.outcome?.kind === 'seat-freed').length;

/** Nothing in the batch is still running: what is left needs the admin or nothing at all. */
export const batchSettled = (rows: readonly Pick<RunRow, 'state'>[]) => rows.length > 0 && rows.every((row) => row.state !== 'running');

export type HistoryItem<E extends JournalEntry = JournalEntry> = { kind: 'run'; entry: E } | { kind: 'batch'; bulkId: string; ids: string[] };

/**
 * A page of the history with each batch's runs on it folded into one item, where its newest run is.
 * A colleague's runs (team mode, `origin: 'team'`) stay one line each: their batch lives in the team
 * ledger, not among this browser's runs that `runs.bulk` reads.
 */
export function groupPage<E extends JournalEntry & { origin?: 'here' | 'team' }>(entries: readonly E[]): HistoryItem<E>[] {
  const items: HistoryItem<E>[] = [];
  const batches = new Map<string, { kind: 'batch'; bulkId: string; ids: string[] }>();
  for (const entry of entries) {
    const bulkId = 'bulkId' in entry && entry.origin !== 'team' ? entry.bulkId : undefined;
    if (!bulkId) {
      items.push({ kind: 'run', entry });
      continue;
    }
    const batch = batches.get(bulkId);
    if (batch) batch.ids.push(entry.id);
    else {
      const item = { kind: 'batch' as const, bulkId, ids: [entry.id] };
      batches.set(bulkId, item);
      items.push(item);
    }
  }
  return items;
}

/**
 * Whether a batch's entry belongs on this page. History pages are cut by run, so a batch can span
 * two; it is shown once, on the page holding its newest run (the last one started), with all its
 * members read by `runs.bulk`. `members` are in start order.
 */
export const batchBelongsHere = (pageIds: readonly string[], members: readonly Pick<RunRow, 'id'>[]) => {
  const newest = members.at(-1);
  return newest !== undefined && pageIds.includes(newest.id);
};

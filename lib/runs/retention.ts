import type { RunRow } from './ledger';

/** How much run history is kept: the newest `runs` runs, none older than `days` days. */
export interface RetentionLimits {
  runs: number;
  days: number;
}
export const DEFAULT_RETENTION: RetentionLimits = { runs: 1000, days: 180 };

const DAY_MS = 24 * 60 * 60_000;

/**
 * The finished runs beyond the limits, oldest last as the rows are. Runs still under way are never
 * pruned, and neither is a run whose undo is kept: the undo's record points at it.
 */
export function prunableRuns(rows: RunRow[], limits: RetentionLimits, now: Date): string[] {
  const oldest = now.getTime() - limits.days * DAY_MS;
  const undoneAndKept = new Set<string>();
  const prunable: string[] = [];
  rows.forEach((row, position) => {
    const beyond = position >= limits.runs || Date.parse(row.createdAt) < oldest;
    const finished = row.state === 'done' || row.state === 'aborted';
    if (beyond && finished) prunable.push(row.id);
    else if (row.undoOf) undoneAndKept.add(row.undoOf);
  });
  return prunable.filter((id) => !undoneAndKept.has(id));
}

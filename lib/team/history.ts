import type { RunRow } from '../runs/ledger';
import type { RunFilter, TeamLock, TeamRunEntry } from './types';

/**
 * The run history in team mode: this browser's runs and colleagues' runs from the team ledger in
 * one list, newest first, with the history's filters applied to both. A run of this browser is
 * shown from its own journal, never from its team item (which may lag behind it).
 */

export type HistoryRow = RunRow & { origin?: 'team' };

/** The local calendar day of an ISO time, as the filters' `from`/`to` are written. */
function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const contains = (value: string | null | undefined, wanted: string) => value?.toLowerCase().includes(wanted) === true;

export function matchesFilter(row: RunRow, filter: RunFilter): boolean {
  const person = filter.person?.trim().toLowerCase();
  if (person && ![row.subject.email, row.subject.name, row.subject.oktaUserId, row.subject.workerSid, ...row.workerSids].some((value) => contains(value, person))) return false;
  const operator = filter.operator?.trim().toLowerCase();
  if (operator && !contains(row.operator, operator)) return false;
  if (filter.status && row.state !== filter.status) return false;
  const day = localDay(row.createdAt);
  if (filter.from && day < filter.from) return false;
  if (filter.to && day > filter.to) return false;
  return true;
}

export const hasFilter = (filter: RunFilter | undefined): filter is RunFilter => filter !== undefined && Object.values(filter).some((value) => value !== undefined && value !== '');

/** This browser's rows and colleagues' entries, filtered, newest first. */
export function mergeHistory(local: RunRow[], team: TeamRunEntry[], filter: RunFilter = {}): HistoryRow[] {
  const mine = new Set(local.map((row) => row.id));
  const theirs = team.filter((entry) => !mine.has(entry.row.id)).map((entry): HistoryRow => ({ ...entry.row, origin: 'team' }));
  return [...local, ...theirs].filter((row) => matchesFilter(row, filter)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Workers a colleague's live lock covers, for their badges: a lock keyed by the worker, or the
 * workers of the ledger run the lock names. Locks of this browser's own runs are left out.
 */
export function workersHeld(locks: Array<{ key: string; lock: TeamLock }>, team: TeamRunEntry[], localRunIds: Set<string>): Map<string, { lock: TeamLock; row: RunRow | null }> {
  const rows = new Map(team.map((entry) => [entry.row.id, entry.row]));
  const held = new Map<string, { lock: TeamLock; row: RunRow | null }>();
  for (const { key, lock } of locks) {
    if (localRunIds.has(lock.runId)) continue;
    const row = rows.get(lock.runId) ?? null;
    const sids = new Set(row?.workerSids ?? []);
    if (key.startsWith('worker:')) sids.add(key.slice('worker:'.length));
    for (const sid of sids) held.set(sid, { lock, row });
  }
  return held;
}

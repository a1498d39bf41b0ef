import { IDENTITY_STATUSES, type IdentityStatus } from '../identity/statuses';
import type { WorkerTarget } from '../runs/types';
import type { AuditRow, BulkExclusion } from './types';

/**
 * The audit table's logic, kept out of React so it can be tested and stays fast at 20,000 rows:
 * `indexAuditRows` works out every row's sort keys and search text once per audit, then each
 * change of sort, filter or search is a pass over plain arrays of numbers and strings.
 */

/** The table's columns, in the order shown; every one sorts. */
export const AUDIT_COLUMNS = ['person', 'status', 'activity', 'lastChange', 'workspace', 'okta'] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** The values `aria-sort` takes, so the header can say the order as it is. */
export type SortDirection = 'ascending' | 'descending';
export interface AuditSort {
  column: AuditColumn;
  direction: SortDirection;
}

/** "Last activity change older than…": the choices the filter offers, in days. */
export const OLDER_THAN_DAYS = [30, 90, 180, 365] as const;

export interface AuditFilter {
  /** Empty: every status. */
  statuses: readonly IdentityStatus[];
  /** A TaskRouter activity name, `NO_ACTIVITY` for workers with none, or null for every activity. */
  activity: string | null;
  /** Only workers whose activity last changed more than this many days ago (a worker with no date is not "older"). */
  olderThanDays: number | null;
  workspaceSid: string | null;
  /** Matched, case-insensitively, anywhere in the name, friendly name, email, Okta login or worker SID. */
  search: string;
}

/** How the audit totals name workers with no activity (`AuditTotals.byActivity`), so the filter agrees with them. */
export const NO_ACTIVITY = '(none)';

export const NO_FILTER: AuditFilter = { statuses: [], activity: null, olderThanDays: null, workspaceSid: null, search: '' };
export const DEFAULT_SORT: AuditSort = { column: 'person', direction: 'ascending' };

/** The rows with what sorting and searching need, worked out once. */
export interface AuditIndex {
  rows: readonly AuditRow[];
  /** Per column, each row's key; null sorts last whichever the direction. */
  keys: Record<AuditColumn, readonly (string | number | null)[]>;
  /** Each row's searchable text, lower-cased. */
  haystacks: readonly string[];
  /** Each row's last activity change in epoch milliseconds (null when unknown or unreadable). */
  changedAt: readonly (number | null)[];
}

/** The name a person goes by in the table: Flex's full name, else the worker's friendly name, else its SID. */
export const personName = (row: AuditRow) => row.fullName ?? row.friendlyName ?? row.workerSid;

const time = (iso: string | null) => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

// Statuses sort in the vocabulary's order (Active, Unassigned, Suspended, Deactivated, …), which groups
// the seats that can be freed together, rather than alphabetically by label.
const statusOrder = new Map<IdentityStatus, number>(IDENTITY_STATUSES.map((status, i) => [status, i]));

export function indexAuditRows(rows: readonly AuditRow[]): AuditIndex {
  const changedAt = rows.map((r) => time(r.dateStatusChanged));
  return {
    rows,
    changedAt,
    keys: {
      person: rows.map(personName),
      status: rows.map((r) => statusOrder.get(r.status) ?? IDENTITY_STATUSES.length),
      activity: rows.map((r) => r.activityName),
      lastChange: changedAt,
      workspace: rows.map((r) => r.workspaceName ?? r.workspaceSid),
      okta: rows.map((r) => r.okta?.login ?? null),
    },
    haystacks: rows.map((r) => [r.fullName, r.friendlyName, r.email, r.okta?.login, r.workerSid].filter(Boolean).join('\n').toLowerCase()),
  };
}

const DAY_MS = 86_400_000;

/** Whether row `i` passes every part of the filter (all of them together, not any one). */
function passes(index: AuditIndex, i: number, filter: AuditFilter, statuses: ReadonlySet<IdentityStatus> | null, cutoff: number | null, needle: string): boolean {
  const row = index.rows[i]!;
  if (statuses && !statuses.has(row.status)) return false;
  if (filter.activity !== null && (row.activityName ?? NO_ACTIVITY) !== filter.activity) return false;
  if (filter.workspaceSid !== null && row.workspaceSid !== filter.workspaceSid) return false;
  if (cutoff !== null) {
    const changed = index.changedAt[i];
    if (changed === null || changed === undefined || changed >= cutoff) return false;
  }
  return needle === '' || index.haystacks[i]!.includes(needle);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareKeys(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The rows to show: filtered, searched, then sorted. Stable: rows whose keys are equal keep the
 * audit's own order (worker-list order), in either direction, so re-sorting never shuffles them.
 */
export function queryAuditTable(index: AuditIndex, filter: AuditFilter, sort: AuditSort, now: Date): AuditRow[] {
  const statuses = filter.statuses.length > 0 ? new Set(filter.statuses) : null;
  const cutoff = filter.olderThanDays === null ? null : now.getTime() - filter.olderThanDays * DAY_MS;
  const needle = filter.search.trim().toLowerCase();
  const picked: number[] = [];
  for (let i = 0; i < index.rows.length; i++) if (passes(index, i, filter, statuses, cutoff, needle)) picked.push(i);

  const keys = index.keys[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  picked.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    const aMissing = a === null || a === undefined;
    const bMissing = b === null || b === undefined;
    if (aMissing || bMissing) return aMissing === bMissing ? i - j : aMissing ? 1 : -1;
    return sign * compareKeys(a, b) || i - j;
  });
  return picked.map((i) => index.rows[i]!);
}

/** The next sort when a column's header is clicked: the same column flips, another starts ascending. */
export const nextSort = (sort: AuditSort, column: AuditColumn): AuditSort =>
  sort.column === column ? { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' } : { column, direction: 'ascending' };

/** Why a row cannot be in a bulk run, in one sentence the admin can act on. */
export const BULK_EXCLUSION_REASONS: Record<BulkExclusion, string> = {
  'keeps-seat': 'Keeps its seat: Okta still lets this person into Flex, so there is no seat to free.',
  ambiguous: 'Ambiguous: two or more Okta people claim this address — settle it on the worker’s page.',
  lookalike: 'Look-alike address: the email only looks ordinary — correct it on the worker; Flex Steward never acts on it.',
  'no-email': 'No email: there is nothing to match in Okta — add an email to the worker, or check it by hand.',
  unknown: 'Unknown: Okta could not be asked about this worker — audit again, or look it up on the worker’s page.',
  'check-first': 'Not in Okta: check whether it is a test or local account, then deprovision it from the worker’s page.',
};

/** The sentence for a row that cannot be selected (with the audit's own reason for an unknown), or null when it can. */
export function exclusionReason(row: AuditRow): string | null {
  if (row.bulkExclusion === null) return null;
  const reason = BULK_EXCLUSION_REASONS[row.bulkExclusion];
  return row.bulkExclusion === 'unknown' && row.problem ? `${reason} (${row.problem})` : reason;
}

/** "Select all that can be freed" among `shown`: the selection plus every shown row a bulk run may take. */
export function selectFreeable(selected: ReadonlySet<string>, shown: readonly AuditRow[]): Set<string> {
  const next = new Set(selected);
  for (const row of shown) if (row.bulkExclusion === null) next.add(row.workerSid);
  return next;
}

/** Adds or removes one row; a row a bulk run may not take is never added. */
export function toggleSelected(selected: ReadonlySet<string>, row: AuditRow): Set<string> {
  const next = new Set(selected);
  if (next.has(row.workerSid)) next.delete(row.workerSid);
  else if (row.bulkExclusion === null) next.add(row.workerSid);
  return next;
}

export interface BulkSelection {
  /** The selected rows a bulk run may take, in the order shown (then the audit's order for hidden ones). */
  targets: WorkerTarget[];
  /** How many of them the current filter hides. */
  hidden: number;
  /** How many beyond Settings' per-run maximum (0 when within it). */
  overBy: number;
}

/**
 * What "Deprovision N selected…" would send. Rows that are no longer selectable (a new audit
 * changed them) are dropped; the count beyond the maximum is reported, never silently cut.
 */
export function bulkSelection(selected: ReadonlySet<string>, shown: readonly AuditRow[], all: readonly AuditRow[], maxPerBulk: number): BulkSelection {
  const targets: WorkerTarget[] = [];
  const taken = new Set<string>();
  const take = (row: AuditRow) => {
    if (!selected.has(row.workerSid) || row.bulkExclusion !== null || taken.has(row.workerSid)) return;
    taken.add(row.workerSid);
    targets.push({ workspaceSid: row.workspaceSid, workerSid: row.workerSid, ...(row.okta ? { oktaUserId: row.okta.id } : {}) });
  };
  shown.forEach(take);
  const visible = targets.length;
  all.forEach(take);
  return { targets, hidden: targets.length - visible, overBy: Math.max(0, targets.length - maxPerBulk) };
}

/** "Keep only the first N": the selection trimmed to the maximum, in the order `bulkSelection` lists it. */
export const trimSelection = (selection: BulkSelection, maxPerBulk: number): Set<string> => new Set(selection.targets.slice(0, maxPerBulk).map((t) => t.workerSid));

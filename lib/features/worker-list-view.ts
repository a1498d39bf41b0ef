import type { AuditSummary } from '../audit/types';
import { FREEABLE_STATUSES, IDENTITY_STATUSES, STATUS_INFO, type IdentityStatus } from '../identity/statuses';

/**
 * The words of the Console worker list's summary line and status filter, as pure functions of
 * what the audit and the badges answered.
 */

/** What the filter shows: every row, the rows whose seat can be freed, or one status. */
export type WorkerFilter = 'all' | 'freeable' | IdentityStatus;

export const isWorkerFilter = (value: string): value is WorkerFilter => value === 'all' || value === 'freeable' || (IDENTITY_STATUSES as readonly string[]).includes(value);

/** Whether a row with `status` stays visible; a row without a known status always does. */
export function rowShown(filter: WorkerFilter, status: IdentityStatus | null | undefined): boolean {
  if (filter === 'all' || status == null) return true;
  return filter === 'freeable' ? FREEABLE_STATUSES.has(status) : status === filter;
}

const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** How long ago, in the largest unit that reads naturally: "just now", "12 min ago", "2 h ago", "3 days ago". */
export function ageText(iso: string, now: number): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (!Number.isFinite(minutes)) return 'at an unknown time';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${count(Math.floor(hours / 24))} days ago`;
}

/** The summary line before "Open audit": the latest finished audit's counts, or that there is none. */
export function summaryText(summary: AuditSummary, now: number): string {
  if (!summary) return 'No licence audit of this workspace yet';
  return [
    plural(summary.workers, 'worker', 'workers'),
    plural(summary.freeable, 'seat can be freed', 'seats can be freed'),
    ...(summary.check > 0 ? [`${count(summary.check)} to check`] : []),
    `audited ${ageText(summary.auditedAt, now)}`,
  ].join(' · ');
}

/** How the rows on this page stand: per known status, and those without one. */
export interface RowTally {
  total: number;
  /** Rows the filter hides. */
  hidden: number;
  byStatus: Partial<Record<IdentityStatus, number>>;
  /** Rows whose badge still waits for the background. */
  checking: number;
  /** Rows whose answer came without a status (the badge says why). */
  unanswered: number;
}

export const EMPTY_TALLY: RowTally = { total: 0, hidden: 0, byStatus: {}, checking: 0, unanswered: 0 };

export function tallyRows(statuses: Iterable<IdentityStatus | null | undefined>, filter: WorkerFilter): RowTally {
  const tally: RowTally = { total: 0, hidden: 0, byStatus: {}, checking: 0, unanswered: 0 };
  for (const status of statuses) {
    tally.total += 1;
    if (status === undefined) tally.checking += 1;
    else if (status === null) tally.unanswered += 1;
    else tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    if (!rowShown(filter, status)) tally.hidden += 1;
  }
  return tally;
}

/**
 * The filter's choices, counted on this page: every row, the seats that can be freed, then each
 * status present (and the chosen one even when no row has it any more), in the vocabulary's order.
 */
export function filterOptions(tally: RowTally, chosen: WorkerFilter): { value: WorkerFilter; label: string }[] {
  const freeable = [...FREEABLE_STATUSES].reduce((sum, status) => sum + (tally.byStatus[status] ?? 0), 0);
  return [
    { value: 'all', label: `All workers (${count(tally.total)})` },
    { value: 'freeable', label: `Seats that can be freed (${count(freeable)})` },
    ...IDENTITY_STATUSES.filter((status) => tally.byStatus[status] || status === chosen).map((status) => ({
      value: status,
      label: `${STATUS_INFO[status].icon} ${STATUS_INFO[status].label} (${count(tally.byStatus[status] ?? 0)})`,
    })),
  ];
}

/** Beside the filter while it filters: how many rows it shows, and which rows it cannot judge yet. */
export function filterNote(tally: RowTally, filter: WorkerFilter): string {
  if (filter === 'all') return '';
  return [
    `${count(tally.total - tally.hidden)} of ${plural(tally.total, 'row', 'rows')} shown`,
    ...(tally.checking ? [`${plural(tally.checking, 'row', 'rows')} still checking`] : []),
    ...(tally.unanswered ? [`${plural(tally.unanswered, 'row', 'rows')} without a status`] : []),
  ].join(' · ');
}

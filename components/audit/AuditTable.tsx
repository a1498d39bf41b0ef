import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { exclusionReason, indexAuditRows, nextSort, NO_ACTIVITY, NO_FILTER, OLDER_THAN_DAYS, personName, queryAuditTable, DEFAULT_SORT, toggleSelected, type AuditColumn, type AuditFilter, type AuditSort } from '../../lib/audit/table';
import type { AuditRow, AuditTotals } from '../../lib/audit/types';
import { IDENTITY_STATUSES, STATUS_INFO, type IdentityStatus } from '../../lib/identity/statuses';
import { formatTime } from '../../lib/ui/format-time';
import { StatusPill } from '../StatusPill';
import { count } from './audit-format';

/** Fixed, so the virtualiser never measures: two lines (name, email) per person. */
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 34;

const COLUMN_NAMES: Record<AuditColumn, string> = {
  person: 'Person',
  status: 'Status',
  activity: 'Activity',
  lastChange: 'Last activity change',
  workspace: 'Workspace',
  okta: 'Okta login',
};

/** The status filter's choices: everything, the seats that can be freed together, or one status. */
const FREEABLE: readonly IdentityStatus[] = ['unassigned', 'suspended', 'deprovisioned'];
const statusChoice = (statuses: readonly IdentityStatus[]) => (statuses.length === 0 ? '' : statuses.length === 1 ? statuses[0]! : 'freeable');

export interface AuditTableProps {
  rows: readonly AuditRow[];
  totals: AuditTotals;
  /** When the audit finished: "older than N days" counts back from then, the moment the rows describe. */
  now: Date;
  selected: ReadonlySet<string>;
  onSelect: (next: ReadonlySet<string>) => void;
  /** What goes between the count and the table, given the rows the filter and search leave, in the order shown. */
  children: (shown: readonly AuditRow[]) => ReactNode;
}

/**
 * Every audited worker, sortable, filterable and searchable, drawn a screenful at a time
 * (`@tanstack/react-virtual`) so 20,000 rows scroll smoothly. ARIA table roles and `aria-rowcount`
 * keep the whole table readable to assistive technology and to Playwright although most rows are
 * not in the DOM.
 */
export function AuditTable({ rows, totals, now, selected, onSelect, children }: AuditTableProps) {
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [sort, setSort] = useState<AuditSort>(DEFAULT_SORT);
  const index = useMemo(() => indexAuditRows(rows), [rows]);
  const shown = useMemo(() => queryAuditTable(index, filter, sort, now), [index, filter, sort, now]);
  const set = (patch: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const toggle = useCallback((row: AuditRow) => onSelect(toggleSelected(selected, row)), [selected, onSelect]);
  const between = useMemo(() => children(shown), [children, shown]);

  const activities = Object.keys(totals.byActivity).sort((a, b) => a.localeCompare(b));
  return (
    <div className="audit-table">
      <div className="audit-filters">
        <label>
          Search
          <input type="search" value={filter.search} onChange={(e) => set({ search: e.target.value })} placeholder="Name, email or SID" />
        </label>
        <label>
          Status
          <select value={statusChoice(filter.statuses)} onChange={(e) => set({ statuses: e.target.value === '' ? [] : e.target.value === 'freeable' ? FREEABLE : [e.target.value as IdentityStatus] })}>
            <option value="">Every status</option>
            <option value="freeable">Seats that can be freed</option>
            {IDENTITY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_INFO[status].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Activity
          <select value={filter.activity ?? ''} onChange={(e) => set({ activity: e.target.value === '' ? null : e.target.value })}>
            <option value="">Every activity</option>
            {activities.map((name) => (
              <option key={name} value={name}>
                {name === NO_ACTIVITY ? 'No activity' : name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Last activity change
          <select value={filter.olderThanDays ?? ''} onChange={(e) => set({ olderThanDays: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">Any time</option>
            {OLDER_THAN_DAYS.map((days) => (
              <option key={days} value={days}>
                Older than {days} days
              </option>
            ))}
          </select>
        </label>
        {totals.byWorkspace.length > 1 ? (
          <label>
            Workspace
            <select value={filter.workspaceSid ?? ''} onChange={(e) => set({ workspaceSid: e.target.value === '' ? null : e.target.value })}>
              <option value="">Every workspace</option>
              {totals.byWorkspace.map((ws) => (
                <option key={ws.sid} value={ws.sid}>
                  {ws.name ?? ws.sid}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <p className="muted small" role="status">
        Showing {count(shown.length)} of {count(rows.length)}
      </p>
      {between}
      <AuditGrid shown={shown} sort={sort} onSort={setSort} selected={selected} onToggle={toggle} />
      {shown.length === 0 ? <p className="muted">No worker matches the filter.</p> : null}
    </div>
  );
}

/**
 * The scrolling part alone: the virtualiser's state lives here, so a scroll re-renders the grid's
 * header and the rows in view, never the filters and totals above it. The virtualiser renders
 * with React's normal scheduling rather than `flushSync` inside each wheel event, so several
 * events between two frames make one render, not one each.
 */
const AuditGrid = memo(function AuditGrid({ shown, sort, onSort, selected, onToggle }: { shown: readonly AuditRow[]; sort: AuditSort; onSort: (update: (s: AuditSort) => AuditSort) => void; selected: ReadonlySet<string>; onToggle: (row: AuditRow) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  // React Compiler (not used here) could not memoise this hook's functions; they are only read while rendering.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEADER_HEIGHT,
    // A fast wheel replaces every row in view each frame, overscan included: a few rows either side hide nothing with fixed heights.
    overscan: 3,
    initialRect: { width: 960, height: 480 },
    useFlushSync: false,
  });
  return (
    <div ref={scroller} className="audit-grid" role="table" aria-label="Audited workers" aria-rowcount={shown.length + 1}>
      <div role="rowgroup" className="audit-head">
        <div role="row" aria-rowindex={1} className="audit-row">
          <div role="columnheader" className="select-cell">
            <span className="visually-hidden">Select</span>
          </div>
          {(Object.keys(COLUMN_NAMES) as AuditColumn[]).map((column) => (
            <div key={column} role="columnheader" aria-sort={sort.column === column ? sort.direction : 'none'}>
              <button type="button" className="sort" onClick={() => onSort((s) => nextSort(s, column))}>
                {COLUMN_NAMES[column]}
                <span aria-hidden="true">{sort.column === column ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="audit-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = shown[item.index]!;
          return <AuditTableRow key={row.workerSid} row={row} rowIndex={item.index + 2} top={item.start - HEADER_HEIGHT} checked={selected.has(row.workerSid)} onToggle={onToggle} />;
        })}
      </div>
    </div>
  );
});

/** One row; memoised, so a scroll draws only the rows coming into view. */
const AuditTableRow = memo(function AuditTableRow({ row, rowIndex, top, checked, onToggle }: { row: AuditRow; rowIndex: number; top: number; checked: boolean; onToggle: (row: AuditRow) => void }) {
  const name = personName(row);
  const reason = exclusionReason(row);
  return (
    <div role="row" aria-rowindex={rowIndex} className="audit-row" style={{ transform: `translateY(${top}px)` }}>
      <div role="cell" className="select-cell" title={reason ?? undefined}>
        <input type="checkbox" checked={checked} disabled={reason !== null} onChange={() => onToggle(row)} aria-label={reason ? `${name} cannot be selected. ${reason}` : `Select ${name}`} />
      </div>
      <div role="cell" title={row.workerSid}>
        <span className="name">{name}</span>
        <span className="muted small">{row.email ?? (row.friendlyName !== name ? row.friendlyName : null) ?? 'no email'}</span>
      </div>
      <div role="cell">
        <StatusPill status={row.status} />
      </div>
      <div role="cell">{row.activityName ?? '—'}</div>
      <div role="cell" title={formatTime(row.dateStatusChanged)}>
        {row.dateStatusChanged?.slice(0, 10) ?? '—'}
      </div>
      <div role="cell" title={row.workspaceSid}>
        {row.workspaceName ?? row.workspaceSid}
      </div>
      <div role="cell">{row.okta?.login ?? '—'}</div>
    </div>
  );
});

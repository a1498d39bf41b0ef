import type { RunFilter } from '../../lib/team/types';

const STATUSES = ['running', 'paused', 'done', 'aborted'] as const;

/** The filter without its blank fields: what `runs.list` is sent, and whether anything is filtered at all. */
export function activeFilter(filter: RunFilter): RunFilter | undefined {
  const entries = Object.entries(filter).filter(([, value]) => typeof value === 'string' && value.trim() !== '');
  return entries.length ? (Object.fromEntries(entries.map(([key, value]) => [key, (value as string).trim()])) as RunFilter) : undefined;
}

/** The history's filters: who was deprovisioned, who ran it, how it ended, and between which days. */
export function RunFilters({ filter, onChange }: { filter: RunFilter; onChange: (next: RunFilter) => void }) {
  const set = (patch: Partial<RunFilter>) => onChange({ ...filter, ...patch });
  return (
    <fieldset className="run-filters" aria-label="Filter runs">
      <div className="row">
        <div style={{ flex: 1 }}>
          <label htmlFor="filter-person">Person</label>
          <input id="filter-person" type="search" maxLength={320} value={filter.person ?? ''} onChange={(e) => set({ person: e.target.value })} placeholder="Email, name, Okta id or WK…" />
        </div>
        <div style={{ flex: 1 }}>
          <label htmlFor="filter-operator">Operator</label>
          <input id="filter-operator" type="search" maxLength={320} value={filter.operator ?? ''} onChange={(e) => set({ operator: e.target.value })} placeholder="Who ran it" />
        </div>
      </div>
      <div className="row">
        <div style={{ flex: 1 }}>
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as RunFilter['status'] })}>
            <option value="">Any</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div style={{ flex: 1 }}>
          <label htmlFor="filter-from">From</label>
          <input id="filter-from" type="date" value={filter.from ?? ''} max={filter.to} onChange={(e) => set({ from: e.target.value || undefined })} />
        </div>
        <div style={{ flex: 1 }}>
          <label htmlFor="filter-to">To</label>
          <input id="filter-to" type="date" value={filter.to ?? ''} min={filter.from} onChange={(e) => set({ to: e.target.value || undefined })} />
        </div>
      </div>
      {activeFilter(filter) ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onChange({})}>
            Clear filters
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

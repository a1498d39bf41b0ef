import { useCallback, useEffect, useMemo, useState } from 'react';
import { auditCsv, auditFileName, auditJson, type AuditExportMeta } from '../../lib/audit/export';
import type { AuditRow, AuditScope } from '../../lib/audit/types';
import { askBackground } from '../../lib/messages/ask-background';
import { defaultSettings, type Settings } from '../../lib/settings/settings';
import { downloadJson, downloadText } from '../download-json';
import { ProblemNotice } from '../ProblemNotice';
import { count } from './audit-format';
import { AuditProgressView } from './AuditProgressView';
import { AuditTable } from './AuditTable';
import { AuditTotalsView } from './AuditTotalsView';
import { BulkSelectionBar } from './BulkSelectionBar';
import { useAudit } from './use-audit';
import './audit.css';

/**
 * A UTF-8 byte order mark before the CSV: without it Excel reads the file as the system's legacy
 * code page and mangles names such as "José"; LibreOffice and Google Sheets skip it.
 */
const UTF8_BOM = '\uFEFF';

/** What the panel needs from Settings: the per-run maximum and the seat price. Read when the panel opens and regains focus. */
function useAuditSettings(): Settings {
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  useEffect(() => {
    const load = () =>
      askBackground('settings.get', {}).then(
        (view) => setSettings(view.settings),
        // Without settings the panel still audits; it shows seats without money and the default maximum.
        () => undefined,
      );
    void load();
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, []);
  return settings;
}

/** The side panel's licence audit: start, follow, cancel and resume a scan; then its totals, table, exports and bulk selection. */
export function AuditPanel() {
  const { view, problem, rows, start, cancel, resume } = useAudit();
  const settings = useAuditSettings();
  const progress = view?.progress ?? null;
  const [scope, setScope] = useState<AuditScope>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosenScope = scope ?? progress?.scope ?? 'flex-workspace';
  const state = progress?.state;

  const finishedAt = progress?.state === 'done' ? progress.finishedAt : null;
  const now = useMemo(() => new Date(finishedAt ?? 0), [finishedAt]);
  const allRows = rows?.rows;
  const maxPerBulk = settings.runs.maxPerBulk;
  const selectionBar = useCallback(
    (shown: readonly AuditRow[]) => <BulkSelectionBar shown={shown} all={allRows ?? []} selected={selected} onSelect={setSelected} maxPerBulk={maxPerBulk} />,
    [allRows, selected, maxPerBulk],
  );

  if (!view) return problem ? <ProblemNotice problem={problem} /> : <p className="muted">Loading the licence audit…</p>;

  const meta: AuditExportMeta | null = progress && finishedAt ? { auditedAt: finishedAt, accountSid: progress.accountSid, scope: progress.scope } : null;
  const exportCsv = () => meta && rows && downloadText(auditFileName(meta, 'csv'), UTF8_BOM + auditCsv(rows.rows, meta), 'text/csv;charset=utf-8');
  const exportJson = () => meta && rows && view.totals && downloadJson(auditFileName(meta, 'json'), auditJson(rows.rows, view.totals, meta));

  return (
    <div className="audit">
      {state === 'running' ? null : (
        <fieldset className="audit-scope">
          <legend>Audit</legend>
          {(
            [
              ['flex-workspace', 'The Flex workspace'],
              ['all-workspaces', 'All workspaces of the account'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name="audit-scope" value={value} checked={chosenScope === value} onChange={() => setScope(value)} />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        {state === 'running' ? (
          <button type="button" className="secondary" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : null}
        {state === 'cancelled' || state === 'failed' ? (
          <button type="button" onClick={() => void resume()}>
            Resume
          </button>
        ) : null}
        {state === 'running' ? null : (
          <button
            type="button"
            className={state === 'cancelled' || state === 'failed' ? 'secondary' : undefined}
            onClick={() => {
              setSelected(new Set());
              void start(chosenScope);
            }}
          >
            {progress ? 'Audit again' : 'Start audit'}
          </button>
        )}
      </div>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {progress && state !== 'done' ? <AuditProgressView progress={progress} /> : null}
      {progress?.problem && state === 'failed' ? <ProblemNotice problem={{ ...progress.problem, nextStep: `${progress.problem.nextStep} Then Resume: the audit continues where it stopped.` }} /> : null}
      {state === 'cancelled' ? <p className="muted small">Cancelled. Resume continues where it stopped; nothing read so far is read again.</p> : null}
      {progress && state === 'done' && view.totals ? (
        <>
          <AuditTotalsView totals={view.totals} progress={progress} seatPrice={settings.audit.seatPricePerMonth} currency={settings.audit.currency} />
          {rows?.complete ? (
            <>
              <div className="actions">
                <button type="button" className="secondary" onClick={exportCsv}>
                  Export CSV
                </button>
                <button type="button" className="secondary" onClick={exportJson}>
                  Export JSON
                </button>
                <span className="muted small">Every one of the {count(rows.rows.length)} rows, whatever the filter.</span>
              </div>
              <AuditTable rows={rows.rows} totals={view.totals} now={now} selected={selected} onSelect={setSelected}>
                {selectionBar}
              </AuditTable>
            </>
          ) : (
            <p className="muted" role="status">
              Loading rows{rows ? ` ${count(rows.rows.length)} of ${count(rows.total)}` : ''}…
            </p>
          )}
        </>
      ) : null}
      {!progress ? <p className="muted">Checks every Flex seat against Okta and lists the ones held by people Okta no longer lets in.</p> : null}
    </div>
  );
}

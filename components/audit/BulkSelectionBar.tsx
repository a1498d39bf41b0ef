import { useState } from 'react';
import { browser } from 'wxt/browser';
import { bulkSelection, selectFreeable, trimSelection } from '../../lib/audit/table';
import type { AuditRow } from '../../lib/audit/types';
import { toProblem, type Problem } from '../../lib/problem';
import { bulkWindowPath } from '../../lib/runs/bulk-window';
import { ProblemNotice } from '../ProblemNotice';
import { count } from './audit-format';

/** A page of this extension, as WXT types `getURL`'s argument (its list is of the pages built so far). */
type ExtensionPath = Parameters<typeof browser.runtime.getURL>[0];

/** Opens the bulk deprovision window on `path`: an extension-owned popup, like the single-person window. */
export async function openBulkWindow(path: string): Promise<void> {
  await browser.windows.create({ url: browser.runtime.getURL(path as ExtensionPath), type: 'popup', width: 680, height: 820 });
}

/**
 * The selection and what to do with it. "Select all that can be freed" takes the rows the filter
 * shows (what you see is what you select); rows selected earlier stay selected when the filter
 * changes, and the bar says how many of them it hides. A selection beyond Settings' per-run
 * maximum is refused with the fix, never cut silently: the admin keeps the first N shown, or
 * raises the maximum.
 */
export function BulkSelectionBar({ shown, all, selected, onSelect, maxPerBulk }: { shown: readonly AuditRow[]; all: readonly AuditRow[]; selected: ReadonlySet<string>; onSelect: (next: ReadonlySet<string>) => void; maxPerBulk: number }) {
  const [problem, setProblem] = useState<Problem>();
  const selection = bulkSelection(selected, shown, all, maxPerBulk);
  const n = selection.targets.length;
  const freeableShown = shown.filter((row) => row.bulkExclusion === null && !selected.has(row.workerSid)).length;
  const open = async () => {
    try {
      setProblem(undefined);
      await openBulkWindow(bulkWindowPath(selection.targets));
    } catch (error) {
      setProblem(toProblem(error));
    }
  };
  return (
    <div className="audit-selection">
      <div className="actions">
        <button type="button" className="secondary" disabled={freeableShown === 0} onClick={() => onSelect(selectFreeable(selected, shown))}>
          Select all {count(freeableShown)} shown that can be freed
        </button>
        <button type="button" className="secondary" disabled={selected.size === 0} onClick={() => onSelect(new Set())}>
          Clear selection
        </button>
        <button type="button" className="danger-button" disabled={n === 0 || selection.overBy > 0} onClick={() => void open()}>
          Deprovision {count(n)} selected…
        </button>
      </div>
      {selection.hidden > 0 ? (
        <p className="muted small">
          {count(selection.hidden)} of the {count(n)} selected {selection.hidden === 1 ? 'is' : 'are'} hidden by the filter or search.
        </p>
      ) : null}
      {selection.overBy > 0 ? (
        <div className="notice warn" role="alert">
          <p>
            {count(n)} people are selected; Settings allows at most {count(maxPerBulk)} in one bulk run.
          </p>
          <p className="next">Keep the first {count(maxPerBulk)} selected and deprovision the rest in another run, or raise the maximum in Settings → Deprovisioning.</p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => onSelect(trimSelection(selection, maxPerBulk))}>
              Keep the first {count(maxPerBulk)}
            </button>
          </div>
        </div>
      ) : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
    </div>
  );
}

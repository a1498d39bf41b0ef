import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import type { LedgerRow } from '../../lib/runs/ledger';
import type { Run } from '../../lib/runs/types';
import { formatTime } from '../../lib/ui/format-time';
import { ProblemNotice } from '../ProblemNotice';
import { RunControls } from './RunControls';


/** The ledger: every run, newest first, live; open one to see its steps, request ids, and undo it. */
export function RunHistory() {
  const [rows, setRows] = useState<LedgerRow[]>();
  const [problem, setProblem] = useState<Problem>();
  const [open, setOpen] = useState<Run>();

  useEffect(() => {
    const refresh = () =>
      askBackground('runs.list', {}).then(
        ({ runs }) => setRows(runs),
        (error: unknown) => setProblem(toProblem(error)),
      );
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.keys(changes).some((k) => k.startsWith('runs.'))) void refresh();
    };
    browser.storage.onChanged.addListener(listener);
    void refresh();
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);

  const show = async (id: string) => {
    try {
      setOpen((await askBackground('runs.get', { runId: id })).run);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  if (problem) return <ProblemNotice problem={problem} />;
  if (!rows) return <p className="muted">Loading runs…</p>;
  if (open) {
    return (
      <div>
        <button type="button" className="secondary" onClick={() => setOpen(undefined)}>
          ← All runs
        </button>
        <h3>{open.subject.name ?? open.subject.email ?? open.subject.workerSid}</h3>
        <p className="muted small">
          {open.kind === 'undo' ? 'Undo' : 'Deprovision'} · started {formatTime(open.createdAt)}
          {open.operator ? ` by ${open.operator}` : ''}
        </p>
        <RunControls initial={open} />
      </div>
    );
  }
  if (rows.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <ul className="runs" aria-label="Runs">
      {rows.map((row) => (
        <li key={row.id}>
          <button type="button" className="link-button" onClick={() => void show(row.id)}>
            {row.kind === 'undo' ? 'Undo: ' : ''}
            {row.subject.name ?? row.subject.email ?? row.subject.workerSid}
          </button>{' '}
          <span className={`status ${row.state === 'done' ? 'ok' : 'off'}`}>{row.state}</span>
          <span className="muted small">
            {' '}
            {formatTime(row.createdAt)} · {row.steps.filter((s) => s.status === 'done' || s.status === 'already').length}/{row.steps.length} steps
          </span>
        </li>
      ))}
    </ul>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { CommandResponse } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';
import type { Run } from '../../lib/runs/types';
import { onRunChanged } from '../../lib/storage/change-signal';
import { formatTime } from '../../lib/ui/format-time';
import { downloadJson } from '../download-json';
import { ProblemNotice } from '../ProblemNotice';
import { RunControls } from './RunControls';

const PAGE = 50;
type History = CommandResponse<'runs.list'>;

/** The runs beyond the retention limits: offered as a file first, removed only after that. */
function Retention({ history, onProblem, onPruned }: { history: History; onProblem: (p: Problem) => void; onPruned: () => void }) {
  const [exported, setExported] = useState<string[]>();
  if (history.prunable === 0) return null;
  const exportThem = async () => {
    try {
      const { json, ids } = await askBackground('runs.exportPrunable', {});
      downloadJson(`flex-steward-runs-${new Date().toISOString().slice(0, 10)}.json`, json);
      setExported(ids);
    } catch (error) {
      onProblem(toProblem(error));
    }
  };
  const remove = async () => {
    try {
      await askBackground('runs.prune', { ids: exported ?? [] });
      setExported(undefined);
      onPruned();
    } catch (error) {
      onProblem(toProblem(error));
    }
  };
  return (
    <div className="notice warn" role="status">
      <p>
        {history.prunable.toLocaleString('en')} finished {history.prunable === 1 ? 'run is' : 'runs are'} beyond what Settings keeps (the newest {history.limits.runs.toLocaleString('en')} runs, none older
        than {history.limits.days} days). Export them to keep a copy; then they can be removed.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void exportThem()}>
          Export {history.prunable.toLocaleString('en')} {history.prunable === 1 ? 'run' : 'runs'}
        </button>
        <button type="button" className="secondary" disabled={!exported} onClick={() => void remove()}>
          Remove the exported runs
        </button>
      </div>
    </div>
  );
}

/** The ledger: every run, newest first, live, a page at a time; open one to see its steps, request ids, and undo it. */
export function RunHistory() {
  const [history, setHistory] = useState<History>();
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState<Problem>();
  const [open, setOpen] = useState<Run>();

  const refresh = useCallback(
    () =>
      askBackground('runs.list', { offset, limit: PAGE }).then(
        (answer) => setHistory(answer),
        (error: unknown) => setProblem(toProblem(error)),
      ),
    [offset],
  );
  useEffect(() => {
    void refresh();
    return onRunChanged(() => void refresh());
  }, [refresh]);

  const show = async (id: string) => {
    try {
      setOpen((await askBackground('runs.get', { runId: id })).run);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

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
  if (problem) return <ProblemNotice problem={problem} />;
  if (!history) return <p className="muted">Loading runs…</p>;
  const move = history.storageMove;
  return (
    <div>
      {move ? (
        <p className="notice info small" role="note">
          On {formatTime(move.at)} Flex Steward moved {[move.settings && 'its settings', move.vault && 'the credential vault', move.runs > 0 && `${move.runs} ${move.runs === 1 ? 'run' : 'runs'}`].filter(Boolean).join(', ')} out of storage
          that web pages’ content scripts can write.
          {move.pausedRuns > 0 ? ` ${move.pausedRuns} ${move.pausedRuns === 1 ? 'run that was under way was' : 'runs that were under way were'} paused: check, then Retry or Abort.` : ''}
        </p>
      ) : null}
      <Retention history={history} onProblem={setProblem} onPruned={() => void refresh()} />
      {history.total === 0 ? <p className="muted">No runs yet.</p> : null}
      <ul className="runs" aria-label="Runs">
        {history.entries.map((entry) =>
          'unreadable' in entry ? (
            <li key={entry.id}>
              <span className="status off">Unreadable run</span>{' '}
              <span className="muted small">
                ({entry.id}, {entry.createdAt ? formatTime(entry.createdAt) : 'time unknown'})
                {entry.wasRunning ? ' — it was under way and has been paused; nothing more is sent for it.' : ''}
              </span>
            </li>
          ) : (
            <li key={entry.id}>
              <button type="button" className="link-button" onClick={() => void show(entry.id)}>
                {entry.kind === 'undo' ? 'Undo: ' : ''}
                {entry.subject.name ?? entry.subject.email ?? entry.subject.workerSid}
              </button>{' '}
              <span className={`status ${entry.state === 'done' ? 'ok' : 'off'}`}>{entry.state}</span>
              <span className="muted small">
                {' '}
                {formatTime(entry.createdAt)} · {entry.stepsDone}/{entry.stepsTotal} steps
              </span>
            </li>
          ),
        )}
      </ul>
      {history.total > PAGE ? (
        <div className="actions">
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ← Newer
          </button>
          <span className="muted small">
            Runs {offset + 1}–{offset + history.entries.length} of {history.total.toLocaleString('en')}
          </span>
          <button type="button" className="secondary" disabled={offset + PAGE >= history.total} onClick={() => setOffset(offset + PAGE)}>
            Older →
          </button>
        </div>
      ) : null}
    </div>
  );
}

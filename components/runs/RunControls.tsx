import { useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import type { Plan, Run } from '../../lib/runs/types';
import { formatTime } from '../../lib/ui/format-time';
import { ProblemNotice } from '../ProblemNotice';
import { ConfirmAndStart } from './ConfirmAndStart';
import { PlanPreview } from './PlanPreview';
import { RunActions } from './RunActions';
import { RunProgress } from './RunProgress';
import { SeatOutcome } from './SeatOutcome';
import { useRun } from './use-run';

/**
 * A run in progress or finished: live steps, Pause while it runs, Retry/Skip/Abort when it paused (as
 * the Slack offboarding flow's buttons do), and Undo once it is done.
 */
export function RunControls({ initial, onSettled }: { initial: Run; onSettled?: (run: Run) => void }) {
  const { run, setRun, undo: undoMark, problem, setProblem } = useRun(initial);
  // Whoever shows the person beside the run re-reads them once the run has changed them.
  useEffect(() => {
    if (run.state === 'done' || run.state === 'aborted') onSettled?.(run);
  }, [run, onSettled]);
  const [undo, setUndo] = useState<{ previewId: string; plan: Plan }>();
  const [undoRun, setUndoRun] = useState<Run>();

  const previewUndo = async () => {
    try {
      setUndo(await askBackground('runs.previewUndo', { runId: run.id }));
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  if (undoRun) return <RunControls initial={undoRun} onSettled={onSettled} />;
  return (
    <div>
      <RunProgress run={run} />
      <SeatOutcome run={run} />
      {run.finishedAt ? (
        <p className="muted small" role="note">
          {run.state === 'done' ? 'Finished' : 'Ended'} {formatTime(run.finishedAt)}
          {run.operator ? ` by ${run.operator}` : ''} ·{' '}
          <a className="link" href="/sidepanel.html" target="_blank" rel="noreferrer">
            Run history
          </a>
        </p>
      ) : null}
      {problem ? <ProblemNotice problem={problem as Problem} /> : null}
      <RunActions run={run} onRun={setRun} onProblem={setProblem} />
      {undoMark ? (
        <p className="notice info small">
          Undone at {formatTime(undoMark.at)}{undoMark.state === 'done' ? '' : ` (that undo is ${undoMark.state})`}; a run is undone once.
        </p>
      ) : null}
      {run.state === 'done' && run.kind === 'deprovision' && !undo && !undoMark ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void previewUndo()}>
            Undo…
          </button>
        </div>
      ) : null}
      {undo ? (
        <>
          <PlanPreview plan={undo.plan} />
          <ConfirmAndStart plan={undo.plan} previewId={undo.previewId} actionLabel="Undo" onStarted={setUndoRun} onProblem={setProblem} onStale={() => void previewUndo()} onCancel={() => setUndo(undefined)} />
        </>
      ) : null}
    </div>
  );
}

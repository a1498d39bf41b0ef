import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import type { Run } from '../../lib/runs/types';

type RunCommand = 'runs.pause' | 'runs.retry' | 'runs.skip' | 'runs.abort';

/**
 * What the admin may do to a run in its state: Pause while it runs; while paused, Continue (after a
 * Pause) or Retry (after a failure or a restart), Skip the step it stopped at, or Abort. `who`
 * names the person in each button's accessible name when several runs are shown together.
 */
export function RunActions({
  run,
  who,
  onRun,
  onProblem,
}: {
  run: Pick<Run, 'id' | 'state' | 'pause'>;
  who?: string;
  onRun: (run: Run) => void;
  onProblem: (problem: Problem | undefined) => void;
}) {
  const act = async (command: RunCommand) => {
    try {
      onRun((await askBackground(command, { runId: run.id })).run);
      onProblem(undefined);
    } catch (error) {
      onProblem(toProblem(error));
    }
  };
  const button = (command: RunCommand, label: string, secondary = true) => (
    <button type="button" className={secondary ? 'secondary' : undefined} aria-label={who ? `${label} ${who}` : undefined} onClick={() => void act(command)}>
      {label}
    </button>
  );

  if (run.state === 'running') return <div className="actions">{button('runs.pause', 'Pause')}</div>;
  if (run.state !== 'paused') return null;
  const byOperator = run.pause?.reason === 'operator';
  return (
    <div className="actions">
      {button('runs.retry', byOperator ? 'Continue' : 'Retry', false)}
      {byOperator ? null : button('runs.skip', 'Skip this step')}
      {button('runs.abort', 'Abort')}
    </div>
  );
}

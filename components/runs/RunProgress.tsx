import type { Run, RunStep } from '../../lib/runs/types';

const MARK: Record<RunStep['status'], string> = { pending: '○', running: '◐', done: '✓', already: '✓', skipped: '↷', failed: '✗' };
const STATE: Record<Run['state'], string> = { running: 'Running', paused: 'Paused', done: 'Done', aborted: 'Aborted' };

/** A run's steps as they happen, with what each did and the request ids the APIs returned. */
export function RunProgress({ run }: { run: Run }) {
  return (
    <section aria-label="Run progress">
      <p>
        <span className={`status ${run.state === 'done' ? 'ok' : 'off'}`} role="status">
          {STATE[run.state]}
        </span>{' '}
        {run.pause ? <span>{run.pause.message}</span> : null}
      </p>
      <ol className="plan">
        {run.steps.map((s, i) => (
          <li key={i} className={`step ${s.status}`} aria-label={`${s.step.title}: ${s.status}`}>
            <span className="mark" aria-hidden="true">
              {MARK[s.status]}
            </span>{' '}
            <strong>{s.step.title}</strong> <span className="muted">{s.status === 'already' ? 'already done' : s.status}</span>
            {s.result ? <p className="small">{s.result}</p> : null}
            {s.problem ? (
              <p className="small notice error">
                {s.problem.message} <strong>{s.problem.nextStep}</strong>
              </p>
            ) : null}
            {s.requestIds.length ? (
              <p className="muted small">
                {s.requestIds.length === 1 ? 'Request id' : 'Request ids'}: {s.requestIds.join(', ')}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

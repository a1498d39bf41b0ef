import type { Problem } from '../lib/problem';

/** A failure as the admin reads it: what happened, then what to do. */
export function ProblemNotice({ problem }: { problem: Problem }) {
  return (
    <div className="notice error" role="alert">
      <p>{problem.message}</p>
      <p className="next">{problem.nextStep}</p>
      {problem.requestId ? <p className="muted small">Request id: {problem.requestId}</p> : null}
    </div>
  );
}

import type { Problem } from '../lib/problem';

/**
 * A failure as the admin reads it: what happened, then what to do. `side` names which party failed
 * when the other one's answer is shown beside it.
 */
export function ProblemNotice({ problem, side }: { problem: Problem; side?: 'Okta' | 'Twilio' }) {
  return (
    <div className="notice error" role="alert" aria-label={side ? `${side} problem` : undefined}>
      <p>
        {side ? <strong>{side}: </strong> : null}
        {problem.message}
      </p>
      <p className="next">{problem.nextStep}</p>
      {problem.requestId ? <p className="muted small">Request id: {problem.requestId}</p> : null}
    </div>
  );
}

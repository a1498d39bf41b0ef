import type { ConnectionTestResult } from '../../lib/messages/commands';
import { ProblemNotice } from '../ProblemNotice';

/** Each check the connection test made, passed or failed, with the fix for the first failure. */
export function ConnectionTestReport({ result }: { result: ConnectionTestResult }) {
  const failed = result.checks.find((c) => !c.ok);
  return (
    <div aria-label={`${result.side === 'okta' ? 'Okta' : 'Twilio'} connection test`} role="status">
      <ul className="checks">
        {result.checks.map((check) => (
          <li key={check.id} className={check.ok ? 'pass' : 'fail'}>
            <span className="mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            {check.label}
            {check.detail ? <span className="muted"> — {check.detail}</span> : null}
          </li>
        ))}
      </ul>
      {failed?.problem ? <ProblemNotice problem={failed.problem} /> : result.ok ? <p className="notice ok">Connection works.</p> : null}
    </div>
  );
}

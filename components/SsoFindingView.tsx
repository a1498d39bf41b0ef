import type { SsoFinding } from '../lib/sso/finding';
import { SEVERITY_LABELS } from '../lib/sso/hint-view';
import { CopyValue } from './CopyValue';

/** One SSO finding: icon and word (never colour alone), where it is fixed, why, what to do, the value to copy. */
export function SsoFindingView({ finding, where }: { finding: SsoFinding; where?: string | null }) {
  const { icon, label } = SEVERITY_LABELS[finding.severity];
  return (
    <div className={`finding ${finding.severity}`}>
      <p>
        <span className="severity" aria-hidden="true">
          {icon}
        </span>{' '}
        <strong className="word">{label}</strong>
        {where ? ` · ${where}` : ''}: {finding.message}
      </p>
      {finding.fix ? <p className="fix">{finding.fix}</p> : null}
      {finding.expected ? <CopyValue value={finding.expected} /> : null}
    </div>
  );
}

import type { SsoFinding } from '../lib/sso/finding';
import { SEVERITY_LABELS } from '../lib/sso/hint-view';
import { CopyValue } from './CopyValue';

/**
 * One SSO finding, the same in the Flex page hints, the Okta app card and the side panel: icon and
 * word (never colour alone), where it is fixed, why, what to do (with a link to where it is done,
 * when there is one), and the value to copy.
 */
export function SsoFindingView({ finding, where, fixLink }: { finding: SsoFinding; where?: string | null; fixLink?: { href: string; text: string } }) {
  const { icon, label } = SEVERITY_LABELS[finding.severity];
  return (
    <div className={`finding ${finding.severity}`} data-rule={finding.rule} data-severity={finding.severity}>
      <p>
        <span className="severity" aria-hidden="true">
          {icon}
        </span>{' '}
        <strong className="word">{label}</strong>
        {where ? ` · ${where}` : ''}: {finding.message}
      </p>
      {finding.fix ? (
        <p className="fix">
          {finding.fix}
          {fixLink ? (
            <>
              {' '}
              <a href={fixLink.href} target="_blank" rel="noreferrer">
                {fixLink.text}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {finding.severity !== 'ok' && finding.expected ? (
        <div className="expected">
          Expected: <CopyValue value={finding.expected} />
        </div>
      ) : null}
    </div>
  );
}

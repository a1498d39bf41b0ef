import { sortFindings, type SsoFinding } from '../../lib/sso/finding';
import { CopyValue } from './CopyButton';

const MARK = { ok: '✓', warning: '!', error: '✕' } as const;

/**
 * Findings as the admin reads them, worst first: what was found, the exact value to put there with
 * a copy button, and the fix, with a link to where it is done when there is one.
 */
export function FindingList({ findings, fixLink }: { findings: readonly SsoFinding[]; fixLink?: { href: string; text: string } }) {
  return (
    <ul className="checks sso-findings">
      {sortFindings(findings).map((f, i) => (
        <li key={`${f.rule}-${i}`} className={`finding ${f.severity}`} data-rule={f.rule} data-severity={f.severity}>
          <span className="mark" aria-label={f.severity}>
            {MARK[f.severity]}
          </span>
          {f.message}
          {f.severity !== 'ok' && f.expected ? (
            <div className="expected">
              Expected: <CopyValue value={f.expected} label={`expected value for ${f.field?.name ?? f.rule}`} />
            </div>
          ) : null}
          {f.fix ? (
            <p className="next small">
              {f.fix}
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
        </li>
      ))}
    </ul>
  );
}

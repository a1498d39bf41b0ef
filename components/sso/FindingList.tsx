import { sortFindings, type SsoFinding } from '../../lib/sso/finding';
import { fieldLabel } from '../../lib/sso/hint-view';
import { SsoFindingView } from '../SsoFindingView';

/**
 * Findings as the admin reads them in the side panel, worst first, each named by the field it is
 * about; the link (to the Okta app's Sign On tab) goes only with fixes made in Okta, not in the Console.
 */
export function FindingList({ findings, fixLink }: { findings: readonly SsoFinding[]; fixLink?: { href: string; text: string } }) {
  return (
    <ul className="sso-findings">
      {sortFindings(findings).map((finding, i) => (
        <li key={`${finding.rule}-${i}`}>
          <SsoFindingView finding={finding} where={fieldLabel(finding.field)} fixLink={finding.fix?.startsWith('In Okta') ? fixLink : undefined} />
        </li>
      ))}
    </ul>
  );
}

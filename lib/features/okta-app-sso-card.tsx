import { useEffect, useState } from 'react';
import { CardProblem } from '../../components/CardProblem';
import { SsoFindingView } from '../../components/SsoFindingView';
import { StewardCard } from '../../components/StewardCard';
import ssoCss from '../../components/sso.css?inline';
import { askBackground } from '../messages/ask-background';
import type { CommandResponse } from '../messages/commands';
import { toProblem, type Problem } from '../problem';
import { sortFindings } from '../sso/finding';
import { checkedAgainstText, fieldLabel } from '../sso/hint-view';
import type { Feature } from './feature';
import { mountCard } from './mount-card';

/**
 * The app page's tabs this card belongs on: General (the SAML settings) and Sign On (certificates
 * and metadata). The tab is in the URL's hash; no hash is General.
 */
const SAML_TABS = /^(#tab-(general|signon))?$/i;

/** The verdict first: does this app fit the Flex connection, or how many things do not. */
function verdict(answer: CommandResponse<'sso.oktaApp'>): string {
  if (answer.findings.length && answer.summary.errors + answer.summary.warnings === 0) return 'This app’s SAML settings fit this Twilio account’s Flex connection.';
  return answer.summary.text;
}

function OktaAppSso({ appId }: { appId: string }) {
  const [answer, setAnswer] = useState<CommandResponse<'sso.oktaApp'>>();
  const [failure, setFailure] = useState<Problem>();
  useEffect(() => {
    askBackground('sso.oktaApp', { appId }).then(setAnswer, (error: unknown) => setFailure(toProblem(error)));
  }, [appId]);

  // Another app: one line, so the admin knows the extension looked (and which app it does check).
  if (answer && !answer.isFlexApp && !answer.problem) {
    return <p className="aside">Flex Steward: not the Flex app{answer.checkedAgainst.oktaApp ? ` (that is ${answer.checkedAgainst.oktaApp})` : ''}.</p>;
  }
  const problem = failure ?? answer?.problem;
  const against = answer ? checkedAgainstText(answer.checkedAgainst) : null;
  return (
    <StewardCard title="Flex Steward · Flex single sign-on">
      {answer ? <p role="status">{verdict(answer)}</p> : failure ? null : <p>Checking this app against the Flex connection…</p>}
      {against ? <p className="muted">{against}</p> : null}
      {problem ? <CardProblem problem={problem} /> : null}
      {sortFindings(answer?.findings ?? []).map((finding, i) => (
        <SsoFindingView key={`${i}:${finding.rule}`} finding={finding} where={fieldLabel(finding.field)} />
      ))}
    </StewardCard>
  );
}

/**
 * On an Okta app's General and Sign On tabs, a card saying whether the app's ACS URL, audience,
 * recipient and destination, signatures, encryption, name ID and attributes fit this Twilio
 * account's Flex connection, and what to put in which Okta field when they do not. Other apps get one line saying so.
 */
export const oktaAppSsoCard: Feature = {
  id: 'okta-app-sso-card',
  pages: ['okta-app'],
  init({ page, document, signal }) {
    if (page.kind !== 'okta-app' || !SAML_TABS.test(document.location.hash)) return;
    const element = <OktaAppSso appId={page.appId} />;
    mountCard(document, () => document.querySelector('main') ?? document.body, () => element, signal, 'okta-app-sso-card', ssoCss);
  },
};

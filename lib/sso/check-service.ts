import type { SsoFinding } from './finding';
import { summarise } from './finding';
import type { SsoPageValues } from './page-values';
import { problem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import { checkFlexPage } from './check-flex-page';
import type { SsoContext } from './context';

/**
 * The background's SSO checks: gathers what the rules compare against (the connected Twilio
 * account, Flex's enhanced connection, the Okta Flex app with its keys and metadata) and runs
 * them. Content scripts send page values; they get findings back, never credentials or raw API data.
 */
export interface SsoCheck {
  findings: SsoFinding[];
  summary: ReturnType<typeof summarise>;
  /** What the values were checked against, for "Checked against AC…1234 and Okta app Twilio Flex". */
  checkedAgainst: { twilioAccount?: string; oktaApp?: string };
  /** Why part of the check could not run (Okta not connected, vault locked…); the rest still ran. */
  problem?: Problem;
}

export interface SsoCheckService {
  /** The Flex single-sign-on page's values, checked. */
  checkPage(page: SsoPageValues): Promise<SsoCheck>;
  /** An Okta app's SAML settings checked against this Twilio account's Flex connection; `isFlexApp` false for other apps. */
  checkOktaApp(appId: string): Promise<SsoCheck & { isFlexApp: boolean }>;
}

export interface SsoCheckDeps {
  now: () => Date;
  settings: () => Promise<Settings>;
}

/** First slice: page values checked against the connected Twilio account alone (Okta facts come next). */
export function createSsoCheckService(deps: SsoCheckDeps): SsoCheckService {
  const notConnected = problem('not-configured', 'No Twilio account is connected, so the single-sign-on values cannot be checked against it.', 'Open Flex Steward’s settings and connect the Twilio account.', { service: 'extension' });
  const check = async (run: (context: SsoContext) => SsoFinding[]): Promise<SsoCheck> => {
    const { twilio } = await deps.settings();
    if (!twilio.accountSid) return { findings: [], summary: summarise([]), checkedAgainst: {}, problem: notConnected };
    const findings = run({ now: deps.now(), twilio: { accountSid: twilio.accountSid, region: twilio.region } });
    return { findings, summary: summarise(findings), checkedAgainst: { twilioAccount: twilio.accountSid } };
  };
  return {
    checkPage: (page) => check((context) => checkFlexPage(page, context)),
    checkOktaApp: async () => ({ ...(await check(() => [])), isFlexApp: false }),
  };
}

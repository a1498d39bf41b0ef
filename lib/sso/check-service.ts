import type { SsoFinding } from './finding';
import { summarise } from './finding';
import type { SsoPageValues } from './page-values';
import { problem, toProblem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import type { OktaClient } from '../okta/client';
import { toPem } from '../okta/saml-metadata';
import type { TtlCache } from '../status/ttl-cache';
import { checkFlexPage } from './check-flex-page';
import { checkOktaApp } from './check-okta-app';
import type { OktaSsoFacts, SsoContext } from './context';
import { gatherOktaFacts, sendsToTwilio } from './okta-facts';
import { migrationReminder, type MigrationMemory, type MigrationRecord, type MigrationReminder } from './migration-memory';
import { expectedEndpoints, type FlexEndpointPair } from './endpoints';
import { recommendSetupType, type SetupType } from './migration';

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

/** Everything the side panel's migration checker shows, gathered in one answer. */
export interface SsoChecker {
  twilio: { accountSid: string; region: Settings['twilio']['region'] } | null;
  /** The enhanced connection's SID and where it was learnt. */
  connection: { sid: string; from: 'flex-config' | 'page' } | null;
  /** This account's exact Entity ID and ACS URL per generation; enhanced only once the connection is known. */
  endpoints: { preview: FlexEndpointPair; legacy: FlexEndpointPair; enhanced?: FlexEndpointPair } | null;
  okta: {
    connected: boolean;
    app: { id: string; label: string; signOnTabUrl: string } | null;
    check: SsoCheck | null;
    /** What Flex holds from a new Okta app (step 3), ready to paste. */
    metadata: { issuer: string; ssoUrl: string; certificatePem?: string } | null;
  };
  /** The Flex single-sign-on page's values, if a Console tab shows it, checked. */
  page: { values: SsoPageValues; check: SsoCheck } | null;
  recommendation: { setupType: SetupType; reason: string };
  migration: { record: MigrationRecord; reminder: MigrationReminder } | null;
  problems: Problem[];
}

export interface SsoCheckService {
  /** The Flex single-sign-on page's values, checked. */
  checkPage(page: SsoPageValues): Promise<SsoCheck>;
  /** An Okta app's SAML settings checked against this Twilio account's Flex connection; `isFlexApp` false for other apps. */
  checkOktaApp(appId: string): Promise<SsoCheck & { isFlexApp: boolean }>;
  /** The side panel's migration checker; `refresh` reads Okta and Twilio again (the Re-check button). */
  checker(options?: { refresh?: boolean }): Promise<SsoChecker>;
  /**
   * What a SAML login is judged against (`lib/saml/`): the same facts the checks use, and the
   * certificate on the Flex SSO page when a Console tab shows it. `context` is null without a
   * connected Twilio account; `problems` says what could not be read (the rest is still used).
   */
  loginContext(): Promise<LoginContext>;
}

export interface LoginContext {
  context: SsoContext | null;
  flexPageCertificate?: string;
  /** The Identity Provider Issuer on that page, as typed: what Flex compares the response's issuer with. */
  flexPageIssuer?: string;
  checkedAgainst: SsoCheck['checkedAgainst'];
  problems: Problem[];
}

export interface SsoCheckDeps {
  now: () => Date;
  /** Settings with the Flex app discovered on first use (`lib/connections/discover.ts`). */
  settings: () => Promise<Settings>;
  /** Why discovery found no Flex app, when it did not. */
  flexAppProblem: () => Problem | null;
  okta: () => Promise<OktaClient>;
  /** Flex's public authentication config: the enhanced connection's SID, or undefined when it has none. */
  flexConnectionSid: (accountSid: string) => Promise<string | undefined>;
  /** The values on the Flex single-sign-on page open in a Console tab, or null when none is open. */
  readFlexPage: () => Promise<SsoPageValues | null>;
  cache: TtlCache;
  migration: MigrationMemory;
}

/**
 * Hints update as the admin types, each keystroke a check: facts are kept this long, so a burst
 * of checks reads Okta and Twilio once. Short, because the admin may be fixing the Okta app in
 * another tab; the side panel's Re-check drops them.
 */
export const FACTS_TTL_MS = 60_000;
/** A failed read is not retried on every keystroke either, but sooner. */
export const FAILURE_TTL_MS = 15_000;
const CACHE_PREFIX = 'sso:';

const CONNECTION_SID = /JQ[0-9a-f]{32}/;

/** The `JQ…` in the page's enhanced Entity ID or ACS URL: the fallback when Flex's config cannot be read. */
export function connectionSidOnPage(page: SsoPageValues): string | undefined {
  for (const value of [page.values.entityId, page.values.acsUrl]) {
    const match = value ? CONNECTION_SID.exec(value) : null;
    if (match) return match[0];
  }
  return undefined;
}

const twilioNotConnected = problem('not-configured', 'No Twilio account is connected, so the single-sign-on values cannot be checked against it.', 'Open Flex Steward’s settings and connect the Twilio account.', { service: 'extension' });
const oktaNotConnected = problem('not-configured', 'Okta is not connected, so the Flex app’s SAML settings are not checked.', 'Connect Okta in Settings to check the Flex app.', { service: 'extension' });

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

interface OktaAppFacts {
  label: string;
  isFlexApp: boolean;
  facts: OktaSsoFacts | null;
  problems: Problem[];
}

export function createSsoCheckService(deps: SsoCheckDeps): SsoCheckService {
  // Checks that arrive together share one read, and later ones within the TTL read the cache.
  const inFlight = new Map<string, Promise<unknown>>();
  async function cached<T>(key: string, load: () => Promise<T>): Promise<Outcome<T>> {
    const hit = await deps.cache.get<Outcome<T>>(CACHE_PREFIX + key);
    if (hit) return hit;
    let pending = inFlight.get(key) as Promise<Outcome<T>> | undefined;
    if (!pending) {
      pending = (async (): Promise<Outcome<T>> => {
        const outcome: Outcome<T> = await load().then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, problem: toProblem(error) }),
        );
        await deps.cache.set(CACHE_PREFIX + key, outcome, outcome.ok ? FACTS_TTL_MS : FAILURE_TTL_MS);
        return outcome;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  const flexConnection = (accountSid: string) => cached(`flex-auth:${accountSid}`, async () => (await deps.flexConnectionSid(accountSid)) ?? null);

  const oktaApp = (orgUrl: string, appId: string, flexAppId: string | undefined) =>
    cached(`okta-app:${orgUrl}:${appId}`, async (): Promise<OktaAppFacts> => {
      const { app, facts, problems } = await gatherOktaFacts(await deps.okta(), orgUrl, appId);
      return { label: app.label, isFlexApp: app.id === flexAppId || sendsToTwilio(app), facts, problems };
    });

  /** The configured Flex app's facts, or the problem that kept them out. */
  async function flexAppFacts(settings: Settings): Promise<{ app: OktaAppFacts | null; problems: Problem[] }> {
    if (!settings.okta.orgUrl) return { app: null, problems: [oktaNotConnected] };
    if (!settings.okta.flexAppId) return { app: null, problems: [deps.flexAppProblem() ?? oktaNotConnected] };
    const outcome = await oktaApp(settings.okta.orgUrl, settings.okta.flexAppId, settings.okta.flexAppId);
    return outcome.ok ? { app: outcome.value, problems: outcome.value.problems } : { app: null, problems: [outcome.problem] };
  }

  /** Flex's own answer about the enhanced connection; a new one is remembered as the migration. */
  /** The values on an open Flex SSO tab, or null; a failure to read them is noted among the problems, not thrown. */
  function readFlexPageNoting(problems: Problem[]): Promise<SsoPageValues | null> {
    return deps.readFlexPage().catch((error: unknown) => {
      problems.push(toProblem(error));
      return null;
    });
  }

  async function knownConnection(accountSid: string): Promise<{ sid?: string; problem?: Problem }> {
    const outcome = await flexConnection(accountSid);
    if (!outcome.ok) return { problem: outcome.problem };
    if (outcome.value) await deps.migration.noteConnection(outcome.value, deps.now());
    return outcome.value ? { sid: outcome.value } : {};
  }

  const answer = (findings: SsoFinding[], checkedAgainst: SsoCheck['checkedAgainst'], problems: Problem[]): SsoCheck => ({
    findings,
    summary: summarise(findings),
    checkedAgainst,
    ...(problems[0] ? { problem: problems[0] } : {}),
  });

  async function checkPageWith(settings: Settings, page: SsoPageValues): Promise<{ check: SsoCheck; connection: SsoChecker['connection'] }> {
    const accountSid = settings.twilio.accountSid;
    if (!accountSid) return { check: answer([], {}, [twilioNotConnected]), connection: null };
    const [flex, okta] = await Promise.all([knownConnection(accountSid), flexAppFacts(settings)]);
    const onPage = connectionSidOnPage(page);
    const connection = flex.sid ? { sid: flex.sid, from: 'flex-config' as const } : onPage ? { sid: onPage, from: 'page' as const } : null;
    const context: SsoContext = { now: deps.now(), twilio: { accountSid, region: settings.twilio.region }, ...(connection ? { connectionSid: connection.sid } : {}), ...(okta.app?.facts ? { okta: okta.app.facts } : {}) };
    // Flex's config being unreachable is not worth a problem line when the page names the connection.
    const problems = [...okta.problems, ...(flex.problem && !onPage ? [flex.problem] : [])];
    return { check: answer(checkFlexPage(page, context), { twilioAccount: accountSid, ...(okta.app ? { oktaApp: okta.app.label } : {}) }, problems), connection };
  }

  return {
    async checkPage(page) {
      return (await checkPageWith(await deps.settings(), page)).check;
    },

    async checkOktaApp(appId) {
      const settings = await deps.settings();
      if (!settings.okta.orgUrl) return { ...answer([], {}, [oktaNotConnected]), isFlexApp: false };
      const outcome = await oktaApp(settings.okta.orgUrl, appId, settings.okta.flexAppId);
      if (!outcome.ok) return { ...answer([], {}, [outcome.problem]), isFlexApp: appId === settings.okta.flexAppId };
      const { label, isFlexApp, facts, problems } = outcome.value;
      const accountSid = settings.twilio.accountSid;
      if (!isFlexApp || !facts) return { ...answer([], { oktaApp: label }, problems), isFlexApp };
      if (!accountSid) return { ...answer([], { oktaApp: label }, [twilioNotConnected, ...problems]), isFlexApp };
      const flex = await knownConnection(accountSid);
      const context: SsoContext = { now: deps.now(), twilio: { accountSid, region: settings.twilio.region }, ...(flex.sid ? { connectionSid: flex.sid } : {}), okta: facts };
      return { ...answer(checkOktaApp(facts, context), { twilioAccount: accountSid, oktaApp: label }, problems), isFlexApp };
    },

    async loginContext() {
      const settings = await deps.settings();
      const accountSid = settings.twilio.accountSid;
      const problems: Problem[] = [];
      const pageValues = await readFlexPageNoting(problems);
      if (!accountSid) return { context: null, checkedAgainst: {}, problems: [twilioNotConnected, ...problems] };
      const [flex, okta] = await Promise.all([knownConnection(accountSid), flexAppFacts(settings)]);
      const onPage = pageValues ? connectionSidOnPage(pageValues) : undefined;
      const connectionSid = flex.sid ?? onPage;
      if (flex.problem && !onPage) problems.push(flex.problem);
      problems.push(...okta.problems);
      const facts = okta.app?.facts;
      const certificate = pageValues?.values.certificate?.trim();
      const issuer = pageValues?.values.issuer;
      return {
        context: { now: deps.now(), twilio: { accountSid, region: settings.twilio.region }, ...(connectionSid ? { connectionSid } : {}), ...(facts ? { okta: facts } : {}) },
        ...(certificate ? { flexPageCertificate: certificate } : {}),
        ...(issuer?.trim() ? { flexPageIssuer: issuer } : {}),
        checkedAgainst: { twilioAccount: accountSid, ...(okta.app ? { oktaApp: okta.app.label } : {}) },
        problems: dedupe(problems),
      };
    },

    async checker({ refresh = false } = {}) {
      if (refresh) await deps.cache.deleteWhere(CACHE_PREFIX);
      const settings = await deps.settings();
      const accountSid = settings.twilio.accountSid;
      const problems: Problem[] = [];
      const pageValues = await readFlexPageNoting(problems);
      const [flex, okta] = await Promise.all([accountSid ? knownConnection(accountSid) : Promise.resolve<{ sid?: string; problem?: Problem }>({}), flexAppFacts(settings)]);
      const page = pageValues ? await checkPageWith(settings, pageValues) : null;
      const connection: SsoChecker['connection'] = flex.sid ? { sid: flex.sid, from: 'flex-config' } : (page?.connection ?? null);
      if (!accountSid) problems.push(twilioNotConnected);
      else if (flex.problem && !connection) problems.push(flex.problem);
      problems.push(...okta.problems);
      const facts = okta.app?.facts ?? null;
      const oktaCheck = facts && accountSid ? answer(checkOktaApp(facts, { now: deps.now(), twilio: { accountSid, region: settings.twilio.region }, ...(connection ? { connectionSid: connection.sid } : {}), okta: facts }), { twilioAccount: accountSid, oktaApp: facts.appLabel }, []) : null;
      const activeCertificate = facts?.keys.find((k) => k.kid === facts.activeKid)?.x5c[0] ?? facts?.metadata?.certificates[0];
      const record = await deps.migration.get();
      return {
        twilio: accountSid ? { accountSid, region: settings.twilio.region } : null,
        connection,
        endpoints: accountSid ? expectedEndpoints(accountSid, settings.twilio.region, connection?.sid) : null,
        okta: {
          connected: Boolean(settings.okta.orgUrl),
          app: facts ? { id: facts.appId, label: facts.appLabel, signOnTabUrl: facts.signOnTabUrl } : null,
          check: oktaCheck,
          metadata: facts?.metadata ? { issuer: facts.metadata.issuer, ssoUrl: facts.metadata.ssoUrl, ...(activeCertificate ? { certificatePem: toPem(activeCertificate) } : {}) } : null,
        },
        page: pageValues && page ? { values: pageValues, check: page.check } : null,
        // Okta admin access is what the connected Okta app shows: its SAML settings could be read.
        recommendation: recommendSetupType({ oktaAdminAccess: Boolean(facts) }),
        migration: record ? { record, reminder: migrationReminder(record, deps.now()) } : null,
        problems: dedupe(problems),
      };
    },
  };
}

/** One line per distinct problem: the same "Okta is not connected" from two reads is said once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}

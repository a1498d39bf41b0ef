import { describe, expect, it } from 'vitest';
import { samlMetadata } from '../../sandbox/okta/saml';
import type { OktaClient } from '../okta/client';
import type { OktaApplication } from '../okta/schemas';
import { problem, ProblemError } from '../problem';
import { parseSettings, type Settings } from '../settings/settings';
import { createTtlCache } from '../status/ttl-cache';
import { createMemoryArea } from '../vault/storage-area';
import { createSsoCheckService, type SsoCheckDeps } from './check-service';
import { createMigrationMemory } from './migration-memory';
import type { SsoPageValues } from './page-values';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const JQ = 'JQ' + '1'.repeat(32);
const APP_ID = '0oa' + 'F'.repeat(17);
const NOW = new Date('2026-12-02T00:00:00Z');

const flexApp: OktaApplication = {
  id: APP_ID,
  name: 'twilioflex',
  label: 'Twilio Flex',
  status: 'ACTIVE',
  signOnMode: 'SAML_2_0',
  settings: { signOn: { ssoAcsUrl: `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`, audience: `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2/metadata`, responseSigned: true, assertionSigned: true } },
  credentials: { signing: { kid: 'kid-active' } },
};
const keys = [
  { kid: 'kid-old', kty: 'RSA', created: '2024-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z', x5c: ['OLDCERT'] },
  { kid: 'kid-active', kty: 'RSA', created: '2025-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z', x5c: ['ACTIVECERT'] },
];

function fakeOkta(overrides: Partial<OktaClient> = {}) {
  const calls: string[] = [];
  const client = {
    getApp: async (id: string) => (calls.push(`getApp ${id}`), flexApp),
    listSigningKeys: async () => (calls.push('keys'), keys),
    getSamlMetadata: async () => (calls.push('metadata'), samlMetadata({ id: APP_ID, name: 'twilioflex' } as never, { x5c: ['ACTIVECERT'] } as never)),
    ...overrides,
  } as unknown as OktaClient;
  return { client, calls };
}

interface Setup {
  settings?: Partial<{ okta: Partial<Settings['okta']>; twilio: Partial<Settings['twilio']> }>;
  okta?: ReturnType<typeof fakeOkta>;
  flexConnectionSid?: SsoCheckDeps['flexConnectionSid'];
  page?: SsoPageValues | null;
}

function service({ settings = {}, okta = fakeOkta(), flexConnectionSid, page = null }: Setup = {}) {
  const twilioCalls: string[] = [];
  const memory = createMigrationMemory(createMemoryArea());
  const deps: SsoCheckDeps = {
    now: () => NOW,
    settings: async () => parseSettings({ okta: { orgUrl: 'https://acme.okta.com', flexAppId: APP_ID, ...settings.okta }, twilio: { accountSid: ACCOUNT, ...settings.twilio } }),
    flexAppProblem: () => null,
    okta: async () => okta.client,
    flexConnectionSid: async (sid) => (twilioCalls.push(sid), flexConnectionSid ? flexConnectionSid(sid) : undefined),
    readFlexPage: async () => page,
    cache: createTtlCache({ area: createMemoryArea(), now: () => NOW.getTime() }),
    migration: memory,
  };
  return { sso: createSsoCheckService(deps), oktaCalls: okta.calls, twilioCalls, memory };
}

const legacyPage: SsoPageValues = { form: 'legacy', values: { acsUrl: `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2` } };

describe('the SSO checker’s facts', () => {
  it('gathers this account’s values per generation, the Okta app with its Sign On tab and the metadata ready to paste', async () => {
    const { sso } = service({ flexConnectionSid: async () => JQ });
    const checker = await sso.checker();
    expect(checker.twilio).toEqual({ accountSid: ACCOUNT, region: 'us1' });
    expect(checker.connection).toEqual({ sid: JQ, from: 'flex-config' });
    expect(checker.endpoints).toEqual({
      preview: { entityId: `https://preview.twilio.com/iam/Accounts/${ACCOUNT}/saml2`, acsUrl: `https://preview.twilio.com/iam/Accounts/${ACCOUNT}/saml2` },
      legacy: { entityId: `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2/metadata`, acsUrl: `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2` },
      enhanced: { entityId: `urn:flex:${JQ}`, acsUrl: `https://login.flex.us1.twilio.com/login/callback?connection=${JQ}` },
    });
    expect(checker.okta.app).toEqual({ id: APP_ID, label: 'Twilio Flex', signOnTabUrl: `https://acme-admin.okta.com/admin/app/twilioflex/instance/${APP_ID}/#tab-signon` });
    expect(checker.okta.metadata).toMatchObject({ issuer: expect.stringMatching(/^http:\/\/www\.okta\.com\/exk/), ssoUrl: expect.stringMatching(/\/sso\/saml$/) });
    // The certificate Okta signs with now (the active kid's), not the older one.
    expect(checker.okta.metadata?.certificatePem).toBe('-----BEGIN CERTIFICATE-----\nACTIVECERT\n-----END CERTIFICATE-----');
    expect(checker.recommendation.setupType).toBe('modify');
    expect(checker.problems).toEqual([]);
  });

  it('falls back to the JQ on the Flex page when Flex’s config cannot be read, without a problem line', async () => {
    const onPage: SsoPageValues = { form: 'migrated', values: { entityId: `urn:flex:${JQ}` } };
    const { sso } = service({ flexConnectionSid: async () => Promise.reject(new ProblemError(problem('network-unreachable', 'x', 'y'))), page: onPage });
    const checker = await sso.checker();
    expect(checker.connection).toEqual({ sid: JQ, from: 'page' });
    expect(checker.endpoints?.enhanced?.entityId).toBe(`urn:flex:${JQ}`);
    expect(checker.page?.values).toEqual(onPage);
    expect(checker.problems).toEqual([]);
  });

  it('still shows the Twilio side when Okta is not connected, and says how to connect it', async () => {
    const { sso, oktaCalls } = service({ settings: { okta: { orgUrl: undefined, flexAppId: undefined } } });
    const checker = await sso.checker();
    expect(checker.endpoints?.legacy.acsUrl).toBe(`https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`);
    expect(checker.okta).toEqual({ connected: false, app: null, check: null, metadata: null });
    expect(checker.problems.map((p) => p.nextStep)).toEqual(['Connect Okta in Settings to check the Flex app.']);
    expect(checker.recommendation.setupType).toBe('create');
    expect(oktaCalls).toEqual([]);
  });

  it('keeps the app’s checks when its metadata cannot be read, and says why', async () => {
    const okta = fakeOkta({ getSamlMetadata: async () => Promise.reject(new ProblemError(problem('forbidden', 'Okta refused the metadata.', 'Grant okta.apps.read.'))) });
    const checker = await service({ okta }).sso.checker();
    expect(checker.okta.app?.label).toBe('Twilio Flex');
    expect(checker.okta.check).not.toBeNull();
    expect(checker.okta.metadata).toBeNull();
    expect(checker.problems.map((p) => p.message)).toEqual(['Okta refused the metadata.']);
  });

  it('remembers the migration the first time Flex shows an enhanced connection', async () => {
    const { sso, memory } = service({ flexConnectionSid: async () => JQ });
    const checker = await sso.checker();
    expect(checker.migration?.record).toEqual({ migratedAt: NOW.toISOString(), source: 'detected', connectionSid: JQ });
    expect(checker.migration?.reminder).toMatchObject({ daysLeft: 30, due: false });
    await expect(memory.get()).resolves.toMatchObject({ source: 'detected' });
  });

  it('a burst of 20 page checks reads Okta three times and Flex’s config once; Re-check reads again', async () => {
    const { sso, oktaCalls, twilioCalls } = service({ flexConnectionSid: async () => JQ });
    await Promise.all(Array.from({ length: 10 }, () => sso.checkPage(legacyPage)));
    for (let i = 0; i < 10; i++) await sso.checkPage({ ...legacyPage, values: { acsUrl: legacyPage.values.acsUrl!.slice(0, 20 + i) } });
    expect(oktaCalls).toEqual([`getApp ${APP_ID}`, 'keys', 'metadata']);
    expect(twilioCalls).toEqual([ACCOUNT]);
    await sso.checker({ refresh: true });
    expect(oktaCalls).toHaveLength(6);
    expect(twilioCalls).toHaveLength(2);
  });
});

describe('checkOktaApp', () => {
  it('knows the configured Flex app, and an app that sends people to Twilio, from another app', async () => {
    const other: OktaApplication = { ...flexApp, id: '0oa' + 'O'.repeat(17), label: 'Payroll', settings: { signOn: { ssoAcsUrl: 'https://payroll.example/sso', audience: 'payroll' } } };
    const okta = fakeOkta({ getApp: async (id: string) => (id === APP_ID ? flexApp : other) });
    const { sso } = service({ okta });
    await expect(sso.checkOktaApp(APP_ID)).resolves.toMatchObject({ isFlexApp: true, checkedAgainst: { twilioAccount: ACCOUNT, oktaApp: 'Twilio Flex' } });
    await expect(sso.checkOktaApp(other.id)).resolves.toMatchObject({ isFlexApp: false, findings: [] });
    const unconfigured = service({ okta, settings: { okta: { flexAppId: undefined } } }).sso;
    await expect(unconfigured.checkOktaApp(APP_ID)).resolves.toMatchObject({ isFlexApp: true });
  });

  it('says Okta is not connected rather than failing', async () => {
    const { sso } = service({ settings: { okta: { orgUrl: undefined } } });
    await expect(sso.checkOktaApp(APP_ID)).resolves.toMatchObject({ isFlexApp: false, problem: { nextStep: 'Connect Okta in Settings to check the Flex app.' } });
  });
});

describe('loginContext (what the SAML login test judges against)', () => {
  it('holds the account, the enhanced connection, the Okta app’s facts with its keys, and the Flex page’s certificate and issuer', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const { sso } = service({ flexConnectionSid: async () => JQ, page: { form: 'migrated', values: { certificate: `  ${pem}\n`, issuer: 'http://www.okta.com/exk1 ' } } });
    const login = await sso.loginContext();
    expect(login.context).toMatchObject({ now: NOW, twilio: { accountSid: ACCOUNT, region: 'us1' }, connectionSid: JQ, okta: { appId: APP_ID, activeKid: 'kid-active' } });
    expect(login.context?.okta?.keys.map((k) => k.kid)).toEqual(['kid-old', 'kid-active']);
    expect(login.flexPageCertificate).toBe(pem);
    // As typed: a trailing space on the page is something Flex compares too.
    expect(login.flexPageIssuer).toBe('http://www.okta.com/exk1 ');
    expect(login.checkedAgainst).toEqual({ twilioAccount: ACCOUNT, oktaApp: 'Twilio Flex' });
    expect(login.problems).toEqual([]);
  });

  it('without Okta, still judges against the Twilio account and says Okta is not connected', async () => {
    const { sso } = service({ settings: { okta: { orgUrl: undefined } } });
    const login = await sso.loginContext();
    expect(login.context).toMatchObject({ twilio: { accountSid: ACCOUNT } });
    expect(login.context?.okta).toBeUndefined();
    expect(login.problems.map((p) => p.nextStep)).toEqual(['Connect Okta in Settings to check the Flex app.']);
  });

  it('without a Twilio account there is nothing to judge against', async () => {
    const { sso } = service({ settings: { twilio: { accountSid: undefined } } });
    const login = await sso.loginContext();
    expect(login.context).toBeNull();
    expect(login.problems[0]?.message).toMatch(/No Twilio account is connected/);
  });
});

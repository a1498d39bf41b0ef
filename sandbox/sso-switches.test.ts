import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from './hosts';
import { flexConnectionSid, SSO_PATH } from './pages/console';
import { fieldValue } from './pages/test-fixtures';
import { sandboxFetch } from './sandbox-fetch';
import { startSandbox, type Sandbox } from './server';
import { SSO_SWITCHES, type SsoSwitchId } from './sso-switches';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const NOW = new Date('2026-03-10T12:00:00Z');
const FLEX_PAGE = `https://${SANDBOX_HOSTS.console}${SSO_PATH}`;

interface SignOn {
  ssoAcsUrl: string;
  audience: string;
  recipient: string;
  destination: string;
  ssoAcsUrlOverride: string | null;
  responseSigned: boolean;
  assertionSigned: boolean;
  signatureAlgorithm: string;
  digestAlgorithm: string;
  subjectNameIdFormat: string;
  assertionEncryption: { enabled: boolean };
  attributeStatements: { name: string; namespace: string; values: string[] }[];
}

/** What each switch must make visible, read back the way the extension reads it: Okta's API or the Flex page. */
interface Seen {
  accountSid: string;
  before: SignOn;
  after: SignOn;
  page: (label: string) => string | undefined;
  pageBefore: (label: string) => string | undefined;
  activePem: string;
  inactivePem: string;
}

const pem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
const certificate = (seen: Seen) => new x509.X509Certificate(seen.page('X.509 Certificate')!);
const accountOf = (url: string) => /AC[0-9a-f]{32}/.exec(url)?.[0];

const EXPECTATIONS: Record<SsoSwitchId, (seen: Seen) => void> = {
  'okta-acs-other-account': ({ accountSid, before, after }) => {
    expect(accountOf(after.ssoAcsUrl)).toMatch(/^AC/);
    expect(accountOf(after.ssoAcsUrl)).not.toBe(accountSid);
    expect(after.ssoAcsUrl.replace(/AC[0-9a-f]{32}/, '')).toBe(before.ssoAcsUrl.replace(/AC[0-9a-f]{32}/, ''));
    expect([after.recipient, after.destination]).toEqual([after.ssoAcsUrl, after.ssoAcsUrl]);
  },
  'okta-preview-urls': ({ accountSid, after }) => {
    const preview = `https://preview.twilio.com/iam/Accounts/${accountSid}/saml2`;
    expect([after.ssoAcsUrl, after.recipient, after.destination, after.audience]).toEqual([preview, preview, preview, preview]);
  },
  'okta-audience-other-generation': ({ accountSid, after }) => {
    expect(after.ssoAcsUrl).toBe(`https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`);
    expect(after.audience).toBe(`urn:flex:${flexConnectionSid(accountSid)}`);
  },
  'okta-recipient-mismatch': ({ before, after }) => {
    expect(after.ssoAcsUrl).toBe(before.ssoAcsUrl);
    expect(after.recipient).toMatch(/^https:\/\/login\.flex\.us1\.twilio\.com\/login\/callback\?connection=JQ/);
    expect(after.destination).toBe(after.recipient);
  },
  'okta-response-unsigned': ({ after }) => expect([after.responseSigned, after.assertionSigned]).toEqual([false, true]),
  'okta-assertion-unsigned': ({ after }) => expect([after.responseSigned, after.assertionSigned]).toEqual([true, false]),
  'okta-sha1': ({ after }) => expect([after.signatureAlgorithm, after.digestAlgorithm]).toEqual(['RSA_SHA1', 'SHA1']),
  'okta-assertion-encrypted': ({ after }) => expect(after.assertionEncryption).toMatchObject({ enabled: true, encryptionAlgorithm: 'AES256_CBC' }),
  'okta-roles-missing': ({ after }) => expect(after.attributeStatements.map((s) => s.name)).toEqual(['full_name', 'email']),
  'okta-roles-namespaced': ({ after }) =>
    expect(after.attributeStatements.find((s) => s.name.endsWith('roles'))).toMatchObject({ name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/roles', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri' }),
  'okta-role-typo': ({ after }) => expect(after.attributeStatements.find((s) => s.name === 'roles')?.values).toEqual(['"agnet"']),
  'okta-name-id-x509': ({ after }) => expect(after.subjectNameIdFormat).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName'),
  'okta-acs-override': ({ accountSid, before, after }) => {
    expect(after.ssoAcsUrl).toBe(before.ssoAcsUrl);
    expect(accountOf(after.ssoAcsUrlOverride ?? '')).not.toBe(accountSid);
  },
  'flex-certificate-expired': (seen) => {
    const cert = certificate(seen);
    expect(cert.notAfter.getTime()).toBeLessThan(new x509.X509Certificate(seen.activePem).notBefore.getTime());
    expect(cert.publicKey.rawData).toEqual(new x509.X509Certificate(seen.activePem).publicKey.rawData);
  },
  'flex-certificate-1024': async (seen) => {
    const algorithm = (await certificate(seen).publicKey.export()).algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm.modulusLength).toBe(1024);
  },
  'flex-certificate-sha1': (seen) => {
    expect(certificate(seen).signatureAlgorithm).toMatchObject({ hash: { name: 'SHA-1' } });
    expect(certificate(seen).publicKey.rawData).toEqual(new x509.X509Certificate(seen.activePem).publicKey.rawData);
  },
  'flex-certificate-inactive': (seen) => {
    expect(seen.page('X.509 Certificate')).toBe(seen.inactivePem);
    expect(seen.pageBefore('X.509 Certificate')).toBe(seen.activePem);
  },
  'flex-issuer-trailing-space': (seen) => expect(seen.page('Identity Provider Issuer')).toBe(`${seen.pageBefore('Identity Provider Issuer')} `),
  'flex-sso-url-trailing-slash': (seen) => expect(seen.page('SSO URL')).toBe(`${seen.pageBefore('SSO URL')}/`),
  'flex-sso-url-http': (seen) => expect(seen.page('SSO URL')).toBe(seen.pageBefore('SSO URL')!.replace('https://', 'http://')),
  'flex-sso-url-other-app': (seen) => {
    expect(seen.page('SSO URL')).toMatch(/^https:\/\/steward-sandbox\.okta\.com\/app\/slack\/exk\w{17}\/sso\/saml$/);
    expect(seen.page('SSO URL')).not.toBe(seen.pageBefore('SSO URL'));
  },
};

describe('SSO switches (POST /__sandbox/sso)', () => {
  let sandbox: Sandbox;
  let call: typeof fetch;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 4, workers: 20, oktaUsers: 30, now: () => NOW });
    call = sandboxFetch(sandbox);
  });
  beforeEach(() => sandbox.reseed());
  afterAll(() => sandbox.close());

  const control = (body: unknown) => call(`https://${SANDBOX_HOSTS.console}/__sandbox/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const flexApp = () => sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
  const signOn = async () => {
    const response = await call(`https://${SANDBOX_HOSTS.okta}/api/v1/apps/${flexApp().id}`, { headers: { authorization: `SSWS ${sandbox.state.okta.apiTokens[0]}` } });
    return ((await response.json()) as { settings: { signOn: SignOn } }).settings.signOn;
  };
  const page = async () => {
    const text = await (await call(`${FLEX_PAGE}?variant=legacy`)).text();
    return (label: string) => fieldValue(text, label);
  };

  it('has a test for every switch', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(Object.keys(SSO_SWITCHES).sort());
  });

  it.each(Object.keys(SSO_SWITCHES) as SsoSwitchId[])('%s', async (id) => {
    const before = await signOn();
    const pageBefore = await page();
    const [active, inactive] = sandbox.state.okta.keys.filter((k) => k.appId === flexApp().id);
    const response = await control({ switches: [id] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ applied: [id] });
    const seen: Seen = { accountSid: sandbox.state.twilio.credentials.accountSid, before, after: await signOn(), page: await page(), pageBefore, activePem: pem(active!.x5c[0]!), inactivePem: pem(inactive!.x5c[0]!) };
    await EXPECTATIONS[id](seen);
    // Only the one thing changed: Okta switches leave the page's IdP values, Flex switches the Okta app.
    if (id.startsWith('okta-')) for (const label of ['SSO URL', 'Identity Provider Issuer', 'X.509 Certificate']) expect(seen.page(label)).toBe(pageBefore(label));
    else expect(seen.after).toEqual(before);
  });

  it('stacks switches, and refuses unknown ids or a malformed migration without changing anything', async () => {
    expect((await control({ switches: ['flex-sso-url-http', 'flex-sso-url-trailing-slash'] })).status).toBe(200);
    expect((await page())('SSO URL')).toMatch(/^http:\/\/.*\/sso\/saml\/$/);
    sandbox.reseed();
    const unknown = await control({ switches: ['okta-response-unsigned', 'okta-everything-wrong'] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('okta-everything-wrong');
    expect((await control({ migrated: { daysAgo: -1, setupType: 'modify' } })).status).toBe(400);
    expect((await signOn()).responseSigned).toBe(true);
  });

  it('migrates N days ago: the Okta app gets the enhanced values and Flex saves the connection', async () => {
    const response = await control({ migrated: { daysAgo: 25, setupType: 'create' }, switches: ['okta-audience-other-generation'] });
    expect(await response.json()).toMatchObject({ flexSso: { enhanced: { setupType: 'create', savedAt: '2026-02-13T12:00:00.000Z' } } });
    const { accountSid } = sandbox.state.twilio.credentials;
    const jq = flexConnectionSid(accountSid);
    const after = await signOn();
    expect(after.ssoAcsUrl).toBe(`https://login.flex.us1.twilio.com/login/callback?connection=${jq}`);
    // Switches apply after the migration: the audience is now the legacy one beside an enhanced ACS URL.
    expect(after.audience).toBe(`https://iam.twilio.com/v1/Accounts/${accountSid}/saml2/metadata`);
  });

  it('lists every switch on the control index', async () => {
    const index = await (await call(`https://${SANDBOX_HOSTS.okta}/__sandbox/`)).text();
    for (const id of Object.keys(SSO_SWITCHES)) expect(index).toContain(`<code>${id}</code>`);
    expect(index).toContain('/__sandbox/sso');
  });
});

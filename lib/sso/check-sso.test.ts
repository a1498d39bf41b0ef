import { beforeAll, describe, expect, it } from 'vitest';
import { checkFlexPage } from './check-flex-page';
import { checkOktaApp } from './check-okta-app';
import type { OktaSsoFacts } from './context';
import type { TestCertificate } from './certificate-fixtures';
import { daysFrom, makeCertificate, oktaFacts } from './certificate-fixtures';
import type { SsoFinding } from './finding';
import type { SsoPageValues } from './page-values';
import {
  ACCOUNT,
  AFTER_DEADLINE,
  BEFORE_DEADLINE,
  CONNECTION,
  ENHANCED_ACS,
  ENHANCED_ENTITY,
  LEGACY_ACS,
  LEGACY_ENTITY,
  OKTA_ISSUER,
  OKTA_SSO_URL,
  OTHER_ACCOUNT,
  OTHER_CONNECTION,
  context,
} from './test-fixtures';

/**
 * The two entry points on whole setups: a good legacy one, a good enhanced one, and each planted
 * misconfiguration producing exactly its finding, with the value to put there.
 */
let active: TestCertificate;
let other: TestCertificate;
beforeAll(async () => {
  const valid = { notBefore: daysFrom(BEFORE_DEADLINE, -100), notAfter: daysFrom(AFTER_DEADLINE, 3000) };
  active = await makeCertificate(valid);
  other = await makeCertificate({ ...valid, cn: 'another-org' });
});

const goodSignOn = (acs: string, audience: string): OktaSsoFacts['signOn'] => ({
  ssoAcsUrl: acs,
  audience,
  recipient: acs,
  destination: acs,
  subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  responseSigned: true,
  assertionSigned: true,
  signatureAlgorithm: 'RSA_SHA256',
  digestAlgorithm: 'SHA256',
  assertionEncryption: { enabled: false },
  attributeStatements: [
    { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.email'] },
    { type: 'EXPRESSION', name: 'full_name', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['String.join(" ", user.firstName, user.lastName)'] },
    { type: 'EXPRESSION', name: 'roles', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['appuser.roles'] },
  ],
});
const okta = (signOn: OktaSsoFacts['signOn']) => oktaFacts(active, [], { signOn, metadata: { issuer: OKTA_ISSUER, ssoUrl: OKTA_SSO_URL, certificates: [active.der] } });

const legacyPage = (values: Partial<SsoPageValues['values']> = {}): SsoPageValues => ({
  form: 'legacy',
  values: { friendlyName: 'Okta', certificate: active.pem, issuer: OKTA_ISSUER, ssoUrl: OKTA_SSO_URL, redirectUrl: '', acsUrl: LEGACY_ACS, ...values },
});
const enhancedPage = (values: Partial<SsoPageValues['values']> = {}): SsoPageValues => ({
  form: 'migrated',
  values: { entityId: ENHANCED_ENTITY, acsUrl: ENHANCED_ACS, certificate: active.pem, issuer: OKTA_ISSUER, ssoUrl: OKTA_SSO_URL, ...values },
});

const problems = (findings: SsoFinding[]) => findings.filter((f) => f.severity !== 'ok').map(({ severity, rule, expected }) => ({ severity, rule, ...(expected ? { expected } : {}) }));

describe('a fully good legacy setup', () => {
  const ctx = () => context({ okta: okta(goodSignOn(LEGACY_ACS, LEGACY_ENTITY)) });
  it('has only the deadline to say, plainly, once it is past', () => {
    expect(problems(checkFlexPage(legacyPage(), ctx()))).toEqual([{ severity: 'error', rule: 'connection.deadline' }]);
    expect(problems(checkOktaApp(ctx().okta as OktaSsoFacts, ctx()))).toEqual([{ severity: 'error', rule: 'connection.deadline' }]);
    expect(checkFlexPage(legacyPage(), ctx()).find((f) => f.rule === 'connection.deadline')?.message).toBe(
      "The legacy iam.twilio.com connection is past Twilio's migration deadline of 31 March 2026: migrate to the enhanced (OAuth 2.0) connection now.",
    );
  });
  it('warns of the deadline before it', () => {
    expect(problems(checkFlexPage(legacyPage(), { ...ctx(), now: BEFORE_DEADLINE }))).toEqual([{ severity: 'warning', rule: 'connection.deadline' }]);
  });
  it('says what is fine, too', () => {
    expect(checkFlexPage(legacyPage(), ctx()).map((f) => f.rule)).toEqual(
      expect.arrayContaining(['acs-url.generation', 'acs-url.account', 'issuer.shape', 'sso-url.shape', 'idp.consistency', 'issuer.okta-metadata', 'sso-url.okta-metadata', 'certificate.okta-match']),
    );
  });
});

describe('a good enhanced setup', () => {
  const ctx = () => context({ connectionSid: CONNECTION, okta: okta(goodSignOn(ENHANCED_ACS, ENHANCED_ENTITY)) });
  it('has no problem on either side', () => {
    expect(problems(checkFlexPage(enhancedPage(), ctx()))).toEqual([]);
    expect(problems(checkOktaApp(ctx().okta as OktaSsoFacts, ctx()))).toEqual([]);
  });
  it('takes the connection SID from the page when the background knew none', () => {
    expect(problems(checkFlexPage(enhancedPage(), context({ okta: ctx().okta })))).toEqual([]);
  });
  it('checks the set-up workflow’s steps too', () => {
    expect(problems(checkFlexPage({ form: 'wizard', step: 2, setupType: 'modify', values: { entityId: ENHANCED_ENTITY, acsUrl: ENHANCED_ACS } }, ctx()))).toEqual([]);
    expect(problems(checkFlexPage({ form: 'wizard', step: 3, setupType: 'create', values: { issuer: OKTA_ISSUER, ssoUrl: '', certificate: active.pem } }, ctx()))).toEqual([{ severity: 'error', rule: 'sso-url.required' }]);
  });
});

describe('each planted misconfiguration on the Flex page', () => {
  const ctx = () => context({ now: BEFORE_DEADLINE, okta: okta(goodSignOn(LEGACY_ACS, LEGACY_ENTITY)) });
  const deadline = { severity: 'warning', rule: 'connection.deadline' };
  it.each([
    ['Twilio SSO URL of another account', { acsUrl: LEGACY_ACS.replace(ACCOUNT, OTHER_ACCOUNT) }, [{ severity: 'error', rule: 'acs-url.account', expected: LEGACY_ACS }, deadline]],
    ['Twilio SSO URL over http', { acsUrl: LEGACY_ACS.replace('https', 'http') }, [{ severity: 'error', rule: 'acs-url.scheme', expected: LEGACY_ACS }, deadline]],
    ['Twilio SSO URL with a trailing slash', { acsUrl: `${LEGACY_ACS}/` }, [{ severity: 'error', rule: 'acs-url.trailing-slash', expected: LEGACY_ACS }, deadline]],
    ['issuer of another Okta app', { issuer: 'http://www.okta.com/exk9z8y7x6w5v4u3t2s1' }, [deadline, { severity: 'error', rule: 'idp.consistency' }, { severity: 'error', rule: 'issuer.okta-metadata', expected: OKTA_ISSUER }]],
    ['SSO URL on the admin host', { ssoUrl: OKTA_SSO_URL.replace('acme.okta', 'acme-admin.okta') }, [deadline, { severity: 'error', rule: 'sso-url.shape', expected: OKTA_SSO_URL }, { severity: 'error', rule: 'sso-url.okta-metadata', expected: OKTA_SSO_URL }]],
  ] as const)('%s', (_, values, found) => {
    expect(problems(checkFlexPage(legacyPage(values), ctx()))).toEqual(found);
  });

  it('an ACS URL of another account beside the right Entity ID is reported once, beside the ACS URL', () => {
    const found = problems(checkFlexPage(legacyPage({ entityId: LEGACY_ENTITY, acsUrl: LEGACY_ACS.replace(ACCOUNT, OTHER_ACCOUNT) }), ctx()));
    expect(found).toEqual([{ severity: 'error', rule: 'acs-url.account', expected: LEGACY_ACS }, deadline]);
  });

  it('a certificate that is not the one Okta signs with', () => {
    expect(problems(checkFlexPage(legacyPage({ certificate: other.pem }), ctx()))).toEqual([deadline, { severity: 'error', rule: 'certificate.okta-match', expected: expect.stringContaining(active.der) }]);
  });

  it('a half-done migration: legacy Entity ID with the enhanced ACS URL', () => {
    const found = problems(checkFlexPage(enhancedPage({ entityId: LEGACY_ENTITY }), context({ connectionSid: CONNECTION, okta: ctx().okta })));
    expect(found).toEqual([{ severity: 'error', rule: 'sp-pair.generation', expected: ENHANCED_ENTITY }]);
  });

  it('an enhanced ACS URL of another connection', () => {
    const found = problems(checkFlexPage(enhancedPage({ acsUrl: ENHANCED_ACS.replace(CONNECTION, OTHER_CONNECTION) }), context({ connectionSid: CONNECTION, okta: ctx().okta })));
    expect(found).toEqual([
      { severity: 'error', rule: 'acs-url.connection', expected: ENHANCED_ACS },
      { severity: 'error', rule: 'sp-pair.connection', expected: ENHANCED_ENTITY },
    ]);
  });

  it('self-hosted with a wildcard domain', () => {
    expect(problems(checkFlexPage(enhancedPage({ trustedDomains: 'https://*.example.com', domainRedirectUrl: 'https://flex.example.com' }), context({ connectionSid: CONNECTION, okta: ctx().okta })))).toEqual([
      { severity: 'error', rule: 'self-hosted.trusted-domain' },
      { severity: 'warning', rule: 'self-hosted.redirect-url', expected: 'https://*.example.com' },
    ]);
  });
});

describe('each planted misconfiguration in the Okta app', () => {
  const ctx = context({ connectionSid: CONNECTION });
  const good = goodSignOn(ENHANCED_ACS, ENHANCED_ENTITY);
  it.each([
    ['audience still legacy', { audience: LEGACY_ENTITY }, [{ severity: 'error', rule: 'okta.audience', expected: ENHANCED_ENTITY }]],
    ['ACS URL override to legacy', { ssoAcsUrlOverride: LEGACY_ACS }, [{ severity: 'error', rule: 'okta.acs-url', expected: ENHANCED_ACS }]],
    ['recipient unset', { recipient: undefined }, [{ severity: 'error', rule: 'okta.recipient', expected: ENHANCED_ACS }]],
    ['destination of another connection', { destination: ENHANCED_ACS.replace(CONNECTION, OTHER_CONNECTION) }, [{ severity: 'error', rule: 'okta.destination', expected: ENHANCED_ACS }]],
    ['response unsigned', { responseSigned: false }, [{ severity: 'error', rule: 'okta.response-signed', expected: 'Signed' }]],
    ['assertion unsigned', { assertionSigned: false }, [{ severity: 'error', rule: 'okta.assertion-signed', expected: 'Signed' }]],
    ['encrypted', { assertionEncryption: { enabled: true } }, [{ severity: 'error', rule: 'okta.encryption', expected: 'Unencrypted' }]],
    ['SHA-1 signature', { signatureAlgorithm: 'RSA_SHA1' }, [{ severity: 'warning', rule: 'okta.signature-algorithm', expected: 'RSA_SHA256' }]],
    ['roles missing', { attributeStatements: good.attributeStatements?.filter((s) => s.name !== 'roles') }, [{ severity: 'error', rule: 'okta.attribute.roles', expected: 'roles' }]],
    ['a wrong literal role', { attributeStatements: good.attributeStatements?.map((s) => (s.name === 'roles' ? { ...s, values: ['"agent,superuser"'] } : s)) }, [{ severity: 'error', rule: 'okta.attribute.roles-values' }]],
  ] as const)('%s', (_, change, found) => {
    const app = okta({ ...good, ...change });
    expect(problems(checkOktaApp(app, { ...ctx, okta: app }))).toEqual(found);
  });

  it('gives the fix in the Okta console’s words', () => {
    const app = okta({ ...good, audience: LEGACY_ENTITY });
    expect(checkOktaApp(app, ctx).find((f) => f.rule === 'okta.audience')?.fix).toBe('In Okta, open the app "Twilio Flex", go to General > SAML Settings > Edit > Configure SAML, and set "Audience URI (SP Entity ID)" to the value shown.');
  });

  it('an expired active signing key', () => {
    const app = { ...okta(good), keys: [{ kid: 'kid-active', created: '2016-01-01T00:00:00.000Z', expiresAt: '2026-11-01T00:00:00.000Z', x5c: [active.der] }] };
    expect(problems(checkOktaApp(app, ctx))).toEqual([{ severity: 'error', rule: 'okta.signing-certificate' }]);
  });
});

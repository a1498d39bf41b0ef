import { describe, expect, it } from 'vitest';
import { checkIdpAgainstOkta, checkIdpConsistency, checkIssuer, checkSsoUrl, identifyIssuer, identifySsoUrl } from './idp-values';
import type { OktaSsoFacts } from './context';
import {
  AUTH0_ISSUER,
  AUTH0_SSO_URL,
  ENTRA_ISSUER,
  ENTRA_SSO_URL,
  ENTRA_TENANT,
  GOOGLE_ISSUER,
  GOOGLE_SSO_URL,
  OKTA_ISSUER,
  OKTA_SSO_URL,
  SALESFORCE_ISSUER,
  SALESFORCE_SSO_URL,
} from './test-fixtures';

const problems = (findings: { severity: string; rule: string; expected?: string }[]) => findings.filter((f) => f.severity !== 'ok').map((f) => [f.severity, f.rule, f.expected]);

describe('IdP shapes', () => {
  it.each([
    ['okta', OKTA_ISSUER, OKTA_SSO_URL, 'exk1a2b3c4d5e6f7g8h9'],
    ['okta', OKTA_ISSUER, 'https://login.acme.com/app/acme_twilioflex_1/exk1a2b3c4d5e6f7g8h9/sso/saml', 'exk1a2b3c4d5e6f7g8h9'],
    ['entra', ENTRA_ISSUER, ENTRA_SSO_URL, ENTRA_TENANT],
    ['google', GOOGLE_ISSUER, GOOGLE_SSO_URL, 'c01abcdef'],
    ['auth0', AUTH0_ISSUER, AUTH0_SSO_URL, 'acme.eu'],
    ['salesforce', SALESFORCE_ISSUER, SALESFORCE_SSO_URL, 'acme'],
  ])('%s: %s + %s are fine and consistent', (idp, issuer, ssoUrl, key) => {
    expect(identifyIssuer(issuer)).toEqual({ idp, key });
    expect(identifySsoUrl(ssoUrl)).toEqual({ idp, key });
    expect(problems([...checkIssuer(issuer), ...checkSsoUrl(ssoUrl)])).toEqual([]);
    expect(checkIdpConsistency(issuer, ssoUrl)?.severity).toBe('ok');
  });

  it('says Google has no IdP-initiated login', () => {
    expect(checkSsoUrl(GOOGLE_SSO_URL)[0]?.message).toContain('Google has no IdP-initiated login');
  });

  it.each([
    ['Okta issuer with https', 'https://www.okta.com/exk1a2b3c4d5e6f7g8h9', [['error', 'issuer.shape', OKTA_ISSUER]]],
    ['Entra issuer without its slash', ENTRA_ISSUER.slice(0, -1), [['error', 'issuer.shape', ENTRA_ISSUER]]],
    ['an SSO URL as issuer', OKTA_SSO_URL, [['error', 'issuer.shape', undefined]]],
    ['Google SSO URL as issuer', GOOGLE_SSO_URL, [['error', 'issuer.shape', undefined]]],
    // Seed 004 sets this; the Salesforce connected app's "Issuer" is the My Domain URL.
    ['Salesforce HttpRedirect as issuer', `${SALESFORCE_SSO_URL}/`, [['warning', 'issuer.shape', SALESFORCE_ISSUER]]],
    ['unknown IdP', 'https://adfs.acme.com/adfs/services/trust', [['warning', 'issuer.shape', undefined]]],
    ['pasted with a newline', `${OKTA_ISSUER}\n`, [['error', 'issuer.whitespace', OKTA_ISSUER]]],
  ])('issuer: %s', (_, value, found) => {
    expect(problems(checkIssuer(value))).toEqual(found);
  });

  it.each([
    ['http', OKTA_SSO_URL.replace('https', 'http'), [['error', 'sso-url.scheme', OKTA_SSO_URL]]],
    ['Okta admin host', OKTA_SSO_URL.replace('acme.okta', 'acme-admin.okta'), [['error', 'sso-url.shape', OKTA_SSO_URL]]],
    ['Salesforce My Domain only', 'https://acme.my.salesforce.com/', [['error', 'sso-url.shape', SALESFORCE_SSO_URL]]],
    ['the issuer as SSO URL', ENTRA_ISSUER, [['error', 'sso-url.shape', undefined]]],
    ['unknown IdP', 'https://adfs.acme.com/adfs/ls/', [['warning', 'sso-url.shape', undefined]]],
  ])('SSO URL: %s', (_, value, found) => {
    expect(problems(checkSsoUrl(value))).toEqual(found);
  });

  it.each([
    ['different IdPs', OKTA_ISSUER, ENTRA_SSO_URL, "The issuer is Okta's but the SSO URL is Entra ID's."],
    ['different Okta apps', OKTA_ISSUER, OKTA_SSO_URL.replace('exk1a2b3c4d5e6f7g8h9', 'exk9z8y7x6w5v4u3t2s1'), 'The issuer names exk1a2b3c4d5e6f7g8h9 but the SSO URL names exk9z8y7x6w5v4u3t2s1: they are from different Okta apps.'],
    ['different Entra tenants', ENTRA_ISSUER, ENTRA_SSO_URL.replace('72f988bf', '00000000'), expect.stringContaining('different Entra ID tenants')],
  ])('consistency: %s', (_, issuer, ssoUrl, message) => {
    expect(checkIdpConsistency(issuer, ssoUrl)).toMatchObject({ severity: 'error', rule: 'idp.consistency', message });
  });
});

describe('checkIdpAgainstOkta', () => {
  const okta = { appLabel: 'Twilio Flex', metadata: { issuer: OKTA_ISSUER, ssoUrl: OKTA_SSO_URL, certificates: [] } } as unknown as OktaSsoFacts;
  it('is fine when Flex holds the app metadata’s values', () => {
    expect(problems(checkIdpAgainstOkta({ issuer: OKTA_ISSUER, ssoUrl: OKTA_SSO_URL }, okta))).toEqual([]);
  });
  it('gives the metadata’s value when Flex holds another app’s', () => {
    const other = 'http://www.okta.com/exk9z8y7x6w5v4u3t2s1';
    expect(problems(checkIdpAgainstOkta({ issuer: other, ssoUrl: OKTA_SSO_URL }, okta))).toEqual([['error', 'issuer.okta-metadata', OKTA_ISSUER]]);
  });
});

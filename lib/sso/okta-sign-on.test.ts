import { describe, expect, it } from 'vitest';
import type { OktaSsoFacts } from './context';
import { checkOktaAlgorithms, checkOktaEncryption, checkOktaNameIdFormat, checkOktaSignatures, checkOktaSpValue, effectiveSignOn } from './okta-sign-on';
import { CONNECTION, ENHANCED_ACS, ENHANCED_ENTITY, LEGACY_ACS, LEGACY_ENTITY, OTHER_ACCOUNT, ACCOUNT, PREVIEW_URL, context } from './test-fixtures';

const app = (signOn: OktaSsoFacts['signOn']): OktaSsoFacts => ({ orgUrl: 'https://acme.okta.com', appId: '0oa1', appName: 'acme_twilioflex_1', appLabel: 'Twilio Flex', signOn, keys: [], signOnTabUrl: 'https://acme-admin.okta.com/x' });

describe('effectiveSignOn', () => {
  it('reads an override when set, the base value otherwise', () => {
    expect(effectiveSignOn({ ssoAcsUrl: LEGACY_ACS, ssoAcsUrlOverride: ENHANCED_ACS, audience: LEGACY_ENTITY, audienceOverride: null, recipient: LEGACY_ACS, recipientOverride: '' })).toEqual({
      ssoAcsUrl: ENHANCED_ACS,
      audience: LEGACY_ENTITY,
      recipient: LEGACY_ACS,
      destination: undefined,
    });
  });
});

describe('checkOktaSpValue', () => {
  const legacy = app({ ssoAcsUrl: LEGACY_ACS, audience: LEGACY_ENTITY, recipient: LEGACY_ACS, destination: LEGACY_ACS });
  const enhanced = app({ ssoAcsUrl: ENHANCED_ACS, audience: ENHANCED_ENTITY, recipient: ENHANCED_ACS, destination: ENHANCED_ACS });
  it.each(['ssoAcsUrl', 'audience', 'recipient', 'destination'] as const)('%s fits the legacy connection without a JQ SID, the enhanced one with it', (field) => {
    expect(checkOktaSpValue(legacy, field, context()).severity).toBe('ok');
    expect(checkOktaSpValue(enhanced, field, context({ connectionSid: CONNECTION })).severity).toBe('ok');
  });

  it.each([
    ['still legacy after the enhanced connection exists', app({ ssoAcsUrl: LEGACY_ACS }), 'ssoAcsUrl', context({ connectionSid: CONNECTION }), '"Single sign on URL" is the legacy iam.twilio.com endpoint\'s value, but Flex uses the enhanced (OAuth 2.0) connection.', ENHANCED_ACS],
    ['preview audience', app({ audience: PREVIEW_URL }), 'audience', context(), '"Audience URI (SP Entity ID)" is the deprecated preview.twilio.com endpoint\'s value, but Flex uses the legacy iam.twilio.com endpoint.', LEGACY_ENTITY],
    ['another account', app({ ssoAcsUrl: LEGACY_ACS.replace(ACCOUNT, OTHER_ACCOUNT) }), 'ssoAcsUrl', context(), `"Single sign on URL" names account ${OTHER_ACCOUNT}, not ${ACCOUNT}.`, LEGACY_ACS],
    ['empty recipient', app({}), 'recipient', context(), '"Recipient URL" is empty.', LEGACY_ACS],
    ['audience with a trailing slash', app({ audience: `${LEGACY_ENTITY}/` }), 'audience', context(), expect.stringContaining('ends with a slash'), LEGACY_ENTITY],
    ['ACS URL over http', app({ ssoAcsUrl: LEGACY_ACS.replace('https', 'http') }), 'ssoAcsUrl', context(), expect.stringContaining('starts with http://'), LEGACY_ACS],
    ['audience pasted with a space', app({ audience: `${LEGACY_ENTITY} ` }), 'audience', context(), expect.stringContaining('has spaces or line breaks'), LEGACY_ENTITY],
    ['an unrelated value', app({ audience: 'https://flex.twilio.com/acme-1234' }), 'audience', context(), '"Audience URI (SP Entity ID)" is "https://flex.twilio.com/acme-1234", which is not the legacy iam.twilio.com endpoint\'s value for this account.', LEGACY_ENTITY],
  ] as const)('%s', (_, okta, field, ctx, message, expected) => {
    expect(checkOktaSpValue(okta, field, ctx)).toMatchObject({ severity: 'error', message, expected, fix: expect.stringContaining('Twilio Flex') });
  });

  it('tells how to fix recipient and destination in Okta’s words', () => {
    expect(checkOktaSpValue(app({}), 'destination', context()).fix).toContain('"Use this for Recipient URL and Destination URL"');
  });
});

describe('signatures, encryption, algorithms, Name ID', () => {
  it.each([
    [{ responseSigned: true, assertionSigned: true }, []],
    [{ responseSigned: false, assertionSigned: true }, ['okta.response-signed']],
    [{ assertionSigned: true }, ['okta.response-signed']],
    [{ responseSigned: true, assertionSigned: false }, ['okta.assertion-signed']],
  ])('%o', (signOn, errors) => {
    expect(checkOktaSignatures(app(signOn)).filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(errors);
  });

  it('rejects encryption in Twilio’s words', () => {
    expect(checkOktaEncryption(app({ assertionEncryption: { enabled: true } }))).toMatchObject({ severity: 'error', message: expect.stringContaining("Twilio doesn't currently support encryption"), fix: expect.stringContaining('"Assertion Encryption" to "Unencrypted"') });
    expect(checkOktaEncryption(app({ assertionEncryption: { enabled: false } })).severity).toBe('ok');
  });

  it('flags SHA-1 algorithms', () => {
    expect(checkOktaAlgorithms(app({ signatureAlgorithm: 'RSA_SHA1', digestAlgorithm: 'SHA1' })).map((f) => [f.severity, f.expected])).toEqual([
      ['warning', 'RSA_SHA256'],
      ['warning', 'SHA256'],
    ]);
    expect(checkOktaAlgorithms(app({ signatureAlgorithm: 'RSA_SHA256', digestAlgorithm: 'SHA256' })).map((f) => f.severity)).toEqual(['ok', 'ok']);
  });

  it.each([
    ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 'ok'],
    ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 'ok'],
    [undefined, 'ok'],
    ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient', 'warning'],
  ])('Name ID format %s → %s', (format, severity) => {
    expect(checkOktaNameIdFormat(app(format ? { subjectNameIdFormat: format } : {})).severity).toBe(severity);
  });
});

import { describe, expect, it } from 'vitest';
import { expectedEndpoints, parseFlexEndpoint } from './endpoints';
import { ACCOUNT, CONNECTION, ENHANCED_ACS, ENHANCED_ENTITY, LEGACY_ACS, LEGACY_ENTITY, PREVIEW_URL } from './test-fixtures';

describe('parseFlexEndpoint', () => {
  it.each([
    [PREVIEW_URL, { generation: 'preview', role: 'both', accountSid: ACCOUNT, region: 'us1' }],
    [LEGACY_ACS, { generation: 'legacy', role: 'acsUrl', accountSid: ACCOUNT, region: 'us1' }],
    [LEGACY_ENTITY, { generation: 'legacy', role: 'entityId', accountSid: ACCOUNT, region: 'us1' }],
    [ENHANCED_ACS, { generation: 'enhanced', role: 'acsUrl', connectionSid: CONNECTION, region: 'us1' }],
    [`https://login.flex.ie1.twilio.com/login/callback?connection=${CONNECTION}`, { generation: 'enhanced', role: 'acsUrl', connectionSid: CONNECTION, region: 'ie1' }],
    [ENHANCED_ENTITY, { generation: 'enhanced', role: 'entityId', connectionSid: CONNECTION }],
    // What other rules report (http, slash, spaces, host case) doesn't hide the generation.
    [` http://IAM.twilio.com/v1/Accounts/${ACCOUNT}/saml2/ `, { generation: 'legacy', role: 'acsUrl', accountSid: ACCOUNT, region: 'us1' }],
  ])('%s', (value, expected) => {
    expect(parseFlexEndpoint(value)).toEqual(expected);
  });

  it.each([
    'https://flex.twilio.com/acme-1234',
    `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml`,
    `https://iam.twilio.com/v1/Accounts/AC123/saml2`,
    `urn:flex:${ACCOUNT}`,
    `https://login.flex.us1.twilio.com/login/callback?connection=${ACCOUNT}`,
    'http://www.okta.com/exk1a2b3c4d5e6f7g8h9',
  ])('%s is no Flex endpoint', (value) => {
    expect(parseFlexEndpoint(value)).toBeNull();
  });
});

describe('expectedEndpoints', () => {
  it('gives every generation its exact pair, enhanced only with the connection SID', () => {
    expect(expectedEndpoints(ACCOUNT, 'us1')).toEqual({ preview: { entityId: PREVIEW_URL, acsUrl: PREVIEW_URL }, legacy: { entityId: LEGACY_ENTITY, acsUrl: LEGACY_ACS } });
    expect(expectedEndpoints(ACCOUNT, 'us1', CONNECTION).enhanced).toEqual({ entityId: ENHANCED_ENTITY, acsUrl: ENHANCED_ACS });
    expect(expectedEndpoints(ACCOUNT, 'au1', CONNECTION).enhanced?.acsUrl).toBe(`https://login.flex.au1.twilio.com/login/callback?connection=${CONNECTION}`);
  });
});

import type { SsoContext } from './context';

/** Real-shaped values shared by the SSO rule tables (SIDs are 32 lowercase hex digits, like Twilio's). */
export const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
export const OTHER_ACCOUNT = 'ACfedcba9876543210fedcba9876543210';
export const CONNECTION = 'JQ0123456789abcdef0123456789abcdef';
export const OTHER_CONNECTION = 'JQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

export const PREVIEW_URL = `https://preview.twilio.com/iam/Accounts/${ACCOUNT}/saml2`;
export const LEGACY_ACS = `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`;
export const LEGACY_ENTITY = `${LEGACY_ACS}/metadata`;
export const ENHANCED_ACS = `https://login.flex.us1.twilio.com/login/callback?connection=${CONNECTION}`;
export const ENHANCED_ENTITY = `urn:flex:${CONNECTION}`;

export const BEFORE_DEADLINE = new Date('2026-02-01T12:00:00Z');
export const AFTER_DEADLINE = new Date('2026-12-02T00:30:00Z');

export const context = (overrides: Partial<SsoContext> = {}): SsoContext => ({ now: AFTER_DEADLINE, twilio: { accountSid: ACCOUNT, region: 'us1' }, ...overrides });

/** IdP values per IdP, as their SAML metadata gives them. */
export const OKTA_ISSUER = 'http://www.okta.com/exk1a2b3c4d5e6f7g8h9';
export const OKTA_SSO_URL = 'https://acme.okta.com/app/acme_twilioflex_1/exk1a2b3c4d5e6f7g8h9/sso/saml';
export const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const ENTRA_ISSUER = `https://sts.windows.net/${ENTRA_TENANT}/`;
export const ENTRA_SSO_URL = `https://login.microsoftonline.com/${ENTRA_TENANT}/saml2`;
export const GOOGLE_ISSUER = 'https://accounts.google.com/o/saml2?idpid=C01abcdef';
export const GOOGLE_SSO_URL = 'https://accounts.google.com/o/saml2/idp?idpid=C01abcdef';
export const AUTH0_ISSUER = 'urn:acme.eu.auth0.com';
export const AUTH0_SSO_URL = 'https://acme.eu.auth0.com/samlp/AbCdEf0123456789AbCdEf0123456789';
export const SALESFORCE_ISSUER = 'https://acme.my.salesforce.com/';
export const SALESFORCE_SSO_URL = 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect';

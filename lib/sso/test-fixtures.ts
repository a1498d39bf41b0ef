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

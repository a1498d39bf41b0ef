import type { TwilioRegion } from '../settings/settings';

/**
 * Flex's service-provider (SP) SAML endpoints, three generations of them:
 *
 * - `preview` (deprecated): ACS `https://preview.twilio.com/iam/Accounts/AC…/saml2`; Okta's audience
 *   was that same URL.
 * - `legacy`: ACS `https://iam.twilio.com/v1/Accounts/AC…/saml2`, Entity ID `…/saml2/metadata`.
 * - `enhanced` (OAuth 2.0 based, Flex UI ≥ 2.7): ACS
 *   `https://login.flex.<region>.twilio.com/login/callback?connection=JQ…`, Entity ID `urn:flex:JQ…`.
 *
 * Sources (checked with the docs search):
 * - https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta (both legacy and enhanced forms)
 * - https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/migration-guide (preview → iam, and the enhanced migration)
 *
 * iam.twilio.com and preview.twilio.com have no regional host in any Twilio doc we found, so they
 * are treated as us1 only; the enhanced host carries its region in its name.
 */

export type FlexSsoGeneration = 'preview' | 'legacy' | 'enhanced';
/** Which of the two SP values a URL is. A preview URL is both (its audience was the ACS URL). */
export type FlexEndpointRole = 'entityId' | 'acsUrl' | 'both';

export interface FlexEndpoint {
  generation: FlexSsoGeneration;
  role: FlexEndpointRole;
  /** Legacy and preview URLs name the account; enhanced ones name the connection instead. */
  accountSid?: string;
  connectionSid?: string;
  /** Only enhanced ACS URLs name a region; the others are us1. `undefined` for `urn:flex:` IDs. */
  region?: string;
}

export interface FlexEndpointPair {
  entityId: string;
  acsUrl: string;
}

const ACCOUNT_SID = 'AC[0-9a-f]{32}';
const CONNECTION_SID = 'JQ[0-9a-f]{32}';

/**
 * What a pasted value says once the things other rules report (whitespace, http, a trailing
 * slash, host case) are set aside, so "wrong scheme" is not also reported as "not a Flex URL".
 */
export function normaliseSpValue(raw: string): string {
  const compact = raw.replace(/\s+/g, '');
  if (/^urn:/i.test(compact)) return compact;
  return compact
    .replace(/^http:\/\//i, 'https://')
    .replace(/^https:\/\/[^/?#]+/i, (origin) => origin.toLowerCase())
    .replace(/\/+(?=$|\?)/, '');
}

const PREVIEW = new RegExp(`^https://preview\\.twilio\\.com/iam/Accounts/(${ACCOUNT_SID})/saml2$`);
const LEGACY_ACS = new RegExp(`^https://iam\\.twilio\\.com/v1/Accounts/(${ACCOUNT_SID})/saml2$`);
const LEGACY_ENTITY = new RegExp(`^https://iam\\.twilio\\.com/v1/Accounts/(${ACCOUNT_SID})/saml2/metadata$`);
// `login.flex.twilio.com` without a region is read as us1, like Twilio's other unqualified hosts.
const ENHANCED_ACS = new RegExp(`^https://login\\.flex(?:\\.([a-z]{2}\\d))?\\.twilio\\.com/login/callback\\?connection=(${CONNECTION_SID})$`);
const ENHANCED_ENTITY = new RegExp(`^urn:flex:(${CONNECTION_SID})$`);

/** Which Flex endpoint a value is, or `null` when it is none of the three generations' forms. */
export function parseFlexEndpoint(raw: string): FlexEndpoint | null {
  const value = normaliseSpValue(raw);
  let match = PREVIEW.exec(value);
  if (match) return { generation: 'preview', role: 'both', accountSid: match[1], region: 'us1' };
  match = LEGACY_ACS.exec(value);
  if (match) return { generation: 'legacy', role: 'acsUrl', accountSid: match[1], region: 'us1' };
  match = LEGACY_ENTITY.exec(value);
  if (match) return { generation: 'legacy', role: 'entityId', accountSid: match[1], region: 'us1' };
  match = ENHANCED_ACS.exec(value);
  if (match) return { generation: 'enhanced', role: 'acsUrl', connectionSid: match[2], region: match[1] ?? 'us1' };
  match = ENHANCED_ENTITY.exec(value);
  if (match) return { generation: 'enhanced', role: 'entityId', connectionSid: match[1] };
  return null;
}

/** The exact Entity ID and ACS URL of each generation for this account (enhanced only with its `JQ…` SID). */
export function expectedEndpoints(accountSid: string, region: TwilioRegion, connectionSid?: string): Record<Exclude<FlexSsoGeneration, 'enhanced'>, FlexEndpointPair> & { enhanced?: FlexEndpointPair } {
  const preview = `https://preview.twilio.com/iam/Accounts/${accountSid}/saml2`;
  const legacyAcs = `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`;
  return {
    preview: { entityId: preview, acsUrl: preview },
    legacy: { entityId: `${legacyAcs}/metadata`, acsUrl: legacyAcs },
    ...(connectionSid ? { enhanced: { entityId: `urn:flex:${connectionSid}`, acsUrl: `https://login.flex.${region}.twilio.com/login/callback?connection=${connectionSid}` } } : {}),
  };
}

export const GENERATION_NAMES: Record<FlexSsoGeneration, string> = {
  preview: 'the deprecated preview.twilio.com endpoint',
  legacy: 'the legacy iam.twilio.com endpoint',
  enhanced: 'the enhanced (OAuth 2.0) connection',
};

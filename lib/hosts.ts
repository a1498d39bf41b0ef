/**
 * The remote parties Flex Steward talks to, as manifest match patterns.
 * Kept in one place because the manifest, the sender checks and the sandbox all need the same list.
 */

/** The Console shell: the only page trusted to frame the legacy TaskRouter pages. */
export const TWILIO_CONSOLE_ORIGIN = 'https://console.twilio.com';

/** The Console shell and the legacy frame it embeds TaskRouter pages from. */
export const TWILIO_CONSOLE_PATTERNS = ['https://console.twilio.com/*', 'https://www.twilio.com/console/*'];

/** US1 hosts by name; other regions and edges are `<product>.<edge>.<region>.twilio.com`. */
export const TWILIO_API_HOST_PATTERNS = [
  'https://taskrouter.twilio.com/*',
  'https://flex-api.twilio.com/*',
  'https://sync.twilio.com/*',
  // Flex's public authentication config (the enhanced SSO connection's SID), read without credentials.
  'https://services.twilio.com/*',
  'https://*.us1.twilio.com/*',
  'https://*.ie1.twilio.com/*',
  'https://*.au1.twilio.com/*',
];

/**
 * Where Flex's legacy and deprecated SAML endpoints receive the IdP's POST: the SAML login test
 * observes those POSTs (`webRequest` reports a request only to an extension with host permission
 * for its URL). The enhanced endpoint, `login.flex.<region>.twilio.com`, is already covered by
 * the regional patterns above. Nothing is ever sent to these hosts.
 */
export const FLEX_ACS_HOST_PATTERNS = ['https://iam.twilio.com/*', 'https://preview.twilio.com/*'];

/** Okta's cloud domains, where every Okta org that is not on a custom domain lives. */
export const OKTA_CLOUD_HOST_PATTERNS = ['https://*.okta.com/*', 'https://*.oktapreview.com/*', 'https://*.okta-emea.com/*'];

export const OKTA_CLOUD_SUFFIXES = ['.okta.com', '.oktapreview.com', '.okta-emea.com'] as const;

/**
 * Flex's SAML Assertion Consumer Service URLs of all three generations, as match patterns, for the
 * login test's `webRequest` filter (https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-RequestFilter):
 * legacy `https://iam.twilio.com/v1/Accounts/AC…/saml2`, deprecated
 * `https://preview.twilio.com/iam/Accounts/AC…/saml2` and enhanced
 * `https://login.flex.<region>.twilio.com/login/callback?connection=JQ…` (lib/sso/endpoints.ts).
 * A match pattern's path part matches the path and the query.
 */
export const FLEX_ACS_URL_PATTERNS = [
  'https://iam.twilio.com/v1/Accounts/*/saml2*',
  'https://preview.twilio.com/iam/Accounts/*',
  ...(['us1', 'ie1', 'au1'] as const).map((region) => `https://login.flex.${region}.twilio.com/login/callback*`),
];

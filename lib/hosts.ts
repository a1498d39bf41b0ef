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

/** Okta's cloud domains, where every Okta org that is not on a custom domain lives. */
export const OKTA_CLOUD_HOST_PATTERNS = ['https://*.okta.com/*', 'https://*.oktapreview.com/*', 'https://*.okta-emea.com/*'];

export const OKTA_CLOUD_SUFFIXES = ['.okta.com', '.oktapreview.com', '.okta-emea.com'] as const;

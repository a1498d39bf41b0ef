/**
 * Whether a URL is where Flex receives a SAMLResponse (an ACS URL), of any of the three
 * generations described in `lib/sso/endpoints.ts`:
 * - preview (deprecated): `https://preview.twilio.com/iam/Accounts/AC…/saml2`
 * - legacy: `https://iam.twilio.com/v1/Accounts/AC…/saml2`
 * - enhanced: `https://login.flex.<region>.twilio.com/login/callback?connection=JQ…`
 *
 * Kept tiny and free of imports: the capture (behind the `webRequest` filter `FLEX_ACS_URL_PATTERNS`
 * in lib/hosts.ts) and the HAR reader share it, and neither should pull in the XML stack.
 */
const ACS_URLS = [
  /^https:\/\/preview\.twilio\.com\/iam\/Accounts\/AC[0-9a-f]{32}\/saml2\/?$/i,
  /^https:\/\/iam\.twilio\.com\/v1\/Accounts\/AC[0-9a-f]{32}\/saml2\/?$/i,
  /^https:\/\/login\.flex(?:\.[a-z]{2}\d)?\.twilio\.com\/login\/callback\?(?:[^#]*&)?connection=JQ[0-9a-f]{32}(?:&[^#]*)?$/i,
];

export function isFlexAcsUrl(url: string): boolean {
  return ACS_URLS.some((pattern) => pattern.test(url.trim()));
}

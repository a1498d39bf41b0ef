/**
 * What an admin can hand the login test: a base64 `SAMLResponse` (as posted, or URL-encoded), the
 * raw XML, a HAR file or a SAML-tracer JSON export. Each yields the SAML responses in it that were
 * posted to a Flex ACS URL of any generation.
 */
export interface SamlInputResponse {
  /** The decoded XML. */
  xml: string;
  /** The URL it was posted to, when the input says (HAR, SAML-tracer, capture). */
  postedTo?: string;
  /** When it was posted, when the input says. */
  at?: string;
}

export type SamlInputKind = 'base64' | 'xml' | 'har' | 'saml-tracer';

/** The largest input accepted, whole (a HAR of a login is far smaller); each response is limited to 1 MB. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;

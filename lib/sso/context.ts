import type { OktaSamlSignOnSchema } from '../okta/schemas';
import type { TwilioRegion } from '../settings/settings';
import type { z } from 'zod';

/**
 * Everything the SSO rules compare page values against, gathered by the background
 * (`lib/sso/check-service.ts`) and passed in, so the rules stay pure and table-tested.
 */
export interface SsoContext {
  now: Date;
  /** The connected Twilio account: the Entity ID and ACS URL Flex should use are derived from it. */
  twilio: { accountSid: string; region: TwilioRegion };
  /**
   * The enhanced (OAuth 2.0) connection's `JQ…` SID when known: from Flex's authentication config
   * or from the page itself. Without it, enhanced URLs are checked for shape and account only.
   */
  connectionSid?: string;
  /** What Okta's Flex app says; absent when Okta is not connected or the app was not found. */
  okta?: OktaSsoFacts;
}

export type OktaSamlSignOn = z.infer<typeof OktaSamlSignOnSchema>;

export interface OktaSigningKeyFacts {
  kid: string;
  created: string;
  expiresAt: string;
  /** Base64 DER, leaf first. */
  x5c: string[];
  /**
   * SHA-256 fingerprint of `x5c[0]` (`AB:CD:…`), when the background computed it with
   * `certificateFingerprint` (WebCrypto is async; the rules are not). Shown in findings to say which
   * certificate Okta signs with now; the match itself compares the certificate bytes.
   */
  fingerprintSha256?: string;
}

export interface OktaSsoFacts {
  orgUrl: string;
  appId: string;
  appName: string;
  appLabel: string;
  signOn: OktaSamlSignOn;
  /** `credentials.signing.kid`: the key Okta signs with now. */
  activeKid?: string;
  keys: OktaSigningKeyFacts[];
  /** From `GET /api/v1/apps/{id}/sso/saml/metadata`: what Flex must hold as issuer, SSO URL and certificate. */
  metadata?: { issuer: string; ssoUrl: string; certificates: string[] };
  /** The Admin Console link to the app's Sign On tab, for "change it here". */
  signOnTabUrl: string;
}

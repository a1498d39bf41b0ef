import type { Problem } from '../problem';
import type { SsoContext } from '../sso/context';
import type { SsoFinding } from '../sso/finding';

/**
 * The SAML login test's contract: one SAMLResponse (decoded XML) judged the way Flex will judge it.
 * Findings use the SSO checks' vocabulary (rule ids `saml.*`; `field` points at the Okta or Flex
 * field to fix when there is one), so the side panel renders them with the same view.
 */
export interface SamlContext {
  /** The connected Twilio account, Flex's enhanced connection and the Okta Flex app's facts. */
  sso: SsoContext;
  /**
   * How far this computer's clock is from the API servers' (their `Date` header minus local time,
   * in ms), when measured: `NotBefore`/`NotOnOrAfter` are judged on the servers' time.
   */
  clockSkewMs?: number;
  /** The certificate on the Flex SSO page (PEM), used when the Okta app's is unknown. */
  flexPageCertificate?: string;
  /** The "Identity Provider Issuer" on the Flex SSO page, when read: the response's issuer must be it. */
  flexPageIssuer?: string;
}

/** The Flex user this login would produce, from the assertion's attributes. */
export interface FlexUserPreview {
  nameId?: string;
  nameIdFormat?: string;
  email?: string;
  fullName?: string;
  roles: string[];
}

export interface SamlDiagnosis {
  /** `pass` when no finding is an error: Flex would let this person in. */
  verdict: 'pass' | 'fail';
  /**
   * One sentence for the top of the result: "This login would fail because "roles" is missing; In
   * Okta, …" — the first error and its fix, or that Flex would accept it.
   */
  summary?: string;
  findings: SsoFinding[];
  user: FlexUserPreview;
  /** Where it was posted (`Destination`, or the URL it was captured on) and when it was issued. */
  destination?: string;
  issueInstant?: string;
  /** Why the document could not be judged at all (too large, not SAML, a DTD…); findings are then empty. */
  problem?: Problem;
}

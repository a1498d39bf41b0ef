import type { OktaSsoFacts, SsoContext } from './context';
import type { SsoFinding } from './finding';

/** Every rule that applies to the Okta Flex app's SAML settings against this Twilio account's connection. (Rules land in the SSO rules change.) */
export function checkOktaApp(okta: OktaSsoFacts, context: SsoContext): SsoFinding[] {
  void okta;
  void context;
  return [];
}

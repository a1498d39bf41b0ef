import type { OktaSignOnField } from '../sso/finding';
import { OKTA_FIELD_LABELS } from '../sso/labels';
import { oktaFix } from '../sso/okta-sign-on';
import type { SamlContext } from './diagnosis';

/**
 * The fix in the IdP's own words: Okta's Admin Console path and field label when the Okta Flex app
 * is known (`oktaFix`), else the same label for the admin to find in their IdP's Flex app.
 */
export function idpFix(context: SamlContext, field: OktaSignOnField, to: string): string {
  if (context.sso.okta) return oktaFix(context.sso.okta, field, to);
  return `In your identity provider's Flex app, set "${OKTA_FIELD_LABELS[field]}" (as Okta calls it) to ${to}.`;
}

/** "Add the attribute statement `roles` = …", in the words of Okta's "Attribute Statements" table (Name, Value). */
export function addAttributeFix(context: SamlContext, name: string, value: string): string {
  const okta = context.sso.okta;
  if (okta) return `In Okta, open the app "${okta.appLabel}", go to General > SAML Settings > Edit > Configure SAML > Attribute Statements, and add Name "${name}" (Name format Unspecified) with Value ${value}.`;
  return `In your identity provider's Flex app, add the attribute "${name}" with the value ${value}.`;
}

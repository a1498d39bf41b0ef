import type { TwilioRegion } from '../settings/settings';

/**
 * INTERIM, to be deleted at merge: minimal stand-ins with the same names and signatures as the
 * SSO rules change's `lib/sso/endpoints.ts` (`expectedEndpoints`), `lib/sso/migration.ts`
 * (`switchBackWindow`, `recommendSetupType`, `MIGRATION_DEADLINE_TEXT`) and `lib/sso/idp-checklists.ts`
 * (`IDP_LABELS`), so the side panel's checker could be built beside it. At merge, import those
 * modules instead and delete this file.
 */

export interface FlexEndpointPair {
  entityId: string;
  acsUrl: string;
}

export function expectedEndpoints(accountSid: string, region: TwilioRegion, connectionSid?: string): { preview: FlexEndpointPair; legacy: FlexEndpointPair; enhanced?: FlexEndpointPair } {
  const preview = `https://preview.twilio.com/iam/Accounts/${accountSid}/saml2`;
  const legacyAcs = `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`;
  return {
    preview: { entityId: preview, acsUrl: preview },
    legacy: { entityId: `${legacyAcs}/metadata`, acsUrl: legacyAcs },
    ...(connectionSid ? { enhanced: { entityId: `urn:flex:${connectionSid}`, acsUrl: `https://login.flex.${region}.twilio.com/login/callback?connection=${connectionSid}` } } : {}),
  };
}

export const MIGRATION_DEADLINE_TEXT = '31 March 2026';
export const SWITCH_BACK_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function switchBackWindow(migratedAt: Date, now: Date): { closesAt: Date; daysLeft: number; closed: boolean } {
  const closesAt = new Date(migratedAt.getTime() + SWITCH_BACK_DAYS * DAY_MS);
  const left = closesAt.getTime() - now.getTime();
  return { closesAt, daysLeft: left > 0 ? Math.ceil(left / DAY_MS) : 0, closed: left <= 0 };
}

export type SetupType = 'modify' | 'create';

export function recommendSetupType(situation: { oktaAdminAccess: boolean }): { setupType: SetupType; reason: string } {
  return situation.oktaAdminAccess
    ? { setupType: 'modify', reason: 'Okta admin access: yes. You can change the existing Flex app’s Entity ID and ACS URL yourself, in real time.' }
    : { setupType: 'create', reason: 'Okta admin access: no. A new IdP app lets you and the IdP administrator work asynchronously while the legacy connection keeps working.' };
}

export const IDP_IDS = ['okta', 'salesforce', 'entra', 'google', 'auth0'] as const;
export type IdpId = (typeof IDP_IDS)[number];

/** Seed 003's table: where each IdP labels the two values. */
export const IDP_LABELS: Record<IdpId, { name: string; page: string; entityIdLabel: string; acsUrlLabel: string }> = {
  okta: { name: 'Okta', page: 'Create SAML integration', entityIdLabel: 'Audience URI (SP Entity ID)', acsUrlLabel: 'Single sign on URL' },
  salesforce: { name: 'Salesforce', page: 'Web App settings', entityIdLabel: 'Entity ID', acsUrlLabel: 'ACS URL' },
  entra: { name: 'Entra ID (Azure AD)', page: 'SAML > General SAML settings', entityIdLabel: 'Identifier (Entity ID)', acsUrlLabel: 'Reply URL (Assertion Consumer Service URL)' },
  google: { name: 'Google', page: 'Service provider details', entityIdLabel: 'Entity ID', acsUrlLabel: 'ACS URL' },
  auth0: { name: 'Auth0', page: 'SAML2 Web App > Settings', entityIdLabel: 'audience setting', acsUrlLabel: 'Application Callback URL' },
};

export interface ChecklistItem {
  text: string;
  /** The exact value, for a copy button. */
  value?: string;
}

/** What to set in each IdP besides the two values, with this account's values filled in (seed 004 for Salesforce). */
export function idpChecklist(idp: IdpId, sp: FlexEndpointPair): ChecklistItem[] {
  const labels = IDP_LABELS[idp];
  const common: ChecklistItem[] = [
    { text: `${labels.entityIdLabel}`, value: sp.entityId },
    { text: `${labels.acsUrlLabel}`, value: sp.acsUrl },
  ];
  const attributes: ChecklistItem = { text: 'Attributes email, full_name and roles (exact, case-sensitive names; roles comma-separated from admin, supervisor, agent)' };
  switch (idp) {
    case 'okta':
      return [...common, { text: 'Response and Assertion Signature: Signed; Assertion Encryption: Unencrypted' }, attributes];
    case 'salesforce':
      return [
        ...common,
        { text: 'Subject Type: Username' },
        { text: 'Name ID Format', value: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
        { text: 'Verify Request Signatures and Encrypt SAML Response: unticked' },
        { text: 'Custom attribute full_name', value: '$User.FirstName + " " + $User.LastName' },
        { text: 'Custom attribute roles (in quotes)', value: '"agent"' },
        { text: 'Profiles that sign in to Flex: Connected App Access to the Twilio Flex app' },
        { text: 'In Flex: Identity Provider Issuer and Default Redirect URL', value: 'https://<yourdomain>.my.salesforce.com/idp/endpoint/HttpRedirect/' },
      ];
    case 'entra':
      return [...common, { text: 'Claims email, full_name and roles, named exactly so (no URI namespace)' }, { text: 'In Flex: Identity Provider Issuer https://sts.windows.net/<tenant>/ and SSO URL https://login.microsoftonline.com/<tenant>/saml2' }];
    case 'google':
      return [...common, attributes, { text: 'Google has no IdP-initiated login: agents start at Flex’s login link' }];
    case 'auth0':
      return [...common, attributes, { text: 'In Flex: Identity Provider Issuer urn:<tenant>.<region>.auth0.com' }];
  }
}

import type { FlexEndpointPair } from './endpoints';
import type { IdpKind } from './idp-values';
import { IDP_NAMES } from './idp-values';

/**
 * What to set in each identity provider, with this account's exact values: the side panel's
 * migration checker renders these lists (step 2, "Update your identity provider").
 *
 * The labels of the two values per IdP are seed 003's table
 * (https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/migration-guide, step 2).
 * The rest per IdP:
 * - Okta: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta and, for
 *   `appuser.roles`, https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/insights-user-roles
 * - Salesforce: seed 004, https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/salesforce
 *   (the current page's Start URL is https://flex.twilio.com/agent-desktop; the seed's older copy
 *   had `?path=/agent-desktop`).
 * - Entra ID, Google, Auth0: the two labels from seed 003, plus what Flex needs from any IdP
 *   (attribute names, signed response, no encryption).
 */

export interface IdpChecklistItem {
  /** Where it is set: in the IdP's console, or on Flex's Single sign-on page. */
  where: 'idp' | 'flex';
  /** The console's own label, e.g. "Audience URI (SP Entity ID)". */
  label: string;
  /** The exact value to enter, for a copy button; absent for a choice described by `instruction` alone. */
  value?: string;
  /** One sentence: what to do there. */
  instruction: string;
}

export interface IdpChecklist {
  idp: IdpKind;
  name: string;
  /** The IdP page where the Entity ID and ACS URL go (seed 003's "IdP page" column). */
  page: string;
  items: IdpChecklistItem[];
  /** Things to know that are not a field, e.g. Google's missing IdP-initiated login. */
  notes: string[];
}

/** Seed 003's table: the IdP page and how each IdP labels the Entity ID and the ACS URL. */
export const IDP_SP_LABELS: Record<IdpKind, { page: string; entityId: string; acsUrl: string }> = {
  google: { page: 'Service provider details', entityId: 'Entity ID', acsUrl: 'ACS URL' },
  okta: { page: 'Create SAML integration', entityId: 'Audience URI (SP Entity ID)', acsUrl: 'Single sign on URL' },
  salesforce: { page: 'Web App settings', entityId: 'Entity ID', acsUrl: 'ACS URL' },
  entra: { page: 'SAML > General SAML settings', entityId: 'Identifier (Entity ID)', acsUrl: 'Reply URL (Assertion Consumer Service URL)' },
  auth0: { page: 'SAML2 Web App > Settings', entityId: 'audience', acsUrl: 'Application Callback URL' },
};

export interface IdpChecklistOptions {
  /** Salesforce My Domain (`acme` in `acme.my.salesforce.com`), when known; a placeholder otherwise. */
  salesforceDomain?: string;
}

const spItems = (idp: IdpKind, endpoints: FlexEndpointPair): IdpChecklistItem[] => [
  { where: 'idp', label: IDP_SP_LABELS[idp].entityId, value: endpoints.entityId, instruction: `Paste Flex's Entity ID into "${IDP_SP_LABELS[idp].entityId}".` },
  { where: 'idp', label: IDP_SP_LABELS[idp].acsUrl, value: endpoints.acsUrl, instruction: `Paste Flex's ACS URL into "${IDP_SP_LABELS[idp].acsUrl}".` },
];

const ATTRIBUTES_NOTE = 'Flex needs attributes named exactly email, full_name and roles (lower case, no URI namespace); roles is a comma-separated list of admin, supervisor, agent and wfo.* Insights roles.';
const flexIdpData = (issuerFrom: string, ssoUrlFrom: string): IdpChecklistItem[] => [
  { where: 'flex', label: 'Identity Provider Issuer', instruction: `Paste ${issuerFrom}.` },
  { where: 'flex', label: 'Single Sign-On URL', instruction: `Paste ${ssoUrlFrom}.` },
  { where: 'flex', label: 'X.509 Certificate', instruction: "Paste the IdP's signing certificate (PEM)." },
];

export function idpChecklist(idp: IdpKind, endpoints: FlexEndpointPair, options: IdpChecklistOptions = {}): IdpChecklist {
  const base = { idp, name: IDP_NAMES[idp], page: IDP_SP_LABELS[idp].page };
  switch (idp) {
    case 'okta':
      return {
        ...base,
        items: [
          ...spItems(idp, endpoints),
          { where: 'idp', label: 'Use this for Recipient URL and Destination URL', instruction: 'Leave it ticked, so the Recipient and Destination URLs are the ACS URL.' },
          { where: 'idp', label: 'Default RelayState', instruction: 'Leave it blank.' },
          { where: 'idp', label: 'Name ID format', value: 'Unspecified', instruction: 'Leave "Unspecified" unless you work with a specific format.' },
          { where: 'idp', label: 'Application username', instruction: 'Use something unique per agent: the email or the Okta username.' },
          { where: 'idp', label: 'Response', value: 'Signed', instruction: 'Under "Show Advanced Settings", set it to Signed.' },
          { where: 'idp', label: 'Assertion Signature', value: 'Signed', instruction: 'Under "Show Advanced Settings", set it to Signed.' },
          { where: 'idp', label: 'Assertion Encryption', value: 'Unencrypted', instruction: "Set it to Unencrypted: Twilio doesn't currently support encryption." },
          { where: 'idp', label: 'Attribute Statements: email', value: 'user.email', instruction: 'Add a statement named email, Name format Unspecified.' },
          { where: 'idp', label: 'Attribute Statements: full_name', value: 'String.join(" ", user.firstName, user.lastName)', instruction: 'Add a statement named full_name, Name format Unspecified.' },
          { where: 'idp', label: 'Attribute Statements: roles', value: 'appuser.roles', instruction: 'Add a statement named roles, Name format Unspecified; set each assignment\'s roles (e.g. agent or supervisor,wfo.team_leader).' },
          ...flexIdpData('the issuer from the Okta app\'s "View SAML setup instructions"', 'the "Identity Provider Single Sign-On URL" from the same page'),
        ],
        notes: [ATTRIBUTES_NOTE],
      };
    case 'salesforce': {
      const domain = `https://${options.salesforceDomain ?? 'yourdomain'}.my.salesforce.com`;
      const redirect = `${domain}/idp/endpoint/HttpRedirect`;
      return {
        ...base,
        items: [
          { where: 'idp', label: 'Start URL', value: 'https://flex.twilio.com/agent-desktop', instruction: 'In Web App Settings, set the Start URL.' },
          { where: 'idp', label: 'Enable SAML', instruction: 'Tick it; the SAML fields appear.' },
          ...spItems(idp, endpoints),
          { where: 'idp', label: 'Subject Type', value: 'Username', instruction: 'Set it to Username.' },
          { where: 'idp', label: 'Name ID Format', value: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', instruction: 'Set it to the unspecified format.' },
          { where: 'idp', label: 'Issuer', value: `${domain}/`, instruction: 'Set it to your My Domain URL; Flex\'s "Identity Provider Issuer" must be the same value.' },
          { where: 'idp', label: 'IdP Certificate', instruction: 'Select the self-signed certificate (key size 2048) you created for Flex.' },
          { where: 'idp', label: 'Verify Request Signatures', instruction: 'Leave it unticked.' },
          { where: 'idp', label: 'Encrypt SAML Response', instruction: 'Leave it unticked.' },
          { where: 'idp', label: 'Custom Attributes: full_name', value: '$User.FirstName + " " + $User.LastName', instruction: 'Under Custom Attributes, click New and add the key full_name with this value.' },
          { where: 'idp', label: 'Custom Attributes: roles', value: '"agent"', instruction: 'Add the key roles with the value in quotes (the quotes are required); e.g. "agent, supervisor, admin" for more roles.' },
          { where: 'idp', label: 'Profiles > Connected App Access', instruction: 'Edit each profile that signs in to Flex (e.g. Standard User) and tick the Twilio Flex app; profiles without access can\'t complete SSO.' },
          // Seed 004 puts the HttpRedirect URL in Flex's issuer field too; the issuer Salesforce
          // sends is the connected app's "Issuer" above, so Flex is given that (see idp-values.ts).
          { where: 'flex', label: 'Identity Provider Issuer', value: `${domain}/`, instruction: 'Paste the connected app\'s Issuer: the two must be identical.' },
          { where: 'flex', label: 'Single Sign-On URL', value: redirect, instruction: "Paste Salesforce's HttpRedirect endpoint." },
          { where: 'flex', label: 'Default Redirect URL', value: redirect, instruction: 'Twilio\'s Salesforce guide sets it to the same HttpRedirect endpoint.' },
          { where: 'flex', label: 'X.509 Certificate', instruction: 'Paste the certificate you downloaded from Certificate and Key Management.' },
        ],
        notes: [ATTRIBUTES_NOTE],
      };
    }
    case 'entra':
      return {
        ...base,
        items: [
          ...spItems(idp, endpoints),
          { where: 'idp', label: 'Attributes & Claims', instruction: 'Add claims named email, full_name and roles, and clear each one\'s Namespace: Entra ID adds a URI namespace by default, and Flex reads the bare name.' },
          { where: 'idp', label: 'SAML Certificates', instruction: 'Download "Certificate (Base64)" for Flex; signing "Sign SAML response and assertion" keeps both signed.' },
          ...flexIdpData('the "Microsoft Entra Identifier" (https://sts.windows.net/<tenant>/, with its slash)', 'the "Login URL" (https://login.microsoftonline.com/<tenant>/saml2)'),
        ],
        notes: [ATTRIBUTES_NOTE],
      };
    case 'google':
      return {
        ...base,
        items: [
          ...spItems(idp, endpoints),
          { where: 'idp', label: 'Signed response', instruction: 'Tick it, so the whole response is signed.' },
          { where: 'idp', label: 'Attribute mapping', instruction: 'Map app attributes named email, full_name and roles (roles from a custom attribute holding e.g. agent).' },
          ...flexIdpData('the Entity ID from "Google Identity Provider details" (https://accounts.google.com/o/saml2?idpid=…)', 'the SSO URL from the same page (https://accounts.google.com/o/saml2/idp?idpid=…)'),
        ],
        notes: [ATTRIBUTES_NOTE, "Google has no IdP-initiated login: agents start from Flex's login link, not from the Google apps menu."],
      };
    case 'auth0':
      return {
        ...base,
        items: [
          { where: 'idp', label: IDP_SP_LABELS.auth0.acsUrl, value: endpoints.acsUrl, instruction: 'In the SAML2 Web App add-on, paste Flex\'s ACS URL into "Application Callback URL".' },
          { where: 'idp', label: 'Settings', value: JSON.stringify({ audience: endpoints.entityId, signResponse: true }, null, 2), instruction: 'Set "audience" in the add-on\'s Settings JSON to Flex\'s Entity ID, with the response signed.' },
          { where: 'idp', label: 'Settings: mappings', instruction: 'Map the user\'s profile to attributes named exactly email, full_name and roles.' },
          ...flexIdpData('the issuer (urn:<tenant>.<region>.auth0.com)', 'the SAML endpoint (https://<tenant>.<region>.auth0.com/samlp/<client id>)'),
        ],
        notes: [ATTRIBUTES_NOTE],
      };
  }
}

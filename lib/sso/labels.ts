import type { OktaSignOnField, SsoPageField } from './finding';

/**
 * Okta admin's own label for each `settings.signOn` value, so a fix says which field to change.
 * https://help.okta.com/en-us/content/topics/apps/apps_app_integration_wizard_saml.htm
 */
export const OKTA_FIELD_LABELS: Record<OktaSignOnField, string> = {
  ssoAcsUrl: 'Single sign on URL',
  audience: 'Audience URI (SP Entity ID)',
  recipient: 'Recipient URL',
  destination: 'Destination URL',
  subjectNameIdFormat: 'Name ID format',
  subjectNameIdTemplate: 'Application username',
  responseSigned: 'Response',
  assertionSigned: 'Assertion Signature',
  signatureAlgorithm: 'Signature Algorithm',
  digestAlgorithm: 'Digest Algorithm',
  assertionEncryption: 'Assertion Encryption',
  attributeStatements: 'Attribute Statements',
  signingCertificate: 'SAML Signing Certificates',
};

/** The Flex single-sign-on page's label for each field (the legacy form's and the set-up workflow's). */
export const FLEX_FIELD_LABELS: Record<SsoPageField, string> = {
  entityId: 'Entity ID',
  acsUrl: 'ACS URL',
  ssoUrl: 'SSO URL',
  issuer: 'Identity Provider Issuer',
  certificate: 'X.509 Certificate',
  redirectUrl: 'Default Redirect URL',
  trustedDomains: 'Trusted domains',
  domainRedirectUrl: 'Domain redirect URL',
  friendlyName: 'Friendly Name',
};

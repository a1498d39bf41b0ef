import { createHash } from 'node:crypto';
import { escapeHtml } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import { oktaId, seededRandom } from '../random';
import type { OktaApp, OktaSamlSignOn, OktaSigningKey } from '../state';

/**
 * The identity-provider side of a SAML app as Okta publishes it. Other sandbox pages (the Okta
 * admin's "View SAML setup instructions", the Flex SSO page) must show these same values, so
 * they derive them from here rather than inventing their own.
 */

/**
 * A Flex app as Twilio's Okta guide has it set up (https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta):
 * Response and Assertion Signature "Signed", Signature and Digest Algorithm left at Okta's default
 * (RSA-SHA256, SHA256), Assertion Encryption "Unencrypted", the rest at its defaults, no overrides.
 */
export const OKTA_SAML_DEFAULTS = {
  ssoAcsUrlOverride: null,
  audienceOverride: null,
  recipientOverride: null,
  destinationOverride: null,
  responseSigned: true,
  assertionSigned: true,
  signatureAlgorithm: 'RSA_SHA256',
  digestAlgorithm: 'SHA256',
  assertionEncryption: { enabled: false },
  honorForceAuthn: true,
} as const satisfies Partial<OktaSamlSignOn>;

function seedFrom(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** Okta's per-app IdP key (`exk…`): stable for an app id, so metadata fetched twice agrees. */
export function samlIdpKey(app: Pick<OktaApp, 'id'>): string {
  return oktaId('exk', seededRandom(seedFrom(app.id)));
}

/** The IdP entity ID (`Issuer`) a service provider such as Flex is configured with. */
export function samlIdpIssuer(app: Pick<OktaApp, 'id'>): string {
  return `http://www.okta.com/${samlIdpKey(app)}`;
}

/** Where the service provider sends users to sign in. */
export function samlSsoUrl(app: Pick<OktaApp, 'id' | 'name'>): string {
  return `https://${SANDBOX_HOSTS.okta}/app/${app.name}/${samlIdpKey(app)}/sso/saml`;
}

export function samlMetadata(app: OktaApp, key: OktaSigningKey | undefined): string {
  const certificate = key?.x5c[0];
  const keyDescriptor = certificate
    ? `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${escapeHtml(certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
    : '';
  const sso = escapeHtml(samlSsoUrl(app));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor entityID="${escapeHtml(samlIdpIssuer(app))}" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    keyDescriptor +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>' +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>' +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}

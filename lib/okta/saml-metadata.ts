import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';

/**
 * The three things Flex must hold from an Okta app's SAML metadata: the IdP's entity ID (Flex's
 * "Identity Provider Issuer"), its single sign-on URL, and its signing certificate.
 *
 * The background is a service worker, which has no DOMParser, so the document is parsed with
 * @xmldom/xmldom (≥ 0.9.12; earlier versions have published advisories) and read by namespace, as
 * SAML V2.0 Metadata defines it (saml-metadata-2.0-os §2.3.2 entityID, §2.4.3 SingleSignOnService
 * Binding/Location): https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf.
 * A document with a DTD is refused rather than expanded (metadata never needs one), and a document
 * that is not well-formed yields nothing: what cannot be read is absent, never guessed.
 */

export const SAML_BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const SAML_BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SamlIdpMetadata {
  issuer?: string;
  /** The HTTP-POST location when there is one, else HTTP-Redirect: what Flex's "SSO URL" holds. */
  ssoUrl?: string;
  ssoServices: { binding: string; location: string }[];
  /** Base64 DER, whitespace removed, in document order, duplicates dropped. */
  certificates: string[];
}

const NOTHING: SamlIdpMetadata = { ssoServices: [], certificates: [] };

function parse(xml: string) {
  // Entity declarations are how XML bombs and external entities get in; refuse before parsing.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'application/xml');
    return doc.doctype ? null : doc;
  } catch {
    return null;
  }
}

export function parseSamlIdpMetadata(xml: string): SamlIdpMetadata {
  const doc = parse(xml);
  const entity = doc?.documentElement;
  if (!doc || !entity || entity.namespaceURI !== METADATA_NS || entity.localName !== 'EntityDescriptor') return NOTHING;
  const elements = (ns: string, name: string) => Array.from(doc.getElementsByTagNameNS(ns, name)) as XmlElement[];
  const ssoServices = elements(METADATA_NS, 'SingleSignOnService').flatMap((service) => {
    const binding = service.getAttribute('Binding');
    const location = service.getAttribute('Location')?.trim();
    return binding && location ? [{ binding, location }] : [];
  });
  const ssoUrl = (ssoServices.find((s) => s.binding === SAML_BINDING_POST) ?? ssoServices.find((s) => s.binding === SAML_BINDING_REDIRECT))?.location;
  const certificates = [...new Set(elements(DSIG_NS, 'X509Certificate').map((c) => (c.textContent ?? '').replace(/\s+/g, '')).filter(Boolean))];
  const issuer = entity.getAttribute('entityID')?.trim();
  return { ...(issuer ? { issuer } : {}), ...(ssoUrl ? { ssoUrl } : {}), ssoServices, certificates };
}

/** A certificate as Flex's "X.509 Certificate" field takes it: PEM, 64 characters a line. */
export function toPem(base64Der: string): string {
  const lines = base64Der.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

/**
 * The three things Flex must hold from an Okta app's SAML metadata: the IdP's entity ID (Flex's
 * "Identity Provider Issuer"), its single sign-on URL, and its signing certificate.
 *
 * The background is a service worker, which has no DOMParser, and the project has no XML parser
 * dependency, so this reads the few elements it needs with careful extraction instead: element
 * names with any namespace prefix, attributes in any order with either quote, the five predefined
 * XML entities and numeric character references decoded. Comments and CDATA are removed first so a
 * commented-out element is never read. It is not a general XML parser; anything it cannot read is
 * absent rather than guessed. Metadata schema: SAML V2.0 Metadata (saml-metadata-2.0-os, §2.3.2
 * entityID, §2.4.3 SingleSignOnService Binding/Location), https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf
 */

export const SAML_BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const SAML_BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface SamlIdpMetadata {
  issuer?: string;
  /** The HTTP-POST location when there is one, else HTTP-Redirect: what Flex's "SSO URL" holds. */
  ssoUrl?: string;
  ssoServices: { binding: string; location: string }[];
  /** Base64 DER, whitespace removed, in document order, duplicates dropped. */
  certificates: string[];
}

const NAME = '(?:[A-Za-z_][\\w.-]*:)?';

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named as 'amp'];
  });
}

/** The start tags of elements with this local name, any prefix. */
function startTags(xml: string, localName: string): string[] {
  return [...xml.matchAll(new RegExp(`<${NAME}${localName}(?=[\\s/>])[^>]*>`, 'g'))].map((m) => m[0]);
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : undefined;
}

/** The text of elements with this local name (no nested elements expected). */
function texts(xml: string, localName: string): string[] {
  return [...xml.matchAll(new RegExp(`<${NAME}${localName}(?:\\s[^>]*)?>([^<]*)</${NAME}${localName}\\s*>`, 'g'))].map((m) => decodeEntities(m[1]!));
}

export function parseSamlIdpMetadata(xml: string): SamlIdpMetadata {
  const cleaned = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, inner: string) => inner.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  const entity = startTags(cleaned, 'EntityDescriptor')[0];
  const ssoServices = startTags(cleaned, 'SingleSignOnService').flatMap((tag) => {
    const binding = attribute(tag, 'Binding');
    const location = attribute(tag, 'Location');
    return binding && location ? [{ binding, location: location.trim() }] : [];
  });
  const ssoUrl = (ssoServices.find((s) => s.binding === SAML_BINDING_POST) ?? ssoServices.find((s) => s.binding === SAML_BINDING_REDIRECT))?.location;
  const certificates = [...new Set(texts(cleaned, 'X509Certificate').map((c) => c.replace(/\s+/g, '')).filter(Boolean))];
  const issuer = entity ? attribute(entity, 'entityID')?.trim() : undefined;
  return { ...(issuer ? { issuer } : {}), ...(ssoUrl ? { ssoUrl } : {}), ssoServices, certificates };
}

/** A certificate as Flex's "X.509 Certificate" field takes it: PEM, 64 characters a line. */
export function toPem(base64Der: string): string {
  const lines = base64Der.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

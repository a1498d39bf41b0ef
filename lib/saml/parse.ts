import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import type { Problem } from '../problem';

/**
 * A SAMLResponse read the safe way, before any of its fields is believed. A service worker has no
 * DOMParser, so the document is parsed with @xmldom/xmldom (≥ 0.9.12: earlier versions have
 * published advisories), as `lib/okta/saml-metadata.ts` does.
 *
 * - A DOCTYPE, an entity declaration or a processing instruction is refused, never expanded: that
 *   is how XXE and "billion laughs" documents get in, and a SAML response never needs one.
 * - The root must be exactly one `samlp:Response` in the protocol namespace (saml-core-2.0-os §3.2.2,
 *   https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf).
 * - Exactly one `saml:Assertion`, a child of the Response: a second one anywhere is how signature
 *   wrapping (Somorovsky et al., "On Breaking SAML", USENIX Security 2012) slips an unsigned
 *   assertion past a verifier that checks one element and reads another.
 * - An `EncryptedAssertion` is explained: "Twilio doesn't currently support encryption"
 *   (https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta).
 */

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

const ELEMENT_NODE = 1;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;
const DOCUMENT_TYPE_NODE = 10;

export interface ParsedSamlResponse {
  doc: Document;
  response: Element;
  /** The one assertion whose fields are read: the Response's only `Assertion` child; absent when there is none or more. */
  assertion?: Element;
  /** The Response's `Assertion` children: when there are several, the first is the one whose signature is judged. */
  assertionChildren: Element[];
  /** Every `saml:Assertion` in the document, wherever it is: more than one, or one elsewhere, is refused. */
  assertionsInDocument: number;
  encryptedAssertions: number;
}

const refused = (message: string, nextStep = 'Paste the SAMLResponse exactly as your identity provider posted it to Flex.'): { problem: Problem } => ({
  problem: { code: 'invalid-request', message, nextStep, service: 'extension', retryable: false },
});

/** Element children of `parent` in `ns` named `localName`, in document order. */
export function childrenNamed(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === ns && (node as Element).localName === localName) found.push(node as Element);
  }
  return found;
}

export const firstChild = (parent: Element | undefined, ns: string, localName: string): Element | undefined => (parent ? childrenNamed(parent, ns, localName)[0] : undefined);

/** Every element in the document named so, wherever it is. */
export function elementsNamed(doc: Document, ns: string, localName: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName)) as Element[];
}

/**
 * An element's text, and whether comments split it. Exclusive c14n drops comments, so
 * `admin@corp.com<!---->.evil.com` keeps a valid signature while a reader that takes the first text
 * node sees `admin@corp.com`: such text is flagged, never trusted.
 */
export function textOf(element: Element): { text: string; commented: boolean } {
  let text = '';
  let commented = false;
  for (let node: Node | null = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === COMMENT_NODE) commented = true;
    else if (node.nodeType === ELEMENT_NODE) commented = true;
    else text += node.nodeValue ?? '';
  }
  return { text: text.trim(), commented };
}

function hasForbiddenNode(node: Node): boolean {
  if (node.nodeType === DOCUMENT_TYPE_NODE) return true;
  if (node.nodeType === PROCESSING_INSTRUCTION_NODE && (node as unknown as { target: string }).target.toLowerCase() !== 'xml') return true;
  for (let child = node.firstChild; child; child = child.nextSibling) if (hasForbiddenNode(child)) return true;
  return false;
}

export function parseSamlResponse(xml: string): ParsedSamlResponse | { problem: Problem } {
  // Refused before parsing: the parser never sees a declaration it could expand.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return refused('The document declares a DOCTYPE or entities; a SAML response never does, and the login test refuses it unread (that is how XXE and entity-expansion attacks get in).');
  }
  if (/<\?(?!xml[\s?])/i.test(xml)) return refused('The document carries a processing instruction; a SAML response has none, so the login test refuses it.');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    return refused('The SAML response is not well-formed XML.', 'Copy the whole SAMLResponse value again: it may have been cut short.');
  }
  if (hasForbiddenNode(doc)) return refused('The document declares a DOCTYPE or a processing instruction; the login test refuses it unread.');
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') {
    const found = response ? `<${response.nodeName}>` : 'nothing';
    return refused(`This is ${found}, not a SAML 2.0 Response (samlp:Response): the login test diagnoses what the identity provider posts to Flex.`, 'Paste the SAMLResponse posted to Flex, not a SAMLRequest or metadata.');
  }

  const ownAssertions = childrenNamed(response, ASSERTION_NS, 'Assertion');
  const assertion = ownAssertions.length === 1 ? ownAssertions[0] : undefined;
  return {
    doc,
    response,
    ...(assertion ? { assertion } : {}),
    assertionChildren: ownAssertions,
    assertionsInDocument: elementsNamed(doc, ASSERTION_NS, 'Assertion').length,
    encryptedAssertions: childrenNamed(response, ASSERTION_NS, 'EncryptedAssertion').length,
  };
}

import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { diagnoseSamlResponse } from './diagnose';
import { ASSERTION_NS, DSIG_NS, PROTOCOL_NS, childrenNamed } from './parse';
import { samlContext, signedResponse } from './test-fixtures';

/**
 * The eight XML Signature Wrapping variants of Somorovsky et al., "On Breaking SAML: Be Whoever You
 * Want to Be" (USENIX Security 2012), as SAML Raider builds them: each keeps the genuinely signed
 * element somewhere a signature check still finds it, and puts an evil copy (here: the NameID and
 * email of an admin) where a careless reader looks. All eight must fail, and none may present the
 * evil user as the one Flex would sign in.
 */
const EVIL = 'root@acme.com';

const one = (parent: Element | Document, ns: string, name: string) => {
  const found = (parent as Element).getElementsByTagNameNS(ns, name)[0];
  if (!found) throw new Error(`no ${name}`);
  return found as Element;
};
const signatureOf = (element: Element) => childrenNamed(element, DSIG_NS, 'Signature')[0]!;

/** A copy of `element` made evil: another ID, the admin's NameID, and without its signature unless told. */
function evil(element: Element, keepSignature = false): Element {
  const copy = element.cloneNode(true) as Element;
  copy.setAttribute('ID', `evil-${element.getAttribute('ID')}`);
  for (const nameId of Array.from(copy.getElementsByTagNameNS(ASSERTION_NS, 'NameID'))) nameId.textContent = EVIL;
  if (!keepSignature) for (const signature of childrenNamed(copy, DSIG_NS, 'Signature')) copy.removeChild(signature);
  return copy;
}

const withoutSignature = (element: Element) => {
  const copy = element.cloneNode(true) as Element;
  for (const signature of childrenNamed(copy, DSIG_NS, 'Signature')) copy.removeChild(signature);
  return copy;
};

type Wrap = (doc: Document, response: Element, assertion: Element) => Document;

const VARIANTS: [name: string, wrap: Wrap, caughtBy: string][] = [
  // XSW1: an evil Response at the root; the original Response, unsigned, inside the root's Signature.
  ['XSW1', (doc, response) => {
    const original = withoutSignature(response);
    const root = evil(response, true);
    signatureOf(root).appendChild(original);
    doc.replaceChild(root, response);
    return doc;
  }, 'saml.signature.response'],
  // XSW2: as XSW1, with the original Response a sibling before the Signature (a detached signature).
  ['XSW2', (doc, response) => {
    const original = withoutSignature(response);
    const root = evil(response, true);
    root.insertBefore(original, signatureOf(root));
    doc.replaceChild(root, response);
    return doc;
  }, 'saml.signature.response'],
  // XSW3: an evil Assertion inserted before the signed one.
  ['XSW3', (_doc, response, assertion) => {
    response.insertBefore(evil(assertion), assertion);
    return _doc;
  }, 'saml.signature.assertion'],
  // XSW4: an evil Assertion in its place, with the signed one inside it.
  ['XSW4', (doc, response, assertion) => {
    const copy = evil(assertion);
    response.replaceChild(copy, assertion);
    copy.appendChild(assertion);
    return doc;
  }, 'saml.signature.assertion'],
  // XSW5: the evil Assertion carries the signature; an unsigned copy of the original is appended to the Response.
  ['XSW5', (doc, response, assertion) => {
    const original = withoutSignature(assertion);
    response.replaceChild(evil(assertion, true), assertion);
    response.appendChild(original);
    return doc;
  }, 'saml.signature.assertion'],
  // XSW6: as XSW5, with the original inside the evil Assertion's Signature.
  ['XSW6', (doc, response, assertion) => {
    const original = withoutSignature(assertion);
    const copy = evil(assertion, true);
    response.replaceChild(copy, assertion);
    signatureOf(copy).appendChild(original);
    return doc;
  }, 'saml.signature.assertion'],
  // XSW7: the signed Assertion moved into an Extensions element; an evil one in its place.
  ['XSW7', (doc, response, assertion) => {
    const extensions = doc.createElementNS(PROTOCOL_NS, 'saml2p:Extensions');
    response.insertBefore(extensions, assertion);
    response.replaceChild(evil(assertion), assertion);
    extensions.appendChild(assertion);
    return doc;
  }, 'saml.signature.assertion'],
  // XSW8: the evil Assertion carries the signature; the original, unsigned, inside a ds:Object of it.
  ['XSW8', (doc, response, assertion) => {
    const original = withoutSignature(assertion);
    const copy = evil(assertion, true);
    response.replaceChild(copy, assertion);
    const object = doc.createElementNS(DSIG_NS, 'ds:Object');
    object.appendChild(original);
    signatureOf(copy).appendChild(object);
    return doc;
  }, 'saml.signature.assertion'],
];

async function wrapped(wrap: Wrap, signOnly?: 'response' | 'assertion'): Promise<string> {
  const options = signOnly === 'response' ? { assertion: false } : signOnly === 'assertion' ? { response: false } : {};
  const doc = new DOMParser().parseFromString(await signedResponse({}, options), 'text/xml');
  const response = doc.documentElement!;
  return new XMLSerializer().serializeToString(wrap(doc, response, one(response, ASSERTION_NS, 'Assertion')));
}

describe('signature wrapping (XSW1–XSW8) is rejected', () => {
  it.each(VARIANTS)('%s fails, and the evil user is never the one Flex would sign in', async (_name, wrap) => {
    const xml = await wrapped(wrap);
    expect(xml).toContain(EVIL);
    const d = await diagnoseSamlResponse(xml, await samlContext());
    expect(d.verdict).toBe('fail');
    expect(d.summary).toMatch(/^This login would fail because/);
    expect(d.user).toEqual({ roles: [] });
    expect(JSON.stringify(d.findings)).not.toContain(EVIL);
  });

  it.each(VARIANTS)('%s is caught by the wrapping defence of the signature it targets, with only that element signed', async (name, wrap, caughtBy) => {
    // Signing only the targeted element leaves no other signature whose digest would break: the defence alone must catch it.
    const d = await diagnoseSamlResponse(await wrapped(wrap, caughtBy === 'saml.signature.response' ? 'response' : 'assertion'), await samlContext());
    const finding = d.findings.find((f) => f.rule === caughtBy);
    expect(finding?.severity, name).toBe('error');
    expect(finding?.message, name).toMatch(/signature-wrapping attack|signature is invalid|is not signed/);
  });
});

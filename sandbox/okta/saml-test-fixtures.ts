import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { decodeEntities } from '../pages/test-fixtures';
import { findFlexApp } from '../pages/console';
import { activeSigningKey, certificatePem } from '../pages/okta-admin';
import type { Sandbox } from '../server';
import { samlSsoUrl } from './saml';
import { SAML_NS } from './saml-response';

/** The auto-posting form of Okta's IdP-initiated login page. */
export function postedForm(page: string): { action: string; samlResponse: string; relayState: string | undefined } {
  const action = /<form[^>]*\baction="([^"]*)"/.exec(page)?.[1];
  const input = (name: string) => new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(page)?.[1];
  const samlResponse = input('SAMLResponse');
  if (action === undefined || samlResponse === undefined) throw new Error(`no SAML form in ${page.slice(0, 300)}`);
  const relayState = input('RelayState');
  return { action: decodeEntities(action), samlResponse: decodeEntities(samlResponse), relayState: relayState === undefined ? undefined : decodeEntities(relayState) };
}

/** The Flex app's IdP-initiated login URL, optionally as the Okta user `login`. */
export function flexLoginUrl(sandbox: Sandbox, login?: string): string {
  const app = findFlexApp(sandbox.state);
  if (!app) throw new Error('no Flex app');
  return samlSsoUrl(app) + (login === undefined ? '' : `?login=${encodeURIComponent(login)}`);
}

/** Opens the login page and returns what it would post. */
export async function oktaLogin(sandbox: Sandbox, fetchImpl: typeof fetch, login?: string) {
  const response = await fetchImpl(flexLoginUrl(sandbox, login));
  if (response.status !== 200) throw new Error(`login page answered ${response.status}`);
  const form = postedForm(await response.text());
  return { ...form, xml: Buffer.from(form.samlResponse, 'base64').toString('utf8') };
}

/** Submits the form as the page's script does. */
export function postToAcs(fetchImpl: typeof fetch, form: { action: string; samlResponse: string }): Promise<Response> {
  return fetchImpl(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: form.samlResponse, RelayState: '' }).toString(),
    redirect: 'manual',
  });
}

export const flexAppCertificatePem = (sandbox: Sandbox) => certificatePem(activeSigningKey(sandbox.state, findFlexApp(sandbox.state)!)!.x5c[0]!);

export const parseXml = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml').documentElement!;

export const elements = (root: XmlElement, name: string, ns: string = SAML_NS.assertion): XmlElement[] => Array.from(root.getElementsByTagNameNS(ns, name));

/** Whether the signature directly inside `element` verifies with `certificate` and references that element. */
export function signatureVerifies(xml: string, element: XmlElement, certificate: string): boolean {
  const signature = Array.from(element.childNodes).find((n): n is XmlElement => n.nodeType === 1 && (n as XmlElement).localName === 'Signature');
  if (!signature) return false;
  const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signature.toString());
  try {
    return verifier.checkSignature(xml) && verifier.getReferences()[0]?.uri === `#${element.getAttribute('ID')}`;
  } catch {
    // xml-crypto throws, rather than answering false, when the signature value is wrong.
    return false;
  }
}

/** Attribute name → values, from every AttributeStatement. */
export function samlAttributes(root: XmlElement): Record<string, { nameFormat: string; values: string[] }> {
  return Object.fromEntries(
    elements(root, 'Attribute').map((a) => [a.getAttribute('Name'), { nameFormat: a.getAttribute('NameFormat') ?? '', values: elements(a, 'AttributeValue').map((v) => v.textContent ?? '') }]),
  );
}

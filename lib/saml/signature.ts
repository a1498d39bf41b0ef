import { Application, SignedXml } from 'xmldsigjs';
import type { Document, Element } from '@xmldom/xmldom';
import { certificateBytes, certificateFingerprint, parseCertificate } from '../sso/certificate';
import type { SsoFinding } from '../sso/finding';
import { error, flexField, ok, oktaField, warning } from '../sso/finding';
import type { SamlContext } from './diagnosis';
import { idpFix } from './fix';
import { DSIG_NS, childrenNamed, elementsNamed, firstChild, textOf, type ParsedSamlResponse } from './parse';

/**
 * The XML signatures on the Response and on its Assertion, verified with the IdP's certificate
 * (the Okta app's active key, else the certificate on the Flex SSO page), never with a certificate
 * the document brings along (that only names "another key").
 *
 * xmldsigjs (WebCrypto) checks digests and the signature value, not *which* element was signed, so
 * the wrapping defence (Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX
 * Security 2012, XSW1–XSW8) is here: the Signature is a direct child of the element it signs; its
 * single Reference is `#ID` of exactly one element in the whole document, and that element is the
 * very Response / Assertion whose fields are read; transforms are only enveloped-signature and
 * exclusive c14n (the SAML profile of XML-DSig, saml-core-2.0-os §5.4,
 * https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf).
 *
 * Only paths of xmldsigjs that need no `document`, `DOMParser` or XPath are used (a SignedXml built
 * from the parsed Document, `LoadXml(element)`, `Verify(key)`), so this runs in a service worker;
 * the unit tests run without DOM globals to prove it.
 */
Application.setEngine('WebCrypto', globalThis.crypto);

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const EXC_C14N_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
const ALLOWED_TRANSFORMS = new Set([ENVELOPED, EXC_C14N, EXC_C14N_COMMENTS]);
const ALLOWED_C14N = new Set([EXC_C14N, EXC_C14N_COMMENTS]);
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id', 'AssertionID']);

const ALGORITHM_NAMES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'RSA-SHA384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};
const algorithmName = (uri: string) => ALGORITHM_NAMES[uri] ?? uri;

export type SignedPart = 'response' | 'assertion';

export type SignatureState =
  | { state: 'verified'; signatureAlgorithm: string; digestAlgorithm: string; withComments: boolean; key: 'okta' | 'flex-page' }
  | { state: 'unsigned' }
  | { state: 'wrapped'; why: string }
  | { state: 'invalid'; why: string }
  | { state: 'other-key'; fingerprint: string }
  | { state: 'no-key'; signatureAlgorithm: string; digestAlgorithm: string };

interface TrustedCertificate {
  base64: string;
  source: 'okta' | 'flex-page';
}

function trustedCertificate(context: SamlContext): TrustedCertificate | null {
  const okta = context.sso.okta;
  const active = okta?.keys.find((key) => key.kid === okta.activeKid)?.x5c[0];
  if (active) return { base64: active.replace(/\s+/g, ''), source: 'okta' };
  if (context.flexPageCertificate && certificateBytes(context.flexPageCertificate)) {
    return { base64: context.flexPageCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), source: 'flex-page' };
  }
  return null;
}

async function importPublicKey(certificate: string): Promise<CryptoKey | null> {
  const parsed = parseCertificate(certificate);
  if (!parsed) return null;
  try {
    // xmldsigjs re-imports the key with the signature's own hash; SHA-256 here is a placeholder.
    return await globalThis.crypto.subtle.importKey('spki', parsed.publicKey.rawData, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  } catch {
    return null;
  }
}

/** Public keys by certificate: the same IdP certificate verifies every response of a session. */
const publicKeys = new Map<string, Promise<CryptoKey | null>>();
const MAX_CACHED_KEYS = 8;

function publicKeyOf(certificate: string): Promise<CryptoKey | null> {
  let key = publicKeys.get(certificate);
  if (!key) {
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear();
    key = importPublicKey(certificate);
    publicKeys.set(certificate, key);
  }
  return key;
}

async function cryptoVerifies(doc: Document, element: Element, signature: Element, key: CryptoKey): Promise<boolean> {
  try {
    const signed = new SignedXml(doc as unknown as globalThis.Document);
    signed.LoadXml(signature as unknown as globalThis.Element);
    // The signed element as the content: xmldsigjs clones it rather than the whole document. The
    // reference was already checked to name this element and no other in the whole document.
    return await signed.Verify({ key, content: element as unknown as globalThis.Element });
  } catch {
    // A digest that does not match throws: the signed content was changed.
    return false;
  }
}

/** How many elements of the whole document carry `id` as an ID-like attribute. */
function elementsWithId(doc: Document, id: string): number {
  let count = 0;
  const visit = (element: Element) => {
    for (let i = 0; i < element.attributes.length; i++) {
      const attribute = element.attributes.item(i)!;
      if (ID_ATTRIBUTES.has(attribute.localName ?? attribute.name) && attribute.value === id) count += 1;
    }
    for (let child = element.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) visit(child as Element);
  };
  if (doc.documentElement) visit(doc.documentElement);
  return count;
}

/** Every structural rule of the SAML profile of XML-DSig that the signed element must meet, or why not. */
function structure(doc: Document, element: Element, signature: Element): { why: string } | { signatureAlgorithm: string; digestAlgorithm: string; withComments: boolean } {
  const signedInfo = firstChild(signature, DSIG_NS, 'SignedInfo');
  if (!signedInfo) return { why: 'its Signature has no SignedInfo' };
  const c14n = firstChild(signedInfo, DSIG_NS, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? '';
  if (!ALLOWED_C14N.has(c14n)) return { why: `it is canonicalized with ${c14n || 'nothing'}, not exclusive c14n` };
  const references = childrenNamed(signedInfo, DSIG_NS, 'Reference');
  if (references.length !== 1) return { why: `its signature has ${references.length} references instead of one` };
  const uri = references[0]!.getAttribute('URI') ?? '';
  const id = /^#(.+)$/.exec(uri)?.[1];
  if (!id) return { why: `its signature's reference is "${uri}", not "#ID" of the element it signs` };
  const matches = elementsWithId(doc, id);
  if (matches !== 1) return { why: `its signature's reference #${id} matches ${matches} elements of the document instead of one` };
  if (element.getAttribute('ID') !== id) return { why: `its signature signs #${id}, another element than the one Flex reads` };
  const transforms = childrenNamed(firstChild(references[0]!, DSIG_NS, 'Transforms') ?? references[0]!, DSIG_NS, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
  const unexpected = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
  if (unexpected !== undefined) return { why: `its signature uses the transform ${unexpected || '(none named)'}, beyond enveloped-signature and exclusive c14n` };
  if (!transforms.includes(ENVELOPED)) return { why: 'its signature is not an enveloped signature' };
  const signatureAlgorithm = algorithmName(firstChild(signedInfo, DSIG_NS, 'SignatureMethod')?.getAttribute('Algorithm') ?? '');
  const digestAlgorithm = algorithmName(firstChild(references[0]!, DSIG_NS, 'DigestMethod')?.getAttribute('Algorithm') ?? '');
  return { signatureAlgorithm, digestAlgorithm, withComments: c14n === EXC_C14N_COMMENTS || transforms.includes(EXC_C14N_COMMENTS) };
}

function keyInfoCertificate(signature: Element): string | null {
  const certificate = firstChild(firstChild(firstChild(signature, DSIG_NS, 'KeyInfo'), DSIG_NS, 'X509Data'), DSIG_NS, 'X509Certificate');
  return certificate ? textOf(certificate).text.replace(/\s+/g, '') : null;
}

export async function checkSignatureOf(parsed: ParsedSamlResponse, element: Element, context: SamlContext): Promise<SignatureState> {
  const signatures = childrenNamed(element, DSIG_NS, 'Signature');
  if (signatures.length === 0) return { state: 'unsigned' };
  if (signatures.length > 1) return { state: 'wrapped', why: `it carries ${signatures.length} signatures` };
  const signature = signatures[0]!;
  const shape = structure(parsed.doc, element, signature);
  if ('why' in shape) return { state: 'wrapped', why: shape.why };
  const trusted = trustedCertificate(context);
  if (!trusted) return { state: 'no-key', signatureAlgorithm: shape.signatureAlgorithm, digestAlgorithm: shape.digestAlgorithm };
  const key = await publicKeyOf(trusted.base64);
  if (key && (await cryptoVerifies(parsed.doc, element, signature, key))) return { state: 'verified', ...shape, key: trusted.source };
  const carried = keyInfoCertificate(signature);
  if (carried && carried !== trusted.base64) {
    const otherKey = await publicKeyOf(carried);
    if (otherKey && (await cryptoVerifies(parsed.doc, element, signature, otherKey))) return { state: 'other-key', fingerprint: (await certificateFingerprint(carried)) ?? 'unknown' };
  }
  return { state: 'invalid', why: 'the signature does not match the content: it was changed after signing, or signed with a key other than the one Flex trusts' };
}

/** The assertion whose signature is judged: the one Flex reads, or the first of several (which a careless reader would take). */
const judgedAssertion = (parsed: ParsedSamlResponse): Element | undefined => parsed.assertion ?? parsed.assertionChildren[0];

/** A ds:Signature anywhere but directly under the Response or the Assertion is a wrapping attempt. */
function strayedSignatures(parsed: ParsedSamlResponse): number {
  const assertion = judgedAssertion(parsed);
  return elementsNamed(parsed.doc, DSIG_NS, 'Signature').filter((s) => s.parentNode !== parsed.response && (!assertion || s.parentNode !== assertion)).length;
}

const PART_NAMES: Record<SignedPart, string> = { response: 'The response', assertion: 'The assertion' };

function findingFor(part: SignedPart, state: SignatureState, context: SamlContext): SsoFinding {
  const rule = `saml.signature.${part}`;
  const field = oktaField(part === 'response' ? 'responseSigned' : 'assertionSigned');
  const name = PART_NAMES[part];
  const activeFingerprint = context.sso.okta?.keys.find((k) => k.kid === context.sso.okta?.activeKid)?.fingerprintSha256;
  switch (state.state) {
    case 'verified':
      return ok(rule, field, `${name}'s signature is verified with ${state.key === 'okta' ? "the Okta app's active signing certificate" : 'the certificate on the Flex SSO page'} (${state.signatureAlgorithm}, digest ${state.digestAlgorithm}${state.withComments ? ', canonicalized with comments' : ''}).`);
    case 'unsigned':
      return error(rule, field, `${name} is not signed; Flex needs both the response and the assertion signed.`, idpFix(context, field.name, '"Signed"'), 'Signed');
    case 'wrapped':
      return error(rule, null, `${name}'s signature does not cover what Flex reads: ${state.why}. This is the shape of a signature-wrapping attack; Flex would refuse it.`, 'Do not trust this response: capture the login again straight from your identity provider; if it repeats, ask what rewrites responses on their way to Flex.');
    case 'invalid':
      return error(rule, null, `${name}'s signature is invalid: ${state.why}.`, 'Capture the login again without editing the response; if it repeats, compare the certificate Flex holds with the one your IdP signs with.');
    case 'other-key':
      return error(
        rule,
        flexField('certificate'),
        `${name} is signed by another key (certificate fingerprint ${state.fingerprint}), not ${context.sso.okta ? "the Okta app's active one" : 'the one on the Flex SSO page'}${activeFingerprint ? ` (${activeFingerprint})` : ''}; Flex would refuse the signature.`,
        context.sso.okta
          ? `In Okta, open the app "${context.sso.okta.appLabel}", Sign On tab, "SAML Signing Certificates": activate the certificate Flex holds, or paste the active one into "X.509 Certificate" in Flex > Manage > Single sign-on.`
          : 'Paste your IdP\'s current signing certificate into "X.509 Certificate" in Flex > Manage > Single sign-on.',
      );
    case 'no-key':
      return warning(rule, field, `${name} is signed (${state.signatureAlgorithm}), but no IdP certificate is known to verify it with.`, 'Connect Okta in the extension\'s settings, or open the Flex SSO page so the certificate Flex holds can be read.');
  }
}

function algorithmFinding(states: SignatureState[], context: SamlContext): SsoFinding | null {
  const used = states.flatMap((s) => ('signatureAlgorithm' in s ? [s.signatureAlgorithm, s.digestAlgorithm] : []));
  if (used.length === 0) return null;
  const weak = [...new Set(used.filter((a) => /SHA-?1$/i.test(a)))];
  if (weak.length) {
    return warning('saml.signature.algorithm', oktaField('signatureAlgorithm'), `The signatures use ${weak.join(' and ')}; SHA-1 is broken for signatures.`, idpFix(context, 'signatureAlgorithm', '"RSA_SHA256" and "Digest Algorithm" to "SHA256" (the defaults)'), 'RSA_SHA256');
  }
  return ok('saml.signature.algorithm', oktaField('signatureAlgorithm'), `The signatures use ${[...new Set(used)].join(' and ')}.`);
}

/**
 * The signature findings, and whether what the assertion says may be read at all: not when a
 * signature is wrapped or invalid, or signatures sit where they don't belong (an unsigned assertion
 * or one signed by another key is a configuration problem, and its fields are still shown).
 */
export async function checkSignatures(parsed: ParsedSamlResponse, context: SamlContext): Promise<{ findings: SsoFinding[]; trustworthy: boolean }> {
  const response = await checkSignatureOf(parsed, parsed.response, context);
  const judged = judgedAssertion(parsed);
  const assertion = judged ? await checkSignatureOf(parsed, judged, context) : null;
  const findings = [findingFor('response', response, context)];
  if (assertion) findings.push(findingFor('assertion', assertion, context));
  const strayed = strayedSignatures(parsed);
  if (strayed) {
    findings.push(error('saml.signature.placement', null, `The response carries ${strayed} signature${strayed === 1 ? '' : 's'} outside the Response and its Assertion: the shape of a signature-wrapping attack.`, 'Do not trust this response: capture the login again straight from your identity provider.'));
  }
  const algorithms = algorithmFinding(assertion ? [response, assertion] : [response], context);
  if (algorithms) findings.push(algorithms);
  const tampered = (state: SignatureState | null) => state?.state === 'wrapped' || state?.state === 'invalid';
  return { findings, trustworthy: strayed === 0 && !tampered(response) && !tampered(assertion) };
}

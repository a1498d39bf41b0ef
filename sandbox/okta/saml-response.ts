import { createPrivateKey } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { OKTA_ORG } from '../hosts';
import { escapeHtml } from '../http';
import { activeSigningKey, certificatePem } from '../pages/okta-admin';
import type { OktaApp, OktaAppAssignment, OktaSamlSignOn, OktaUser, SandboxState } from '../state';
import { samlIdpIssuer } from './saml';
import { deterministicRsaKey, privateKeyPem, selfSignedCertificate } from './signing-certificate';

/**
 * The SAMLResponse Okta posts for a SAML app, built from the app's settings exactly as Okta applies
 * them: effective (override-aware) ACS URL, Recipient, Destination and Audience; NameID from the
 * Name ID format and Application username; one attribute per attribute statement, evaluated against
 * the Okta user and the app user; the assertion signed first, then the response, with the app's
 * active key, the chosen algorithms, exclusive c14n and the X.509 certificate in KeyInfo. Times:
 * NotBefore five minutes before IssueInstant, NotOnOrAfter five minutes after, as Okta stamps them.
 * No SessionNotOnOrAfter: Okta sends it only when "Maximum App Session Lifetime" is set to "Send value
 * in response" (https://support.okta.com/help/s/article/maximum-app-session-lifetime-saml-application-sessionnotonor),
 * and the Flex app leaves it at its default. `state.okta.samlResponseFaults` breaks the response in the
 * ways no app setting can (see saml-response-switches.ts).
 */

export const SAML_NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

export const XMLDSIG = {
  exclusiveC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  RSA_SHA256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  RSA_SHA1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  SHA256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  SHA1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;

const MINUTE = 60_000;
const YEAR = 365 * 24 * 3600_000;
const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** The values Okta actually uses: an override, when set, wins over the base setting. */
export function effectiveSignOn(signOn: OktaSamlSignOn): { acsUrl: string; audience: string; recipient: string; destination: string } {
  return {
    acsUrl: signOn.ssoAcsUrlOverride ?? signOn.ssoAcsUrl,
    audience: signOn.audienceOverride ?? signOn.audience,
    recipient: signOn.recipientOverride ?? signOn.recipient,
    destination: signOn.destinationOverride ?? signOn.destination,
  };
}

export interface SamlSubject {
  user: OktaUser;
  assignment: OktaAppAssignment;
}

type ExpressionValue = string | string[] | null;

/** `user.<field>`: the Okta profile; `userName` is the Okta login, as in Okta's expression language. */
function userValue(user: OktaUser, field: string): ExpressionValue {
  const value = field === 'userName' ? user.profile.login : user.profile[field];
  return typeof value === 'string' ? value : null;
}

/** `appuser.<field>`: the app user; `userName` is the Application username, the rest its profile. */
function appUserValue(assignment: OktaAppAssignment, field: string): ExpressionValue {
  if (field === 'userName') return assignment.userName;
  const value = (assignment.profile as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' || Array.isArray(value) ? (value as ExpressionValue) : null;
}

function term(text: string, subject: SamlSubject): ExpressionValue {
  const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (literal) return literal[1]!.replace(/\\(.)/g, '$1');
  const before = /^fn:substringBefore\((.+),\s*"((?:[^"\\]|\\.)*)"\)$/.exec(text);
  if (before) {
    const value = term(before[1]!.trim(), subject);
    return typeof value === 'string' && value.includes(before[2]!) ? value.slice(0, value.indexOf(before[2]!)) : value;
  }
  const path = /^(user|appuser)\.(\w+)$/.exec(text);
  if (!path) return null;
  return path[1] === 'user' ? userValue(subject.user, path[2]!) : appUserValue(subject.assignment, path[2]!);
}

/**
 * The subset of Okta's expression language the sandbox's apps use: `user.x`, `appuser.x`, quoted
 * literals, `+` concatenation and `fn:substringBefore`. Null when the expression names nothing,
 * and Okta then sends no value.
 */
export function evaluateExpression(expression: string, subject: SamlSubject): ExpressionValue {
  // A function call is one term; its quoted argument must not be split off as a literal.
  if (expression.trim().startsWith('fn:')) return term(expression.trim(), subject);
  const terms = expression.match(/"(?:[^"\\]|\\.)*"|[^+"]+/g)?.map((t) => t.trim()).filter(Boolean) ?? [];
  if (terms.length === 1) return term(terms[0]!, subject);
  const values = terms.map((t) => term(t, subject));
  if (values.some((v) => v === null)) return null;
  return values.map((v) => (Array.isArray(v) ? v.join(',') : v)).join('');
}

/** `${user.userName}` and friends in the Application username template. */
export function nameIdValue(template: string, subject: SamlSubject): string {
  return template.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
    const value = evaluateExpression(expression, subject);
    return Array.isArray(value) ? value.join(',') : (value ?? '');
  });
}

/** Okta's SAML ids: `id` and 25 digits. */
function samlId(random: () => number): string {
  let id = 'id';
  while (id.length < 27) id += Math.floor(random() * 10);
  return id;
}

function randomBase64(random: () => number, bytes: number): string {
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(random() * 256))).toString('base64');
}

/** Okta stamps milliseconds: `2026-12-02T01:40:12.345Z`. */
const stamp = (ms: number) => new Date(ms).toISOString();

interface Signer {
  keyPem: string;
  /** Base64 DER, as KeyInfo carries it. */
  certificate: string;
}

/** The app's active key and certificate, or with `foreignKey` a key and certificate Okta never made for it. */
function signerFor(state: SandboxState, app: OktaApp): Signer {
  const active = activeSigningKey(state, app);
  if (!active) throw new Error(`The Okta app ${app.label} has no signing key.`);
  if (state.okta.samlResponseFaults?.foreignKey) {
    const key = deterministicRsaKey(`${active.kid}:foreign`, 2048);
    const created = Date.parse(active.created);
    return { keyPem: privateKeyPem(key), certificate: selfSignedCertificate({ key, commonName: OKTA_ORG, notBefore: created, notAfter: created + 10 * YEAR }) };
  }
  const key = active.privateKeyPem ? createPrivateKey(active.privateKeyPem) : deterministicRsaKey(active.kid, 2048);
  return { keyPem: privateKeyPem(key), certificate: active.x5c[0]! };
}

/** Signs the element with local name `element` (the document's root or a child of it), the signature right after its Issuer. */
function signElement(xml: string, element: 'Response' | 'Assertion', signer: Signer, signOn: OktaSamlSignOn): string {
  const target = `//*[local-name(.)='${element}' and (namespace-uri(.)='${SAML_NS.protocol}' or namespace-uri(.)='${SAML_NS.assertion}')]`;
  const signed = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: certificatePem(signer.certificate),
    signatureAlgorithm: XMLDSIG[signOn.signatureAlgorithm],
    canonicalizationAlgorithm: XMLDSIG.exclusiveC14n,
  });
  signed.addReference({ xpath: target, digestAlgorithm: XMLDSIG[signOn.digestAlgorithm], transforms: [XMLDSIG.envelopedSignature, XMLDSIG.exclusiveC14n] });
  signed.computeSignature(xml, { prefix: 'ds', location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signed.getSignedXml();
}

function attributeStatement(signOn: OktaSamlSignOn, subject: SamlSubject): string {
  const attributes = signOn.attributeStatements.flatMap(({ name, namespace, values }) => {
    const evaluated = values.flatMap((expression) => evaluateExpression(expression, subject) ?? []);
    if (evaluated.length === 0) return [];
    const valueXml = evaluated.map((value) => `<saml2:AttributeValue ${XS} xsi:type="xs:string">${escapeHtml(value)}</saml2:AttributeValue>`).join('');
    return [`<saml2:Attribute Name="${escapeHtml(name)}" NameFormat="${escapeHtml(namespace)}">${valueXml}</saml2:Attribute>`];
  });
  return attributes.length > 0 ? `<saml2:AttributeStatement>${attributes.join('')}</saml2:AttributeStatement>` : '';
}

/**
 * Okta signs the assertion, then encrypts it. The sandbox cannot encrypt to a key Flex never gave
 * (and xml-crypto does not encrypt): it sends the EncryptedAssertion shape Okta sends, AES-256-CBC
 * data under an RSA-OAEP key, with random cipher values. Flex refuses it whatever it holds.
 */
function encryptedAssertion(random: () => number): string {
  return (
    '<saml2:EncryptedAssertion>' +
    `<xenc:EncryptedData xmlns:xenc="${SAML_NS.xenc}" Id="${samlId(random)}" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>' +
    `<ds:KeyInfo xmlns:ds="${SAML_NS.dsig}"><xenc:EncryptedKey Id="${samlId(random)}"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>` +
    `<xenc:CipherData><xenc:CipherValue>${randomBase64(random, 256)}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${randomBase64(random, 2048)}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData></saml2:EncryptedAssertion>'
  );
}

export interface SamlResponseInput {
  state: SandboxState;
  app: OktaApp;
  subject: SamlSubject;
  /** The sandbox clock; `samlResponseFaults.idpClockOffsetMs` moves the IdP's away from it. */
  now: Date;
  /** Ids and cipher bytes, drawn from the sandbox's seeded randomness so runs replay. */
  random: () => number;
}

/** The signed SAMLResponse XML (not yet base64) Okta would post for `subject` to the app's ACS URL. */
export function oktaSamlResponse({ state, app, subject, now, random }: SamlResponseInput): string {
  const signOn = app.signOn;
  if (!signOn) throw new Error(`The Okta app ${app.label} is not a SAML app.`);
  const faults = state.okta.samlResponseFaults ?? {};
  const issued = now.getTime() + (faults.idpClockOffsetMs ?? 0);
  const { audience, recipient, destination } = effectiveSignOn(signOn);
  const issuer = escapeHtml(samlIdpIssuer(app));
  const [responseId, assertionId, sessionIndex] = [samlId(random), samlId(random), samlId(random)];
  const issuerXml = (ns = '') => `<saml2:Issuer${ns} Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${issuer}</saml2:Issuer>`;
  const signer = signerFor(state, app);

  let assertion =
    `<saml2:Assertion xmlns:saml2="${SAML_NS.assertion}" ID="${assertionId}" IssueInstant="${stamp(issued)}" Version="2.0">` +
    issuerXml() +
    '<saml2:Subject>' +
    `<saml2:NameID Format="${escapeHtml(signOn.subjectNameIdFormat)}">${escapeHtml(nameIdValue(signOn.subjectNameIdTemplate, subject))}</saml2:NameID>` +
    '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml2:SubjectConfirmationData NotOnOrAfter="${stamp(issued + 5 * MINUTE)}" Recipient="${escapeHtml(recipient)}"/>` +
    '</saml2:SubjectConfirmation></saml2:Subject>' +
    `<saml2:Conditions NotBefore="${stamp(issued - 5 * MINUTE)}" NotOnOrAfter="${stamp(issued + 5 * MINUTE)}">` +
    `<saml2:AudienceRestriction><saml2:Audience>${escapeHtml(faults.audience ?? audience)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
    `<saml2:AuthnStatement AuthnInstant="${stamp(issued)}" SessionIndex="${sessionIndex}">` +
    '<saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>' +
    '</saml2:AuthnStatement>' +
    attributeStatement(signOn, subject) +
    '</saml2:Assertion>';
  if (signOn.assertionSigned) assertion = signElement(assertion, 'Assertion', signer, signOn);
  if (signOn.assertionEncryption.enabled) assertion = encryptedAssertion(random);

  let response =
    `<saml2p:Response xmlns:saml2p="${SAML_NS.protocol}" Destination="${escapeHtml(destination)}" ID="${responseId}" IssueInstant="${stamp(issued)}" Version="2.0" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
    issuerXml(` xmlns:saml2="${SAML_NS.assertion}"`) +
    '<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>' +
    assertion.replace(/^<saml2:EncryptedAssertion>/, `<saml2:EncryptedAssertion xmlns:saml2="${SAML_NS.assertion}">`) +
    '</saml2p:Response>';
  if (signOn.responseSigned) response = signElement(response, 'Response', signer, signOn);
  return `<?xml version="1.0" encoding="UTF-8"?>${response}`;
}

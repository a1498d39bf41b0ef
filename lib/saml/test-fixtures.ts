import 'reflect-metadata';
import { X509CertificateGenerator, cryptoProvider } from '@peculiar/x509';
import { SignedXml } from 'xml-crypto';
import type { OktaSsoFacts } from '../sso/context';
import { oktaFacts } from '../sso/certificate-fixtures';
import { ACCOUNT, CONNECTION, ENHANCED_ACS, ENHANCED_ENTITY, OKTA_ISSUER } from '../sso/test-fixtures';
import type { SamlContext } from './diagnosis';

/**
 * SAML responses shaped like Okta's, built and signed in the test: keys and certificates generated
 * with WebCrypto and @peculiar/x509 (cached per hash: key generation is the slow part), signatures
 * made with xml-crypto, a Node-only dev dependency used for producing fixtures and never by the
 * extension. The response is signed as Okta signs it: the Assertion first, then the Response, each
 * Signature placed right after its Issuer, exclusive c14n, RSA-SHA256 unless told.
 */
cryptoProvider.set(globalThis.crypto);

export interface TestSigner {
  /** Base64 DER of the certificate, as Okta's `x5c[0]`. */
  der: string;
  pem: string;
  privateKeyPem: string;
}

const signers = new Map<string, Promise<TestSigner>>();
const pem = (label: string, bytes: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

/** One signing key and certificate per name (`okta`, `attacker`…), made once per test run. */
export function signer(name = 'okta'): Promise<TestSigner> {
  let made = signers.get(name);
  if (!made) {
    made = (async () => {
      const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
      const keys = await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
      const certificate = await X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: `CN=${name}, O=Okta, C=US`, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z'), signingAlgorithm: algorithm, keys });
      return { der: certificate.toString('base64'), pem: certificate.toString('pem'), privateKeyPem: pem('PRIVATE KEY', await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
    })();
    signers.set(name, made);
  }
  return made;
}

export const NOW = new Date('2026-12-02T00:30:00Z');
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ResponseShape {
  destination?: string | null;
  issuer?: string;
  status?: string;
  subStatus?: string;
  statusMessage?: string;
  nameId?: string;
  nameIdFormat?: string;
  recipient?: string;
  audience?: string;
  /** Seconds from NOW. */
  notBefore?: number;
  notOnOrAfter?: number;
  sessionNotOnOrAfter?: number | null;
  inResponseTo?: string;
  attributes?: Record<string, string[]>;
  /** Raw XML added inside the AttributeStatement, for shapes the record can't say. */
  extraAttributesXml?: string;
}

export const GOOD_ATTRIBUTES: Record<string, string[]> = { email: ['ada@acme.com'], full_name: ['Ada Lovelace'], roles: ['agent,wfo.team_leader'] };
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function responseXml(shape: ResponseShape = {}): string {
  const s = { destination: ENHANCED_ACS, issuer: OKTA_ISSUER, status: 'Success', nameId: 'ada@acme.com', nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', recipient: ENHANCED_ACS, audience: ENHANCED_ENTITY, notBefore: -300, notOnOrAfter: 300, sessionNotOnOrAfter: 8 * 3600, attributes: GOOD_ATTRIBUTES, ...shape };
  const inResponseTo = s.inResponseTo ? ` InResponseTo="${s.inResponseTo}"` : '';
  const status = `<saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${s.status}">${s.subStatus ? `<saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${s.subStatus}"/>` : ''}</saml2p:StatusCode>${s.statusMessage ? `<saml2p:StatusMessage>${escape(s.statusMessage)}</saml2p:StatusMessage>` : ''}`;
  const attributes = Object.entries(s.attributes)
    .map(([name, values]) => `<saml2:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values.map((v) => `<saml2:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escape(v)}</saml2:AttributeValue>`).join('')}</saml2:Attribute>`)
    .join('');
  const assertion =
    s.status === 'Success'
      ? `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id-assertion-1" IssueInstant="${at(0)}" Version="2.0">` +
        `<saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${s.issuer}</saml2:Issuer>` +
        `<saml2:Subject><saml2:NameID Format="${s.nameIdFormat}">${s.nameId}</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${at(s.notOnOrAfter)}" Recipient="${escape(s.recipient)}"/></saml2:SubjectConfirmation></saml2:Subject>` +
        `<saml2:Conditions NotBefore="${at(s.notBefore)}" NotOnOrAfter="${at(s.notOnOrAfter)}"><saml2:AudienceRestriction><saml2:Audience>${escape(s.audience)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
        `<saml2:AuthnStatement AuthnInstant="${at(-1)}" SessionIndex="id-session-1"${s.sessionNotOnOrAfter === null ? '' : ` SessionNotOnOrAfter="${at(s.sessionNotOnOrAfter)}"`}><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
        `<saml2:AttributeStatement>${attributes}${s.extraAttributesXml ?? ''}</saml2:AttributeStatement></saml2:Assertion>`
      : '';
  return (
    `<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"${s.destination === null ? '' : ` Destination="${escape(s.destination)}"`} ID="id-response-1"${inResponseTo} IssueInstant="${at(0)}" Version="2.0">` +
    `<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${s.issuer}</saml2:Issuer>` +
    `<saml2p:Status>${status}</saml2p:Status>${assertion}</saml2p:Response>`
  );
}

export interface SignOptions {
  response?: boolean;
  assertion?: boolean;
  sha1?: boolean;
  withComments?: boolean;
}

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

function signOne(xml: string, key: TestSigner, target: 'Response' | 'Assertion', options: SignOptions): string {
  const c14n = options.withComments ? 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments' : EXC_C14N;
  const signed = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.pem,
    signatureAlgorithm: options.sha1 ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: c14n,
  });
  const path = target === 'Response' ? "/*[local-name(.)='Response']" : "/*/*[local-name(.)='Assertion']";
  signed.addReference({ xpath: path, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', c14n], digestAlgorithm: options.sha1 ? 'http://www.w3.org/2000/09/xmldsig#sha1' : 'http://www.w3.org/2001/04/xmlenc#sha256' });
  signed.computeSignature(xml, { prefix: 'ds', location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signed.getSignedXml();
}

/** Signed as Okta signs: the Assertion, then the Response (both by default). */
export function signResponse(xml: string, key: TestSigner, options: SignOptions = {}): string {
  const { response = true, assertion = true } = options;
  let signed = xml;
  if (assertion && xml.includes(':Assertion ')) signed = signOne(signed, key, 'Assertion', options);
  if (response) signed = signOne(signed, key, 'Response', options);
  return signed;
}

export async function signedResponse(shape: ResponseShape = {}, options: SignOptions & { by?: string } = {}): Promise<string> {
  return signResponse(responseXml(shape), await signer(options.by ?? 'okta'), options);
}

export async function samlContext(overrides: Partial<SamlContext> = {}, okta: Partial<OktaSsoFacts> = {}): Promise<SamlContext> {
  const key = await signer('okta');
  const facts = oktaFacts({ pem: key.pem, der: key.der }, [], { metadata: { issuer: OKTA_ISSUER, ssoUrl: 'https://acme.okta.com/app/acme_twilioflex_1/exk1a2b3c4d5e6f7g8h9/sso/saml', certificates: [key.der] }, ...okta });
  return { sso: { now: NOW, twilio: { accountSid: ACCOUNT, region: 'us1' }, connectionSid: CONNECTION, okta: facts }, ...overrides };
}

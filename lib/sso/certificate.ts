// @peculiar/x509 decorates its ASN.1 classes and needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import { X509Certificate, cryptoProvider } from '@peculiar/x509';
import type { OktaSigningKeyFacts, OktaSsoFacts } from './context';
import type { SsoFinding } from './finding';
import { error, flexField, ok, warning } from './finding';

/**
 * The X.509 certificate on the Flex SSO page: the IdP's signing certificate Flex verifies responses
 * with. Parsed with @peculiar/x509 (a maintained library) in the background or an extension page,
 * never in a content script (it is heavy and needs the Reflect polyfill).
 *
 * Okta: the active signing key is the JWK whose `kid` is the app's `credentials.signing.kid`, in
 * `GET /api/v1/apps/{appId}/credentials/keys` (`x5c[0]` is the leaf certificate, base64 DER):
 * https://developer.okta.com/okta-sdk-java/apidocs/com/okta/sdk/resource/api/ApplicationSsoCredentialKeyApi.html ("credentials.signing.kid")
 */
cryptoProvider.set(globalThis.crypto);

const EXPIRY_WARNING_DAYS = 30;
const MIN_RSA_BITS = 2048;
const DAY_MS = 24 * 60 * 60 * 1000;
const field = flexField('certificate');
const PASTE_FIX = 'In Console, go to Flex > Manage > Single sign-on and paste the certificate from your IdP (for Okta: the app\'s Sign On tab, "SAML Signing Certificates", Actions > Download certificate) into "X.509 Certificate".';

/** PEM with or without its BEGIN/END lines, with any whitespace, or bare base64 DER → DER bytes; `null` when it isn't base64. */
export function certificateBytes(text: string): Uint8Array<ArrayBuffer> | null {
  const base64 = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function parseCertificate(text: string): X509Certificate | null {
  const bytes = certificateBytes(text);
  if (!bytes) return null;
  try {
    return new X509Certificate(bytes);
  } catch {
    return null;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const day = (date: Date) => date.toISOString().slice(0, 10);

/** SHA-256 fingerprint as Okta's Admin Console shows it (`AB:CD:…`); async because WebCrypto is. */
export async function certificateFingerprint(text: string): Promise<string | null> {
  const bytes = certificateBytes(text);
  if (!bytes) return null;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

export function checkCertificateParses(text: string): { finding: SsoFinding; certificate: X509Certificate | null } {
  const certificate = parseCertificate(text);
  if (certificate) return { certificate, finding: ok('certificate.parse', field, `The certificate is readable: ${certificate.subject}, serial ${certificate.serialNumber}.`) };
  return { certificate, finding: error('certificate.parse', field, 'The X.509 Certificate is not a certificate: it is not PEM or base64 DER that decodes to one.', PASTE_FIX) };
}

export function checkCertificateValidity(certificate: X509Certificate, now: Date): SsoFinding {
  const daysLeft = Math.floor((certificate.notAfter.getTime() - now.getTime()) / DAY_MS);
  if (certificate.notAfter.getTime() <= now.getTime()) {
    return error('certificate.expiry', field, `The certificate expired on ${day(certificate.notAfter)}; Flex will reject every login signed with it.`, `In your IdP, create or activate a new signing certificate, then paste it into "X.509 Certificate" in Flex > Manage > Single sign-on.`);
  }
  if (certificate.notBefore.getTime() > now.getTime()) {
    return error('certificate.expiry', field, `The certificate is not valid until ${day(certificate.notBefore)}.`, PASTE_FIX);
  }
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return warning('certificate.expiry', field, `The certificate expires on ${day(certificate.notAfter)}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}.`, 'Rotate it now: create the next signing certificate in your IdP, then switch the IdP and Flex\'s "X.509 Certificate" to it together.');
  }
  return ok('certificate.expiry', field, `The certificate is valid until ${day(certificate.notAfter)}.`);
}

export function checkCertificateKeySize(certificate: X509Certificate): SsoFinding | null {
  const algorithm = certificate.publicKey.algorithm as { name: string; modulusLength?: number };
  if (algorithm.modulusLength === undefined) return null;
  if (algorithm.modulusLength >= MIN_RSA_BITS) return ok('certificate.key-size', field, `The certificate's RSA key is ${algorithm.modulusLength} bits.`);
  return error('certificate.key-size', field, `The certificate's RSA key is only ${algorithm.modulusLength} bits; ${MIN_RSA_BITS} is the minimum considered safe.`, `Create a signing certificate with a key of at least ${MIN_RSA_BITS} bits in your IdP and paste it into "X.509 Certificate".`);
}

export function checkCertificateSignatureAlgorithm(certificate: X509Certificate): SsoFinding {
  const hash = (certificate.signatureAlgorithm as { hash?: { name?: string } }).hash?.name ?? 'unknown';
  if (hash.toUpperCase() === 'SHA-1') {
    return warning('certificate.signature-algorithm', field, 'The certificate is signed with SHA-1, which is broken for signatures.', 'Create a SHA-256 signing certificate in your IdP and paste it into "X.509 Certificate".');
  }
  return ok('certificate.signature-algorithm', field, `The certificate is signed with ${hash}.`);
}

const describeKey = (key: OktaSigningKeyFacts) => `kid ${key.kid}, expires ${day(new Date(key.expiresAt))}${key.fingerprintSha256 ? `, SHA-256 fingerprint ${key.fingerprintSha256}` : ''}`;

/**
 * Flex must hold the certificate Okta signs with *now*. Equal DER bytes is the same test as equal
 * SHA-256 fingerprints (the fingerprint is the hash of those bytes), and it needs no async digest.
 */
export function checkCertificateMatchesOkta(certificate: X509Certificate, okta: OktaSsoFacts): SsoFinding | null {
  const active = okta.keys.find((key) => key.kid === okta.activeKid);
  const activeDer = active?.x5c[0];
  if (!active || !activeDer) return null;
  const bytes = new Uint8Array(certificate.rawData);
  const activePem = `-----BEGIN CERTIFICATE-----\n${activeDer}\n-----END CERTIFICATE-----`;
  const activeBytes = certificateBytes(activeDer);
  if (activeBytes && sameBytes(bytes, activeBytes)) {
    return ok('certificate.okta-match', field, `The certificate is the one Okta's app "${okta.appLabel}" signs with now (${describeKey(active)}).`);
  }
  const older = okta.keys.find((key) => key.kid !== active.kid && key.x5c[0] && sameBytes(bytes, certificateBytes(key.x5c[0]) ?? new Uint8Array()));
  const which = older ? `an older key of the Okta app (kid ${older.kid})` : `not a certificate of the Okta app "${okta.appLabel}"`;
  return error(
    'certificate.okta-match',
    field,
    `The certificate is ${which}; Okta signs with ${describeKey(active)}, so Flex will reject its responses.`,
    `Paste the active certificate (shown here) into "X.509 Certificate" in Flex > Manage > Single sign-on, or download it from the Okta app's Sign On tab, "SAML Signing Certificates".`,
    activePem,
  );
}

/** Every certificate rule: parse, validity, key size, signature algorithm and, with Okta connected, the active key. */
export function checkCertificate(text: string, now: Date, okta?: OktaSsoFacts): SsoFinding[] {
  const { finding, certificate } = checkCertificateParses(text);
  if (!certificate) return [finding];
  return [finding, checkCertificateValidity(certificate, now), checkCertificateKeySize(certificate), checkCertificateSignatureAlgorithm(certificate), okta ? checkCertificateMatchesOkta(certificate, okta) : null].filter(
    (f): f is SsoFinding => f !== null,
  );
}

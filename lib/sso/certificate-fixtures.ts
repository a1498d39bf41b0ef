import 'reflect-metadata';
import { X509CertificateGenerator, cryptoProvider } from '@peculiar/x509';
import type { OktaSsoFacts } from './context';

/**
 * Certificates made in the test with WebCrypto and @peculiar/x509, the way an IdP makes its signing
 * certificate. Keys are generated once per size/hash and cached: RSA key generation is the slow part.
 */
cryptoProvider.set(globalThis.crypto);

type Hash = 'SHA-256' | 'SHA-1';
const keyCache = new Map<string, Promise<CryptoKeyPair>>();
const rsa = (bits: number, hash: Hash) => ({ name: 'RSASSA-PKCS1-v1_5', hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits });

function keyPair(bits: number, hash: Hash): Promise<CryptoKeyPair> {
  const key = `${bits}/${hash}`;
  let pair = keyCache.get(key);
  if (!pair) {
    pair = globalThis.crypto.subtle.generateKey(rsa(bits, hash), true, ['sign', 'verify']);
    keyCache.set(key, pair);
  }
  return pair;
}

let serial = 1;
export interface TestCertificate {
  pem: string;
  /** Base64 DER, as Okta's `x5c[0]`. */
  der: string;
}

export async function makeCertificate(options: { notBefore: Date; notAfter: Date; bits?: number; hash?: Hash; cn?: string }): Promise<TestCertificate> {
  const bits = options.bits ?? 2048;
  const hash = options.hash ?? 'SHA-256';
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: `CN=${options.cn ?? 'dev-123456'}, O=Okta, C=US`,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    signingAlgorithm: rsa(bits, hash),
    keys: await keyPair(bits, hash),
  });
  return { pem: certificate.toString('pem'), der: certificate.toString('base64') };
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

export const oktaFacts = (active: TestCertificate, others: TestCertificate[] = [], overrides: Partial<OktaSsoFacts> = {}): OktaSsoFacts => ({
  orgUrl: 'https://acme.okta.com',
  appId: '0oa1b2c3d4e5f6g7h8i9',
  appName: 'acme_twilioflex_1',
  appLabel: 'Twilio Flex',
  signOn: {},
  activeKid: 'kid-active',
  keys: [
    { kid: 'kid-active', created: '2026-01-01T00:00:00.000Z', expiresAt: '2036-01-01T00:00:00.000Z', x5c: [active.der], fingerprintSha256: 'AB:CD' },
    ...others.map((c, i) => ({ kid: `kid-old-${i}`, created: '2016-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z', x5c: [c.der] })),
  ],
  signOnTabUrl: 'https://acme-admin.okta.com/admin/app/acme_twilioflex_1/instance/0oa1b2c3d4e5f6g7h8i9/#tab-signon',
  ...overrides,
});

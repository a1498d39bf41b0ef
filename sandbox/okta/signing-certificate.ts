import { checkPrimeSync, createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { seededRandom } from '../random';

/**
 * Real RSA keys and self-signed X.509 certificates shaped like the ones Okta makes for a SAML app
 * (`C=US, ST=California, L=San Francisco, O=Okta, OU=SSOProvider, CN=<org>, emailAddress=info@okta.com`,
 * serial = creation time in milliseconds, ten years' validity, sha256WithRSAEncryption), built
 * synchronously and deterministically: the primes come from a PRNG seeded with `keySeed`, and
 * RSASSA-PKCS1-v1_5 signatures are deterministic, so the same seed gives the same bytes on every
 * run (the determinism tests and the twice-run demo rely on it) without the generator going async.
 * The private key stays in the sandbox's state (`OktaSigningKey.privateKeyPem`) to sign SAML with.
 */

export interface CertificateOptions {
  key: KeyObject;
  /** The org name Okta puts in the CN. */
  commonName: string;
  notBefore: number;
  notAfter: number;
  /** Okta's serials are the creation time in milliseconds; that is the default. */
  serial?: number;
  hash?: 'sha256' | 'sha1';
}

// ---------------------------------------------------------------------------------------------
// Keys

const E = 65537n;

function randomBits(random: () => number, bits: number): bigint {
  let hex = '';
  for (let i = 0; i < bits / 4; i++) hex += Math.floor(random() * 16).toString(16);
  return BigInt(`0x${hex}`);
}

/** Odd primes below 2000, to rule out most candidates before the costly primality test. */
const SMALL_PRIMES = Array.from({ length: 1000 }, (_, i) => 2 * i + 3).filter((n, _, all) => all.every((d) => d * d > n || n % d !== 0));

/**
 * The first probable prime at or after a random odd start with its top two bits set, so p·q has
 * exactly 2·bits bits. Residues modulo the small primes step along with the candidate, so only
 * about one candidate in seven reaches Miller-Rabin.
 */
function prime(random: () => number, bits: number): bigint {
  const start = randomBits(random, bits) | (3n << BigInt(bits - 2)) | 1n;
  const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
  for (let offset = 0; ; offset += 2) {
    if (residues.every((r, i) => (r + offset) % SMALL_PRIMES[i]! !== 0)) {
      const candidate = start + BigInt(offset);
      if ((candidate - 1n) % E !== 0n && checkPrimeSync(candidate, { checks: 32 })) return candidate;
    }
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

const b64url = (n: bigint) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
};

const keyCache = new Map<string, KeyObject>();

/** An RSA private key of `bits` bits derived from `keySeed` alone; cached, as each takes ~0.1 s. */
export function deterministicRsaKey(keySeed: string, bits: 1024 | 2048): KeyObject {
  const cacheKey = `${bits}:${keySeed}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const random = seededRandom(createHash('sha256').update(cacheKey).digest().readUInt32BE(0));
  const p = prime(random, bits / 2);
  let q = prime(random, bits / 2);
  while (q === p) q = prime(random, bits / 2);
  const phi = (p - 1n) * (q - 1n);
  const d = modInverse(E, phi);
  const key = createPrivateKey({
    format: 'jwk',
    key: { kty: 'RSA', n: b64url(p * q), e: b64url(E), d: b64url(d), p: b64url(p), q: b64url(q), dp: b64url(d % (p - 1n)), dq: b64url(d % (q - 1n)), qi: b64url(modInverse(q, p)) },
  });
  keyCache.set(cacheKey, key);
  return key;
}

// ---------------------------------------------------------------------------------------------
// DER, just what a certificate needs (ITU-T X.690)

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const nullValue = Buffer.from([0x05, 0x00]);

function integer(value: number): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  // A leading 1 bit would make it negative.
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii')) : der(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const SIGNATURE_OIDS = { sha256: '1.2.840.113549.1.1.11', sha1: '1.2.840.113549.1.1.5' } as const;

/** Okta's app certificates name the org in the CN and Okta elsewhere; issuer and subject are the same. */
function oktaName(commonName: string): Buffer {
  const printable = (type: string, value: string) => set(sequence(oid(type), der(0x13, Buffer.from(value, 'ascii'))));
  return sequence(
    printable('2.5.4.6', 'US'),
    printable('2.5.4.8', 'California'),
    printable('2.5.4.7', 'San Francisco'),
    printable('2.5.4.10', 'Okta'),
    printable('2.5.4.11', 'SSOProvider'),
    printable('2.5.4.3', commonName),
    set(sequence(oid('1.2.840.113549.1.9.1'), der(0x16, Buffer.from('info@okta.com', 'ascii')))),
  );
}

/** A self-signed v3 certificate for `key`, as base64 DER (the form `x5c` and SAML metadata carry). */
export function selfSignedCertificate({ key, commonName, notBefore, notAfter, serial = notBefore, hash = 'sha256' }: CertificateOptions): string {
  const algorithm = sequence(oid(SIGNATURE_OIDS[hash]), nullValue);
  const name = oktaName(commonName);
  const tbs = sequence(
    der(0xa0, integer(2)),
    integer(serial),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    createPublicKey(key).export({ type: 'spki', format: 'der' }),
  );
  const signature = sign(hash, tbs, key);
  return sequence(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString('base64');
}

export const privateKeyPem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

import { createHash, X509Certificate } from 'node:crypto';
import type { OktaSigningKey } from '../state';

/**
 * An app's signing key as a JWK. When the stored `x5c` holds a real certificate the modulus and
 * exponent are read from it, so `n`/`e` and the metadata's certificate agree as they do in Okta;
 * a placeholder certificate gets a modulus derived from the kid, stable and RSA-sized.
 */

const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function publicNumbers(der: Buffer): { n: string; e: string } | undefined {
  try {
    const jwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
    return jwk.kty === 'RSA' && jwk.n && jwk.e ? { n: jwk.n, e: jwk.e } : undefined;
  } catch {
    return undefined;
  }
}

function derivedModulus(kid: string): string {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < 256; i++) blocks.push(createHash('sha256').update(`${kid}:${i}`).digest());
  const modulus = Buffer.concat(blocks).subarray(0, 256);
  // A 2048-bit odd modulus: top bit set, as every real RSA modulus of that size has.
  modulus[0]! |= 0x80;
  modulus[255]! |= 0x01;
  return base64url(modulus);
}

export function signingJwk(key: OktaSigningKey): Record<string, unknown> {
  const der = Buffer.from(key.x5c[0] ?? '', 'base64');
  const numbers = publicNumbers(der) ?? { n: derivedModulus(key.kid), e: 'AQAB' };
  return {
    kty: 'RSA',
    created: key.created,
    lastUpdated: key.created,
    expiresAt: key.expiresAt,
    x5c: key.x5c,
    'x5t#S256': base64url(createHash('sha256').update(der).digest()),
    kid: key.kid,
    use: 'sig',
    e: numbers.e,
    n: numbers.n,
  };
}

import 'reflect-metadata';
import { X509Certificate as NodeCertificate, createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { deterministicRsaKey, privateKeyPem, selfSignedCertificate } from './signing-certificate';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const YEAR = 365 * 24 * 3600_000;
const CREATED = Date.UTC(2022, 4, 3, 10, 20, 30);

describe('deterministicRsaKey', () => {
  it('gives the same real RSA key for the same seed, and another for another seed', () => {
    const key = deterministicRsaKey('seed-a', 2048);
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(privateKeyPem(key)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const jwk = (seed: string) => createPublicKey(deterministicRsaKey(seed, 2048)).export({ format: 'jwk' }).n;
    expect(jwk('seed-a')).toBe(jwk('seed-a'));
    expect(jwk('seed-b')).not.toBe(jwk('seed-a'));
    expect(deterministicRsaKey('seed-a', 1024).asymmetricKeyDetails?.modulusLength).toBe(1024);
  });
});

describe('selfSignedCertificate', () => {
  const key = deterministicRsaKey('seed-a', 2048);
  const der = selfSignedCertificate({ key, commonName: 'steward-sandbox', notBefore: CREATED, notAfter: CREATED + 10 * YEAR });

  it('makes a certificate Node and @peculiar/x509 parse, with Okta\'s names, serial and validity', async () => {
    const node = new NodeCertificate(Buffer.from(der, 'base64'));
    expect(node.subject).toBe('C=US\nST=California\nL=San Francisco\nO=Okta\nOU=SSOProvider\nCN=steward-sandbox\nemailAddress=info@okta.com');
    expect(node.issuer).toBe(node.subject);
    expect(Number.parseInt(node.serialNumber, 16)).toBe(CREATED);
    expect(new Date(node.validFrom).getTime()).toBe(CREATED);
    expect(new Date(node.validTo).getTime()).toBe(CREATED + 10 * YEAR);
    expect(node.verify(createPublicKey(key))).toBe(true);

    const peculiar = new x509.X509Certificate(der);
    expect(peculiar.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    expect(((await peculiar.publicKey.export()).algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    expect(await peculiar.verify({ signatureOnly: true })).toBe(true);
  });

  it('is byte-identical for the same inputs', () => {
    expect(selfSignedCertificate({ key: deterministicRsaKey('seed-a', 2048), commonName: 'steward-sandbox', notBefore: CREATED, notAfter: CREATED + 10 * YEAR })).toBe(der);
  });

  it('signs with SHA-1 when asked, and writes dates from 2050 on as GeneralizedTime', () => {
    const sha1 = new x509.X509Certificate(selfSignedCertificate({ key, commonName: 'x', notBefore: CREATED, notAfter: Date.UTC(2052, 0, 1), hash: 'sha1' }));
    expect(sha1.signatureAlgorithm).toMatchObject({ hash: { name: 'SHA-1' } });
    expect(sha1.notAfter.getTime()).toBe(Date.UTC(2052, 0, 1));
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { certificateFingerprint, checkCertificate } from './certificate';
import type { TestCertificate } from './certificate-fixtures';
import { daysFrom, makeCertificate, oktaFacts } from './certificate-fixtures';
import { AFTER_DEADLINE as NOW } from './test-fixtures';

const certs: Record<'good' | 'other' | 'expired' | 'expiring' | 'short' | 'sha1' | 'old', TestCertificate> = {} as never;

beforeAll(async () => {
  const valid = { notBefore: daysFrom(NOW, -100), notAfter: daysFrom(NOW, 3000) };
  certs.good = await makeCertificate(valid);
  certs.other = await makeCertificate({ ...valid, cn: 'someone-else' });
  certs.old = await makeCertificate({ ...valid, cn: 'dev-123456-old' });
  certs.expired = await makeCertificate({ notBefore: daysFrom(NOW, -400), notAfter: daysFrom(NOW, -1) });
  certs.expiring = await makeCertificate({ notBefore: daysFrom(NOW, -355), notAfter: daysFrom(NOW, 10) });
  certs.short = await makeCertificate({ ...valid, bits: 1024 });
  certs.sha1 = await makeCertificate({ ...valid, hash: 'SHA-1' });
});

const problems = (text: string, okta = oktaFacts(certs.good, [certs.old])) =>
  checkCertificate(text, NOW, okta)
    .filter((f) => f.severity !== 'ok')
    .map((f) => `${f.severity} ${f.rule}`);

describe('checkCertificate', () => {
  it('accepts the Okta app’s active certificate as PEM, as bare base64, and with stray whitespace', () => {
    expect(problems(certs.good.pem)).toEqual([]);
    expect(problems(certs.good.der)).toEqual([]);
    expect(problems(`\n  ${certs.good.pem.replace(/\n/g, '\r\n   ')}  `)).toEqual([]);
  });

  it.each([
    ['garbage', () => 'not a certificate at all', ['error certificate.parse']],
    ['truncated PEM', () => certs.good.pem.slice(0, 200), ['error certificate.parse']],
    ['expired', () => certs.expired.pem, ['error certificate.expiry', 'error certificate.okta-match']],
    ['expiring in 10 days', () => certs.expiring.pem, ['warning certificate.expiry', 'error certificate.okta-match']],
    ['1024-bit RSA', () => certs.short.pem, ['error certificate.key-size', 'error certificate.okta-match']],
    ['SHA-1 signed', () => certs.sha1.pem, ['warning certificate.signature-algorithm', 'error certificate.okta-match']],
    ['not Okta’s', () => certs.other.pem, ['error certificate.okta-match']],
  ])('%s', (_, text, found) => {
    expect(problems(text())).toEqual(found);
  });

  it('says which certificate Okta signs with now and offers it to paste', () => {
    const finding = checkCertificate(certs.other.pem, NOW, oktaFacts(certs.good)).find((f) => f.rule === 'certificate.okta-match');
    expect(finding?.message).toBe('The certificate is not a certificate of the Okta app "Twilio Flex"; Okta signs with kid kid-active, expires 2036-01-01, SHA-256 fingerprint AB:CD, so Flex will reject its responses.');
    expect(finding?.expected).toContain(certs.good.der);
  });

  it('recognises an older key of the app after a rotation', () => {
    const finding = checkCertificate(certs.old.pem, NOW, oktaFacts(certs.good, [certs.old])).find((f) => f.rule === 'certificate.okta-match');
    expect(finding).toMatchObject({ severity: 'error', message: expect.stringContaining('an older key of the Okta app (kid kid-old-0)') });
  });

  it('checks only the certificate itself without Okta', () => {
    expect(checkCertificate(certs.other.pem, NOW).map((f) => f.rule)).toEqual(['certificate.parse', 'certificate.expiry', 'certificate.key-size', 'certificate.signature-algorithm']);
  });

  it('says the expiry date', () => {
    expect(checkCertificate(certs.expiring.pem, NOW).find((f) => f.rule === 'certificate.expiry')?.message).toBe('The certificate expires on 2026-12-12, in 10 days.');
  });
});

describe('certificateFingerprint', () => {
  it('is the SHA-256 of the DER bytes, as Okta shows it', async () => {
    const { createHash } = await import('node:crypto');
    const hex = createHash('sha256').update(Buffer.from(certs.good.der, 'base64')).digest('hex').toUpperCase();
    expect(await certificateFingerprint(certs.good.pem)).toBe(hex.match(/../g)?.join(':'));
    expect(await certificateFingerprint('%%%')).toBeNull();
  });
});

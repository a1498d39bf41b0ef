import { createHmac } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { mintSyncToken, type SyncTokenInput } from './token';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const KEY = 'SKfedcba9876543210fedcba9876543210';
const SECRET = 'k3ySecretF0rT3stsOnly0123456789ab';
const SERVICE = 'IS00112233445566778899aabbccddeeff';
/** 2026-05-04T10:00:00Z */
const NOW_S = 1_777_888_800;

const input: SyncTokenInput = { accountSid: ACCOUNT, apiKeySid: KEY, apiKeySecret: SECRET, identity: 'ana@example.com', serviceSid: SERVICE, nowSeconds: NOW_S };

/** An HS256 JWT built by hand with Node's HMAC from exact JSON text: independent of jose. */
function handMadeJwt(secret: string, headerJson: string, payloadJson: string): string {
  const signingInput = `${Buffer.from(headerJson).toString('base64url')}.${Buffer.from(payloadJson).toString('base64url')}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function decode(jwt: string) {
  const [header, payload] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as unknown);
  return { header, payload };
}

describe('mintSyncToken', () => {
  it('matches, byte for byte, the token written by hand for the same inputs and time', async () => {
    const expected = handMadeJwt(
      SECRET,
      '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}',
      `{"jti":"${KEY}-1777888800","grants":{"identity":"ana@example.com","data_sync":{"service_sid":"${SERVICE}"}},"iat":1777888800,"exp":1777892400,"iss":"${KEY}","sub":"${ACCOUNT}"}`,
    );
    expect(await mintSyncToken(input)).toBe(expected);
  });

  it('carries the header and every claim Twilio reads, and lives an hour unless told otherwise', async () => {
    const { header, payload } = decode(await mintSyncToken(input));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toEqual({
      jti: `${KEY}-${NOW_S}`,
      iss: KEY,
      sub: ACCOUNT,
      iat: NOW_S,
      exp: NOW_S + 3600,
      grants: { identity: 'ana@example.com', data_sync: { service_sid: SERVICE } },
    });
    expect(decode(await mintSyncToken({ ...input, ttlSeconds: 86_400 })).payload).toMatchObject({ exp: NOW_S + 86_400 });
  });

  it('verifies with the API key secret while it is valid, and not with another secret or after it expired', async () => {
    const token = await mintSyncToken({ ...input, ttlSeconds: 600 });
    const secret = new TextEncoder().encode(SECRET);
    const { payload, protectedHeader } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: KEY, subject: ACCOUNT, currentDate: new Date((NOW_S + 599) * 1000) });
    expect(protectedHeader.cty).toBe('twilio-fpa;v=1');
    expect(payload.grants).toEqual({ identity: 'ana@example.com', data_sync: { service_sid: SERVICE } });
    await expect(jwtVerify(token, new TextEncoder().encode(`${SECRET}x`), { currentDate: new Date(NOW_S * 1000) })).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    await expect(jwtVerify(token, secret, { currentDate: new Date((NOW_S + 601) * 1000) })).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('refuses an Auth Token setup, saying to create an API key and where to add it', async () => {
    for (const apiKeySid of [undefined, '', ACCOUNT]) {
      const problem = await problemOf(mintSyncToken({ ...input, apiKeySid }));
      expect(problem).toMatchObject({ code: 'not-configured', service: 'extension', retryable: false });
      expect(problem.message).toContain('needs a Twilio API key');
      expect(problem.nextStep).toMatch(/^Create an API key in the Console .* and add it in Settings → Twilio\.$/);
    }
  });

  it('refuses malformed SIDs, a missing secret and a blank identity, each with the setting to fix', async () => {
    const cases: Array<[Partial<SyncTokenInput>, RegExp, RegExp]> = [
      [{ accountSid: 'AC123' }, /Account SID is not one/, /Settings → Twilio/],
      [{ apiKeySid: 'SKnot-a-sid' }, /API key SID is not one/, /Settings → Twilio/],
      [{ apiKeySecret: '' }, /No API key secret/, /Settings → Twilio/],
      [{ serviceSid: 'ISABC' }, /no valid Sync Service SID/, /Settings → Team/],
      [{ identity: '  ' }, /does not know who you are/, /"You are"/],
    ];
    for (const [change, message, nextStep] of cases) {
      const problem = await problemOf(mintSyncToken({ ...input, ...change }));
      expect(problem.code, JSON.stringify(change)).toBe('not-configured');
      expect(problem.message).toMatch(message);
      expect(problem.nextStep).toMatch(nextStep);
    }
  });

  it('refuses lifetimes Twilio would reject and times that are not whole seconds', async () => {
    for (const change of [{ ttlSeconds: 0 }, { ttlSeconds: 86_401 }, { ttlSeconds: 1.5 }, { nowSeconds: NOW_S * 1000 }, { nowSeconds: -1 }]) {
      expect((await problemOf(mintSyncToken({ ...input, ...change }))).code, JSON.stringify(change)).toBe('invalid-request');
    }
  });
});

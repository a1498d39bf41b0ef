import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { createClientAssertion, createDpopKeyPair, createDpopProof, createOktaTokenSource, parsePrivateKey, tokenErrorProblem, type TokenErrorInput } from './oauth';
import { problemOf } from '../../tests/support/problem-of';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const TOKEN_URL = 'https://acme.okta.com/oauth2/v1/token';

function decode(jwt: string) {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    input: new TextEncoder().encode(`${h}.${p}`),
    signature: new Uint8Array(Buffer.from(s, 'base64url')),
  };
}

function verifies(jwt: string, publicKey: CryptoKey): Promise<boolean> {
  const { input, signature } = decode(jwt);
  const params = publicKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  return crypto.subtle.verify(params, publicKey, signature, input);
}

/** A key pair as the admin would have it: the private half as text, the public half to check signatures with. */
async function rsaKey() {
  const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
  return { publicKey: pair.publicKey, jwk, pem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n` };
}

describe('client assertion', () => {
  it('carries iss = sub = client ID, aud = the token URL, a unique jti and a short life, signed RS256 with the kid', async () => {
    const key = await rsaKey();
    const parsed = await parsePrivateKey(JSON.stringify({ ...key.jwk, kid: 'k1', use: 'sig' }));
    expect(parsed).toMatchObject({ alg: 'RS256', kid: 'k1' });
    const first = await createClientAssertion({ clientId: '0oa1', tokenUrl: TOKEN_URL, key: parsed.key, kid: parsed.kid, now: NOW + 999 });
    const { header, payload } = decode(first);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
    expect(payload).toMatchObject({ iss: '0oa1', sub: '0oa1', aud: TOKEN_URL, iat: NOW / 1000, exp: NOW / 1000 + 300 });
    expect(await verifies(first, key.publicKey)).toBe(true);
    const second = await createClientAssertion({ clientId: '0oa1', tokenUrl: TOKEN_URL, key: parsed.key, now: NOW });
    expect(decode(second).payload.jti).not.toBe(payload.jti);
    expect(decode(second).header).not.toHaveProperty('kid');
  });
});

describe('parsePrivateKey', () => {
  it('reads a JWK without a kid, a JWK set holding one private key, and a PKCS#8 PEM', async () => {
    const key = await rsaKey();
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = key.jwk;
    for (const text of [JSON.stringify(key.jwk), JSON.stringify({ keys: [publicJwk, key.jwk] }), key.pem]) {
      const parsed = await parsePrivateKey(`\n  ${text}  \n`);
      expect(parsed.alg).toBe('RS256');
      expect(parsed.kid).toBeUndefined();
      expect(await verifies(await createClientAssertion({ clientId: 'c', tokenUrl: TOKEN_URL, key: parsed.key, now: NOW }), key.publicKey)).toBe(true);
    }
  });

  it('reads EC P-256 keys as JWK and PEM and signs ES256', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64')}\n-----END PRIVATE KEY-----`;
    for (const text of [JSON.stringify({ ...jwk, kid: 'ec1' }), pem]) {
      const parsed = await parsePrivateKey(text);
      expect(parsed.alg).toBe('ES256');
      const jwt = await createClientAssertion({ clientId: 'c', tokenUrl: TOKEN_URL, key: parsed.key, kid: parsed.kid, now: NOW });
      expect(decode(jwt).header.alg).toBe('ES256');
      expect(await verifies(jwt, pair.publicKey)).toBe(true);
    }
  });

  it('refuses a PKCS#1 "BEGIN RSA PRIVATE KEY" with the openssl command that converts it, or the JWK alternative', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const problem = await problemOf(parsePrivateKey(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string));
    expect(problem).toMatchObject({ code: 'bad-credentials', service: 'extension' });
    expect(problem.message).toContain('PKCS#1');
    expect(problem.nextStep).toContain('openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem');
    expect(problem.nextStep).toContain('JWK Okta generated');
  });

  it('refuses public keys, whether JWK, JWK set or PEM, saying a private key is needed', async () => {
    const key = await rsaKey();
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = key.jwk;
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', key.publicKey)).toString('base64');
    for (const text of [JSON.stringify(publicJwk), JSON.stringify({ keys: [publicJwk] }), `-----BEGIN PUBLIC KEY-----\n${spki}\n-----END PUBLIC KEY-----`]) {
      const problem = await problemOf(parsePrivateKey(text));
      expect(problem.message).toBe('This is a public key; signing needs the private key that pairs with it.');
      expect(problem.nextStep).toContain('"d" member');
    }
  });

  it('explains cut-off, foreign and unsupported keys', async () => {
    const key = await rsaKey();
    const { p: _p, ...noPrimes } = key.jwk;
    const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']);
    const cases: Array<[string, RegExp]> = [
      ['', /No private key/],
      [JSON.stringify(key.jwk).slice(0, 80), /not valid JSON/],
      [JSON.stringify(noPrimes), /missing some of its parts/],
      [JSON.stringify({ ...key.jwk, alg: 'RS512' }), /marked for RS512/],
      [JSON.stringify(await crypto.subtle.exportKey('jwk', p384.privateKey)), /uses P-384/],
      [JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }), /"oct" key cannot sign/],
      ['-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', /password/],
      ['-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----', /not base64/],
      ['ssh-rsa AAAAB3NzaC1yc2E', /neither a JSON Web Key nor a PEM/],
    ];
    for (const [text, message] of cases) expect((await problemOf(parsePrivateKey(text))).message, text.slice(0, 40)).toMatch(message);
  });

  it('refuses an RSA key under 2048 bits, as JWK or PEM, instead of failing when it signs', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    for (const text of [JSON.stringify(privateKey.export({ format: 'jwk' })), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string]) {
      const problem = await problemOf(parsePrivateKey(text));
      expect(problem).toMatchObject({ code: 'bad-credentials', service: 'extension' });
      expect(problem.message).toBe('This RSA key is only 1024 bits; RS256 signatures need a key of 2048 bits or more.');
      expect(problem.nextStep).toContain("app's Public Keys in Okta");
    }
  });
});

describe('DPoP proof', () => {
  it('puts the public key in a dpop+jwt header and htm, htu (no query), iat, jti, nonce and ath in the payload', async () => {
    const keyPair = await createDpopKeyPair();
    expect(Object.keys(keyPair.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const proof = await createDpopProof({ keyPair, method: 'get', url: 'https://acme.okta.com/api/v1/users/a.b%40example.com?limit=1#x', nonce: 'n-1', accessToken: 'token-1', now: NOW + 500 });
    const { header, payload } = decode(proof);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: keyPair.publicJwk });
    expect(payload).toMatchObject({ htm: 'GET', htu: 'https://acme.okta.com/api/v1/users/a.b@example.com', iat: NOW / 1000, nonce: 'n-1', ath: createHash('sha256').update('token-1').digest('base64url') });
    expect(payload.jti).toEqual(expect.any(String));
    const publicKey = await crypto.subtle.importKey('jwk', header.jwk as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await verifies(proof, publicKey)).toBe(true);
  });

  it('leaves out nonce and ath when there are none, and never repeats a jti', async () => {
    const keyPair = await createDpopKeyPair();
    const proofs = await Promise.all([1, 2].map(() => createDpopProof({ keyPair, method: 'POST', url: TOKEN_URL, now: NOW })));
    const [a, b] = proofs.map((p) => decode(p).payload);
    expect(Object.keys(a!).sort()).toEqual(['htm', 'htu', 'iat', 'jti']);
    expect(a!.jti).not.toBe(b!.jti);
  });
});

describe('tokenErrorProblem', () => {
  const base: TokenErrorInput = { status: 401, headers: new Headers(), body: {}, requestedScopes: ['okta.users.read', 'okta.users.manage'], localNow: NOW, clientId: '0oa1', sentKid: 'k1' };
  const map = (body: unknown, extra: Partial<TokenErrorInput> = {}) => tokenErrorProblem({ ...base, body, ...extra });

  it('names the scopes Okta refused and where to grant them', () => {
    const named = map({ error: 'invalid_scope', error_description: 'The following scopes are not granted to the client: okta.users.manage.' }, { status: 400 });
    expect(named).toMatchObject({ code: 'missing-scope', service: 'okta', vendorCode: 'invalid_scope', httpStatus: 400 });
    expect(named.message).toContain('has not been granted okta.users.manage');
    expect(named.nextStep).toMatch(/^Grant okta\.users\.manage in the service app's Okta API Scopes tab/);
    expect(map({ error: 'invalid_scope', error_description: 'One or more scopes are not configured.' }).nextStep).toContain('Grant okta.users.read, okta.users.manage in');
  });

  it('tells a wrong client ID from an unregistered key or a missing kid', () => {
    expect(map({ error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." }).message).toContain('no app with the client ID 0oa1');
    expect(map({ error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }).message).toContain('does not match any public key registered');
    expect(map({ error: 'invalid_client', error_description: 'The client_assertion JWT kid is invalid.' }).message).toContain('(k1) is not one of the public keys registered');
    expect(map({ error: 'invalid_client', error_description: 'The client_assertion JWT kid is invalid.' }, { sentKid: undefined }).nextStep).toContain('Key ID');
    expect(map({ error: 'invalid_client' })).toMatchObject({ code: 'bad-credentials', message: 'Okta did not accept the client ID or the private key (invalid_client).' });
  });

  it("blames the clock when Okta's Date is more than two minutes away, saying by how much and which way", () => {
    const ahead = map({ error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, { headers: new Headers({ date: new Date(NOW - 10 * 60_000).toUTCString() }) });
    expect(ahead).toMatchObject({ code: 'clock-skew', nextStep: "Fix this computer's clock (set the date and time automatically), then connect again." });
    expect(ahead.message).toMatch(/^Your computer's clock is 10 minutes ahead of Okta's; the signed assertions Okta accepts are time-limited/);
    expect(map({ error: 'invalid_client' }, { headers: new Headers({ date: new Date(NOW + 61 * 60_000).toUTCString() }) }).message).toContain('61 minutes behind');
    expect(map({ error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." }, { headers: new Headers({ date: new Date(NOW - 90_000).toUTCString() }) }).code).toBe('bad-credentials');
  });

  it('blames the clock when Okta calls the assertion expired or from the future, even without a Date', () => {
    for (const description of ['The client_assertion token is expired.', 'The client_assertion token was issued in the future.']) {
      expect(map({ error: 'invalid_client', error_description: description })).toMatchObject({ code: 'clock-skew' });
    }
  });

  it('words DPoP refusals and anything else with what Okta said', () => {
    expect(map({ error: 'invalid_dpop_proof', error_description: "'htm' claim in the DPoP proof JWT is invalid." }, { status: 400 }).message).toBe("Okta refused the DPoP proof Flex Steward sent (invalid_dpop_proof: 'htm' claim in the DPoP proof JWT is invalid).");
    expect(map('<html>', { status: 403 }).message).toBe("Okta's token endpoint refused the request (HTTP 403).");
  });
});

describe('token source with a scripted token endpoint', () => {
  async function setup(responses: Array<() => Response>) {
    const key = await rsaKey();
    const clock = { now: NOW };
    const calls: Array<{ url: string; body: URLSearchParams; headers: Headers }> = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ url, body: new URLSearchParams(String(init.body)), headers: new Headers(init.headers) });
      return responses[Math.min(calls.length, responses.length) - 1]!();
    };
    const source = createOktaTokenSource({ orgUrl: 'acme.okta.com', clientId: '0oa1', privateKey: key.pem, keyId: 'pem-kid', scopes: ['okta.users.read'], http: createHttpClient({ fetch }), now: () => clock.now });
    return { source, calls, clock };
  }
  const token = (value: string, extra: Record<string, unknown> = {}) => () => Response.json({ token_type: 'Bearer', expires_in: 3600, access_token: value, scope: 'okta.users.read', ...extra });

  it('posts a client_credentials grant with a fresh assertion, and reuses the token until a minute before it expires', async () => {
    const { source, calls, clock } = await setup([token('t1'), token('t2')]);
    const [a, b] = await Promise.all([source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users'), source.getAuthorization('GET', 'https://acme.okta.com/api/v1/apps')]);
    expect(a).toEqual({ authorization: 'Bearer t1' });
    expect(b).toEqual(a);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(TOKEN_URL);
    expect(calls[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(calls[0]!.body)).toMatchObject({ grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
    expect(decode(calls[0]!.body.get('client_assertion')!).header.kid).toBe('pem-kid');

    clock.now = NOW + 58 * 60_000;
    expect(await source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users')).toEqual({ authorization: 'Bearer t1' });
    clock.now = NOW + 59 * 60_000 + 1;
    expect(await source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users')).toEqual({ authorization: 'Bearer t2' });
    expect(calls).toHaveLength(2);
  });

  it('fetches a new token after invalidate()', async () => {
    const { source, calls } = await setup([token('t1'), token('t2')]);
    await source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users');
    source.invalidate();
    expect(await source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users')).toEqual({ authorization: 'Bearer t2' });
    expect(calls).toHaveLength(2);
  });

  it('retries a nonce request only once, and refuses an answer without a usable token', async () => {
    const dpopMissing = () => Response.json({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' }, { status: 400 });
    const nonce = () => Response.json({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' }, { status: 400, headers: { 'dpop-nonce': 'n' } });
    const looping = await setup([dpopMissing, nonce, nonce]);
    expect(await problemOf(looping.source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users'))).toMatchObject({ code: 'invalid-response', vendorCode: 'use_dpop_nonce' });
    expect(looping.calls.map((c) => [!!c.headers.get('dpop'), c.headers.get('dpop') ? decode(c.headers.get('dpop')!).payload.nonce : undefined])).toEqual([
      [false, undefined],
      [true, undefined],
      [true, 'n'],
    ]);
    const unbound = await setup([token('t', { token_type: 'DPoP' })]);
    expect(await problemOf(unbound.source.getAuthorization('GET', 'https://acme.okta.com/api/v1/users'))).toMatchObject({ code: 'invalid-response' });
  });
});

import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRequest, SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import type { SandboxState } from '../state';
import { authorize } from './auth';
import { NOW, context, emptyState, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';
import { dpopNonces, jwkThumbprint, oauthTokenRoute, registerServiceApp, type RegisteredServiceApp } from './oauth-token';

const TOKEN_URL = `https://${SANDBOX_HOSTS.okta}/oauth2/v1/token`;
const NOW_S = NOW.getTime() / 1000;
const ALL = ['okta.users.read', 'okta.users.manage'];

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = header.alg === 'ES256' ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

function assertion(app: RegisteredServiceApp, claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'RS256', kid: app.kid }, key = createPrivateKey({ key: app.privateJwk as never, format: 'jwk' })): string {
  return jws(header, { iss: app.clientId, sub: app.clientId, aud: TOKEN_URL, iat: NOW_S, exp: NOW_S + 300, jti: `jti-${Math.random()}`, ...claims }, key);
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}, method = 'POST', path = '/oauth2/v1/token'): SandboxRequest {
  const body = new URLSearchParams(form);
  return { method, host: SANDBOX_HOSTS.okta, url: new URL(`https://${SANDBOX_HOSTS.okta}${path}`), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString(), form: body, json: undefined };
}

const grant = (clientAssertion: string, scope = ALL.join(' ')) => ({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion });
const body = (response: SandboxResponse | undefined) => JSON.parse(response?.body ?? 'null') as Record<string, unknown>;

/** An ephemeral P-256 key as a DPoP client holds it. */
function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { privateKey, jwk: { kty, crv, x, y } as JsonWebKey };
}

function proof(key: ReturnType<typeof dpopKey>, claims: Record<string, unknown>, signer: KeyObject = key.privateKey): string {
  return jws({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk }, { htm: 'POST', htu: TOKEN_URL, iat: NOW_S, jti: `p-${Math.random()}`, ...claims }, signer);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

describe('POST /oauth2/v1/token', () => {
  let state: SandboxState;
  let app: RegisteredServiceApp;
  let other: RegisteredServiceApp;
  // One context for the whole run, as the server keeps one PRNG: token values must not repeat.
  let ctx: ReturnType<typeof context>;
  const call = (req: SandboxRequest) => oauthTokenRoute(req, ctx);

  beforeAll(() => {
    state = emptyState();
    ctx = context(state);
    app = registerServiceApp(state, { scopes: ALL, requireDpop: false });
    other = registerServiceApp(state, { scopes: ALL, requireDpop: false });
  });

  it('issues a Bearer token for an assertion signed with the registered key, and records it with its scopes and expiry', () => {
    const response = call(tokenRequest(grant(assertion(app))));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'cache-control': 'no-cache, no-store', date: NOW.toUTCString() });
    const issued = body(response);
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.users.manage' });
    expect(state.okta.accessTokens).toContainEqual({ token: issued.access_token, scopes: ALL, expiresAt: '2024-05-01T11:00:00.000Z' });
  });

  it('accepts the same key as PKCS#8 PEM, which carries no kid, by trying the registered key', () => {
    const pemKey = createPrivateKey(app.privatePem);
    expect(call(tokenRequest(grant(assertion(app, {}, { alg: 'RS256' }, pemKey)))).status).toBe(200);
  });

  it("refuses a client it cannot authenticate with 401 invalid_client in Okta's words", () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["Invalid value for 'client_id' parameter.", grant(assertion(app, { iss: '0oaUnknown', sub: '0oaUnknown' }))],
      ["Invalid value for 'client_id' parameter.", { ...grant(assertion(app)), client_id: other.clientId }],
      ['The client_assertion JWT kid is invalid.', grant(assertion(app, {}, { alg: 'RS256', kid: other.kid }, createPrivateKey({ key: other.privateJwk as never, format: 'jwk' })))],
      ['The client_assertion signature is invalid.', grant(assertion(app, {}, { alg: 'RS256' }, createPrivateKey(other.privatePem)))],
      ['The audience claim for client_assertion must be the endpoint invoking the client_assertion.', grant(assertion(app, { aud: `https://${SANDBOX_HOSTS.oktaAdmin}/oauth2/v1/token` }))],
      ["The client_assertion token's 'sub' claim must be the client_id.", grant(assertion(app, { sub: 'someone-else' }))],
      ['Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.', { grant_type: 'client_credentials', scope: 'okta.users.read', client_id: app.clientId, client_secret: 's' }],
      ['The client_assertion token is malformed.', grant('not.a-jwt')],
    ];
    for (const [description, form] of cases) {
      const response = call(tokenRequest(form));
      expect(response.status, description).toBe(401);
      expect(body(response)).toEqual({ error: 'invalid_client', error_description: description });
    }
  });

  it('calls an assertion expired or issued in the future only beyond a minute of leeway', () => {
    const verdict = (claims: Record<string, unknown>) => {
      const response = call(tokenRequest(grant(assertion(app, claims))));
      return response.status === 200 ? 'ok' : body(response).error_description;
    };
    expect(verdict({ iat: NOW_S - 400, exp: NOW_S - 61 })).toBe('The client_assertion token is expired.');
    expect(verdict({ iat: NOW_S - 330, exp: NOW_S - 30 })).toBe('ok');
    expect(verdict({ iat: NOW_S + 61, exp: NOW_S + 361 })).toBe('The client_assertion token was issued in the future.');
    expect(verdict({ iat: NOW_S + 30, exp: NOW_S + 330 })).toBe('ok');
    expect(verdict({ exp: NOW_S + 3600 + 120 })).toBe('The client_assertion token has an expiration too far in the future.');
    expect(verdict({ exp: undefined })).toBe("The client_assertion token must have an 'exp' claim.");
  });

  it('refuses scopes the app was not granted, naming each, and a request with no scope at all', () => {
    const reader = registerServiceApp(state, { scopes: ['okta.users.read'], requireDpop: false });
    const response = call(tokenRequest(grant(assertion(reader), 'okta.users.read okta.users.manage okta.apps.read')));
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({ error: 'invalid_scope', error_description: 'The following scopes are not granted to the client: okta.users.manage okta.apps.read.' });
    expect(body(call(tokenRequest(grant(assertion(reader), ''))))).toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses other grant types and methods', () => {
    expect(body(call(tokenRequest({ ...grant(assertion(app)), grant_type: 'password' })))).toMatchObject({ error: 'unsupported_grant_type' });
    const get = call(tokenRequest({}, {}, 'GET'));
    expect(get.status).toBe(405);
    expect(get.headers?.allow).toBe('POST');
  });

  describe('with DPoP required', () => {
    let dpopApp: RegisteredServiceApp;
    const key = dpopKey();
    beforeAll(() => {
      dpopApp = registerServiceApp(state, { scopes: ALL, requireDpop: true });
    });

    it('asks first for a proof, then for a nonce, then binds the token it issues to the proof key', () => {
      const missing = call(tokenRequest(grant(assertion(dpopApp))));
      expect(missing.status).toBe(400);
      expect(body(missing)).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });

      const noNonce = call(tokenRequest(grant(assertion(dpopApp)), { dpop: proof(key, {}) }));
      expect(noNonce.status).toBe(400);
      expect(body(noNonce)).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
      const nonce = noNonce.headers?.['dpop-nonce'];
      expect(nonce).toBe(dpopNonces(state, NOW)[0]);

      const issued = call(tokenRequest(grant(assertion(dpopApp)), { dpop: proof(key, { nonce }) }));
      expect(issued.status).toBe(200);
      expect(body(issued)).toMatchObject({ token_type: 'DPoP', expires_in: 3600 });
      expect(state.okta.accessTokens?.find((t) => t.token === body(issued).access_token)?.dpopJkt).toBe(jwkThumbprint(key.jwk));
    });

    it('keeps honouring a nonce for three days, as Okta does, and asks again after that', () => {
      const [nonce] = dpopNonces(state, NOW);
      const twoDaysLater = new Date(NOW.getTime() + 2 * 86_400_000);
      const later = (at: Date) => oauthTokenRoute(tokenRequest(grant(assertion(dpopApp, { iat: at.getTime() / 1000, exp: at.getTime() / 1000 + 300 })), { dpop: proof(key, { nonce, iat: at.getTime() / 1000 }) }), context(state, at));
      expect(later(twoDaysLater).status).toBe(200);
      expect(body(later(new Date(NOW.getTime() + 3 * 86_400_000)))).toMatchObject({ error: 'use_dpop_nonce' });
    });

    it('refuses a proof that does not fit the request or is not signed by its own key', () => {
      const nonce = dpopNonces(state, NOW)[0];
      const stranger = dpopKey();
      const cases: Array<[string, string]> = [
        ["'htu' claim in the DPoP proof JWT is invalid.", proof(key, { nonce, htu: `https://${SANDBOX_HOSTS.okta}/oauth2/default/v1/token` })],
        ["'htm' claim in the DPoP proof JWT is invalid.", proof(key, { nonce, htm: 'GET' })],
        ["'iat' claim in the DPoP proof JWT is invalid.", proof(key, { nonce, iat: NOW_S - 600 })],
        ['The DPoP proof JWT signature is invalid.', proof(key, { nonce }, stranger.privateKey)],
        ["The DPoP proof JWT 'typ' header must be 'dpop+jwt'.", jws({ typ: 'JWT', alg: 'ES256', jwk: key.jwk }, { htm: 'POST', htu: TOKEN_URL, iat: NOW_S, jti: 'x', nonce }, key.privateKey)],
        ['DPoP proof JWT cannot be parsed.', 'garbage'],
      ];
      for (const [description, dpop] of cases) {
        const response = call(tokenRequest(grant(assertion(dpopApp)), { dpop }));
        expect(response.status, description).toBe(400);
        expect(body(response)).toEqual({ error: 'invalid_dpop_proof', error_description: description });
      }
    });
  });
});

describe('authorize with a DPoP-bound token', () => {
  const key = dpopKey();
  const USERS = `https://${SANDBOX_HOSTS.okta}/api/v1/users`;
  function setup() {
    const state = emptyState();
    state.okta.accessTokens = [
      { token: 'bound', scopes: ['okta.users.read'], expiresAt: '2024-05-01T11:00:00.000Z', dpopJkt: jwkThumbprint(key.jwk) },
      { token: 'plain', scopes: ['okta.users.read'], expiresAt: '2024-05-01T11:00:00.000Z' },
    ];
    return context(state);
  }
  const apiRequest = (path: string, headers: Record<string, string>): SandboxRequest => ({ ...tokenRequest({}, headers, 'GET', path), headers });
  const resourceProof = (claims: Record<string, unknown> = {}, signer = key) => proof(signer, { htm: 'GET', htu: USERS, ath: ath('bound'), ...claims });

  it('lets it through as `Authorization: DPoP` with a proof of its key for this request', () => {
    expect(authorize(apiRequest('/api/v1/users?limit=1', { authorization: 'DPoP bound', dpop: resourceProof() }), setup(), ['okta.users.read'])).toBeUndefined();
  });

  it('compares htu with the percent-decoded path, as Okta does', () => {
    const dpop = resourceProof({ htu: `${USERS}/a.person@example.com` });
    expect(authorize(apiRequest('/api/v1/users/a.person%40example.com', { authorization: 'DPoP bound', dpop }), setup(), ['okta.users.read'])).toBeUndefined();
  });

  it('refuses it as Bearer, without a proof, or with a proof for another token, request or key', () => {
    const refusal = (headers: Record<string, string>) => {
      const response = authorize(apiRequest('/api/v1/users', headers), setup(), ['okta.users.read']);
      return [response?.status, /error="([^"]+)"/.exec(response?.headers?.['www-authenticate'] ?? '')?.[1], body(response).error_description];
    };
    expect(refusal({ authorization: 'Bearer bound' })).toEqual([401, 'invalid_token', "The access token is DPoP-bound; send it as 'Authorization: DPoP' with a DPoP proof."]);
    expect(refusal({ authorization: 'DPoP bound' })).toEqual([400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.']);
    expect(refusal({ authorization: 'DPoP bound', dpop: resourceProof({ ath: ath('another') }) })).toEqual([400, 'invalid_dpop_proof', "'ath' claim in the DPoP proof JWT is invalid."]);
    expect(refusal({ authorization: 'DPoP bound', dpop: resourceProof({ htu: `${USERS}/00u1` }) })).toEqual([400, 'invalid_dpop_proof', "'htu' claim in the DPoP proof JWT is invalid."]);
    expect(refusal({ authorization: 'DPoP bound', dpop: resourceProof({}, dpopKey()) })).toEqual([400, 'invalid_dpop_proof', 'The DPoP proof JWT key does not match the key the access token is bound to.']);
    expect(refusal({ authorization: 'DPoP plain', dpop: resourceProof() })[0]).toBe(401);
  });

  it('still takes a plain Bearer token as Bearer', () => {
    expect(authorize(apiRequest('/api/v1/users', { authorization: 'Bearer plain' }), setup(), ['okta.users.read'])).toBeUndefined();
  });
});

describe('the token endpoint on the sandbox host', () => {
  let okta: OktaSandbox;
  beforeAll(async () => {
    okta = await startOktaSandbox();
    useOktaState(okta.sandbox.state);
  });
  afterAll(() => okta.sandbox.close());

  it('is reached without an API token and dates its answers by the sandbox clock', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: ['okta.users.read'], requireDpop: false });
    const response = await okta.fetch(TOKEN_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(grant(assertion(app), 'okta.users.read')) });
    expect(response.status).toBe(200);
    expect(response.headers.get('date')).toBe(NOW.toUTCString());
    expect(response.headers.get('x-okta-request-id')).toBeTruthy();
    const { access_token } = (await response.json()) as { access_token: string };
    expect((await okta.call('/api/v1/users?limit=1', { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
  });
});

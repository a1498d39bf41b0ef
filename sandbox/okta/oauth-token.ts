import { createHash, createPublicKey, generateKeyPairSync, randomInt, verify, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import { oktaId } from '../random';
import type { OktaAccessToken, SandboxState } from '../state';

/**
 * The org authorization server's token endpoint as OAuth for Okta service apps use it:
 * `client_credentials` with a `private_key_jwt` client assertion, scopes checked against the app's
 * grants, and DPoP (nonce first, then a signed proof) for apps that require it. Also the check
 * that a DPoP-bound token arrives with a proof on API calls. node:crypto verifies synchronously, so
 * both fit the sandbox's synchronous route and auth code.
 */

export const TOKEN_PATH = '/oauth2/v1/token';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** How far the sandbox forgives clocks, either way, before calling an assertion expired or early. */
export const CLOCK_LEEWAY_S = 60;
const MAX_ASSERTION_LIFETIME_S = 3600;
const TOKEN_LIFETIME_S = 3600;
/** DPoP proofs older than this are refused even with a valid signature. */
const PROOF_MAX_AGE_S = 300;
const DAY_MS = 86_400_000;

interface Jwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

type Refusal = { status: number; error: string; description: string; headers?: Record<string, string> };

export const oauthTokenRoute = (req: SandboxRequest, ctx: SandboxContext): SandboxResponse => {
  const now = ctx.now();
  // The token endpoint's `Date` is what clients compare their clock with, so it is the sandbox clock's.
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    json(status, body, { 'cache-control': 'no-cache, no-store', pragma: 'no-cache', date: now.toUTCString(), ...headers });
  const refuse = (r: Refusal) => send(r.status, { error: r.error, error_description: r.description }, r.headers);

  if (req.method !== 'POST') return send(405, { error: 'invalid_request', error_description: 'The endpoint does not support the provided HTTP method.' }, { allow: 'POST' });
  const form = req.form;
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return refuse(grant ? { status: 400, error: 'unsupported_grant_type', description: `The authorization grant type is not supported by the authorization server: '${grant}'.` } : { status: 400, error: 'invalid_request', description: "The 'grant_type' parameter is missing." });
  }

  const tokenUrl = `https://${req.host}${TOKEN_PATH}`;
  const client = authenticateClient(ctx.state, form, tokenUrl, now);
  if ('status' in client) return refuse(client);

  const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (requested.length === 0) return refuse({ status: 400, error: 'invalid_scope', description: "The authorization server resource does not have any configured default scopes, 'scope' must be provided." });
  const notGranted = requested.filter((scope) => !client.scopes.includes(scope));
  if (notGranted.length) return refuse({ status: 400, error: 'invalid_scope', description: `The following scopes are not granted to the client: ${notGranted.join(' ')}.` });

  let jkt: string | undefined;
  const proof = req.headers.dpop;
  if (proof) {
    const checked = checkDpopProof(proof, { method: 'POST', url: tokenUrl, now, nonces: dpopNonces(ctx.state, now) });
    if ('status' in checked) return refuse(checked);
    jkt = checked.jkt;
  } else if (client.requireDpop) {
    return refuse({ status: 400, error: 'invalid_dpop_proof', description: 'The DPoP proof JWT header is missing.' });
  }

  const token: OktaAccessToken = { token: `sbx-at.${oktaId('', ctx.random)}${oktaId('', ctx.random)}`, scopes: requested, expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_S * 1000).toISOString() };
  if (jkt) token.dpopJkt = jkt;
  (ctx.state.okta.accessTokens ??= []).push(token);
  return send(200, { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: TOKEN_LIFETIME_S, access_token: token.token, scope: requested.join(' ') });
};

/** The service app whose key signed a valid `client_assertion`, or why there is none. */
function authenticateClient(state: SandboxState, form: URLSearchParams, tokenUrl: string, now: Date) {
  const invalid = (description: string): Refusal => ({ status: 401, error: 'invalid_client', description });
  const assertion = form.get('client_assertion');
  if (form.has('client_secret')) return invalid('Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
  if (!assertion || form.get('client_assertion_type') !== ASSERTION_TYPE) return invalid('Client authentication failed. Either the client or the client credentials are invalid.');
  const jwt = decodeJwt(assertion);
  if (!jwt) return invalid('The client_assertion token is malformed.');

  const clientId = jwt.payload.iss;
  const app = state.okta.serviceApps?.find((a) => a.clientId === clientId);
  if (!app || (form.has('client_id') && form.get('client_id') !== clientId)) return invalid("Invalid value for 'client_id' parameter.");
  if (jwt.payload.sub !== clientId) return invalid("The client_assertion token's 'sub' claim must be the client_id.");
  const kid = jwt.header.kid;
  if (kid !== undefined && app.publicJwk.kid !== undefined && kid !== app.publicJwk.kid) return invalid('The client_assertion JWT kid is invalid.');
  if (!verifyJws(jwt, app.publicJwk)) return invalid('The client_assertion signature is invalid.');

  const audiences = Array.isArray(jwt.payload.aud) ? jwt.payload.aud : [jwt.payload.aud];
  if (!audiences.includes(tokenUrl)) return invalid('The audience claim for client_assertion must be the endpoint invoking the client_assertion.');
  const nowS = now.getTime() / 1000;
  const { exp, iat } = jwt.payload;
  if (typeof exp !== 'number') return invalid("The client_assertion token must have an 'exp' claim.");
  if (exp <= nowS - CLOCK_LEEWAY_S) return invalid('The client_assertion token is expired.');
  if (exp > nowS + MAX_ASSERTION_LIFETIME_S + CLOCK_LEEWAY_S) return invalid('The client_assertion token has an expiration too far in the future.');
  if (typeof iat === 'number' && iat > nowS + CLOCK_LEEWAY_S) return invalid('The client_assertion token was issued in the future.');
  return app;
}

/**
 * Okta renews its DPoP nonce daily and honours an old one for three days. The sandbox derives
 * them from the seed and the day, so runs replay and nothing needs remembering between requests.
 */
export function dpopNonces(state: SandboxState, now: Date): string[] {
  const day = Math.floor(now.getTime() / DAY_MS);
  return [0, 1, 2].map((age) => createHash('sha256').update(`sandbox-dpop-nonce:${state.seed}:${day - age}`).digest('base64url').slice(0, 32));
}

interface ProofExpectation {
  method: string;
  url: string;
  now: Date;
  /** Acceptable nonces, newest first; the first goes back in `DPoP-Nonce` when the proof has none of them. */
  nonces?: string[];
  /** For API calls: the token the proof's `ath` must hash, and the key thumbprint it is bound to. */
  accessToken?: string;
  jkt?: string;
}

/** Checks a DPoP proof as RFC 9449 §4.3 lists; returns the proof key's thumbprint, or the refusal. */
export function checkDpopProof(proof: string, expect: ProofExpectation): { jkt: string } | Refusal {
  const invalid = (description: string): Refusal => ({ status: 400, error: 'invalid_dpop_proof', description });
  const jwt = decodeJwt(proof);
  if (!jwt) return invalid('DPoP proof JWT cannot be parsed.');
  const { header, payload } = jwt;
  if (header.typ !== 'dpop+jwt') return invalid("The DPoP proof JWT 'typ' header must be 'dpop+jwt'.");
  const jwk = header.jwk;
  if (!isRecord(jwk) || 'd' in jwk) return invalid("The DPoP proof JWT 'jwk' header must be a public key.");
  if (!verifyJws(jwt, jwk as JsonWebKey)) return invalid('The DPoP proof JWT signature is invalid.');
  if (payload.htm !== expect.method.toUpperCase()) return invalid("'htm' claim in the DPoP proof JWT is invalid.");
  if (typeof payload.htu !== 'string' || payload.htu.replace(/[?#].*$/, '') !== decodedUrl(expect.url)) return invalid("'htu' claim in the DPoP proof JWT is invalid.");
  const nowS = expect.now.getTime() / 1000;
  if (typeof payload.iat !== 'number' || payload.iat > nowS + CLOCK_LEEWAY_S || payload.iat < nowS - PROOF_MAX_AGE_S) return invalid("'iat' claim in the DPoP proof JWT is invalid.");
  if (typeof payload.jti !== 'string' || !payload.jti) return invalid("'jti' claim in the DPoP proof JWT is missing.");
  if (expect.nonces && !expect.nonces.includes(payload.nonce as string)) {
    return { status: 400, error: 'use_dpop_nonce', description: 'Authorization server requires nonce in DPoP proof.', headers: { 'dpop-nonce': expect.nonces[0]! } };
  }
  const jkt = jwkThumbprint(jwk as JsonWebKey);
  if (expect.accessToken !== undefined && payload.ath !== createHash('sha256').update(expect.accessToken).digest('base64url')) return invalid("'ath' claim in the DPoP proof JWT is invalid.");
  if (expect.jkt !== undefined && jkt !== expect.jkt) return invalid('The DPoP proof JWT key does not match the key the access token is bound to.');
  return { jkt };
}

/**
 * For `authorize`: whether the scheme and proof fit the token. A DPoP-bound token is good only as
 * `Authorization: DPoP` with a proof of its key for this very request; a Bearer token only as Bearer.
 * Returns the refusal, or undefined when the request may proceed.
 */
export function dpopRefusal(req: SandboxRequest, ctx: SandboxContext, token: OktaAccessToken, scheme: string): SandboxResponse | undefined {
  const usedDpop = scheme.toLowerCase() === 'dpop';
  if (!token.dpopJkt) return usedDpop ? dpopChallenge(401, 'invalid_token', 'The access token is not bound to a DPoP key; send it as a Bearer token.') : undefined;
  if (!usedDpop) return dpopChallenge(401, 'invalid_token', "The access token is DPoP-bound; send it as 'Authorization: DPoP' with a DPoP proof.");
  const proof = req.headers.dpop;
  if (!proof) return dpopChallenge(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
  const checked = checkDpopProof(proof, { method: req.method, url: `https://${req.host}${req.url.pathname}`, now: ctx.now(), accessToken: token.token, jkt: token.dpopJkt });
  return 'status' in checked ? dpopChallenge(checked.status, checked.error, checked.description) : undefined;
}

/** Okta's API names DPoP errors in a `WWW-Authenticate: DPoP …` challenge, e.g. for a wrong `htu`. */
function dpopChallenge(status: number, error: string, description: string): SandboxResponse {
  const params = { algs: 'RS256 ES256', authorization_uri: `https://${SANDBOX_HOSTS.okta}/oauth2/v1/authorize`, realm: `https://${SANDBOX_HOSTS.okta}`, error, error_description: description };
  const challenge = 'DPoP ' + Object.entries(params).map(([key, value]) => `${key}="${value}"`).join(', ');
  return json(status, { error, error_description: description }, { 'www-authenticate': challenge });
}

/** Okta compares `htu` with the request's percent-decoded path (okta-sdk-python#541). */
function decodedUrl(url: string): string {
  const parsed = new URL(url);
  try {
    return parsed.origin + decodeURIComponent(parsed.pathname);
  } catch {
    return parsed.origin + parsed.pathname;
  }
}

function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (!isRecord(header) || !isRecord(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return undefined;
  }
}

/** RS256 and ES256, the two algorithms Flex Steward signs with; anything else does not verify. */
function verifyJws(jwt: Jwt, jwk: JsonWebKey): boolean {
  try {
    const key = createPublicKey({ key: publicMembers(jwk) as NodeJsonWebKey, format: 'jwk' });
    const data = Buffer.from(jwt.signingInput);
    if (jwt.header.alg === 'RS256' && jwk.kty === 'RSA') return verify('sha256', data, key, jwt.signature);
    if (jwt.header.alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256') return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    return false;
  } catch {
    return false;
  }
}

function publicMembers(jwk: JsonWebKey): JsonWebKey {
  return jwk.kty === 'EC' ? { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: jwk.kty, e: jwk.e, n: jwk.n };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

export interface RegisteredServiceApp {
  clientId: string;
  /** What Okta's "Generate new key" shows once: the private JWK, with its `kid`. */
  privateJwk: JsonWebKey & { kid: string };
  /** The same key as PKCS#8 PEM, which carries no `kid`. */
  privatePem: string;
  kid: string;
}

/** Adds a service app with a fresh RSA key, as an admin would in Okta, for tests and the demo. */
export function registerServiceApp(state: SandboxState, options: { scopes: readonly string[]; requireDpop: boolean }): RegisteredServiceApp {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
  const kid = jwkThumbprint(publicJwk);
  const clientId = oktaId('0oa', () => randomInt(2 ** 32) / 2 ** 32);
  (state.okta.serviceApps ??= []).push({ clientId, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' }, scopes: [...options.scopes], requireDpop: options.requireDpop });
  return {
    clientId,
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'RS256', use: 'sig' },
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    kid,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

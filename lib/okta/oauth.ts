/**
 * OAuth for Okta with a service app: the safer alternative to an SSWS API token. Flex Steward
 * signs a short client assertion with the app's private key (`private_key_jwt`), trades it at the
 * org authorization server for a one-hour access token with the scopes it needs, and binds that
 * token to an ephemeral DPoP key when the app requires it. The JWTs are signed by `jose`, which
 * stands on WebCrypto alone, so this runs in the MV3 service worker as it does in Node tests.
 *
 * Okta's guides: "Implement OAuth for Okta with a service app" and "Configure OAuth 2.0
 * Demonstrating Proof-of-Possession" (developer.okta.com/docs/guides/…).
 */
import { base64url, exportJWK, generateKeyPair, importJWK, importPKCS8, SignJWT } from 'jose';
import type { HttpClient, HttpResult } from '../http/fetch-core';
import { problem, ProblemError, type Problem } from '../problem';
import { oktaDestination, type OriginGranted } from './credential-destination';
import { normaliseOrgUrl } from './org-url';

/** What Flex Steward asks for: reading and changing users, reading and changing app assignments, ending sessions. */
export const OKTA_SERVICE_APP_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.apps.read', 'okta.apps.manage', 'okta.sessions.manage'] as const;

export type SigningAlg = 'RS256' | 'ES256';

export interface OktaSigningKey {
  key: CryptoKey;
  alg: SigningAlg;
  /** From the JWK; PEM keys have none. Okta matches it against the app's registered public keys. */
  kid?: string;
}

export interface DpopKeyPair {
  privateKey: CryptoKey;
  /** The public half as it goes into every proof's header: key members only. */
  publicJwk: JsonWebKey;
}

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta accepts assertions that expire up to an hour out; a few minutes is plenty for one exchange. */
const ASSERTION_LIFETIME_S = 300;
/** Tokens are replaced this long before Okta's expiry, so one never lapses between check and use. */
const REFRESH_MARGIN_MS = 60_000;
/** More apart than this, the local clock (not the key) is why Okta refuses time-limited assertions. */
const CLOCK_SKEW_LIMIT_MS = 2 * 60_000;

/** RS256 keys "of size 2048 bits or larger MUST be used" (https://www.rfc-editor.org/rfc/rfc7518#section-3.3); jose refuses smaller ones. */
const MIN_RSA_BITS = 2048;

function keyProblem(message: string, nextStep: string): ProblemError {
  return new ProblemError(problem('bad-credentials', message, nextStep, { service: 'extension' }));
}

const PASTE_PRIVATE = 'Paste the private key: the JWK Okta showed once when it generated the key (it has a "d" member), or a PKCS#8 PEM starting with -----BEGIN PRIVATE KEY-----.';

/**
 * Reads the private key an admin pasted: a JWK (RSA, or EC P-256) as Okta's key generator shows
 * it, a JWK set holding one private key, or a PKCS#8 PEM. Formats browsers cannot import and
 * public keys are refused with the way out.
 */
export async function parsePrivateKey(text: string): Promise<OktaSigningKey> {
  const trimmed = text.trim();
  if (!trimmed) throw keyProblem('No private key was entered.', PASTE_PRIVATE);
  if (trimmed.startsWith('{')) return importJwkText(trimmed);
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(trimmed);
  if (!pem) throw keyProblem('This is neither a JSON Web Key nor a PEM key.', PASTE_PRIVATE);
  const label = pem[1]!;
  switch (label) {
    case 'PRIVATE KEY':
      return importPkcs8(pem[0], pem[2]!);
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      throw keyProblem(
        `This is a ${label === 'RSA PRIVATE KEY' ? 'PKCS#1 RSA' : 'SEC 1 EC'} key (BEGIN ${label}), a format browsers cannot read.`,
        'Convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem` and paste the result, or paste the JWK Okta generated for the app.',
      );
    case 'ENCRYPTED PRIVATE KEY':
      throw keyProblem('This private key is protected by a password, which Flex Steward cannot ask for.', 'Remove the password with `openssl pkey -in key.pem -out key-plain.pem` and paste the result; the vault encrypts it here.');
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
    case 'CERTIFICATE':
      throw publicKeyProblem();
    default:
      throw keyProblem(`A PEM "${label}" is not a private key Flex Steward can use.`, PASTE_PRIVATE);
  }
}

function publicKeyProblem(): ProblemError {
  return keyProblem(
    'This is a public key; signing needs the private key that pairs with it.',
    `${PASTE_PRIVATE} If nobody kept it, generate a new key under the app's Public Keys in Okta and paste the private JWK it shows.`,
  );
}

async function importJwkText(text: string): Promise<OktaSigningKey> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw keyProblem('The key looks like JSON but is not valid JSON; part of it may be missing.', 'Copy the whole key again, from the first { to the last }.');
  }
  if (isRecord(value) && Array.isArray(value.keys)) {
    const privateKeys = value.keys.filter((k) => isRecord(k) && typeof k.d === 'string');
    if (privateKeys.length === 0) throw publicKeyProblem();
    if (privateKeys.length > 1) throw keyProblem(`This key set holds ${privateKeys.length} private keys.`, 'Paste only the one whose public half is registered with the Okta app.');
    value = privateKeys[0];
  }
  if (!isRecord(value) || typeof value.kty !== 'string') throw keyProblem('This JSON is not a JSON Web Key (it has no "kty").', PASTE_PRIVATE);
  if (value.kty !== 'RSA' && value.kty !== 'EC') throw keyProblem(`A "${value.kty}" key cannot sign for Okta; it needs an RSA or EC private key.`, PASTE_PRIVATE);
  if (typeof value.d !== 'string') throw publicKeyProblem();
  const kid = typeof value.kid === 'string' && value.kid ? value.kid : undefined;

  if (value.kty === 'RSA') {
    if (value.alg !== undefined && value.alg !== 'RS256') throw unsupportedAlg(value.alg);
    const members = pick(value, ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi']);
    if (!members) throw keyProblem('This RSA key is missing some of its parts (n, e, d, p, q, dp, dq, qi).', 'Copy the whole private JWK again.');
    return { key: checkRsaSize(await importJwk({ kty: 'RSA', ...members }, 'RS256')), alg: 'RS256', kid };
  }
  if (value.crv !== 'P-256') throw keyProblem(`This EC key uses ${String(value.crv)}; Flex Steward signs with P-256 (ES256) or RSA (RS256).`, 'Generate an RSA key for the app in Okta and paste its private JWK.');
  if (value.alg !== undefined && value.alg !== 'ES256') throw unsupportedAlg(value.alg);
  const members = pick(value, ['x', 'y', 'd']);
  if (!members) throw keyProblem('This EC key is missing some of its parts (x, y, d).', 'Copy the whole private JWK again.');
  return { key: await importJwk({ kty: 'EC', crv: 'P-256', ...members }, 'ES256'), alg: 'ES256', kid };
}

function unsupportedAlg(alg: unknown): ProblemError {
  return keyProblem(`This key is marked for ${String(alg)}; Flex Steward signs with RS256 or ES256.`, 'Generate a new key under the app\'s Public Keys in Okta (it uses RS256) and paste its private JWK.');
}

async function importPkcs8(pem: string, body: string): Promise<OktaSigningKey> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body.replace(/\s+/g, ''))) {
    throw keyProblem('The PEM key is damaged: its body is not base64.', 'Copy the whole key again, including the BEGIN and END lines.');
  }
  // PKCS#8 names its algorithm inside; jose imports it only as the algorithm it is, so try each.
  for (const alg of ['RS256', 'ES256'] as const) {
    let key: CryptoKey;
    try {
      key = await importPKCS8(pem, alg);
    } catch {
      continue; // Not this kind of key; try the next.
    }
    return { key: alg === 'RS256' ? checkRsaSize(key) : key, alg };
  }
  throw keyProblem('This PEM key is neither RSA nor EC P-256, or it is damaged.', 'Generate an RSA key for the app in Okta and paste its private JWK.');
}

async function importJwk(jwk: JsonWebKey, alg: SigningAlg): Promise<CryptoKey> {
  try {
    // A private RSA or EC JWK always imports as a (non-extractable) CryptoKey; only "oct" keys come back as bytes.
    return (await importJWK(jwk, alg)) as CryptoKey;
  } catch {
    throw keyProblem('The key\'s numbers do not form a valid private key; it may have been cut or edited.', 'Copy the whole private JWK again.');
  }
}

function checkRsaSize(key: CryptoKey): CryptoKey {
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (bits < MIN_RSA_BITS) {
    throw keyProblem(`This RSA key is only ${bits} bits; RS256 signatures need a key of ${MIN_RSA_BITS} bits or more.`, "Generate a new key under the app's Public Keys in Okta (it makes 2048-bit keys) and paste its private JWK.");
  }
  return key;
}

function pick(record: Record<string, unknown>, names: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = record[name];
    if (typeof value !== 'string' || !value) return undefined;
    out[name] = value;
  }
  return out;
}

function algOf(key: CryptoKey): SigningAlg {
  return key.algorithm.name === 'ECDSA' ? 'ES256' : 'RS256';
}

export interface ClientAssertionInput {
  clientId: string;
  tokenUrl: string;
  key: CryptoKey;
  kid?: string;
  /** Epoch milliseconds. */
  now: number;
}

/** The `private_key_jwt` assertion: iss = sub = client ID, aud = the token endpoint, good for five minutes. */
export function createClientAssertion({ clientId, tokenUrl, key, kid, now }: ClientAssertionInput): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT()
    .setProtectedHeader({ alg: algOf(key), typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .setJti(globalThis.crypto.randomUUID())
    .sign(key);
}

/** A fresh P-256 key for DPoP; the private half is not extractable, so it never leaves WebCrypto. */
export async function createDpopKeyPair(): Promise<DpopKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

/**
 * The `htu` claim: the URL without query or fragment, its path percent-decoded because Okta
 * compares against the decoded path (a login with `@` otherwise fails; okta-sdk-java#1526,
 * okta-sdk-python#541).
 */
export function dpopHtu(url: string): string {
  const parsed = new URL(url);
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray % cannot be decoded; the path as sent is the best guess.
  }
  return parsed.origin + path;
}

export interface DpopProofInput {
  keyPair: DpopKeyPair;
  method: string;
  url: string;
  /** The authorization server's `DPoP-Nonce`; token requests need it, Okta's API does not. */
  nonce?: string;
  /** For resource requests: binds the proof to this token through `ath`. */
  accessToken?: string;
  /** Epoch milliseconds. */
  now: number;
}

/** A DPoP proof (RFC 9449 §4.2): the public key in the header, the request and, for API calls, the token hash in the claims. */
export async function createDpopProof({ keyPair, method, url, nonce, accessToken, now }: DpopProofInput): Promise<string> {
  const claims: Record<string, string> = { htm: method.toUpperCase(), htu: dpopHtu(url) };
  if (nonce) claims.nonce = nonce;
  if (accessToken) claims.ath = base64url.encode(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))));
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: keyPair.publicJwk })
    .setIssuedAt(Math.floor(now / 1000))
    .setJti(globalThis.crypto.randomUUID())
    .sign(keyPair.privateKey);
}

export interface OktaTokenSourceOptions {
  orgUrl: string;
  clientId: string;
  /** As pasted (JWK or PKCS#8 PEM), or already parsed. */
  privateKey: string | OktaSigningKey;
  /** The registered key's ID, for keys (PEM) that do not carry one. */
  keyId?: string;
  scopes?: readonly string[];
  http: HttpClient;
  /** Asked before every token request to an org on a custom domain; without it such an org is refused. */
  originGranted?: OriginGranted;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface OktaTokenSource {
  /** Headers that authorize one request: `authorization`, plus a `dpop` proof for a DPoP-bound token. */
  getAuthorization(method: string, url: string): Promise<Record<string, string>>;
  /** Forgets the cached token, e.g. after Okta answered 401 to it. */
  invalidate(): void;
}

interface AccessToken {
  value: string;
  /** Epoch milliseconds, by the local clock. */
  expiresAt: number;
  /** The key a DPoP-bound token is bound to; absent for a Bearer token. */
  proofKey?: DpopKeyPair;
}

export function createOktaTokenSource(options: OktaTokenSourceOptions): OktaTokenSource {
  const now = options.now ?? Date.now;
  const scopes = [...(options.scopes ?? OKTA_SERVICE_APP_SCOPES)];
  let signingKey: Promise<OktaSigningKey> | undefined;
  /** Set once Okta says the app wants DPoP; the nonce is kept because Okta honours it for days. */
  let dpop: { keyPair: Promise<DpopKeyPair>; nonce?: string } | undefined;
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  const loadKey = () => (signingKey ??= typeof options.privateKey === 'string' ? parsePrivateKey(options.privateKey) : Promise.resolve(options.privateKey));

  async function requestToken(): Promise<AccessToken> {
    // The org authorization server, on the org's own host even when the Admin Console's was entered.
    const org = normaliseOrgUrl(options.orgUrl);
    const tokenUrl = `${org.origin}/oauth2/v1/token`;
    // The client assertion in the body and the DPoP proof are credentials too: same rule as the API's.
    const destination = oktaDestination(org, options.originGranted);
    const signing = await loadKey();
    const kid = signing.kid ?? options.keyId;
    let askedForNonce = false;
    for (;;) {
      const proofKey = dpop && (await dpop.keyPair);
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (proofKey) headers.dpop = await createDpopProof({ keyPair: proofKey, method: 'POST', url: tokenUrl, nonce: dpop?.nonce, now: now() });
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: scopes.join(' '),
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        // A fresh assertion per attempt: Okta may refuse a jti it has already seen.
        client_assertion: await createClientAssertion({ clientId: options.clientId, tokenUrl, key: signing.key, kid, now: now() }),
      });
      const sentAt = now();
      const result = await options.http.request({ service: 'okta', method: 'POST', url: tokenUrl, headers, body: body.toString(), destination, acceptStatuses: [400, 401, 403] });
      if (result.status < 400) return readToken(result, tokenUrl, sentAt, proofKey);

      const error = oauthError(result.json);
      const nonce = result.headers.get('dpop-nonce');
      // Okta's first answer to a DPoP app is "the proof is missing", then "use this nonce".
      if (error.error === 'invalid_dpop_proof' && !dpop) {
        dpop = { keyPair: createDpopKeyPair() };
        continue;
      }
      if (error.error === 'use_dpop_nonce' && dpop && nonce && !askedForNonce) {
        askedForNonce = true;
        dpop.nonce = nonce;
        continue;
      }
      throw new ProblemError(tokenErrorProblem({ status: result.status, headers: result.headers, body: result.json, requestedScopes: scopes, localNow: now(), sentKid: kid, clientId: options.clientId, requestId: result.requestId }));
    }
  }

  async function accessToken(): Promise<AccessToken> {
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > now()) return cached;
    pending ??= requestToken()
      .then((token) => (cached = token))
      .finally(() => (pending = undefined));
    return pending;
  }

  return {
    async getAuthorization(method, url): Promise<Record<string, string>> {
      const token = await accessToken();
      if (!token.proofKey) return { authorization: `Bearer ${token.value}` };
      return { authorization: `DPoP ${token.value}`, dpop: await createDpopProof({ keyPair: token.proofKey, method, url, accessToken: token.value, now: now() }) };
    },
    invalidate() {
      cached = undefined;
    },
  };
}

function readToken(result: HttpResult, tokenUrl: string, sentAt: number, proofKey: DpopKeyPair | undefined): AccessToken {
  const body = isRecord(result.json) ? result.json : {};
  const type = typeof body.token_type === 'string' ? body.token_type.toLowerCase() : '';
  const valid = typeof body.access_token === 'string' && body.access_token && typeof body.expires_in === 'number' && body.expires_in > 0 && (type === 'bearer' || (type === 'dpop' && proofKey));
  if (!valid) {
    throw new ProblemError(
      problem('invalid-response', `Okta's token endpoint (${new URL(tokenUrl).host}) answered without a usable access token.`, 'Try again; if it keeps happening, a proxy may be changing the traffic.', { service: 'okta', httpStatus: result.status, requestId: result.requestId, retryable: true }),
    );
  }
  // Measured from when the request left, so a slow answer cannot stretch the token past Okta's expiry.
  return { value: body.access_token as string, expiresAt: sentAt + (body.expires_in as number) * 1000, proofKey: type === 'dpop' ? proofKey : undefined };
}

interface OAuthError {
  error?: string;
  description: string;
}

function oauthError(body: unknown): OAuthError {
  if (!isRecord(body)) return { description: '' };
  return { error: typeof body.error === 'string' ? body.error : undefined, description: typeof body.error_description === 'string' ? body.error_description : '' };
}

export interface TokenErrorInput {
  status: number;
  headers: Headers;
  body: unknown;
  requestedScopes: readonly string[];
  /** Epoch milliseconds when the answer arrived, by the local clock. */
  localNow: number;
  /** The `kid` the assertion carried, if any. */
  sentKid?: string;
  clientId: string;
  requestId?: string;
}

const SCOPES_TAB = "the service app's Okta API Scopes tab (Applications → Applications → the app → Okta API Scopes)";
const PUBLIC_KEYS = "the service app's Public Keys (Applications → Applications → the app → General)";

/** An error from Okta's token endpoint as a Problem that says which setting to fix. */
export function tokenErrorProblem(input: TokenErrorInput): Problem {
  const { error = `HTTP ${input.status}`, description } = oauthError(input.body);
  const extra: Partial<Problem> = { service: 'okta', httpStatus: input.status, vendorCode: error, requestId: input.requestId };
  const said = description ? ` (${error}: ${description.replace(/\.+$/, '')})` : ` (${error})`;

  const skew = clockSkewProblem(input, error, description, extra);
  if (skew) return skew;

  switch (error) {
    case 'invalid_client':
      return invalidClientProblem(input, description, said, extra);
    case 'invalid_scope': {
      const named = description.match(/\bokta\.[A-Za-z]+\.[A-Za-z]+\b/g) ?? [];
      const missing = named.length ? [...new Set(named)] : [...input.requestedScopes];
      const list = missing.join(', ');
      return problem(
        'missing-scope',
        named.length ? `The Okta service app has not been granted ${list}${said}.` : `The Okta service app has not been granted every scope Flex Steward asks for (${list})${said}.`,
        `Grant ${list} in ${SCOPES_TAB}, then connect again.`,
        extra,
      );
    }
    case 'invalid_dpop_proof':
      return problem('invalid-request', `Okta refused the DPoP proof Flex Steward sent${said}.`, 'Check that this computer\'s date and time are set automatically; if they are, report this with the run history attached.', extra);
    case 'use_dpop_nonce':
      return problem('invalid-response', `Okta asked for a new DPoP nonce twice in a row${said}.`, 'Try again in a minute; if it keeps happening, report it with the run history attached.', { ...extra, retryable: true });
    case 'unauthorized_client':
      return problem('bad-credentials', `Okta does not let this app get tokens for itself${said}.`, 'Use an API Services app whose client authentication is "Public key / Private key", and paste its client ID in Settings.', extra);
    default:
      return problem('invalid-request', `Okta's token endpoint refused the request${said}.`, 'Check the client ID and private key in Settings; if they look right, report this with the run history attached.', extra);
  }
}

/**
 * Assertions are valid for minutes, so a clock that is off makes Okta call them expired or from
 * the future. The response's `Date` says by how much; failing that, Okta's wording gives it away.
 */
function clockSkewProblem(input: TokenErrorInput, error: string, description: string, extra: Partial<Problem>): Problem | undefined {
  const nextStep = "Fix this computer's clock (set the date and time automatically), then connect again.";
  const serverNow = Date.parse(input.headers.get('date') ?? '');
  const offset = Number.isNaN(serverNow) ? 0 : input.localNow - serverNow;
  if (Math.abs(offset) > CLOCK_SKEW_LIMIT_MS) {
    const minutes = Math.round(Math.abs(offset) / 60_000);
    return problem('clock-skew', `Your computer's clock is ${minutes} minute${minutes === 1 ? '' : 's'} ${offset > 0 ? 'ahead of' : 'behind'} Okta's; the signed assertions Okta accepts are time-limited, so it refused this one.`, nextStep, extra);
  }
  const timeWords = /expired|future|not yet valid|'iat'/i;
  if ((error === 'invalid_client' || error === 'invalid_dpop_proof') && timeWords.test(description)) {
    return problem('clock-skew', `Okta says the signed assertion is out of its time window (${description.replace(/\.+$/, '')}); your computer's clock is probably off.`, nextStep, extra);
  }
  return undefined;
}

function invalidClientProblem(input: TokenErrorInput, description: string, said: string, extra: Partial<Problem>): Problem {
  if (/\bkid\b/i.test(description)) {
    return input.sentKid
      ? problem('bad-credentials', `The key's ID (${input.sentKid}) is not one of the public keys registered with the Okta app${said}.`, `Add this key's public half to ${PUBLIC_KEYS}, or paste the private key of a key listed there.`, extra)
      : problem('bad-credentials', `Okta needs to know which registered key signed the request${said}.`, `Paste the private key as the JWK Okta generated (it carries its "kid"), or enter the Key ID shown in ${PUBLIC_KEYS}.`, extra);
  }
  if (/client_id|client id/i.test(description)) {
    return problem('bad-credentials', `Okta has no app with the client ID ${input.clientId}${said}.`, "Copy the Client ID from the service app's General tab in Okta and paste it in Settings.", extra);
  }
  if (/signature/i.test(description)) {
    return problem('bad-credentials', `The private key does not match any public key registered with the Okta app${said}.`, `Register this key's public half in ${PUBLIC_KEYS}, or paste the private key that belongs to a key listed there.`, extra);
  }
  return problem('bad-credentials', `Okta did not accept the client ID or the private key${said}.`, `Check the client ID in Settings, and that the key's public half is registered in ${PUBLIC_KEYS}.`, extra);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

import { SignJWT, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { TwilioCredentials } from '../state';

/**
 * Checks a Twilio Access Token the way Twilsock does before it lets a client in: an HS256 JWT with
 * `cty: twilio-fpa;v=1`, signed with the secret of the API key named in `iss`, for the account in
 * `sub`, not expired, carrying a Sync grant. https://www.twilio.com/docs/iam/access-tokens
 *
 * Refusals carry the public error codes the SDK reacts to: 20104 "Access Token expired or
 * expiration date invalid" makes twilsock emit `tokenExpired` (twilsock@1.0.2 `TwilsockChannel`,
 * `tokenExpiredSasCode = 20104`); everything else is 20101 "Invalid Access Token".
 * https://www.twilio.com/docs/api/errors/20104 https://www.twilio.com/docs/api/errors/20101
 */

export interface SyncTokenClaims {
  identity: string;
  serviceSid: string;
  /** Seconds since the epoch, as in the token. */
  exp: number;
}

export type TokenCheck = { ok: true; claims: SyncTokenClaims } | { ok: false; errorCode: 20101 | 20104; description: string };

const invalid = (description: string): TokenCheck => ({ ok: false, errorCode: 20101, description });

/** Access Tokens live at most 24 hours (error 20104's page). */
const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

export async function checkSyncToken(token: unknown, credentials: TwilioCredentials, now: Date): Promise<TokenCheck> {
  if (typeof token !== 'string' || token === '') return invalid('Invalid Access Token: none was given');
  let iss: unknown;
  try {
    if (decodeProtectedHeader(token).cty !== 'twilio-fpa;v=1') return invalid('Invalid Access Token header: cty must be twilio-fpa;v=1');
    iss = decodeJwt(token).iss;
  } catch {
    return invalid('Invalid Access Token: not a JWT');
  }
  if (iss !== credentials.apiKeySid) return invalid(`Invalid Access Token issuer: ${String(iss)} is not an API key of this account`);
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(credentials.apiKeySecret), {
      algorithms: ['HS256'],
      subject: credentials.accountSid,
      requiredClaims: ['exp'],
      currentDate: now,
    });
    const exp = payload.exp!;
    if (exp - Math.floor(now.getTime() / 1000) > MAX_LIFETIME_SECONDS) return { ok: false, errorCode: 20104, description: 'Access Token expiration date is more than 24 hours away' };
    const grants = payload.grants as { identity?: unknown; data_sync?: { service_sid?: unknown } } | undefined;
    const serviceSid = grants?.data_sync?.service_sid;
    if (typeof serviceSid !== 'string') return invalid('Invalid Access Token grants: no data_sync grant with a service_sid');
    if (typeof grants?.identity !== 'string' || grants.identity === '') return invalid('Invalid Access Token grants: no identity');
    return { ok: true, claims: { identity: grants.identity, serviceSid, exp } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, errorCode: 20104, description: 'Access Token expired or expiration date invalid' };
    if (error instanceof errors.JWTClaimValidationFailed) return invalid(`Invalid Access Token: ${error.claim} is wrong`);
    return invalid('Invalid Access Token signature');
  }
}

export interface TestTokenOptions {
  serviceSid: string;
  identity?: string;
  /** Seconds from `now`; negative for an already expired token. */
  ttlSeconds?: number;
  /** Signs with another secret, for a token the sandbox must refuse. */
  secret?: string;
}

/** A Sync Access Token as Twilio's helper libraries mint one, for tests that play the extension's side. */
export async function mintTestSyncToken(credentials: TwilioCredentials, now: Date, options: TestTokenOptions): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ grants: { identity: options.identity ?? 'ana@example.com', data_sync: { service_sid: options.serviceSid } } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
    .setJti(`${credentials.apiKeySid}-${issuedAt}`)
    .setIssuer(credentials.apiKeySid)
    .setSubject(credentials.accountSid)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? credentials.apiKeySecret));
}

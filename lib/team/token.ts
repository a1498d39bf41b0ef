/**
 * The Twilio Access Token the `twilio-sync` SDK connects with. The background mints it from the
 * API key secret it already holds, so no server of ours is needed: an HS256 JWT whose issuer is
 * the API key and whose subject is the account, with one grant for the Sync Service.
 *
 * Shape as Twilio documents it (https://www.twilio.com/docs/iam/access-tokens) and as its Node
 * helper writes it (https://github.com/twilio/twilio-node/blob/main/src/jwt/AccessToken.ts:
 * header `cty: twilio-fpa;v=1`, `jti` = key SID + "-" + issue time in seconds, `iat`, `exp`,
 * `iss`, `sub`, `grants`; `nbf` only when asked for, which we never do).
 */
import { SignJWT } from 'jose';
import { problem, ProblemError, type Problem } from '../problem';
import { ACCOUNT_SID, API_KEY_SID, SYNC_SERVICE_SID } from '../settings/twilio-fields';

/** Twilio's helpers default to an hour; the SDK asks for a new token before it runs out. */
export const SYNC_TOKEN_TTL_SECONDS = 3600;
/** Twilio refuses tokens that live longer than a day (error 20157, https://www.twilio.com/docs/api/errors/20157). */
export const SYNC_TOKEN_MAX_TTL_SECONDS = 86_400;

export interface SyncTokenInput {
  accountSid: string;
  /** The API key (`SK…`) whose secret signs; absent when the admin connects with the Auth Token, which cannot sign tokens. */
  apiKeySid?: string;
  apiKeySecret: string;
  /** Who holds the token: the operator ("You are"); Sync names them on what they write. */
  identity: string;
  /** The Sync Service (`IS…`) the token may use. */
  serviceSid: string;
  /** Unix time in seconds: the token's `iat`, and part of its `jti`. */
  nowSeconds: number;
  /** Defaults to `SYNC_TOKEN_TTL_SECONDS`; at most `SYNC_TOKEN_MAX_TTL_SECONDS`. */
  ttlSeconds?: number;
}

const TWILIO_SETTINGS = 'Settings → Twilio';
/** The year 5138 in seconds; today in milliseconds is far above it. */
const LATEST_PLAUSIBLE_SECONDS = 1e11;

/** Why these inputs cannot make a token Twilio accepts, or undefined when they can. */
function inputProblem(input: SyncTokenInput, ttl: number): Problem | undefined {
  const setup = (message: string, nextStep: string) => problem('not-configured', message, nextStep, { service: 'extension' });
  const fault = (message: string) => problem('invalid-request', message, 'Report it with the run history attached: this is a fault in Flex Steward, not in your settings.', { service: 'extension' });

  if (!ACCOUNT_SID.test(input.accountSid)) return setup('The saved Account SID is not one (AC followed by 32 lowercase hex characters).', `Copy the Account SID from the Twilio Console home page into ${TWILIO_SETTINGS}.`);
  // With the Auth Token, the "key" is the account itself; Twilio signs access tokens with API keys only.
  if (!input.apiKeySid || input.apiKeySid === input.accountSid) {
    return setup(
      'Team mode needs a Twilio API key: Twilio only accepts access tokens signed with an API key, and this browser connects with the Auth Token.',
      // Restricted keys cannot sign access tokens either (https://www.twilio.com/docs/api/errors/20160).
      `Create an API key in the Console (a Standard key, not a Restricted one) and add it in ${TWILIO_SETTINGS}.`,
    );
  }
  if (!API_KEY_SID.test(input.apiKeySid)) return setup('The saved API key SID is not one (SK followed by 32 lowercase hex characters).', `Copy the API key SID from the Console into ${TWILIO_SETTINGS}.`);
  if (!input.apiKeySecret) return setup('No API key secret is saved, so the team token cannot be signed.', `Enter the API key secret in ${TWILIO_SETTINGS}.`);
  if (!SYNC_SERVICE_SID.test(input.serviceSid)) return setup('Team mode has no valid Sync Service SID (IS followed by 32 lowercase hex characters).', 'Choose a Sync Service, or create one, in Settings → Team.');
  if (!input.identity.trim()) return setup('Team mode does not know who you are: every Sync token names the operator holding it.', 'Open Settings → Deprovisioning, and set "You are" to your own email.');
  // Milliseconds passed as seconds would date the token thousands of years ahead.
  if (!Number.isSafeInteger(input.nowSeconds) || input.nowSeconds < 0 || input.nowSeconds >= LATEST_PLAUSIBLE_SECONDS) {
    return fault(`A Sync token cannot be issued at ${input.nowSeconds}: the time must be whole seconds since 1970.`);
  }
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > SYNC_TOKEN_MAX_TTL_SECONDS) return fault(`A Sync token cannot live ${ttl} seconds; Twilio accepts 1 to ${SYNC_TOKEN_MAX_TTL_SECONDS}.`);
  return undefined;
}

/** Signs a Sync Access Token; rejects with a ProblemError when the settings cannot make one. */
export async function mintSyncToken(input: SyncTokenInput): Promise<string> {
  const ttl = input.ttlSeconds ?? SYNC_TOKEN_TTL_SECONDS;
  const refused = inputProblem(input, ttl);
  if (refused) throw new ProblemError(refused);
  const apiKeySid = input.apiKeySid!;
  // Claims in the order Twilio's Node helper writes them, so the bytes match its tokens too.
  return new SignJWT({ jti: `${apiKeySid}-${input.nowSeconds}`, grants: { identity: input.identity, data_sync: { service_sid: input.serviceSid } } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
    .setIssuedAt(input.nowSeconds)
    .setExpirationTime(input.nowSeconds + ttl)
    .setIssuer(apiKeySid)
    .setSubject(input.accountSid)
    .sign(new TextEncoder().encode(input.apiKeySecret));
}

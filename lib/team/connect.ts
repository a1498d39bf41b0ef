import { requireSecret } from '../connections/clients';
import { twilioSecretDestination } from '../connections/secret-destinations';
import type { HttpClient } from '../http/fetch-core';
import type { OktaClient } from '../okta/client';
import { problem, ProblemError } from '../problem';
import type { OktaSettings, TwilioSettings } from '../settings/settings';
import type { Vault } from '../vault/vault';
import { createSyncRest, type SyncRest } from './sync-rest';
import type { SyncTokenInput } from './token';

/**
 * Team mode's credentials: the Twilio secret the vault already holds, bound to the account and
 * region it was saved for (as the Twilio client gets it, lib/connections/clients.ts), for Sync
 * REST calls and for signing the live feed's token.
 */

export async function syncCredentials(settings: TwilioSettings, vault: Vault): Promise<Pick<SyncTokenInput, 'accountSid' | 'apiKeySid' | 'apiKeySecret'>> {
  if (!settings.accountSid) throw new ProblemError(problem('not-configured', 'Twilio is not connected yet.', "Open Flex Steward's Settings and fill in the Twilio section.", { service: 'extension' }));
  const secret = await requireSecret(vault, 'twilio.apiKeySecret', settings.useAuthToken ? 'Twilio Auth Token' : 'Twilio API key secret', twilioSecretDestination(settings));
  return { accountSid: settings.accountSid, apiKeySid: settings.useAuthToken ? undefined : settings.apiKeySid, apiKeySecret: secret };
}

/**
 * Sync REST clients over the same fetch core and Basic credentials as the Twilio client; the same
 * client while the settings and secret stay the same, so what it knows (Lists and Maps that exist)
 * is learnt once.
 */
export function syncRestSource(vault: Vault, http: HttpClient): (settings: TwilioSettings) => Promise<SyncRest> {
  let current: { key: string; rest: SyncRest } | null = null;
  return async (settings) => {
    const { accountSid, apiKeySid, apiKeySecret } = await syncCredentials(settings, vault);
    const key = JSON.stringify([settings, apiKeySecret]);
    if (current?.key !== key) {
      current = { key, rest: createSyncRest({ http, credentials: { username: apiKeySid ?? accountSid, password: apiKeySecret }, region: settings.region, edge: settings.edge }) };
    }
    return current.rest;
  };
}

/**
 * The admin who set up Okta, to suggest as the operator: with an API token, `GET /api/v1/users/me`
 * answers the admin who granted the token (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser).
 * An OAuth service app acts as no user, so there is nobody to suggest.
 */
export async function oktaAdminLogin(settings: OktaSettings, okta: () => Promise<OktaClient>): Promise<string | null> {
  if (settings.authMethod !== 'api-token') return null;
  return (await okta()).getUser('me').then(
    (user) => user.profile.login,
    () => null,
  );
}

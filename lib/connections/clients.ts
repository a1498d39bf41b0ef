import type { HttpClient } from '../http/fetch-core';
import { apiTokenAuth, tokenSourceAuth, type OktaAuth } from '../okta/auth';
import { createOktaClient, type OktaClient } from '../okta/client';
import { createOktaTokenSource, type OktaTokenSource } from '../okta/oauth';
import { ProblemError, problem } from '../problem';
import type { OktaSettings, TwilioSettings } from '../settings/settings';
import { createTwilioClient, type TwilioClient } from '../twilio/client';
import type { SecretName, Vault } from '../vault/vault';

const settingsStep = (section: string) => `Open Flex Steward's Settings and fill in the ${section} section.`;

/** A secret from the vault, or the Problem that says why there is none (locked, never saved). */
export async function requireSecret(vault: Vault, name: SecretName, label: string, section: string): Promise<string> {
  const result = await vault.getSecret(name);
  if (!result.ok) throw new ProblemError(result.problem);
  if (!result.data) throw new ProblemError(problem('not-configured', `No ${label} is saved.`, settingsStep(section), { service: 'extension' }));
  return result.data;
}

/**
 * OAuth token sources live as long as the service worker: each holds a cached access token and
 * its DPoP key, which must survive between requests but never be written anywhere.
 */
const tokenSources = new Map<string, OktaTokenSource>();

async function oktaAuth(settings: OktaSettings, vault: Vault, http: HttpClient, now?: () => number): Promise<OktaAuth> {
  if (settings.authMethod === 'api-token') return apiTokenAuth(await requireSecret(vault, 'okta.apiToken', 'Okta API token', 'Okta'));
  if (!settings.clientId) throw new ProblemError(problem('not-configured', 'No OAuth client ID is saved for Okta.', settingsStep('Okta'), { service: 'extension' }));
  const privateKey = await requireSecret(vault, 'okta.privateKey', 'Okta private key', 'Okta');
  const key = JSON.stringify([settings.orgUrl, settings.clientId, privateKey]);
  let source = tokenSources.get(key);
  if (!source) {
    source = createOktaTokenSource({ orgUrl: settings.orgUrl!, clientId: settings.clientId, privateKey, http, now });
    tokenSources.clear();
    tokenSources.set(key, source);
  }
  return tokenSourceAuth(source);
}

export async function oktaClientFrom(settings: OktaSettings, vault: Vault, http: HttpClient, now?: () => number): Promise<OktaClient> {
  if (!settings.orgUrl) throw new ProblemError(problem('not-configured', 'Okta is not connected yet.', settingsStep('Okta'), { service: 'extension' }));
  return createOktaClient({ http, orgUrl: settings.orgUrl, auth: await oktaAuth(settings, vault, http, now) });
}

export async function twilioClientFrom(settings: TwilioSettings, vault: Vault, http: HttpClient): Promise<TwilioClient> {
  if (!settings.accountSid) throw new ProblemError(problem('not-configured', 'Twilio is not connected yet.', settingsStep('Twilio'), { service: 'extension' }));
  const secret = await requireSecret(vault, 'twilio.apiKeySecret', settings.useAuthToken ? 'Twilio Auth Token' : 'Twilio API key secret', 'Twilio');
  const username = settings.useAuthToken ? settings.accountSid : settings.apiKeySid;
  if (!username) throw new ProblemError(problem('not-configured', 'No Twilio API key SID is saved.', settingsStep('Twilio'), { service: 'extension' }));
  return createTwilioClient({ http, credentials: { username, password: secret }, accountSid: settings.accountSid, region: settings.region, edge: settings.edge });
}

import type { HttpClient } from '../http/fetch-core';
import { apiTokenAuth, tokenSourceAuth, type OktaAuth } from '../okta/auth';
import { createOktaClient, type OktaClient } from '../okta/client';
import type { OriginGranted } from '../okta/credential-destination';
import { createOktaTokenSource, type OktaTokenSource } from '../okta/oauth';
import { ProblemError, problem } from '../problem';
import type { OktaSettings, TwilioSettings } from '../settings/settings';
import { createTwilioClient, type TwilioClient } from '../twilio/client';
import type { SecretName, Vault } from '../vault/vault';
import { checkSecretDestination, oktaSecretDestination, openSecret, sealSecret, twilioSecretDestination, type SecretDestination } from './secret-destinations';

const settingsStep = (section: string) => `Open Flex Steward's Settings and fill in the ${section} section.`;

/**
 * A secret from the vault, usable only at `expected` (where the settings point now), or the
 * Problem that says why not: locked, never saved, or saved for another org, account or region.
 */
export async function requireSecret(vault: Vault, name: SecretName, label: string, expected: SecretDestination): Promise<string> {
  const result = await vault.getSecret(name);
  if (!result.ok) throw new ProblemError(result.problem);
  const section = expected.service === 'okta' ? 'Okta' : 'Twilio';
  if (!result.data) throw new ProblemError(problem('not-configured', `No ${label} is saved.`, settingsStep(section), { service: 'extension' }));
  const opened = openSecret(result.data);
  if (!opened.destination) {
    // Saved by a version that did not record destinations: it is bound, once, to where the
    // settings point at its first use, which is where that version would have sent it.
    const rebound = await vault.setSecret(name, sealSecret(opened.value, expected));
    if (!rebound.ok) throw new ProblemError(rebound.problem);
    return opened.value;
  }
  return checkSecretDestination(name, { value: opened.value, destination: opened.destination }, expected);
}

export interface ClientOptions {
  /** Epoch milliseconds, for signed OAuth assertions. */
  now?: () => number;
  /** `permissions.contains` for an Okta org on a custom domain, asked before every request to it. */
  originGranted?: OriginGranted;
}

/**
 * OAuth token sources live as long as the service worker: each holds a cached access token and
 * its DPoP key, which must survive between requests but never be written anywhere.
 */
const tokenSources = new Map<string, OktaTokenSource>();

async function oktaAuth(settings: OktaSettings, vault: Vault, http: HttpClient, { now, originGranted }: ClientOptions): Promise<OktaAuth> {
  const destination = oktaSecretDestination(settings);
  if (settings.authMethod === 'api-token') return apiTokenAuth(await requireSecret(vault, 'okta.apiToken', 'Okta API token', destination));
  if (!settings.clientId) throw new ProblemError(problem('not-configured', 'No OAuth client ID is saved for Okta.', settingsStep('Okta'), { service: 'extension' }));
  const privateKey = await requireSecret(vault, 'okta.privateKey', 'Okta private key', destination);
  const key = JSON.stringify([settings.orgUrl, settings.clientId, privateKey]);
  let source = tokenSources.get(key);
  if (!source) {
    source = createOktaTokenSource({ orgUrl: settings.orgUrl!, clientId: settings.clientId, privateKey, http, now, originGranted });
    tokenSources.clear();
    tokenSources.set(key, source);
  }
  return tokenSourceAuth(source);
}

export async function oktaClientFrom(settings: OktaSettings, vault: Vault, http: HttpClient, options: ClientOptions = {}): Promise<OktaClient> {
  if (!settings.orgUrl) throw new ProblemError(problem('not-configured', 'Okta is not connected yet.', settingsStep('Okta'), { service: 'extension' }));
  return createOktaClient({ http, orgUrl: settings.orgUrl, auth: await oktaAuth(settings, vault, http, options), originGranted: options.originGranted });
}

export async function twilioClientFrom(settings: TwilioSettings, vault: Vault, http: HttpClient): Promise<TwilioClient> {
  if (!settings.accountSid) throw new ProblemError(problem('not-configured', 'Twilio is not connected yet.', settingsStep('Twilio'), { service: 'extension' }));
  const secret = await requireSecret(vault, 'twilio.apiKeySecret', settings.useAuthToken ? 'Twilio Auth Token' : 'Twilio API key secret', twilioSecretDestination(settings));
  const username = settings.useAuthToken ? settings.accountSid : settings.apiKeySid;
  if (!username) throw new ProblemError(problem('not-configured', 'No Twilio API key SID is saved.', settingsStep('Twilio'), { service: 'extension' }));
  return createTwilioClient({ http, credentials: { username, password: secret }, accountSid: settings.accountSid, region: settings.region, edge: settings.edge });
}

import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import type { Sandbox } from '../../sandbox/server';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { createSyncRest, type SyncRest } from './sync-rest';
import { TEAM_SERVICE_NAME } from './types';

/** Test-only: a Sync REST client over the sandbox, as the background makes one, and a fresh Sync Service. */

export const SYNC = SANDBOX_HOSTS.sync;

export function syncRest(sandbox: Sandbox, fetch?: FetchLike): SyncRest {
  const { apiKeySid, apiKeySecret } = sandbox.state.twilio.credentials;
  // No real waiting between retries: the sandbox answers at once.
  const http = createHttpClient({ fetch: fetch ?? sandboxFetch(sandbox), sleep: async () => {}, random: () => 0.5 });
  return createSyncRest({ http, credentials: { username: apiKeySid, password: apiKeySecret } });
}

export async function newService(sandbox: Sandbox): Promise<string> {
  return (await syncRest(sandbox).createService(TEAM_SERVICE_NAME)).sid;
}

/** Every Sync request answers 503, as an outage would (the fetch core's retries included). */
export function syncDown(sandbox: Sandbox): void {
  sandbox.faults.rules.push({ host: SYNC, respond: 503 });
}

export function syncUp(sandbox: Sandbox): void {
  sandbox.faults.rules = sandbox.faults.rules.filter((rule) => rule.host !== SYNC);
}

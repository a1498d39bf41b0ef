import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
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

async function newService(sandbox: Sandbox): Promise<string> {
  return (await syncRest(sandbox).createService(TEAM_SERVICE_NAME)).sid;
}

/** What a team test works against; read its fields inside tests, as each test gets fresh ones. */
export interface SyncSandbox {
  readonly sandbox: Sandbox;
  /** A Sync Service made afresh for the current test. */
  readonly serviceSid: string;
  /** A Sync REST client made afresh for the current test. */
  readonly rest: SyncRest;
}

/**
 * Registers the hooks every team test file shares: one sandbox for the file, reseeded before each
 * test with a new Sync Service and REST client.
 */
export function useSyncSandbox(seed: number): SyncSandbox {
  let sandbox: Sandbox | undefined;
  let serviceSid: string | undefined;
  let rest: SyncRest | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed });
  });
  afterAll(() => sandbox?.close());
  beforeEach(async () => {
    sandbox!.reseed();
    rest = syncRest(sandbox!);
    serviceSid = await newService(sandbox!);
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSyncSandbox: read its fields inside a test or hook, not while the file loads');
    return value;
  };
  return {
    get sandbox() {
      return ready(sandbox);
    },
    get serviceSid() {
      return ready(serviceSid);
    },
    get rest() {
      return ready(rest);
    },
  };
}

/** Every Sync request answers 503, as an outage would (the fetch core's retries included). */
export function syncDown(sandbox: Sandbox): void {
  sandbox.faults.rules.push({ host: SYNC, respond: 503 });
}

export function syncUp(sandbox: Sandbox): void {
  sandbox.faults.rules = sandbox.faults.rules.filter((rule) => rule.host !== SYNC);
}

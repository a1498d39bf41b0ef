import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import type { Sandbox } from '../../sandbox/server';
import { createHttpClient, type FetchLike, type HttpClient } from '../http/fetch-core';
import { apiTokenAuth } from '../okta/auth';
import { createOktaClient } from '../okta/client';
import { parseSettings, type Settings } from '../settings/settings';
import { createTwilioClient } from '../twilio/client';
import { createMemoryArea } from '../vault/storage-area';
import { buildPlan } from './plan';
import { previewDeprovision, type PreviewDeps } from './preview';
import { createRunner, type RunnerDeps } from './runner';
import type { Plan, PlanOptions, Preview, Target } from './types';

/**
 * Test-only wiring of the run engine to a running sandbox: the real HTTP core and API clients over
 * `sandboxFetch`, settings pointing at the generated org, and memory storage areas.
 */

export const ORG = `https://${SANDBOX_HOSTS.okta}`;

export interface Harness {
  settings: Settings;
  http: HttpClient;
  twilio: RunnerDeps['twilio'];
  okta: RunnerDeps['okta'];
  previewDeps: PreviewDeps;
  area: ReturnType<typeof createMemoryArea>;
  session: ReturnType<typeof createMemoryArea>;
  /** A runner over this harness's journal; each call is a new "service worker". */
  runner(overrides?: Partial<RunnerDeps>): ReturnType<typeof createRunner>;
  /** Preview and plan for a target, as the side panel would get them. */
  plan(target: Target, options?: PlanOptions): Promise<Plan>;
}

export function harness(sandbox: Sandbox, { runs = {}, fetch }: { runs?: Partial<Settings['runs']>; fetch?: FetchLike } = {}): Harness {
  const { state } = sandbox;
  const flexApp = state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
  const workspace = state.twilio.flex!.taskrouterWorkspaceSid;
  const { accountSid, apiKeySid, apiKeySecret } = state.twilio.credentials;
  const settings = parseSettings({
    okta: { orgUrl: ORG, authMethod: 'api-token', flexAppId: flexApp.id, flexAppLabel: flexApp.label },
    twilio: { accountSid, apiKeySid, workspaceSid: workspace, workspaceName: 'Flex Task Assignment' },
    runs,
  });
  // No real waiting between retries: the sandbox answers at once.
  const http = createHttpClient({ fetch: fetch ?? sandboxFetch(sandbox), sleep: async () => {}, random: () => 0.5 });
  const twilio: RunnerDeps['twilio'] = async (client) => createTwilioClient({ http: client, credentials: { username: apiKeySid, password: apiKeySecret }, accountSid });
  const okta: RunnerDeps['okta'] = async (client) => createOktaClient({ http: client, orgUrl: ORG, auth: apiTokenAuth(state.okta.apiTokens[0]!) });
  const previewDeps: PreviewDeps = { settings: async () => settings, twilio: () => twilio(http), okta: () => okta(http) };
  const area = createMemoryArea();
  const session = createMemoryArea();
  return {
    settings,
    http,
    twilio,
    okta,
    previewDeps,
    area,
    session,
    runner: (overrides = {}) => createRunner({ area, session, http, twilio, okta, settings: async () => settings, ...overrides }),
    plan: async (target, options = {}) => buildPlan(await previewDeprovision(previewDeps, target), options),
  };
}

/** The worker and Okta user of a generated case, by name. */
export function person(sandbox: Sandbox, name: CaseName) {
  const found = caseOf(sandbox.state, name);
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === found.workerSids[0]);
  const user = sandbox.state.okta.users.find((u) => u.id === found.oktaUserIds[0]);
  return { ...found, worker: worker!, user, target: { workspaceSid: worker!.workspaceSid, workerSid: worker!.sid } };
}

/** Requests the sandbox logged for a host, method and path. */
export function sent(sandbox: Sandbox, host: string, method: string, path: RegExp): number {
  return sandbox.requestsMatching({ host, method, path }).length;
}

/** A preview of an address nobody in Okta or Twilio has: the smallest real plan, for journal and storage tests. */
export const nobodyPreview = (overrides: Partial<Preview> = {}): Preview => ({
  createdAt: '2026-01-01T00:00:00.000Z',
  target: { email: 'kai@example.com' },
  email: 'kai@example.com',
  identityStatus: 'not-in-okta',
  worker: null,
  etag: null,
  reservations: { pending: 0, accepted: 0 },
  busy: false,
  offlineActivity: null,
  workerCandidates: [],
  person: null,
  personCandidates: [],
  flexApp: null,
  assignment: null,
  endpoints: { taskrouter: 'https://taskrouter.twilio.com', okta: null },
  refusal: null,
  ...overrides,
});

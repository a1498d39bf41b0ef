import type { Sandbox } from '../server';
import type { SandboxActivity, SandboxFlexConfiguration, SandboxWorker, SandboxWorkspace, TwilioCredentials } from '../state';

/**
 * Explicit Twilio state for the route tests, so they do not depend on what the generator makes.
 * Sids are hex-shaped like Twilio's so spec patterns hold.
 */

export const CREATED = '2026-01-05T09:30:00.000Z';

export const sid = (prefix: string, n: number) => prefix + n.toString(16).padStart(32, '0');

export const ACTIVITIES = {
  offline: { sid: sid('WA', 1), friendlyName: 'Offline', available: false, dateCreated: CREATED },
  available: { sid: sid('WA', 2), friendlyName: 'Available', available: true, dateCreated: CREATED },
  break: { sid: sid('WA', 3), friendlyName: 'Break', available: false, dateCreated: CREATED },
} satisfies Record<string, SandboxActivity>;

export const WORKSPACE: SandboxWorkspace = {
  sid: sid('WS', 1),
  friendlyName: 'Steward Support',
  dateCreated: CREATED,
  defaultActivitySid: ACTIVITIES.offline.sid,
  timeoutActivitySid: ACTIVITIES.offline.sid,
  activities: Object.values(ACTIVITIES),
};

export function makeWorker(n: number, overrides: Partial<SandboxWorker> = {}): SandboxWorker {
  return {
    sid: sid('WK', n),
    workspaceSid: WORKSPACE.sid,
    friendlyName: `agent${n}@example.com`,
    attributes: JSON.stringify({ email: `agent${n}@example.com`, full_name: `Agent ${n}`, routing: { skills: n % 2 ? ['sales'] : ['support'] } }),
    activitySid: n % 3 === 0 ? ACTIVITIES.available.sid : ACTIVITIES.offline.sid,
    dateCreated: CREATED,
    dateUpdated: CREATED,
    dateStatusChanged: CREATED,
    revision: 0,
    pendingReservations: 0,
    tasksInProgress: 0,
    ...overrides,
  };
}

/** Replaces the sandbox's Twilio world with one workspace and `workerCount` workers. */
/** A Flex configuration pointing at the fixture workspace. */
export const flexConfiguration = (): SandboxFlexConfiguration => ({
  taskrouterWorkspaceSid: WORKSPACE.sid,
  flexServiceInstanceSid: sid('IS', 1),
  chatServiceInstanceSid: sid('IS', 2),
  status: 'ok',
  dateCreated: CREATED,
  dateUpdated: CREATED,
});

export function installTwilio(sandbox: Sandbox, workerCount: number): TwilioCredentials {
  const workspace = structuredClone(WORKSPACE);
  sandbox.state.twilio.workspaces = [workspace];
  sandbox.state.twilio.workers = Array.from({ length: workerCount }, (_, i) => makeWorker(i + 1));
  sandbox.state.switches.nullListAttributes = false;
  return sandbox.state.twilio.credentials;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A fetch that signs every request with the account's Auth Token, as the extension's client does. */
export function signedFetch(fetchImpl: typeof fetch, credentials: TwilioCredentials): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', basicAuth(credentials.accountSid, credentials.authToken));
    return fetchImpl(input, { ...init, headers });
  };
}

export const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A clock tests move by hand, so rate-limit windows and dates are exact. */
export function manualClock(start = '2026-03-01T12:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

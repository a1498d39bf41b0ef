import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { TwilioCredentials as SandboxCredentials } from '../../sandbox/state';
import { ACTIVITIES, flexConfiguration, installTwilio, makeWorker, manualClock, sid, WORKSPACE } from '../../sandbox/twilio/test-fixtures';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { createRequestCounter, type RequestCounter } from '../http/request-counter';
import { createTwilioClient, type TwilioClient, type TwilioClientOptions } from './client';
import { problemOf } from '../../tests/support/problem-of';

const TASKROUTER = SANDBOX_HOSTS.taskrouter;
const WORKERS_PATH = new RegExp(`^/v1/Workspaces/${WORKSPACE.sid}/Workers$`);

describe('Twilio client against the sandbox', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  let counter: RequestCounter;
  let client: TwilioClient;
  const clock = manualClock();

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 3, now: clock.now });
  });
  afterAll(() => sandbox.close());

  /** A client whose backoff waits move the sandbox clock instead of real time. */
  function makeClient(overrides: Partial<TwilioClientOptions> = {}, fetch: FetchLike = sandboxFetch(sandbox)): TwilioClient {
    const http = createHttpClient({ fetch, counter, random: () => 0.5, sleep: async (ms) => clock.advance(ms) });
    return createTwilioClient({ http, credentials: { username: credentials.apiKeySid, password: credentials.apiKeySecret }, accountSid: credentials.accountSid, ...overrides });
  }

  beforeEach(() => {
    credentials = installTwilio(sandbox, 5);
    sandbox.state.twilio.flex = flexConfiguration();
    sandbox.faults.rules.length = 0;
    sandbox.clearRequests();
    counter = createRequestCounter();
    client = makeClient();
    // A fresh rate-limit window for every test.
    clock.advance(5000);
  });

  const stateWorker = (workerSid: string) => sandbox.state.twilio.workers.find((w) => w.sid === workerSid);

  describe('lists', () => {
    it('reads 2,500 workers in three requests of 1,000, page by page', async () => {
      installTwilio(sandbox, 2500);
      const pages: Array<{ count: number; page: number; hasMore: boolean }> = [];
      for await (const page of client.iterateWorkerPages(WORKSPACE.sid)) pages.push({ count: page.workers.length, page: page.page, hasMore: page.hasMore });
      expect(pages).toEqual([
        { count: 1000, page: 0, hasMore: true },
        { count: 1000, page: 1, hasMore: true },
        { count: 500, page: 2, hasMore: false },
      ]);
      const requests = sandbox.requestsMatching({ host: TASKROUTER, method: 'GET', path: WORKERS_PATH });
      expect(requests).toHaveLength(3);
      expect(requests.every((r) => new URLSearchParams(r.query).get('PageSize') === '1000')).toBe(true);
      expect(counter.snapshot()).toMatchObject({ total: 3, retries: 0 });

      const all = await client.listWorkers(WORKSPACE.sid);
      expect(new Set(all.map((w) => w.sid)).size).toBe(2500);
    });

    it('reads workers a page at a time from a saved next-page address, and refuses one of another list', async () => {
      installTwilio(sandbox, 2500);
      const counts: number[] = [];
      let next: string | null = null;
      do {
        const page: { workers: unknown[]; next: string | null } = await client.workerPage(WORKSPACE.sid, next);
        counts.push(page.workers.length);
        next = page.next;
      } while (next !== null);
      expect(counts).toEqual([1000, 1000, 500]);
      const other = `https://${TASKROUTER}/v1/Workspaces/${WORKSPACE.sid}/Activities?PageSize=1000`;
      expect((await problemOf(client.workerPage(WORKSPACE.sid, other))).code).toBe('invalid-request');
      expect((await problemOf(client.workerPage(WORKSPACE.sid, `https://collector.example/v1/Workspaces/${WORKSPACE.sid}/Workers`))).code).toBe('invalid-request');
      expect(sandbox.requestsMatching({ host: TASKROUTER, path: WORKERS_PATH })).toHaveLength(3);
    });

    it('uses the page size asked for, and refuses one Twilio would reject', async () => {
      expect(await client.listWorkers(WORKSPACE.sid, { pageSize: 2 })).toHaveLength(5);
      expect(sandbox.requestsMatching({ path: WORKERS_PATH })).toHaveLength(3);
      expect((await problemOf(client.listWorkers(WORKSPACE.sid, { pageSize: 1001 }))).code).toBe('invalid-request');
      expect(sandbox.requestsMatching({ path: WORKERS_PATH })).toHaveLength(3);
    });

    it('keeps the null attributes Twilio may send in lists, while a fetch still has them', async () => {
      sandbox.state.switches.nullListAttributes = true;
      const listed = await client.listWorkers(WORKSPACE.sid);
      expect(listed).toHaveLength(5);
      expect(listed.every((w) => w.attributes === null)).toBe(true);

      const { worker } = await client.getWorker(WORKSPACE.sid, listed[0]!.sid);
      expect(JSON.parse(worker.attributes!)).toMatchObject({ email: 'agent1@example.com' });
    });

    it('filters by friendly name', async () => {
      const found = await client.listWorkers(WORKSPACE.sid, { friendlyName: 'AGENT3@example.com' });
      expect(found.map((w) => w.sid)).toEqual([sid('WK', 3)]);
    });

    it('finds workers by their exact email attribute', async () => {
      sandbox.state.twilio.workers.push(makeWorker(9, { friendlyName: 'other', attributes: JSON.stringify({ email: 'Agent2@example.com' }) }));
      const found = await client.findWorkersByEmail(WORKSPACE.sid, 'agent2@example.com');
      expect(found.map((w) => w.sid)).toEqual([sid('WK', 2)]);
      const query = new URLSearchParams(sandbox.requestsMatching({ path: WORKERS_PATH })[0]!.query);
      expect(query.get('TargetWorkersExpression')).toBe('email == "agent2@example.com"');
    });

    it('refuses an address the expression builder cannot quote, before any request', async () => {
      const refused = await problemOf(client.findWorkersByEmail(WORKSPACE.sid, 'x@y.z" or 1 == 1 or email == "'));
      expect(refused).toMatchObject({ code: 'invalid-request', service: 'extension' });
      expect(refused.message).toContain('double quote');
      expect(sandbox.requests).toHaveLength(0);
    });

    it('reports a TargetWorkersExpression Twilio cannot parse rather than "no worker"', async () => {
      const refused = await problemOf(client.listWorkers(WORKSPACE.sid, { targetWorkersExpression: 'email ==' }));
      expect(refused).toMatchObject({ code: 'invalid-request', httpStatus: 400, vendorCode: '20001' });
    });

    it('lists workspaces and activities and fetches a workspace', async () => {
      const [workspace] = await client.listWorkspaces();
      expect(workspace).toMatchObject({ sid: WORKSPACE.sid, friendly_name: 'Steward Support', account_sid: credentials.accountSid });
      expect(await client.getWorkspace(WORKSPACE.sid)).toMatchObject({ sid: WORKSPACE.sid });
      const activities = await client.listActivities(WORKSPACE.sid);
      expect(activities.map((a) => [a.friendly_name, a.available])).toEqual([
        ['Offline', false],
        ['Available', true],
        ['Break', false],
      ]);
    });

    it('lists a worker\'s reservations, optionally by status', async () => {
      Object.assign(stateWorker(sid('WK', 1))!, { pendingReservations: 2, tasksInProgress: 1 });
      expect(await client.listReservations(WORKSPACE.sid, sid('WK', 1))).toHaveLength(3);
      const pending = await client.listReservations(WORKSPACE.sid, sid('WK', 1), { status: 'pending' });
      expect(pending.map((r) => r.reservation_status)).toEqual(['pending', 'pending']);
      expect(await client.listReservations(WORKSPACE.sid, sid('WK', 2))).toEqual([]);
    });
  });

  describe('changes', () => {
    it('deletes with the ETag from a fetch, and a second delete finds it already gone', async () => {
      const { etag } = await client.getWorker(WORKSPACE.sid, sid('WK', 2));
      expect(etag).toBeTruthy();
      expect(await client.deleteWorker(WORKSPACE.sid, sid('WK', 2), { ifMatch: etag! })).toBe('deleted');
      expect(stateWorker(sid('WK', 2))).toBeUndefined();
      expect(await client.deleteWorker(WORKSPACE.sid, sid('WK', 2), { ifMatch: etag! })).toBe('already-gone');
      expect(sandbox.state.twilio.workers).toHaveLength(4);
    });

    it('does not call a worker in a missing workspace "already gone"', async () => {
      const missing = await problemOf(client.deleteWorker(sid('WS', 99), sid('WK', 1), { ifMatch: '*' }));
      expect(missing).toMatchObject({ code: 'not-found', httpStatus: 404 });
      expect(missing.message).toContain(sid('WS', 99));
    });

    it('refuses to delete a worker that changed since its ETag was read', async () => {
      const { etag } = await client.getWorker(WORKSPACE.sid, sid('WK', 3));
      await client.updateWorker(WORKSPACE.sid, sid('WK', 3), { activitySid: ACTIVITIES.break.sid });
      const refused = await problemOf(client.deleteWorker(WORKSPACE.sid, sid('WK', 3), { ifMatch: etag! }));
      expect(refused).toMatchObject({ code: 'precondition-failed', httpStatus: 412, service: 'twilio', retryable: false });
      expect(refused.message).toBe('The worker changed since the preview, so Twilio did not apply the change.');
      expect(stateWorker(sid('WK', 3))).toBeDefined();
    });

    it('sets a busy worker offline, rejecting the reservations waiting for it', async () => {
      Object.assign(stateWorker(sid('WK', 3))!, { pendingReservations: 2 });
      expect(await client.listReservations(WORKSPACE.sid, sid('WK', 3), { status: 'pending' })).toHaveLength(2);
      const { etag } = await client.getWorker(WORKSPACE.sid, sid('WK', 3));

      const updated = await client.updateWorker(WORKSPACE.sid, sid('WK', 3), { activitySid: ACTIVITIES.offline.sid, rejectPendingReservations: true }, { ifMatch: etag! });
      expect(updated.worker).toMatchObject({ activity_sid: ACTIVITIES.offline.sid, activity_name: 'Offline', available: false });
      expect(updated.etag).not.toBe(etag);
      expect(await client.listReservations(WORKSPACE.sid, sid('WK', 3), { status: 'pending' })).toEqual([]);
    });

    it('refuses an update whose If-Match is stale', async () => {
      const { etag } = await client.getWorker(WORKSPACE.sid, sid('WK', 4));
      await client.updateWorker(WORKSPACE.sid, sid('WK', 4), { friendlyName: 'renamed' });
      const refused = await problemOf(client.updateWorker(WORKSPACE.sid, sid('WK', 4), { activitySid: ACTIVITIES.offline.sid }, { ifMatch: etag! }));
      expect(refused.code).toBe('precondition-failed');
      expect(stateWorker(sid('WK', 4))!.activitySid).toBe(makeWorker(4).activitySid);
    });

    it('treats a retried update as done when the attempt whose answer was lost went through', async () => {
      const real = sandboxFetch(sandbox);
      let lost = 0;
      // The first POST reaches the sandbox and is applied, but its answer never arrives.
      const losingFetch: FetchLike = async (url, init) => {
        const response = await real(url, init);
        if (init.method === 'POST' && lost++ === 0) throw new TypeError('fetch failed');
        return response;
      };
      const flaky = makeClient({}, losingFetch);
      const { etag } = await flaky.getWorker(WORKSPACE.sid, sid('WK', 1));
      const attributes = JSON.stringify({ email: 'agent1@example.com', full_name: 'Agent One' });
      const updated = await flaky.updateWorker(WORKSPACE.sid, sid('WK', 1), { attributes, activitySid: ACTIVITIES.offline.sid }, { ifMatch: etag! });
      expect(updated.worker.attributes).toBe(attributes);
      expect(sandbox.requestsMatching({ method: 'POST' }).map((r) => r.status)).toEqual([200, 412]);
      expect(stateWorker(sid('WK', 1))!.revision).toBe(1);
    });

    it('still refuses a retried update when someone else\'s change is what moved the ETag', async () => {
      const real = sandboxFetch(sandbox);
      let sent = 0;
      // The first POST is lost on the way out; meanwhile another admin renames the worker.
      const racingFetch: FetchLike = async (url, init) => {
        if (init.method === 'POST' && sent++ === 0) {
          stateWorker(sid('WK', 1))!.revision += 1;
          throw new TypeError('fetch failed');
        }
        return real(url, init);
      };
      const raced = makeClient({}, racingFetch);
      const { etag } = await raced.getWorker(WORKSPACE.sid, sid('WK', 1));
      const refused = await problemOf(raced.updateWorker(WORKSPACE.sid, sid('WK', 1), { activitySid: ACTIVITIES.break.sid }, { ifMatch: etag! }));
      expect(refused.code).toBe('precondition-failed');
      expect(stateWorker(sid('WK', 1))!.activitySid).not.toBe(ACTIVITIES.break.sid);
    });

    it('creates a worker, for undo, and never repeats the POST', async () => {
      const created = await client.createWorker(WORKSPACE.sid, { friendlyName: 'restored@example.com', attributes: '{"email":"restored@example.com"}', activitySid: ACTIVITIES.offline.sid });
      expect(created.worker).toMatchObject({ friendly_name: 'restored@example.com', attributes: '{"email":"restored@example.com"}', activity_name: 'Offline' });
      expect(created.etag).toBeTruthy();
      expect(stateWorker(created.worker.sid)).toBeDefined();

      sandbox.faults.rules.push({ host: TASKROUTER, method: 'POST', respond: 503, times: 1 });
      const failed = await problemOf(client.createWorker(WORKSPACE.sid, { friendlyName: 'second@example.com', attributes: '{}' }));
      expect(failed).toMatchObject({ code: 'server-error', httpStatus: 503 });
      expect(sandbox.requestsMatching({ method: 'POST' })).toHaveLength(2);
    });

    it('refuses a SID that is not one before it reaches a URL path', async () => {
      const refused = await problemOf(client.deleteWorker(WORKSPACE.sid, '../../Workspaces', { ifMatch: '*' }));
      expect(refused).toMatchObject({ code: 'invalid-request', service: 'extension' });
      expect(refused.message).toContain('not a worker SID');
      expect(sandbox.requests).toHaveLength(0);
    });
  });

  describe('Flex configuration and credentials', () => {
    it('reads the Flex configuration, with the Auth Token as well as an API key', async () => {
      const configuration = await client.getFlexConfiguration();
      expect(configuration).toMatchObject({ account_sid: credentials.accountSid, taskrouter_workspace_sid: WORKSPACE.sid, status: 'ok' });

      const withToken = makeClient({ credentials: { username: credentials.accountSid, password: credentials.authToken } });
      expect((await withToken.getFlexConfiguration()).taskrouter_workspace_sid).toBe(WORKSPACE.sid);
    });

    it('says the account has no Flex when the configuration is missing', async () => {
      sandbox.state.twilio.flex = null;
      const noFlex = await problemOf(client.getFlexConfiguration());
      expect(noFlex).toMatchObject({
        code: 'no-flex',
        message: 'This Twilio account has no Flex configuration.',
        nextStep: 'Check the Account SID, or that Flex is set up on it.',
        httpStatus: 404,
        vendorCode: '20404',
        service: 'twilio',
      });
      expect(noFlex.requestId).toMatch(/^RQ/);
    });

    it('rejects credentials of another account than the Account SID in Settings', async () => {
      const other = makeClient({ accountSid: sid('AC', 7) });
      const mismatch = await problemOf(other.getFlexConfiguration());
      expect(mismatch.code).toBe('bad-credentials');
      expect(mismatch.message).toContain(credentials.accountSid);
      expect(mismatch.message).toContain(sid('AC', 7));
    });

    it('turns a 401 into bad-credentials that also points at the region', async () => {
      const wrong = makeClient({ credentials: { username: credentials.apiKeySid, password: 'not-the-secret' } });
      const rejected = await problemOf(wrong.listWorkspaces());
      expect(rejected).toMatchObject({ code: 'bad-credentials', httpStatus: 401, vendorCode: '20003', retryable: false });
      expect(rejected.nextStep).toContain('region (now US1)');
      expect(rejected.nextStep).toContain('(US1, IE1, AU1)');
      expect(sandbox.requests).toHaveLength(1);
    });

    it('refuses to start without an Account SID or a secret', () => {
      const http = createHttpClient({ fetch: sandboxFetch(sandbox) });
      const start = (options: Partial<TwilioClientOptions>) => () =>
        createTwilioClient({ http, credentials: { username: credentials.apiKeySid, password: 's' }, accountSid: credentials.accountSid, ...options });
      expect(start({ accountSid: '' })).toThrow('Account SID is not set');
      expect(start({ accountSid: 'AC123' })).toThrow('not a account SID');
      expect(start({ credentials: { username: credentials.apiKeySid, password: '' } })).toThrow('secret is not set');
      expect(start({ region: 'ie1', edge: 'sydney' })).toThrow('IE1 has no edge');
    });
  });

  describe('transport', () => {
    it('rides out two 503s and answers from the third attempt', async () => {
      sandbox.faults.rules.push({ host: TASKROUTER, path: '^/v1/Workspaces/[^/]+/Workers$', respond: 503, times: 2 });
      expect(await client.listWorkers(WORKSPACE.sid)).toHaveLength(5);
      expect(sandbox.requestsMatching({ path: WORKERS_PATH }).map((r) => r.status)).toEqual([503, 503, 200]);
      expect(counter.snapshot()).toMatchObject({ total: 3, retries: 2 });
    });

    it('waits out TaskRouter\'s three-per-second limit on expression lists', async () => {
      const emails = ['agent1@example.com', 'agent2@example.com', 'agent3@example.com', 'agent4@example.com', 'agent5@example.com'];
      const found = [];
      for (const email of emails) found.push(...(await client.findWorkersByEmail(WORKSPACE.sid, email)));
      expect(found).toHaveLength(5);
      expect(sandbox.requestsMatching({ path: WORKERS_PATH }).map((r) => r.status)).toContain(429);
    });

    it('sends nothing once the signal has aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      expect((await problemOf(client.getWorker(WORKSPACE.sid, sid('WK', 1), { signal: controller.signal }))).code).toBe('cancelled');
      expect((await problemOf(client.listWorkers(WORKSPACE.sid, { signal: controller.signal }))).code).toBe('cancelled');
      expect(sandbox.requests).toHaveLength(0);
    });

    it('talks to the region\'s hosts', async () => {
      const seen: string[] = [];
      const recording: FetchLike = async (url) => {
        seen.push(new URL(url).host);
        throw new TypeError('fetch failed');
      };
      const ie1 = makeClient({ region: 'ie1', edge: 'dublin' }, recording);
      expect(ie1.hosts.taskrouter).toBe('taskrouter.dublin.ie1.twilio.com');
      await problemOf(ie1.getFlexConfiguration());
      await problemOf(ie1.getWorkspace(WORKSPACE.sid));
      expect(new Set(seen)).toEqual(new Set(['flex-api.dublin.ie1.twilio.com', 'taskrouter.dublin.ie1.twilio.com']));
    });
  });
});

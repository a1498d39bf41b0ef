import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import type { TwilioCredentials } from '../state';
import { ACTIVITIES, basicAuth, form, installTwilio, makeWorker, manualClock, sid, signedFetch, WORKSPACE } from './test-fixtures';

const BASE = `https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces/${WORKSPACE.sid}`;
const WORKERS = `${BASE}/Workers`;

interface WorkerJson {
  sid: string;
  friendly_name: string;
  attributes: string | null;
  available: boolean;
  activity_sid: string;
  activity_name: string | null;
  date_status_changed: string;
  date_updated: string;
}

interface WorkerList {
  meta: { page: number; page_size: number; key: string; url: string; first_page_url: string; next_page_url: string | null; previous_page_url: string | null };
  workers: WorkerJson[];
}

describe('taskrouter.twilio.com', () => {
  let sandbox: Sandbox;
  let raw: typeof fetch;
  let api: typeof fetch;
  let credentials: TwilioCredentials;
  const clock = manualClock();

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, now: clock.now });
    raw = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    credentials = installTwilio(sandbox, 23);
    api = signedFetch(raw, credentials);
    // Every test starts in a fresh rate-limit window.
    clock.advance(5000);
  });

  async function workers(url: string): Promise<{ list: WorkerList; items: WorkerJson[] }> {
    const response = await api(url);
    expect(response.status).toBe(200);
    const list = (await response.json()) as WorkerList;
    return { list, items: list.workers };
  }

  async function allWorkers(url: string): Promise<{ items: WorkerJson[]; pages: number }> {
    const items: WorkerJson[] = [];
    let next: string | null = url;
    let pages = 0;
    while (next) {
      const page = await workers(next);
      items.push(...page.items);
      next = page.list.meta.next_page_url;
      pages++;
    }
    return { items, pages };
  }

  describe('authentication', () => {
    it('answers 401 with Twilio error 20003 without credentials or with a wrong token', async () => {
      for (const headers of [{}, { authorization: basicAuth(credentials.accountSid, 'wrong') }, { authorization: 'Bearer x' }] as Record<string, string>[]) {
        const response = await raw(WORKERS, { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
        expect(await response.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      }
    });

    it('accepts the Account SID with its Auth Token, and an API key with its secret', async () => {
      expect((await raw(WORKERS, { headers: { authorization: basicAuth(credentials.accountSid, credentials.authToken) } })).status).toBe(200);
      expect((await raw(WORKERS, { headers: { authorization: basicAuth(credentials.apiKeySid, credentials.apiKeySecret) } })).status).toBe(200);
      expect((await raw(WORKERS, { headers: { authorization: basicAuth(credentials.apiKeySid, credentials.authToken) } })).status).toBe(401);
    });

    it('puts a Twilio-Request-Id on every response, errors included', async () => {
      const responses = [await api(WORKERS), await raw(WORKERS), await api(`${BASE}/Nowhere/At/All`), await api(`${WORKERS}/${sid('WK', 999)}`)];
      expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 404]);
      const ids = responses.map((r) => r.headers.get('twilio-request-id'));
      for (const id of ids) expect(id).toMatch(/^RQ[0-9a-f]{32}$/);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('workspaces and activities', () => {
    it('lists and fetches workspaces with their default activity names', async () => {
      const list = (await (await api(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces`)).json()) as { workspaces: { sid: string }[]; meta: { key: string } };
      expect(list.workspaces.map((w) => w.sid)).toEqual([WORKSPACE.sid]);
      expect(list.meta.key).toBe('workspaces');
      const one = await (await api(BASE)).json();
      expect(one).toMatchObject({ sid: WORKSPACE.sid, friendly_name: 'Steward Support', default_activity_name: 'Offline', account_sid: credentials.accountSid, date_created: '2026-01-05T09:30:00Z' });
      expect((await api(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces/${sid('WS', 9)}`)).status).toBe(404);
    });

    it('lists activities, filtered by availability', async () => {
      const all = (await (await api(`${BASE}/Activities`)).json()) as { activities: { friendly_name: string }[] };
      expect(all.activities.map((a) => a.friendly_name).sort()).toEqual(['Available', 'Break', 'Offline']);
      const available = (await (await api(`${BASE}/Activities?Available=true`)).json()) as { activities: { friendly_name: string }[] };
      expect(available.activities.map((a) => a.friendly_name)).toEqual(['Available']);
    });
  });

  describe('worker lists', () => {
    it('pages through every worker by following next_page_url, with absolute URLs that keep the filters', async () => {
      const { items, pages } = await allWorkers(`${WORKERS}?PageSize=10`);
      expect(pages).toBe(3);
      expect(items).toHaveLength(23);
      expect(new Set(items.map((w) => w.sid)).size).toBe(23);

      const first = await workers(`${WORKERS}?Available=false&PageSize=5`);
      expect(first.list.meta).toMatchObject({ page: 0, page_size: 5, key: 'workers', previous_page_url: null });
      expect(first.list.meta.first_page_url).toBe(`${WORKERS}?Available=false&PageSize=5&Page=0`);
      expect(first.list.meta.url).toBe(first.list.meta.first_page_url);
      expect(first.list.meta.next_page_url).toBe(`${WORKERS}?Available=false&PageSize=5&Page=1&PageToken=PA${first.items[4]!.sid}`);

      const second = await workers(first.list.meta.next_page_url!);
      expect(second.list.meta.page).toBe(1);
      expect(second.items.every((w) => !w.available)).toBe(true);
      const back = await workers(second.list.meta.previous_page_url!);
      expect(back.items.map((w) => w.sid)).toEqual(first.items.map((w) => w.sid));
    });

    it('skips nobody when workers are deleted between pages', async () => {
      const first = await workers(`${WORKERS}?PageSize=10`);
      for (const worker of first.items) expect((await api(`${WORKERS}/${worker.sid}`, { method: 'DELETE' })).status).toBe(204);
      const rest = await allWorkers(first.list.meta.next_page_url!);
      expect(rest.items).toHaveLength(13);
    });

    it('rejects PageSize outside 1..1000 with a Twilio 400', async () => {
      for (const size of ['0', '1001', 'ten']) {
        const response = await api(`${WORKERS}?PageSize=${size}`);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 20001, status: 400, message: expect.stringContaining('PageSize must be an integer from 1 to 1000') });
      }
      expect((await workers(`${WORKERS}?PageSize=1000`)).items).toHaveLength(23);
    });

    it('filters by FriendlyName (whole name, any case), Available, ActivitySid and ActivityName', async () => {
      expect((await workers(`${WORKERS}?FriendlyName=AGENT7@example.com`)).items.map((w) => w.sid)).toEqual([sid('WK', 7)]);
      expect((await workers(`${WORKERS}?FriendlyName=agent7`)).items).toEqual([]);
      const available = (await workers(`${WORKERS}?Available=true`)).items;
      expect(available.map((w) => w.friendly_name).sort()).toEqual([3, 6, 9, 12, 15, 18, 21].map((n) => `agent${n}@example.com`).sort());
      expect((await workers(`${WORKERS}?ActivitySid=${ACTIVITIES.available.sid}`)).items).toHaveLength(7);
      expect((await workers(`${WORKERS}?ActivityName=Offline`)).items).toHaveLength(16);
      expect((await api(`${WORKERS}?Available=maybe`)).status).toBe(400);
    });

    it('filters by TargetWorkersExpression, where malformed attributes match nothing', async () => {
      sandbox.state.twilio.workers.push(makeWorker(40, { friendlyName: 'broken@example.com', attributes: '{"email": "agent1@example.com"' }));
      const expression = encodeURIComponent(`email == "agent1@example.com" OR routing.skills HAS 'support' AND activity_name == 'Available'`);
      const matched = (await workers(`${WORKERS}?TargetWorkersExpression=${expression}`)).items.map((w) => w.friendly_name).sort();
      expect(matched).toEqual(['agent1@example.com', 'agent12@example.com', 'agent18@example.com', 'agent6@example.com'].sort());
      const byName = await workers(`${WORKERS}?TargetWorkersExpression=${encodeURIComponent("friendly_name == 'broken@example.com'")}`);
      expect(byName.items.map((w) => w.sid)).toEqual([sid('WK', 40)]);
    });

    it('rejects an invalid or quote-escaping TargetWorkersExpression with Twilio error 20001 instead of widening it', async () => {
      for (const expression of ['email ==', String.raw`email=="a\"||email!=\"x"`]) {
        const response = await api(`${WORKERS}?TargetWorkersExpression=${encodeURIComponent(expression)}`);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 20001, message: expect.stringContaining('Invalid TargetWorkersExpression') });
      }
    });

    it('returns attributes: null in lists when the nullListAttributes switch is on, but still in a fetch', async () => {
      sandbox.state.switches.nullListAttributes = true;
      const { items } = await workers(WORKERS);
      expect(items.every((w) => w.attributes === null)).toBe(true);
      const one = (await (await api(`${WORKERS}/${sid('WK', 1)}`)).json()) as WorkerJson;
      expect(JSON.parse(one.attributes!)).toMatchObject({ email: 'agent1@example.com' });
      sandbox.state.switches.nullListAttributes = false;
      expect((await workers(WORKERS)).items[0]!.attributes).toEqual(expect.stringContaining('email'));
    });

    it('refuses TaskQueue filters it cannot honour rather than returning every worker', async () => {
      expect((await api(`${WORKERS}?TaskQueueSid=${sid('WQ', 1)}`)).status).toBe(400);
    });
  });

  describe('rate limits', () => {
    it('allows 3 TargetWorkersExpression lists per second per account, then answers 429 with Retry-After', async () => {
      const url = `${WORKERS}?TargetWorkersExpression=${encodeURIComponent('1 == 1')}`;
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const ok = await api(url);
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-rate-limit-limit')).toBe('3');
        expect(ok.headers.get('x-rate-limit-config')).toBe('Worker-List-TargetWorkersExpression');
        remaining.push(ok.headers.get('x-rate-limit-remaining'));
      }
      expect(remaining).toEqual(['2', '1', '0']);

      clock.advance(900);
      const limited = await api(url);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(await limited.json()).toMatchObject({ code: 20429, status: 429 });
      const plain = await api(WORKERS);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('x-rate-limit-config')).toBe('Worker-List');

      clock.advance(100);
      expect((await api(url)).status).toBe(200);
    });
  });

  describe('single workers', () => {
    const url = `${WORKERS}/${sid('WK', 2)}`;

    it('fetches a full worker with a quoted ETag that changes with each revision', async () => {
      const response = await api(url);
      const worker = await response.json();
      expect(worker).toMatchObject({
        sid: sid('WK', 2),
        friendly_name: 'agent2@example.com',
        activity_name: 'Offline',
        available: false,
        workspace_sid: WORKSPACE.sid,
        account_sid: credentials.accountSid,
        date_created: '2026-01-05T09:30:00Z',
        url,
        links: { reservations: `${url}/Reservations`, activity: `${BASE}/Activities/${ACTIVITIES.offline.sid}` },
      });
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await api(url)).headers.get('etag')).toBe(etag);
      sandbox.state.twilio.workers[1]!.revision += 1;
      expect((await api(url)).headers.get('etag')).not.toBe(etag);
    });

    it('updates activity, name and attributes, honouring If-Match', async () => {
      const etag = (await api(url)).headers.get('etag')!;
      clock.advance(60_000);
      const update = await api(url, {
        ...form({ ActivitySid: ACTIVITIES.available.sid, FriendlyName: 'renamed@example.com', Attributes: '{"email":"renamed@example.com"}' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'if-match': etag },
      });
      expect(update.status).toBe(200);
      const worker = (await update.json()) as WorkerJson;
      expect(worker).toMatchObject({ available: true, activity_name: 'Available', friendly_name: 'renamed@example.com', attributes: '{"email":"renamed@example.com"}' });
      expect(worker.date_status_changed).toBe(clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(update.headers.get('etag')).not.toBe(etag);

      const stale = await api(url, { ...form({ FriendlyName: 'again@example.com' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'if-match': etag } });
      expect(stale.status).toBe(412);
      expect(await stale.json()).toMatchObject({ code: 20412, status: 412 });
      expect(sandbox.state.twilio.workers[1]!.friendlyName).toBe('renamed@example.com');
    });

    it('rejects an unknown ActivitySid, non-JSON Attributes and a taken name without changing anything', async () => {
      for (const fields of [{ ActivitySid: sid('WA', 99) }, { Attributes: '{not json' }, { Attributes: '"a string"' }, { FriendlyName: 'AGENT3@example.com' }] as Record<string, string>[]) {
        const response = await api(url, form(fields));
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 20001 });
      }
      expect(sandbox.state.twilio.workers[1]).toEqual(makeWorker(2));
    });

    it('drops pending reservations when asked, so the worker no longer looks busy', async () => {
      Object.assign(sandbox.state.twilio.workers[1]!, { pendingReservations: 2, tasksInProgress: 1 });
      const all = (await (await api(`${url}/Reservations`)).json()) as { reservations: { sid: string; reservation_status: string; worker_sid: string }[] };
      expect(all.reservations.map((r) => r.reservation_status).sort()).toEqual(['accepted', 'pending', 'pending']);
      const again = (await (await api(`${url}/Reservations`)).json()) as typeof all;
      expect(again.reservations.map((r) => r.sid)).toEqual(all.reservations.map((r) => r.sid));
      const pendingUrl = `${url}/Reservations?ReservationStatus=pending`;
      expect(((await (await api(pendingUrl)).json()) as typeof all).reservations).toHaveLength(2);

      expect((await api(url, form({ ActivitySid: ACTIVITIES.break.sid, RejectPendingReservations: 'true' }))).status).toBe(200);
      expect(((await (await api(pendingUrl)).json()) as typeof all).reservations).toHaveLength(0);
      expect((await api(`${url}/Reservations?ReservationStatus=busy`)).status).toBe(400);
    });

    it('deletes only with a matching If-Match, then answers 404 with code 20404', async () => {
      const etag = (await api(url)).headers.get('etag')!;
      const stale = await api(url, { method: 'DELETE', headers: { 'if-match': '"0000"' } });
      expect(stale.status).toBe(412);
      expect(await stale.json()).toMatchObject({ code: 20412 });
      const deleted = await api(url, { method: 'DELETE', headers: { 'if-match': etag } });
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe('');
      const gone = await api(url);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ code: 20404, status: 404, message: expect.stringContaining(sid('WK', 2)) });
      expect((await api(url, { method: 'DELETE' })).status).toBe(404);
    });

    it('creates a worker, as an undo of a delete needs', async () => {
      const created = await api(WORKERS, form({ FriendlyName: 'restored@example.com', Attributes: '{"email":"restored@example.com"}', ActivitySid: ACTIVITIES.available.sid }));
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      const worker = (await created.json()) as WorkerJson;
      expect(worker).toMatchObject({ friendly_name: 'restored@example.com', available: true, attributes: '{"email":"restored@example.com"}' });
      expect(worker.sid).toMatch(/^WK[0-9a-f]{32}$/);
      expect((await api(`${WORKERS}/${worker.sid}`)).status).toBe(200);

      const defaults = (await (await api(WORKERS, form({ FriendlyName: 'plain@example.com' }))).json()) as WorkerJson;
      expect(defaults).toMatchObject({ activity_sid: ACTIVITIES.offline.sid, attributes: '{}' });
      expect((await api(WORKERS, form({ Attributes: '{}' }))).status).toBe(400);
      expect((await api(WORKERS, form({ FriendlyName: 'Restored@Example.com' }))).status).toBe(400);
    });

    it('answers 405 for a method the resource does not have', async () => {
      const response = await api(url, { method: 'PUT' });
      expect(response.status).toBe(405);
      expect(await response.json()).toMatchObject({ code: 20004 });
    });
  });
});

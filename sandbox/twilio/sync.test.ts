import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { onSyncChange, type SyncChange } from './sync-store';
import { form, installTwilio, manualClock, signedFetch } from './test-fixtures';

const SERVICES = `https://${SANDBOX_HOSTS.sync}/v1/Services`;

interface DocumentJson {
  sid: string;
  unique_name: string | null;
  revision: string;
  data: Record<string, unknown>;
  date_expires: string | null;
  url: string;
}

describe('sync.twilio.com', () => {
  let sandbox: Sandbox;
  let raw: typeof fetch;
  let api: typeof fetch;
  const clock = manualClock();

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 13, now: clock.now });
    raw = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    api = signedFetch(raw, installTwilio(sandbox, 0));
    delete sandbox.state.twilio.sync;
  });

  async function createService(): Promise<string> {
    const response = await api(SERVICES, form({ FriendlyName: 'Flex Steward' }));
    expect(response.status).toBe(201);
    return ((await response.json()) as { sid: string }).sid;
  }

  async function createDocument(serviceSid: string, fields: Record<string, string>): Promise<{ response: Response; document: DocumentJson }> {
    const response = await api(`${SERVICES}/${serviceSid}/Documents`, form(fields));
    return { response, document: (await response.json()) as DocumentJson };
  }

  it('creates, lists and fetches services, keeping them in state.twilio.sync', async () => {
    expect(((await (await api(SERVICES)).json()) as { services: unknown[] }).services).toEqual([]);
    const sid = await createService();
    expect(sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(sandbox.state.twilio.sync?.services.map((s) => s.sid)).toEqual([sid]);
    const list = (await (await api(SERVICES)).json()) as { services: { sid: string }[]; meta: { key: string } };
    expect(list.services.map((s) => s.sid)).toEqual([sid]);
    expect(list.meta.key).toBe('services');
    expect(await (await api(`${SERVICES}/${sid}`)).json()).toMatchObject({ sid, friendly_name: 'Flex Steward', acl_enabled: false, links: { documents: `${SERVICES}/${sid}/Documents` } });
    expect((await api(`${SERVICES}/IS${'f'.repeat(32)}`)).status).toBe(404);
  });

  it('creates documents and finds them by sid or unique name', async () => {
    const serviceSid = await createService();
    const { response, document } = await createDocument(serviceSid, { UniqueName: 'steward-ledger', Data: '{"entries":[1,2]}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"0"');
    expect(document).toMatchObject({ unique_name: 'steward-ledger', revision: '0', data: { entries: [1, 2] }, date_expires: null });
    expect(document.sid).toMatch(/^ET[0-9a-f]{32}$/);
    for (const key of [document.sid, 'steward-ledger']) {
      expect(await (await api(`${SERVICES}/${serviceSid}/Documents/${key}`)).json()).toMatchObject({ sid: document.sid });
    }
    const list = (await (await api(`${SERVICES}/${serviceSid}/Documents?PageSize=100`)).json()) as { documents: DocumentJson[] };
    expect(list.documents.map((d) => d.sid)).toEqual([document.sid]);
    expect((await api(`${SERVICES}/${serviceSid}/Documents?PageSize=101`)).status).toBe(400);

    const duplicate = await createDocument(serviceSid, { UniqueName: 'steward-ledger' });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.document).toMatchObject({ code: 54301 });
  });

  it('stores user data verbatim even when it looks like an HTTP response', async () => {
    const serviceSid = await createService();
    const { response, document } = await createDocument(serviceSid, { Data: '{"status":200,"body":"x"}' });
    expect(response.status).toBe(201);
    expect(document.data).toEqual({ status: 200, body: 'x' });
  });

  it('updates only when If-Match names the current revision, bare or quoted', async () => {
    const serviceSid = await createService();
    const { document } = await createDocument(serviceSid, { Data: '{"v":1}' });
    const url = `${SERVICES}/${serviceSid}/Documents/${document.sid}`;
    const update = (data: string, ifMatch?: string) =>
      api(url, { ...form({ Data: data }), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(ifMatch ? { 'if-match': ifMatch } : {}) } });

    const first = await update('{"v":2}', '0');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ revision: '1', data: { v: 2 } });
    expect(first.headers.get('etag')).toBe('"1"');

    const stale = await update('{"v":3}', '0');
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 54103, status: 412 });

    expect((await update('{"v":3}', '"1"')).status).toBe(200);
    expect((await update('{"v":4}')).status).toBe(200);
    expect(await (await api(url)).json()).toMatchObject({ revision: '3', data: { v: 4 } });
  });

  it('rejects data that is not a JSON object or is over 16 KiB', async () => {
    const serviceSid = await createService();
    for (const data of ['[1,2]', 'not json', '"text"']) {
      const { response, document } = await createDocument(serviceSid, { Data: data });
      expect(response.status).toBe(400);
      expect(document).toMatchObject({ code: 20001 });
    }
    const big = await createDocument(serviceSid, { Data: JSON.stringify({ blob: 'x'.repeat(16 * 1024) }) });
    expect(big.response.status).toBe(413);
    expect(big.document).toMatchObject({ code: 54006 });
  });

  it('expires documents after their Ttl', async () => {
    const serviceSid = await createService();
    const { document } = await createDocument(serviceSid, { Data: '{}', Ttl: '60' });
    expect(document.date_expires).toBe(new Date(clock.now().getTime() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const url = `${SERVICES}/${serviceSid}/Documents/${document.sid}`;
    clock.advance(59_000);
    expect((await api(url)).status).toBe(200);
    clock.advance(1_000);
    expect((await api(url)).status).toBe(404);
  });

  it('deletes documents', async () => {
    const serviceSid = await createService();
    const { document } = await createDocument(serviceSid, { UniqueName: 'gone' });
    const url = `${SERVICES}/${serviceSid}/Documents/gone`;
    expect((await api(url, { method: 'DELETE' })).status).toBe(204);
    expect((await api(url)).status).toBe(404);
    expect((await api(`${SERVICES}/${serviceSid}/Documents/${document.sid}`, { method: 'DELETE' })).status).toBe(404);
  });

  describe('Lists and Maps', () => {
    let service: string;
    const formWith = (fields: Record<string, string>, headers: Record<string, string>) => ({ ...form(fields), headers: { ...form(fields).headers, ...headers } });

    interface ItemJson {
      index?: number;
      key?: string;
      revision: string;
      data: Record<string, unknown>;
      date_expires: string | null;
      created_by: string;
      url: string;
    }
    interface ItemPageJson {
      items: ItemJson[];
      meta: { key: string; next_page_url: string | null; previous_page_url: string | null };
    }

    beforeEach(async () => {
      service = await createService();
    });

    async function createCollection(kind: 'Lists' | 'Maps', fields: Record<string, string> = {}): Promise<string> {
      const response = await api(`${SERVICES}/${service}/${kind}`, form(fields));
      expect(response.status).toBe(201);
      return ((await response.json()) as { sid: string }).sid;
    }

    async function addListItems(list: string, count: number) {
      for (let n = 0; n < count; n++) expect((await api(`${SERVICES}/${service}/Lists/${list}/Items`, form({ Data: JSON.stringify({ n }) }))).status).toBe(201);
    }

    it('creates a list addressed by sid or unique name, and appends items with increasing indexes', async () => {
      const sid = await createCollection('Lists', { UniqueName: 'flex-steward-runs' });
      expect(sid).toMatch(/^ES[0-9a-f]{32}$/);
      expect(await (await api(`${SERVICES}/${service}/Lists/flex-steward-runs`)).json()).toMatchObject({ sid, unique_name: 'flex-steward-runs', revision: '0', created_by: 'system' });
      const first = await api(`${SERVICES}/${service}/Lists/flex-steward-runs/Items`, form({ Data: '{"run":"r1"}' }));
      expect(first.status).toBe(201);
      expect(first.headers.get('etag')).toBe('"0"');
      expect(await first.json()).toMatchObject({ index: 0, data: { run: 'r1' }, revision: '0', created_by: 'system', url: `${SERVICES}/${service}/Lists/${sid}/Items/0` });
      const second = (await (await api(`${SERVICES}/${service}/Lists/${sid}/Items`, form({ Data: '{"run":"r2"}' }))).json()) as ItemJson;
      expect(second.index).toBe(1);
      expect(await (await api(`${SERVICES}/${service}/Lists/${sid}`)).json()).toMatchObject({ revision: '2' });
      expect((await api(`${SERVICES}/${service}/Lists`, form({ UniqueName: 'flex-steward-runs' }))).status).toBe(409);
    });

    it('answers an unknown list, item or map with 404 in Twilio’s error shape', async () => {
      const list = await createCollection('Lists', { UniqueName: 'runs' });
      const cases: [string, number][] = [
        [`${SERVICES}/${service}/Lists/missing`, 54150],
        [`${SERVICES}/${service}/Lists/missing/Items`, 54150],
        [`${SERVICES}/${service}/Lists/${list}/Items/7`, 54151],
        [`${SERVICES}/${service}/Maps/missing/Items/k`, 54200],
      ];
      for (const [url, code] of cases) {
        const response = await api(url);
        expect(response.status, url).toBe(404);
        expect(await response.json()).toEqual({ code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status: 404 });
      }
    });

    it('pages list items by Order, From and Bounds, following next_page_url to the end', async () => {
      const list = await createCollection('Lists', { UniqueName: 'runs' });
      await addListItems(list, 5);
      const page = async (query: string) => (await (await api(`${SERVICES}/${service}/Lists/runs/Items?${query}`)).json()) as ItemPageJson;
      const indexes = (p: ItemPageJson) => p.items.map((i) => i.index);
      expect(indexes(await page('Order=desc'))).toEqual([4, 3, 2, 1, 0]);
      expect(indexes(await page('From=2'))).toEqual([2, 3, 4]);
      expect(indexes(await page('From=2&Bounds=exclusive'))).toEqual([3, 4]);
      expect(indexes(await page('Order=desc&From=2&Bounds=exclusive'))).toEqual([1, 0]);

      const seen: number[] = [];
      let current = await page('Order=desc&PageSize=2');
      expect(current.meta.key).toBe('items');
      expect(current.meta.previous_page_url).toBeNull();
      for (;;) {
        seen.push(...indexes(current).map(Number));
        if (!current.meta.next_page_url) break;
        current = (await (await api(current.meta.next_page_url)).json()) as ItemPageJson;
      }
      expect(seen).toEqual([4, 3, 2, 1, 0]);
      expect(current.meta.previous_page_url).not.toBeNull();
      expect(indexes((await (await api(current.meta.previous_page_url!)).json()) as ItemPageJson)).toEqual([2, 1]);
      expect((await api(`${SERVICES}/${service}/Lists/runs/Items?Order=sideways`)).status).toBe(400);
    });

    it('updates and deletes list items only when If-Match names their revision; a mismatch is 412 and changes nothing', async () => {
      const list = await createCollection('Lists');
      await addListItems(list, 1);
      const url = `${SERVICES}/${service}/Lists/${list}/Items/0`;
      const updated = await api(url, formWith({ Data: '{"step":2}' }, { 'if-match': '0' }));
      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({ revision: '1', data: { step: 2 } });

      const stale = await api(url, formWith({ Data: '{"step":3}' }, { 'if-match': '0' }));
      expect(stale.status).toBe(412);
      expect(await stale.json()).toMatchObject({ code: 54155, status: 412 });
      const staleDelete = await api(url, { method: 'DELETE', headers: { 'if-match': '"0"' } });
      expect(staleDelete.status).toBe(412);
      expect(await (await api(url)).json()).toMatchObject({ revision: '1', data: { step: 2 } });

      expect((await api(url, { method: 'DELETE', headers: { 'if-match': '"1"' } })).status).toBe(204);
      expect((await api(url)).status).toBe(404);
    });

    it('refuses a second create of a map key with 409 54208, keeping the first', async () => {
      await createCollection('Maps', { UniqueName: 'flex-steward-locks' });
      const url = `${SERVICES}/${service}/Maps/flex-steward-locks/Items`;
      const first = await api(url, form({ Key: 'email:p@example.com', Data: '{"by":"ana"}' }));
      expect(first.status).toBe(201);
      const second = await api(url, form({ Key: 'email:p@example.com', Data: '{"by":"bo"}' }));
      expect(second.status).toBe(409);
      expect(await second.json()).toEqual({ code: 54208, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/54208', status: 409 });
      expect(await (await api(`${url}/${encodeURIComponent('email:p@example.com')}`)).json()).toMatchObject({ key: 'email:p@example.com', data: { by: 'ana' } });
    });

    it('lets exactly one of two concurrent creates of a key succeed', async () => {
      await createCollection('Maps', { UniqueName: 'flex-steward-locks' });
      const url = `${SERVICES}/${service}/Maps/flex-steward-locks/Items`;
      const [a, b] = await Promise.all([api(url, form({ Key: 'k', Data: '{"by":"ana"}' })), api(url, form({ Key: 'k', Data: '{"by":"bo"}' }))]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const winner = ((await (a.status === 201 ? a : b).json()) as ItemJson).data.by;
      expect(await (await api(`${url}/k`)).json()).toMatchObject({ data: { by: winner } });
    });

    it('renews a map item with If-Match and a new Ttl; a stale renewal is 412 54205 and changes nothing', async () => {
      await createCollection('Maps', { UniqueName: 'locks' });
      const url = `${SERVICES}/${service}/Maps/locks/Items/k`;
      await api(`${SERVICES}/${service}/Maps/locks/Items`, form({ Key: 'k', Data: '{"v":1}', Ttl: '30' }));
      const renewed = await api(url, formWith({ Ttl: '120' }, { 'if-match': '0' }));
      expect(renewed.status).toBe(200);
      const renewedJson = (await renewed.json()) as ItemJson;
      expect(renewedJson).toMatchObject({ revision: '1', data: { v: 1 } });
      expect(renewedJson.date_expires).toBe(new Date(clock.now().getTime() + 120_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      const stale = await api(url, formWith({ Data: '{"v":2}' }, { 'if-match': '0' }));
      expect(stale.status).toBe(412);
      expect(await stale.json()).toMatchObject({ code: 54205 });
      expect(await (await api(url)).json()).toMatchObject({ revision: '1', data: { v: 1 } });
    });

    it('expires map items, list items and whole collections on the sandbox clock', async () => {
      await createCollection('Maps', { UniqueName: 'locks' });
      await createCollection('Lists', { UniqueName: 'runs', Ttl: '300' });
      await api(`${SERVICES}/${service}/Maps/locks/Items`, form({ Key: 'k', Data: '{}', ItemTtl: '60', Ttl: '9999' }));
      await api(`${SERVICES}/${service}/Lists/runs/Items`, form({ Data: '{}', Ttl: '60' }));
      clock.advance(59_000);
      expect((await api(`${SERVICES}/${service}/Maps/locks/Items/k`)).status).toBe(200);
      expect((await api(`${SERVICES}/${service}/Lists/runs/Items/0`)).status).toBe(200);
      clock.advance(1_000);
      expect((await api(`${SERVICES}/${service}/Maps/locks/Items/k`)).status).toBe(404);
      expect((await api(`${SERVICES}/${service}/Lists/runs/Items/0`)).status).toBe(404);
      expect((await api(`${SERVICES}/${service}/Maps/locks/Items`, form({ Key: 'k', Data: '{}' }))).status).toBe(201);
      clock.advance(240_000);
      expect((await api(`${SERVICES}/${service}/Lists/runs`)).status).toBe(404);
    });

    it('rejects item data that is not JSON or is over 16 KiB, and a map item without a key', async () => {
      const list = await createCollection('Lists');
      const items = `${SERVICES}/${service}/Lists/${list}/Items`;
      const notJson = await api(items, form({ Data: '{"oops' }));
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ code: 20001 });
      const big = await api(items, form({ Data: JSON.stringify({ blob: 'x'.repeat(16 * 1024) }) }));
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ code: 54006 });
      expect(await (await api(items, form({}))).json()).toMatchObject({ code: 54156 });
      const map = await createCollection('Maps');
      expect(await (await api(`${SERVICES}/${service}/Maps/${map}/Items`, form({ Data: '{}' }))).json()).toMatchObject({ code: 54209 });
    });

    it('announces REST writes to change listeners as written by system', async () => {
      const changes: SyncChange[] = [];
      const stop = onSyncChange(sandbox.state, (change) => changes.push(change));
      try {
        await createCollection('Maps', { UniqueName: 'operators' });
        await api(`${SERVICES}/${service}/Maps/operators/Items`, form({ Key: 'ana@example.com', Data: '{"email":"ana@example.com"}' }));
        await api(`${SERVICES}/${service}/Maps/operators/Items/ana@example.com`, { method: 'DELETE' });
      } finally {
        stop();
      }
      expect(changes.map((c) => [c.type, c.by, c.serviceSid])).toEqual([
        ['map_item_added', 'system', service],
        ['map_item_removed', 'system', service],
      ]);
    });
  });

  it('requires Basic auth', async () => {
    const response = await raw(SERVICES);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20003 });
    expect(response.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
  });
});

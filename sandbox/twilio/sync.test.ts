import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
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

  it('requires Basic auth', async () => {
    const response = await raw(SERVICES);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20003 });
    expect(response.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
  });
});

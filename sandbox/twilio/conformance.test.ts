import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { specViolations, type SpecCheck, type SpecName } from '../spec-validator';
import { ACTIVITIES, form, installTwilio, makeWorker, sid, signedFetch, WORKSPACE, flexConfiguration } from './test-fixtures';

/**
 * Every operation the sandbox's Twilio hosts implement, checked against the official OpenAPI
 * documents. The specs define no error responses for these operations, so errors are checked
 * only for Twilio's error shape (and the last test proves the specs still define none).
 */

const TR = `https://${SANDBOX_HOSTS.taskrouter}`;
const FLEX = `https://${SANDBOX_HOSTS.flexApi}`;
const SYNC = `https://${SANDBOX_HOSTS.sync}`;
const WS = `/v1/Workspaces/${WORKSPACE.sid}`;

interface Case {
  name: string;
  spec: SpecName;
  template: string;
  method: SpecCheck['method'];
  status: number;
  /** Runs the request; may use what earlier cases created. */
  request: () => Promise<Response>;
}

describe('Twilio sandbox conformance with the official specs', () => {
  let sandbox: Sandbox;
  let api: typeof fetch;
  const created: { worker?: string; service?: string; document?: string; list?: string; map?: string } = {};

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 17 });
    api = signedFetch(sandboxFetch(sandbox), installTwilio(sandbox, 12));
    // Edge cases a renderer could get wrong: malformed attributes, and work in progress.
    sandbox.state.twilio.workers.push(makeWorker(30, { attributes: '{"broken"', pendingReservations: 2, tasksInProgress: 1 }));
    sandbox.state.twilio.flex = flexConfiguration();
  });
  afterAll(() => sandbox.close());

  const expression = encodeURIComponent(`routing.skills HAS 'support' OR email IN ["agent1@example.com"]`);
  const cases: Case[] = [
    { name: 'list workspaces', spec: 'twilio_taskrouter_v1', template: '/v1/Workspaces', method: 'get', status: 200, request: () => api(`${TR}/v1/Workspaces`) },
    { name: 'fetch a workspace', spec: 'twilio_taskrouter_v1', template: '/v1/Workspaces/{Sid}', method: 'get', status: 200, request: () => api(`${TR}${WS}`) },
    { name: 'list activities', spec: 'twilio_taskrouter_v1', template: '/v1/Workspaces/{WorkspaceSid}/Activities', method: 'get', status: 200, request: () => api(`${TR}${WS}/Activities?Available=false`) },
    {
      name: 'fetch an activity',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Activities/{Sid}',
      method: 'get',
      status: 200,
      request: () => api(`${TR}${WS}/Activities/${ACTIVITIES.break.sid}`),
    },
    { name: 'list workers', spec: 'twilio_taskrouter_v1', template: '/v1/Workspaces/{WorkspaceSid}/Workers', method: 'get', status: 200, request: () => api(`${TR}${WS}/Workers`) },
    {
      name: 'list workers, a middle page with both cursors',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers',
      method: 'get',
      status: 200,
      request: async () => {
        const first = (await (await api(`${TR}${WS}/Workers?PageSize=4&Available=false`)).json()) as { meta: { next_page_url: string } };
        return api(first.meta.next_page_url);
      },
    },
    {
      name: 'list workers by TargetWorkersExpression',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers',
      method: 'get',
      status: 200,
      request: () => api(`${TR}${WS}/Workers?TargetWorkersExpression=${expression}&PageSize=2`),
    },
    {
      name: 'list workers with attributes: null',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers',
      method: 'get',
      status: 200,
      request: async () => {
        sandbox.state.switches.nullListAttributes = true;
        try {
          return await api(`${TR}${WS}/Workers?ActivityName=Offline`);
        } finally {
          sandbox.state.switches.nullListAttributes = false;
        }
      },
    },
    {
      name: 'create a worker',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers',
      method: 'post',
      status: 201,
      request: async () => {
        const response = await api(`${TR}${WS}/Workers`, form({ FriendlyName: 'new@example.com', Attributes: '{"email":"new@example.com"}' }));
        created.worker = ((await response.clone().json()) as { sid: string }).sid;
        return response;
      },
    },
    {
      name: 'fetch a worker with malformed attributes',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}',
      method: 'get',
      status: 200,
      request: () => api(`${TR}${WS}/Workers/${sid('WK', 30)}`),
    },
    {
      name: 'update a worker',
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}',
      method: 'post',
      status: 200,
      request: () => api(`${TR}${WS}/Workers/${created.worker}`, form({ ActivitySid: ACTIVITIES.available.sid, Attributes: '{"email":"new@example.com","level":2}' })),
    },
    {
      name: "list a worker's reservations",
      spec: 'twilio_taskrouter_v1',
      template: '/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations',
      method: 'get',
      status: 200,
      request: () => api(`${TR}${WS}/Workers/${sid('WK', 30)}/Reservations?PageSize=2`),
    },
    { name: 'fetch the Flex configuration', spec: 'twilio_flex_v1', template: '/v1/Configuration', method: 'get', status: 200, request: () => api(`${FLEX}/v1/Configuration`) },
    {
      name: 'create a Sync service',
      spec: 'twilio_sync_v1',
      template: '/v1/Services',
      method: 'post',
      status: 201,
      request: async () => {
        const response = await api(`${SYNC}/v1/Services`, form({ FriendlyName: 'Steward', WebhookUrl: 'https://example.com/hook', AclEnabled: 'true' }));
        created.service = ((await response.clone().json()) as { sid: string }).sid;
        return response;
      },
    },
    { name: 'list Sync services', spec: 'twilio_sync_v1', template: '/v1/Services', method: 'get', status: 200, request: () => api(`${SYNC}/v1/Services`) },
    { name: 'fetch a Sync service', spec: 'twilio_sync_v1', template: '/v1/Services/{Sid}', method: 'get', status: 200, request: () => api(`${SYNC}/v1/Services/${created.service}`) },
    {
      name: 'create a Sync document',
      spec: 'twilio_sync_v1',
      template: '/v1/Services/{ServiceSid}/Documents',
      method: 'post',
      status: 201,
      request: async () => {
        const response = await api(`${SYNC}/v1/Services/${created.service}/Documents`, form({ UniqueName: 'ledger', Data: '{"entries":[]}', Ttl: '3600' }));
        created.document = ((await response.clone().json()) as { sid: string }).sid;
        return response;
      },
    },
    {
      name: 'list Sync documents',
      spec: 'twilio_sync_v1',
      template: '/v1/Services/{ServiceSid}/Documents',
      method: 'get',
      status: 200,
      request: () => api(`${SYNC}/v1/Services/${created.service}/Documents`),
    },
    {
      name: 'fetch a Sync document',
      spec: 'twilio_sync_v1',
      template: '/v1/Services/{ServiceSid}/Documents/{Sid}',
      method: 'get',
      status: 200,
      request: () => api(`${SYNC}/v1/Services/${created.service}/Documents/ledger`),
    },
    {
      name: 'update a Sync document',
      spec: 'twilio_sync_v1',
      template: '/v1/Services/{ServiceSid}/Documents/{Sid}',
      method: 'post',
      status: 200,
      request: () => api(`${SYNC}/v1/Services/${created.service}/Documents/${created.document}`, { ...form({ Data: '{"entries":[1]}' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'if-match': '0' } }),
    },
    ...syncCollectionCases(),
  ];

  /** Lists, Maps and their items: create, list, fetch and update each, with TTLs so `date_expires` is a date. */
  function syncCollectionCases(): Case[] {
    const service = () => `${SYNC}/v1/Services/${created.service}`;
    const ifMatch = (fields: Record<string, string>, revision: string) => ({ ...form(fields), headers: { ...form(fields).headers, 'if-match': revision } });
    const post = (kind: 'list' | 'map', url: () => string, fields: Record<string, string>) => async () => {
      const response = await api(url(), form(fields));
      created[kind] = ((await response.clone().json()) as { sid: string }).sid;
      return response;
    };
    const sync = (name: string, template: string, method: SpecCheck['method'], status: number, request: () => Promise<Response>): Case => ({ name, spec: 'twilio_sync_v1', template, method, status, request });
    const lists = '/v1/Services/{ServiceSid}/Lists';
    const maps = '/v1/Services/{ServiceSid}/Maps';
    return [
      sync('create a Sync list', lists, 'post', 201, post('list', () => `${service()}/Lists`, { UniqueName: 'flex-steward-runs', Ttl: '86400' })),
      sync('list Sync lists', lists, 'get', 200, () => api(`${service()}/Lists`)),
      sync('fetch a Sync list by unique name', `${lists}/{Sid}`, 'get', 200, () => api(`${service()}/Lists/flex-steward-runs`)),
      sync('update a Sync list', `${lists}/{Sid}`, 'post', 200, () => api(`${service()}/Lists/${created.list}`, form({ CollectionTtl: '0' }))),
      sync('add a Sync list item', `${lists}/{ListSid}/Items`, 'post', 201, () => api(`${service()}/Lists/${created.list}/Items`, form({ Data: '{"run":"r1"}', ItemTtl: '3600' }))),
      sync('add another Sync list item', `${lists}/{ListSid}/Items`, 'post', 201, () => api(`${service()}/Lists/${created.list}/Items`, form({ Data: '{"run":"r2"}' }))),
      sync('list Sync list items, a page with both cursors', `${lists}/{ListSid}/Items`, 'get', 200, async () => {
        await api(`${service()}/Lists/${created.list}/Items`, form({ Data: '{"run":"r3"}' }));
        return api(`${service()}/Lists/${created.list}/Items?Order=desc&From=1&PageSize=1`);
      }),
      sync('fetch a Sync list item', `${lists}/{ListSid}/Items/{Index}`, 'get', 200, () => api(`${service()}/Lists/${created.list}/Items/0`)),
      sync('update a Sync list item', `${lists}/{ListSid}/Items/{Index}`, 'post', 200, () => api(`${service()}/Lists/${created.list}/Items/0`, ifMatch({ Data: '{"run":"r1","done":true}' }, '0'))),
      sync('create a Sync map', maps, 'post', 201, post('map', () => `${service()}/Maps`, { UniqueName: 'flex-steward-locks' })),
      sync('list Sync maps', maps, 'get', 200, () => api(`${service()}/Maps`)),
      sync('fetch a Sync map', `${maps}/{Sid}`, 'get', 200, () => api(`${service()}/Maps/${created.map}`)),
      sync('update a Sync map', `${maps}/{Sid}`, 'post', 200, () => api(`${service()}/Maps/flex-steward-locks`, form({ Ttl: '600' }))),
      sync('create a Sync map item', `${maps}/{MapSid}/Items`, 'post', 201, () => api(`${service()}/Maps/${created.map}/Items`, form({ Key: 'email:p@example.com', Data: '{"runId":"r1"}', Ttl: '120' }))),
      sync('list Sync map items', `${maps}/{MapSid}/Items`, 'get', 200, () => api(`${service()}/Maps/${created.map}/Items?From=email&Bounds=exclusive`)),
      sync('fetch a Sync map item', `${maps}/{MapSid}/Items/{Key}`, 'get', 200, () => api(`${service()}/Maps/${created.map}/Items/${encodeURIComponent('email:p@example.com')}`)),
      sync('update a Sync map item', `${maps}/{MapSid}/Items/{Key}`, 'post', 200, () => api(`${service()}/Maps/${created.map}/Items/${encodeURIComponent('email:p@example.com')}`, ifMatch({ Ttl: '120' }, '"0"'))),
    ];
  }

  // In order: later cases use what earlier ones created.
  for (const c of cases) {
    it(`${c.name}: ${c.method.toUpperCase()} ${c.template} ${c.status}`, async () => {
      const response = await c.request();
      const body: unknown = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(c.status);
      expect(specViolations({ spec: c.spec, path: c.template, method: c.method, status: c.status }, body)).toEqual([]);
    });
  }

  it('answers the deletes with the empty 204 the specs define', async () => {
    const service = `${SYNC}/v1/Services/${created.service}`;
    const deletes = [
      `${TR}${WS}/Workers/${created.worker}`,
      `${service}/Documents/${created.document}`,
      `${service}/Lists/${created.list}/Items/1`,
      `${service}/Lists/${created.list}`,
      `${service}/Maps/${created.map}/Items/${encodeURIComponent('email:p@example.com')}`,
      `${service}/Maps/${created.map}`,
    ];
    for (const url of deletes) {
      const response = await api(url, { method: 'DELETE' });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    }
  });

  it('meets operations whose specs define no error responses, so errors are checked for shape only', async () => {
    const errors: [SpecCheck, string][] = [
      [{ spec: 'twilio_taskrouter_v1', path: '/v1/Workspaces/{WorkspaceSid}/Workers', method: 'get', status: 400 }, `${TR}${WS}/Workers?PageSize=0`],
      [{ spec: 'twilio_taskrouter_v1', path: '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}', method: 'get', status: 404 }, `${TR}${WS}/Workers/${sid('WK', 404)}`],
      [{ spec: 'twilio_flex_v1', path: '/v1/Configuration', method: 'get', status: 401 }, ''],
      [{ spec: 'twilio_sync_v1', path: '/v1/Services/{Sid}', method: 'get', status: 404 }, `${SYNC}/v1/Services/IS${'0'.repeat(32)}`],
      [{ spec: 'twilio_sync_v1', path: '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', method: 'post', status: 409 }, ''],
      [{ spec: 'twilio_sync_v1', path: '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}', method: 'post', status: 412 }, ''],
    ];
    for (const [check, url] of errors) {
      expect(() => specViolations(check, {})).toThrow(/has no/);
      if (!url) continue;
      const response = await api(url);
      expect(response.status).toBe(check.status);
      expect(await response.json()).toEqual({ code: expect.any(Number), message: expect.any(String), more_info: expect.stringMatching(/^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/), status: check.status });
    }
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import type { SandboxFlexUser } from '../state';
import { ACTIVITIES, basicAuth, installTwilio, sid, signedFetch, WORKSPACE, flexConfiguration } from './test-fixtures';

const CONFIGURATION = `https://${SANDBOX_HOSTS.flexApi}/v1/Configuration`;

describe('flex-api.twilio.com', () => {
  let sandbox: Sandbox;
  let raw: typeof fetch;
  let api: typeof fetch;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11 });
    raw = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    api = signedFetch(raw, installTwilio(sandbox, 0));
    sandbox.state.twilio.flex = flexConfiguration();
  });

  it("names Flex's TaskRouter workspace and its Offline activity", async () => {
    const response = await api(CONFIGURATION);
    expect(response.status).toBe(200);
    expect(response.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
    const configuration = await response.json();
    expect(configuration).toMatchObject({
      account_sid: sandbox.state.twilio.credentials.accountSid,
      taskrouter_workspace_sid: WORKSPACE.sid,
      taskrouter_offline_activity_sid: ACTIVITIES.offline.sid,
      flex_service_instance_sid: sid('IS', 1),
      chat_service_instance_sid: sid('IS', 2),
      status: 'ok',
      date_created: '2026-01-05T09:30:00Z',
      url: CONFIGURATION,
    });
    expect(configuration.flex_instance_sid).toMatch(/^GO[0-9a-f]{32}$/);
    expect((await (await api(CONFIGURATION)).json()).flex_instance_sid).toBe(configuration.flex_instance_sid);
  });

  it('answers 404 with Twilio error 20404 for an account without Flex', async () => {
    sandbox.state.twilio.flex = null;
    const response = await api(CONFIGURATION);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404, message: expect.stringContaining('/v1/Configuration') });
  });

  it('requires Basic auth with the account or an API key', async () => {
    const { credentials } = sandbox.state.twilio;
    expect((await raw(CONFIGURATION)).status).toBe(401);
    expect((await raw(CONFIGURATION, { headers: { authorization: basicAuth(credentials.accountSid, 'nope') } })).status).toBe(401);
    expect((await raw(CONFIGURATION, { headers: { authorization: basicAuth(credentials.apiKeySid, credentials.apiKeySecret) } })).status).toBe(200);
  });
});

describe('flex-api.twilio.com v4 Flex Users (public beta, as documented)', () => {
  let sandbox: Sandbox;
  let raw: typeof fetch;
  let api: typeof fetch;
  let users: string;
  let jane: SandboxFlexUser;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11 });
    raw = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    api = signedFetch(raw, installTwilio(sandbox, 2));
    sandbox.state.twilio.flex = flexConfiguration();
    jane = {
      flexUserSid: sid('FU', 1),
      username: 'jane@example.com',
      email: 'jane@example.com',
      fullName: 'Jane Doe',
      workerSid: sid('WK', 1),
      roles: ['agent'],
      deactivated: false,
      deactivatedDate: null,
      createdDate: '2026-01-05T09:30:00.000Z',
      updatedDate: '2026-01-05T09:30:00.000Z',
      version: 1,
    };
    sandbox.state.twilio.flexUsers = [jane];
    const instance = (await (await api(CONFIGURATION)).json()).flex_instance_sid as string;
    users = `https://${SANDBOX_HOSTS.flexApi}/v4/Instances/${instance}/Users`;
  });

  const deprovision = (body: unknown) => api(`${users}/Deprovision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('finds a user by exact username (0 or 1 results, listed without worker_sid) and fetches it by SID with its worker', async () => {
    const found = await (await api(`${users}?Username=${encodeURIComponent('jane@example.com')}`)).json();
    expect(found.users).toHaveLength(1);
    expect(found.users[0]).toMatchObject({ flex_user_sid: jane.flexUserSid, username: 'jane@example.com', deactivated: false });
    expect(found.users[0]).not.toHaveProperty('worker_sid');
    expect((await (await api(`${users}?Username=JANE@example.com`)).json()).users).toEqual([]);

    const fetched = await api(`${users}/${jane.flexUserSid}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ flex_user_sid: jane.flexUserSid, worker_sid: sid('WK', 1), workspace_sid: WORKSPACE.sid, deactivated: false, deactivated_date: null });
    expect((await api(`${users}/${sid('FU', 9)}`)).status).toBe(404);
  });

  it('deprovisions with a JSON flex_user_sid: 204, the worker is gone from TaskRouter and the user is deactivated', async () => {
    const response = await deprovision({ flex_user_sid: jane.flexUserSid });
    expect(response.status).toBe(204);
    expect(sandbox.state.twilio.workers.map((w) => w.sid)).toEqual([sid('WK', 2)]);
    const after = await (await api(`${users}/${jane.flexUserSid}`)).json();
    expect(after).toMatchObject({ deactivated: true, worker_sid: null, deactivated_date: expect.stringMatching(/Z$/) });
    expect((await api(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces/${WORKSPACE.sid}/Workers/${sid('WK', 1)}`)).status).toBe(404);
  });

  it('refuses a deprovision without a JSON flex_user_sid (400) or for an unknown user (404), and another instance is 404', async () => {
    expect((await api(`${users}/Deprovision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `flex_user_sid=${jane.flexUserSid}` })).status).toBe(400);
    expect((await deprovision({ flex_user_sid: sid('FU', 9) })).status).toBe(404);
    expect(sandbox.state.twilio.workers).toHaveLength(2);
    expect((await api(`https://${SANDBOX_HOSTS.flexApi}/v4/Instances/${sid('GO', 1)}/Users?Username=jane@example.com`)).status).toBe(404);
  });

  it('requires Basic auth like the other Flex routes', async () => {
    expect((await raw(`${users}?Username=jane@example.com`)).status).toBe(401);
    expect((await raw(`${users}/Deprovision`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(sandbox.state.twilio.workers).toHaveLength(2);
  });
});

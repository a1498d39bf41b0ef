import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
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

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { flexConnectionSid } from '../pages/console';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { migrate } from '../sso-switches';
import { flexOAuthClientId } from './flex-authentication';

const CONFIG = `https://${SANDBOX_HOSTS.services}/v1/Flex/Authentication/Config`;

describe("Flex's authentication config (services.twilio.com)", () => {
  let sandbox: Sandbox;
  let get: typeof fetch;
  let accountSid: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 4, workers: 20, oktaUsers: 30 });
    get = sandboxFetch(sandbox);
  });
  beforeEach(() => {
    sandbox.reseed();
    accountSid = sandbox.state.twilio.credentials.accountSid;
  });
  afterAll(() => sandbox.close());

  it('answers an empty list, without credentials, while the account has only a legacy connection', async () => {
    const response = await get(`${CONFIG}?AccountSid=${accountSid}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('twilio-request-id')).toMatch(/^RQ/);
    expect(await response.json()).toEqual({ config_list: [] });
  });

  it('lists the enhanced connection and its OAuth client once the migration is saved, for that account only', async () => {
    migrate(sandbox.state, { daysAgo: 3, setupType: 'modify' }, new Date());
    const body = await (await get(`${CONFIG}?AccountSid=${accountSid}`)).json();
    expect(body).toEqual({ config_list: [{ connection_name: flexConnectionSid(accountSid), client_id: flexOAuthClientId(accountSid) }] });
    expect(body.config_list[0].connection_name).toMatch(/^JQ[0-9a-f]{32}$/);
    const other = `AC${'0'.repeat(32)}`;
    expect(await (await get(`${CONFIG}?AccountSid=${other}`)).json()).toEqual({ config_list: [] });
  });

  it('refuses a missing or malformed AccountSid, other methods and other paths', async () => {
    for (const query of ['', '?AccountSid=', '?AccountSid=ACnothex']) {
      const response = await get(`${CONFIG}${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ code: 20001, status: 400 });
    }
    expect((await get(`${CONFIG}?AccountSid=${accountSid}`, { method: 'POST' })).status).toBe(405);
    expect((await get(`https://${SANDBOX_HOSTS.services}/v1/Flex/Nowhere`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_ROUTES } from './control';
import { SANDBOX_HOSTS } from './hosts';
import { sandboxFetch } from './sandbox-fetch';
import { startSandbox, type Sandbox } from './server';

describe('sandbox server', () => {
  let sandbox: Sandbox;
  let get: typeof fetch;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 3 });
    get = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());

  it('answers an unknown route in the host vendor\'s error shape', async () => {
    const twilio = await get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`);
    expect(twilio.status).toBe(404);
    expect(await twilio.json()).toMatchObject({ code: 20404, status: 404 });
    const okta = await get(`https://${SANDBOX_HOSTS.okta}/api/v1/nowhere`);
    expect(await okta.json()).toMatchObject({ errorCode: 'E0000007' });
  });

  it('applies counted fault rules, drops connections on request, and logs each request', async () => {
    sandbox.clearRequests();
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, path: '^/v1/Workspaces$', respond: 503, times: 1 }, { host: SANDBOX_HOSTS.okta, respond: 'drop', times: 1 });
    expect((await get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces`)).status).toBe(503);
    expect((await get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces`)).status).not.toBe(503);
    await expect(get(`https://${SANDBOX_HOSTS.okta}/api/v1/users`)).rejects.toThrow(TypeError);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.taskrouter }).map((r) => r.status)[0]).toBe(503);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta }).map((r) => r.status)).toEqual(['dropped']);
  });

  it('lets the first matching requests of a rule with `skip` through, then applies it: a storm that starts midway', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, path: '^/v1/Workspaces$', respond: 429, skip: 2, times: 2 });
    const refused = [];
    // Unauthenticated, the route itself answers 401: what matters is which requests the rule answered.
    for (let i = 0; i < 5; i += 1) refused.push((await get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces`)).status === 429);
    expect(refused).toEqual([false, false, true, true, false]);
  });

  it('answers a counted redirect rule with its Location, and logs it at the host that sent it', async () => {
    sandbox.clearRequests();
    const target = `https://${SANDBOX_HOSTS.oktaElsewhere}/api/v1/users`;
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, path: '^/api/v1/users$', respond: 307, location: target, times: 1 });
    const redirected = await get(`https://${SANDBOX_HOSTS.okta}/api/v1/users`);
    expect(redirected.status).toBe(307);
    expect(redirected.headers.get('location')).toBe(target);
    expect((await get(`https://${SANDBOX_HOSTS.okta}/api/v1/users`)).status).not.toBe(307);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta }).map((r) => r.status)[0]).toBe(307);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.oktaElsewhere })).toEqual([]);
  });

  it('plays another company\'s org that refuses every request', async () => {
    const elsewhere = await get(`https://${SANDBOX_HOSTS.oktaElsewhere}/api/v1/users`);
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.json()).toMatchObject({ errorCode: 'E0000011' });
  });

  it('is controllable over HTTP from another process', async () => {
    const put = await get(`https://${SANDBOX_HOSTS.console}/__sandbox/switches`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nullListAttributes: true }) });
    expect(await put.json()).toEqual({ nullListAttributes: true });
    expect(sandbox.state.switches.nullListAttributes).toBe(true);
  });

  it('plays another Okta tenant’s Admin Console and another site that frames only legacy Console pages', async () => {
    const user = sandbox.state.okta.users[0]!;
    expect((await get(`https://${SANDBOX_HOSTS.otherOktaAdmin}/admin/user/profile/view/${user.id}`)).status).toBe(200);
    const framing = await (await get(`https://${SANDBOX_HOSTS.otherSite}/?frame=${encodeURIComponent('/console/taskrouter/workspaces')}`)).text();
    expect(framing).toContain(`<iframe title="Workers" src="https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces"`);
    expect(await (await get(`https://${SANDBOX_HOSTS.otherSite}/?frame=${encodeURIComponent('//evil.example/')}`)).text()).not.toContain('<iframe');
  });

  it.each([SANDBOX_HOSTS.console, SANDBOX_HOSTS.taskrouter, SANDBOX_HOSTS.okta])('lists every control route at /__sandbox/ on %s', async (host) => {
    const index = await get(`https://${host}/__sandbox/`);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await index.text();
    for (const route of CONTROL_ROUTES) expect(text).toMatch(new RegExp(`<code>${route.method}</code></td><td><code>(<a href="${route.path}">)?${route.path}`));
    expect(text).toContain(`--connect-to ${host}:443:127.0.0.1:${sandbox.port}`);
  });

  it('points an unknown control route at the index', async () => {
    const wrong = await get(`https://${SANDBOX_HOSTS.console}/__sandbox/nothing`, { method: 'POST' });
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toEqual({ message: 'no control route POST /__sandbox/nothing; GET /__sandbox/ lists them' });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyState, makeSamlApp, makeUser, NOW, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';

let okta: OktaSandbox;
beforeAll(async () => {
  okta = await startOktaSandbox();
});
afterAll(() => okta.sandbox.close());

const user = makeUser(1);
const app = makeSamlApp(1);

beforeEach(() => {
  okta.clock.now = NOW;
  const state = emptyState();
  state.okta.users = [structuredClone(user)];
  state.okta.apps = [app];
  state.okta.accessTokens = [{ token: 'read-only', scopes: ['okta.users.read', 'okta.apps.read'], expiresAt: '2024-05-01T11:00:00.000Z' }];
  useOktaState(okta.sandbox.state, state);
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('authentication', () => {
  it('answers 401 E0000011 without a valid token, in Okta\'s error shape', async () => {
    for (const authorization of ['SSWS wrong', 'Bearer wrong', '']) {
      const response = await okta.call('/api/v1/users', { headers: { authorization } });
      expect(response.status).toBe(401);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
      expect(body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    }
  });

  it('lets a Bearer token read with its scopes but answers 403 naming the scope a change needs', async () => {
    expect((await okta.call('/api/v1/users', bearer('read-only'))).status).toBe(200);
    expect((await okta.call(`/api/v1/apps/${app.id}/users`, bearer('read-only'))).status).toBe(200);
    const suspend = await okta.call(`/api/v1/users/${user.id}/lifecycle/suspend`, { method: 'POST', ...bearer('read-only') });
    expect(suspend.status).toBe(403);
    expect(await suspend.json()).toMatchObject({ errorCode: 'E0000006' });
    expect(suspend.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="https:\/\/steward-sandbox\.okta\.com\/oauth2\/v1\/authorize", realm="IdpMyAccountAPI", scope="okta\.users\.manage", error="insufficient_scope"/);
    const unassign = await okta.call(`/api/v1/apps/${app.id}/users/${user.id}`, { method: 'DELETE', ...bearer('read-only') });
    expect(unassign.headers.get('www-authenticate')).toContain('scope="okta.apps.manage"');
    expect(okta.sandbox.state.okta.users[0]!.status).toBe('ACTIVE');
  });

  it('accepts okta.sessions.manage for clearing sessions', async () => {
    okta.sandbox.state.okta.accessTokens!.push({ token: 'sessions', scopes: ['okta.sessions.manage'], expiresAt: '2024-05-01T11:00:00.000Z' });
    expect((await okta.call(`/api/v1/users/${user.id}/sessions`, { method: 'DELETE', ...bearer('sessions') })).status).toBe(204);
  });
});

describe('rate limits', () => {
  it('reports the budget on every response and answers 429 E0000047 once it is spent', async () => {
    // Budgets belong to the sandbox state, which earlier tests in this file share: start in a window of our own.
    const start = new Date(NOW.getTime() + 3_600_000);
    okta.clock.now = start;
    okta.sandbox.state.okta.rateLimits = { usersList: { limit: 3, windowSeconds: 60 } };
    const reset = String(Math.floor(start.getTime() / 1000) + 60);
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await okta.call('/api/v1/users');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-rate-limit-limit')).toBe('3');
      expect(response.headers.get('x-rate-limit-reset')).toBe(reset);
      remaining.push(response.headers.get('x-rate-limit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await okta.call('/api/v1/users');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
    expect([limited.headers.get('x-rate-limit-limit'), limited.headers.get('x-rate-limit-remaining'), limited.headers.get('x-rate-limit-reset')]).toEqual(['3', '0', reset]);

    // Other families have their own budgets; the next window starts afresh.
    expect((await okta.call(`/api/v1/users/${user.id}`)).status).toBe(200);
    okta.clock.now = new Date(start.getTime() + 60_000);
    expect((await okta.call('/api/v1/users')).headers.get('x-rate-limit-remaining')).toBe('2');
  });
});

describe('dispatch', () => {
  it('tags every response with a request id', async () => {
    const ok = await okta.call('/api/v1/users');
    const missing = await okta.call('/api/v1/users/00unobody');
    const ids = [ok.headers.get('x-okta-request-id'), missing.headers.get('x-okta-request-id')];
    expect(ids.every((id) => /^[0-9A-Za-z]{27}$/.test(id ?? ''))).toBe(true);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers 404 E0000007 for an unknown API path and 405 E0000022 for a wrong method', async () => {
    const unknown = await okta.call('/api/v1/groups');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errorCode: 'E0000007' });
    const wrong = await okta.call('/api/v1/users', { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({ errorCode: 'E0000022' });
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OktaUser } from '../state';
import { emptyState, makeUser, nextLink, NOW, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';

let okta: OktaSandbox;
beforeAll(async () => {
  okta = await startOktaSandbox();
});
afterAll(() => okta.sandbox.close());

function users(): OktaUser[] {
  return okta.sandbox.state.okta.users;
}

beforeEach(() => {
  okta.clock.now = NOW;
  const state = emptyState();
  state.okta.users = [
    makeUser(1, 'ACTIVE', { first: 'Ada', last: 'Lovelace', email: 'Ada.Lovelace@Example.com' }),
    makeUser(2, 'DEPROVISIONED', { first: 'Adam', last: 'Smith', email: 'adam.smith@example.com' }),
    makeUser(3, 'SUSPENDED', { first: 'Grace', last: 'Hopper', email: 'grace@example.com' }),
    makeUser(4, 'ACTIVE', { first: 'Alan', last: 'Turing', email: 'a"||email!="x@y.z' }),
  ];
  state.okta.sessions = [
    { id: '102a', userId: state.okta.users[0]!.id, hasOAuthTokens: true },
    { id: '102b', userId: state.okta.users[0]!.id, hasOAuthTokens: false },
    { id: '102c', userId: state.okta.users[2]!.id, hasOAuthTokens: false },
  ];
  useOktaState(okta.sandbox.state, state);
});

type RenderedUser = { _links: Record<string, { href: string; method?: string } | undefined> };

const ids = async (response: Response) => ((await response.json()) as { id: string }[]).map((u) => u.id);
const search = (expression: string) => `/api/v1/users?search=${encodeURIComponent(expression)}`;
const filter = (expression: string) => `/api/v1/users?filter=${encodeURIComponent(expression)}`;

describe('GET /api/v1/users', () => {
  it('finds a user by email with search whatever the case, DEPROVISIONED included', async () => {
    expect(await ids(await okta.call(search('profile.email eq "ADA.LOVELACE@example.COM"')))).toEqual([users()[0]!.id]);
    expect(await ids(await okta.call(search('profile.email eq "Adam.Smith@Example.com"')))).toEqual([users()[1]!.id]);
  });

  it('compares filter values case-sensitively', async () => {
    expect(await ids(await okta.call(filter('profile.login eq "ada.lovelace@example.com"')))).toEqual([]);
    expect(await ids(await okta.call(filter('profile.login eq "Ada.Lovelace@Example.com"')))).toEqual([users()[0]!.id]);
    expect(await ids(await okta.call(filter('status eq "DEPROVISIONED" or status eq "SUSPENDED"')))).toEqual([users()[1]!.id, users()[2]!.id]);
    expect(await ids(await okta.call(filter('status eq "suspended"')))).toEqual([]);
  });

  it('matches q against the start of names and email and leaves DEPROVISIONED users out', async () => {
    expect(await ids(await okta.call('/api/v1/users?q=ad'))).toEqual([users()[0]!.id]);
    expect(await ids(await okta.call('/api/v1/users?q=hop'))).toEqual([users()[2]!.id]);
  });

  it('finds exactly the user whose address looks like an injection, when the client escapes it', async () => {
    const escaped = 'a"||email!="x@y.z'.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    expect(await ids(await okta.call(search(`profile.email eq "${escaped}"`)))).toEqual([users()[3]!.id]);
  });

  it('answers 400 E0000031 with the reason for a malformed search or filter', async () => {
    for (const path of [search('profile.email eq "a"||email!="x@y.z"'), search('profile.email ne "x"'), filter('profile.email sw "ada"'), filter('nope')]) {
      const response = await okta.call(path);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] };
      expect(body).toMatchObject({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.' });
      expect(body.errorCauses[0]?.errorSummary).toBeTruthy();
    }
  });

  it('pages with Link cursors, visiting every non-deprovisioned user exactly once', async () => {
    const many = Array.from({ length: 450 }, (_, i) => makeUser(100 + i, i % 15 === 0 ? 'DEPROVISIONED' : 'ACTIVE'));
    okta.sandbox.state.okta.users = many;
    const seen: string[] = [];
    let url: string | undefined = 'https://steward-sandbox.okta.com/api/v1/users?limit=1000';
    let pages = 0;
    while (url) {
      const response = await okta.fetch(url, { headers: { authorization: 'SSWS test-api-token' } });
      const page = await ids(response);
      expect(page.length).toBeLessThanOrEqual(200);
      expect(response.headers.get('link')).toContain('rel="self"');
      seen.push(...page);
      url = nextLink(response);
      if (url) expect(url).toMatch(/^https:\/\/steward-sandbox\.okta\.com\/api\/v1\/users\?limit=200&after=/);
      pages += 1;
    }
    const expected = many.filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected));
  });

  it('keeps the search in the next link so later pages stay narrowed', async () => {
    const first = await okta.call(`${search('profile.firstName sw "a"')}&limit=1`);
    expect(await ids(first)).toEqual([users()[0]!.id]);
    const second = await okta.fetch(nextLink(first)!, { headers: { authorization: 'SSWS test-api-token' } });
    expect(await ids(second)).toEqual([users()[1]!.id]);
    const third = await okta.fetch(nextLink(second)!, { headers: { authorization: 'SSWS test-api-token' } });
    expect(await ids(third)).toEqual([users()[3]!.id]);
    expect(nextLink(third)).toBeUndefined();
  });

  it('renders users in Okta\'s shape with lifecycle links that fit their status', async () => {
    const [ada] = (await (await okta.call(search('profile.lastName eq "lovelace"'))).json()) as RenderedUser[];
    expect(ada).toMatchObject({ id: users()[0]!.id, status: 'ACTIVE', profile: { email: 'Ada.Lovelace@Example.com' }, credentials: { provider: { type: 'OKTA' } }, type: { id: expect.stringMatching(/^oty/) } });
    expect(ada!._links.suspend).toEqual({ href: `https://steward-sandbox.okta.com/api/v1/users/${users()[0]!.id}/lifecycle/suspend`, method: 'POST' });
    expect(ada!._links.unsuspend).toBeUndefined();
    const grace = (await (await okta.call(`/api/v1/users/${users()[2]!.id}`)).json()) as RenderedUser;
    expect(Object.keys(grace._links)).toEqual(expect.arrayContaining(['self', 'unsuspend', 'deactivate']));
    expect(grace._links.suspend).toBeUndefined();
  });
});

describe('GET /api/v1/users/{id}', () => {
  it('finds a user by id or by login in any case, DEPROVISIONED included', async () => {
    expect((await (await okta.call(`/api/v1/users/${users()[1]!.id}`)).json()) as object).toMatchObject({ status: 'DEPROVISIONED' });
    expect((await (await okta.call('/api/v1/users/ADA.LOVELACE%40EXAMPLE.COM')).json()) as object).toMatchObject({ id: users()[0]!.id });
  });

  it('answers 404 E0000007 for an unknown user', async () => {
    const response = await okta.call('/api/v1/users/00unobody');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00unobody (User)' });
  });
});

describe('lifecycle', () => {
  const post = (path: string) => okta.call(path, { method: 'POST' });

  it('suspends an active user and unsuspends them, stamping the change with the sandbox clock', async () => {
    const ada = users()[0]!;
    okta.clock.now = new Date('2024-05-02T08:30:00.000Z');
    const suspended = await post(`/api/v1/users/${ada.id}/lifecycle/suspend`);
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toEqual({});
    expect(ada).toMatchObject({ status: 'SUSPENDED', statusChanged: '2024-05-02T08:30:00.000Z', lastUpdated: '2024-05-02T08:30:00.000Z' });
    expect((await post(`/api/v1/users/${ada.id}/lifecycle/unsuspend`)).status).toBe(200);
    expect(ada.status).toBe('ACTIVE');
  });

  it('refuses to suspend a user who is not active, or unsuspend one who is not suspended', async () => {
    const suspend = await post(`/api/v1/users/${users()[2]!.id}/lifecycle/suspend`);
    expect(suspend.status).toBe(400);
    expect(await suspend.json()).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: suspendUser', errorCauses: [{ errorSummary: 'Cannot suspend a user that is not active' }] });
    const unsuspend = await post(`/api/v1/users/${users()[0]!.id}/lifecycle/unsuspend`);
    expect(unsuspend.status).toBe(400);
    expect(await unsuspend.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'Cannot unsuspend a user that is not suspended' }] });
    expect(users()[2]!.status).toBe('SUSPENDED');
    expect(users()[0]!.status).toBe('ACTIVE');
  });

  it('deactivates any user not yet deprovisioned, and answers 404 for one who already is', async () => {
    const grace = users()[2]!;
    expect((await post(`/api/v1/users/${grace.id}/lifecycle/deactivate?sendEmail=false`)).status).toBe(200);
    expect(grace.status).toBe('DEPROVISIONED');
    expect(okta.sandbox.requestsMatching({ path: /lifecycle\/deactivate$/ }).at(-1)?.query).toBe('?sendEmail=false');
    const again = await post(`/api/v1/users/${grace.id}/lifecycle/deactivate`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ errorCode: 'E0000007' });
  });

  it('answers 404 for a lifecycle change of an unknown user', async () => {
    expect((await post('/api/v1/users/00unobody/lifecycle/suspend')).status).toBe(404);
  });
});

describe('DELETE /api/v1/users/{userId}/sessions', () => {
  it('clears only that user\'s sessions, and records revoked OAuth tokens when asked to', async () => {
    const ada = users()[0]!;
    const response = await okta.call(`/api/v1/users/${ada.id}/sessions?oauthTokens=true`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(okta.sandbox.state.okta.sessions.map((s) => s.userId)).toEqual([users()[2]!.id]);
    expect(okta.sandbox.state.okta.oauthTokenRevocations).toEqual([{ userId: ada.id, at: NOW.toISOString() }]);
  });

  it('leaves OAuth tokens alone with oauthTokens=false, and 404s for an unknown user', async () => {
    const grace = users()[2]!;
    expect((await okta.call(`/api/v1/users/${grace.id}/sessions?oauthTokens=false`, { method: 'DELETE' })).status).toBe(204);
    expect(okta.sandbox.state.okta.sessions.some((s) => s.userId === grace.id)).toBe(false);
    expect(okta.sandbox.state.okta.oauthTokenRevocations).toBeUndefined();
    expect((await okta.call('/api/v1/users/00unobody/sessions', { method: 'DELETE' })).status).toBe(404);
  });
});

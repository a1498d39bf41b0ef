import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assign, emptyState, makeSamlApp, makeUser, nextLink, NOW, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';

let okta: OktaSandbox;
beforeAll(async () => {
  okta = await startOktaSandbox();
});
afterAll(() => okta.sandbox.close());

const app = makeSamlApp(1);
const ada = makeUser(1, 'ACTIVE', { first: 'Ada', last: 'Lovelace', email: 'ada@example.com' });
const grace = makeUser(2, 'SUSPENDED', { first: 'Grace', last: 'Hopper', email: 'grace@example.com' });
const alan = makeUser(3, 'ACTIVE', { first: 'Alan', last: 'Turing', email: 'alan@example.com' });

beforeEach(() => {
  const state = emptyState();
  state.okta.apps = [app, makeSamlApp(2)];
  state.okta.users = [structuredClone(ada), structuredClone(grace), structuredClone(alan)];
  state.okta.assignments = [assign(app, ada), { ...assign(app, grace), userName: 'ghopper' }];
  useOktaState(okta.sandbox.state, state);
});

type AppUser = { id: string; scope: string; credentials: { userName: string }; _embedded?: { user: { id: string; profile: { email: string } } } };
const appUsers = async (response: Response) => (await response.json()) as AppUser[];

describe('GET /api/v1/apps/{appId}/users', () => {
  it('lists the assignments, embedding the Okta user with expand=user', async () => {
    const plain = await appUsers(await okta.call(`/api/v1/apps/${app.id}/users`));
    expect(plain.map((u) => [u.id, u.credentials.userName, u.scope])).toEqual([[ada.id, ada.profile.login, 'USER'], [grace.id, 'ghopper', 'USER']]);
    expect(plain[0]!._embedded).toBeUndefined();
    const expanded = await appUsers(await okta.call(`/api/v1/apps/${app.id}/users?expand=user`));
    expect(expanded.map((u) => u._embedded?.user.profile.email)).toEqual(['ada@example.com', 'grace@example.com']);
  });

  it('matches q against the start of the app user name or the user\'s names and email', async () => {
    const q = async (value: string) => (await appUsers(await okta.call(`/api/v1/apps/${app.id}/users?q=${value}`))).map((u) => u.id);
    expect(await q('gho')).toEqual([grace.id]);
    expect(await q('LOVE')).toEqual([ada.id]);
    expect(await q('grace%40')).toEqual([grace.id]);
    expect(await q('zzz')).toEqual([]);
  });

  it('pages 50 by default and at most 500 at a time, reaching every assignment once', async () => {
    const many = Array.from({ length: 620 }, (_, i) => makeUser(1000 + i));
    okta.sandbox.state.okta.users.push(...many);
    okta.sandbox.state.okta.assignments.push(...many.map((u) => assign(app, u)));

    expect(await appUsers(await okta.call(`/api/v1/apps/${app.id}/users`))).toHaveLength(50);

    const seen: string[] = [];
    const sizes: number[] = [];
    let url: string | undefined = `https://steward-sandbox.okta.com/api/v1/apps/${app.id}/users?limit=900&expand=user`;
    while (url) {
      const response = await okta.fetch(url, { headers: { authorization: 'SSWS test-api-token' } });
      const page = await appUsers(response);
      expect(page.every((u) => u._embedded?.user.id === u.id)).toBe(true);
      sizes.push(page.length);
      seen.push(...page.map((u) => u.id));
      url = nextLink(response);
    }
    expect(sizes).toEqual([500, 122]);
    expect(new Set(seen).size).toBe(622);
  });

  it('404s an unknown app', async () => {
    expect((await okta.call('/api/v1/apps/0oanothere/users')).status).toBe(404);
  });
});

describe('one app user', () => {
  it('fetches an assignment, and 404s a user who is not assigned', async () => {
    expect(await (await okta.call(`/api/v1/apps/${app.id}/users/${grace.id}`)).json()).toMatchObject({ id: grace.id, credentials: { userName: 'ghopper' } });
    const missing = await okta.call(`/api/v1/apps/${app.id}/users/${alan.id}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${alan.id} (AppUser)` });
  });

  it('unassigns with DELETE, and 404s a second time', async () => {
    const removed = await okta.call(`/api/v1/apps/${app.id}/users/${ada.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(okta.sandbox.state.okta.assignments.map((a) => a.userId)).toEqual([grace.id]);
    expect((await okta.call(`/api/v1/apps/${app.id}/users/${ada.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('assigns with POST, restoring an unassigned user with their old user name', async () => {
    const post = (body: unknown) => okta.call(`/api/v1/apps/${app.id}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ id: alan.id, scope: 'USER', credentials: { userName: 'aturing' } });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ id: alan.id, scope: 'USER', status: 'ACTIVE', credentials: { userName: 'aturing' }, created: NOW.toISOString() });
    expect(okta.sandbox.state.okta.assignments.find((a) => a.userId === alan.id)).toMatchObject({ appId: app.id, userName: 'aturing' });

    const again = await post({ id: alan.id, scope: 'USER', credentials: { userName: 'alan.t' } });
    expect(await again.json()).toMatchObject({ credentials: { userName: 'alan.t' } });
    expect(okta.sandbox.state.okta.assignments.filter((a) => a.userId === alan.id)).toHaveLength(1);
  });

  it('rejects an assignment without a user id, with a bad user name, or for an unknown user', async () => {
    const post = (body: unknown) => okta.call(`/api/v1/apps/${app.id}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const blank = await post({ scope: 'USER' });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'id: The field cannot be left blank' }] });
    expect((await post({ id: alan.id, credentials: { userName: '' } })).status).toBe(400);
    expect((await post({ id: '00unobody' })).status).toBe(404);
    expect(okta.sandbox.state.okta.assignments).toHaveLength(2);
  });
});

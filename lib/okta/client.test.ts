import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { assign, emptyState, makeSamlApp, makeUser, useOktaState } from '../../sandbox/okta/fixtures';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { OktaUser as SandboxUser } from '../../sandbox/state';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { ProblemError, type Problem } from '../problem';
import { apiTokenAuth, tokenSourceAuth, type OktaAuth } from './auth';
import { createOktaClient, type OktaClient } from './client';

const HOST = SANDBOX_HOSTS.okta;
const ORG = `https://${HOST}`;

let sandbox: Sandbox;
let fetchSandbox: FetchLike;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
  fetchSandbox = sandboxFetch(sandbox);
});
afterAll(() => sandbox.close());
// A fresh generated world per test: new state, rate-limit budgets, faults and request log.
beforeEach(() => sandbox.reseed());

interface ClientSetup {
  auth?: OktaAuth;
  fetch?: FetchLike;
  sleeps?: number[];
  orgUrl?: string;
}

function client({ auth, fetch = fetchSandbox, sleeps = [], orgUrl = ORG }: ClientSetup = {}): OktaClient {
  const sleep = async (ms: number) => void sleeps.push(ms);
  const http = createHttpClient({ fetch, sleep, random: () => 0.5 });
  return createOktaClient({ http, orgUrl, auth: auth ?? apiTokenAuth(sandbox.state.okta.apiTokens[0]!) });
}

/** Replaces the generated Okta org with exactly these users (and apps/assignments, when given). */
function handBuilt(users: SandboxUser[], extra: (okta: ReturnType<typeof emptyState>['okta']) => void = () => {}): void {
  const state = emptyState();
  state.okta.users = users;
  extra(state.okta);
  useOktaState(sandbox.state, state);
}

async function problemFrom(promise: Promise<unknown>): Promise<Problem> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

const userRequests = () => sandbox.requestsMatching({ host: HOST, path: /\/api\/v1\/users$/ });
const ids = (users: { id: string }[] | undefined) => (users ?? []).map((u) => u.id).sort();

describe('findUsersByEmail', () => {
  it('finds the generated people by email or login, whatever the case, DEPROVISIONED and ambiguous ones included', async () => {
    const state = sandbox.state;
    const ambiguous = caseOf(state, 'ambiguous');
    const mismatch = caseOf(state, 'caseMismatch');
    const gone = caseOf(state, 'deprovisioned');
    const nobody = caseOf(state, 'noOktaUser');

    const found = await client().findUsersByEmail([ambiguous.email!, mismatch.email!, gone.email!.toUpperCase(), nobody.email!]);

    expect([...found.keys()]).toEqual([ambiguous.email, mismatch.email, gone.email, nobody.email].map((e) => e!.toLowerCase()));
    expect(ids(found.get(ambiguous.email!))).toEqual([...ambiguous.oktaUserIds].sort());
    expect(mismatch.email).toBe('Jane.Doe@Example.com');
    expect(ids(found.get('jane.doe@example.com'))).toEqual(mismatch.oktaUserIds);
    expect(found.get(gone.email!)!.map((u) => [u.id, u.status])).toEqual([[gone.oktaUserIds[0], 'DEPROVISIONED']]);
    expect(found.get(nobody.email!)).toEqual([]);
    expect(userRequests()).toHaveLength(1);
  });

  it('looks up 100 addresses in a handful of requests', async () => {
    const users = Array.from({ length: 100 }, (_, i) => makeUser(i + 1));
    handBuilt(users);
    const found = await client().findUsersByEmail(users.map((u) => u.profile.email.toUpperCase()));
    expect([...found.values()].map((list) => list.length)).toEqual(users.map(() => 1));
    expect(ids([...found.values()].flat())).toEqual(ids(users));
    const requests = userRequests();
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.length).toBeLessThanOrEqual(5);
    expect(requests.every((r) => new URLSearchParams(r.query).get('limit') === '200')).toBe(true);
  });

  it('follows the cursor when one address matches more users than fit on a page', async () => {
    // Email is not unique in Okta: a shared mailbox can sit behind hundreds of logins.
    const shared = Array.from({ length: 250 }, (_, i) => makeUser(i + 1, 'ACTIVE', { email: 'frontdesk@example.com' }));
    shared.forEach((u, i) => (u.profile.login = `desk${i + 1}@example.com`));
    handBuilt([...shared, makeUser(999)]);

    const found = await client().findUsersByEmail(['FrontDesk@Example.com']);
    expect(ids(found.get('frontdesk@example.com'))).toEqual(ids(shared));
    const requests = userRequests();
    expect(requests).toHaveLength(2);
    expect(new URLSearchParams(requests[1]!.query).get('after')).toBe(shared[199]!.id);
  });

  it('matches exactly: quotes and backslashes in an address cannot widen the search, nor a prefix match', async () => {
    const ada = makeUser(1, 'ACTIVE', { email: 'ada@example.com' });
    const bob = makeUser(2, 'ACTIVE', { email: 'bob@example.com' });
    const odd = makeUser(3, 'ACTIVE', { email: 'o"neil\\x@example.com' });
    const longer = makeUser(4, 'ACTIVE', { email: 'ada@example.com.au' });
    handBuilt([ada, bob, odd, longer]);

    const attacks = ['" or profile.email sw "', 'ada@example.com" or profile.login sw "b', 'x\\" or profile.email pr or "'];
    const found = await client().findUsersByEmail([...attacks, odd.profile.email, 'ada@example.com']);
    for (const attack of attacks) expect(found.get(attack.toLowerCase())).toEqual([]);
    expect(ids(found.get(odd.profile.email))).toEqual([odd.id]);
    expect(ids(found.get('ada@example.com'))).toEqual([ada.id]);
    expect(userRequests()).toHaveLength(1);
  });

  it('asks Okta nothing for an empty list', async () => {
    expect((await client().findUsersByEmail([])).size).toBe(0);
    expect(userRequests()).toHaveLength(0);
  });
});

describe('scanUsers', () => {
  const org = (count: number) => Array.from({ length: count }, (_, i) => makeUser(i + 1, i % 10 === 0 ? 'DEPROVISIONED' : 'ACTIVE'));

  it('reads the whole directory, DEPROVISIONED users included, 200 users a request', async () => {
    const users = org(450);
    handBuilt(users);
    const scanned = await client().scanUsers(5);
    expect(ids(scanned ?? [])).toEqual(ids(users));
    expect(scanned?.filter((u) => u.status === 'DEPROVISIONED')).toHaveLength(45);
    const requests = userRequests();
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => new URLSearchParams(r.query).get('search') === 'status pr')).toBe(true);
  });

  it('reads the directory a page at a time from a saved next-page address, and refuses one off the list', async () => {
    const users = org(450);
    handBuilt(users);
    const read: string[] = [];
    let next: string | null = null;
    do {
      const page: { users: { id: string }[]; next: string | null } = await client().directoryPage(next);
      read.push(...page.users.map((u) => u.id));
      next = page.next;
    } while (next !== null);
    expect(read).toEqual(ids(users));
    expect(userRequests()).toHaveLength(3);
    await expect(client().directoryPage('https://collector.example/api/v1/users?after=x')).rejects.toMatchObject({ problem: { code: 'invalid-request' } });
    await expect(client().directoryPage(`${ORG}/api/v1/apps?after=x`)).rejects.toMatchObject({ problem: { code: 'invalid-request' } });
    expect(userRequests()).toHaveLength(3);
  });

  it('gives up after the page budget when the directory is larger, without reading past it', async () => {
    handBuilt(org(2000));
    expect(await client().scanUsers(3)).toBeNull();
    expect(userRequests()).toHaveLength(3);
  });

  it('reads a directory that ends within the budget, however small the budget', async () => {
    handBuilt(org(150));
    expect(await client().scanUsers(1)).toHaveLength(150);
    expect(await client().scanUsers(0)).toBeNull();
    expect(userRequests()).toHaveLength(1);
  });

  it('refuses a next-page link to another host', async () => {
    handBuilt(org(10));
    const sent: string[] = [];
    const hijacked: FetchLike = async (url, init) => {
      sent.push(new URL(url).host);
      const response = await fetchSandbox(url, init);
      const headers = new Headers(response.headers);
      headers.set('link', '<https://collector.example/api/v1/users?after=x>; rel="next"');
      return new Response(await response.text(), { status: response.status, headers });
    };
    expect(await problemFrom(client({ fetch: hijacked }).scanUsers(5))).toMatchObject({ code: 'invalid-response' });
    expect(sent).toEqual([HOST]);
  });
});

describe('users', () => {
  it('gets a user by login, ignoring case, through the Admin Console address the admin pasted', async () => {
    const { oktaUserIds, email } = caseOf(sandbox.state, 'activeAssigned');
    const okta = client({ orgUrl: `https://${SANDBOX_HOSTS.oktaAdmin}/admin/dashboard` });
    expect(okta.org.origin).toBe(ORG);
    expect((await okta.getUser(email!.toUpperCase())).id).toBe(oktaUserIds[0]);
  });

  it('stops with invalid-response naming the field when Okta sends a value of the wrong type', async () => {
    const ada = makeUser(1);
    handBuilt([makeUser(2), ada]);
    ada.created = 'last Tuesday';
    const single = await problemFrom(client().getUser(ada.id));
    expect(single).toMatchObject({ code: 'invalid-response', service: 'okta', httpStatus: 200 });
    expect(single.message).toContain(`GET /api/v1/users/${ada.id}`);
    expect(single.message).toContain('at created');
    expect(single.requestId).toBeTruthy();
    const listed = await problemFrom(client().findUsersByEmail([ada.profile.email, 'user2@example.com']));
    expect(listed.message).toMatch(/at \[\d\]\.created/);
  });

  it('suggests up to the limit by the start of a name or email, in one request, without deactivated users', async () => {
    const names = ['Hana', 'Hanna', 'Hannah', 'Johan'];
    handBuilt([
      ...names.map((first, i) => makeUser(i + 1, 'ACTIVE', { first })),
      makeUser(5, 'DEPROVISIONED', { first: 'Hans' }),
      makeUser(6, 'ACTIVE', { email: 'han.solo@example.com' }),
    ]);
    const found = await client().suggestUsers('han', 3);
    expect(found.map((u) => u.id)).toEqual(['00u00000000000000001', '00u00000000000000002', '00u00000000000000003']);
    expect((await client().suggestUsers('HAN', 8)).map((u) => u.profile.firstName ?? u.profile.email).sort()).toEqual(['First6', 'Hana', 'Hanna', 'Hannah']);
    expect(userRequests().map((r) => r.query)).toEqual(['?q=han&limit=3', '?q=HAN&limit=8']);
  });

  it('reports an unknown user as not-found', async () => {
    expect(await problemFrom(client().getUser('00u0000000000000none'))).toMatchObject({ code: 'not-found', vendorCode: 'E0000007', httpStatus: 404 });
  });
});

describe('lifecycle', () => {
  const statusOf = (id: string) => sandbox.state.okta.users.find((u) => u.id === id)?.status;

  it('suspends once, and answers "already" the second time after checking the user', async () => {
    const id = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    const okta = client();
    expect(await okta.suspendUser(id)).toBe('done');
    expect(statusOf(id)).toBe('SUSPENDED');
    sandbox.clearRequests();
    expect(await okta.suspendUser(id)).toBe('already');
    expect(sandbox.requestsMatching({ host: HOST }).map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', `/api/v1/users/${id}/lifecycle/suspend`, 400],
      ['GET', `/api/v1/users/${id}`, 200],
    ]);
  });

  it('unsuspends a suspended user once, then "already"', async () => {
    const id = caseOf(sandbox.state, 'suspended').oktaUserIds[0]!;
    const okta = client();
    expect(await okta.unsuspendUser(id)).toBe('done');
    expect(statusOf(id)).toBe('ACTIVE');
    expect(await okta.unsuspendUser(id)).toBe('already');
  });

  it('deactivates without mailing the admins, and "already" for a DEPROVISIONED user', async () => {
    const id = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    const okta = client();
    expect(await okta.deactivateUser(id)).toBe('done');
    expect(statusOf(id)).toBe('DEPROVISIONED');
    expect(await okta.deactivateUser(id)).toBe('already');
    const posts = sandbox.requestsMatching({ host: HOST, method: 'POST', path: /\/lifecycle\/deactivate$/ });
    expect(posts.map((r) => r.query)).toEqual(['?sendEmail=false', '?sendEmail=false']);
  });

  it('refuses with the user\'s status when the change is not possible, and not-found for nobody', async () => {
    const gone = caseOf(sandbox.state, 'deprovisioned').oktaUserIds[0]!;
    const refused = await problemFrom(client().suspendUser(gone));
    expect(refused).toMatchObject({ code: 'conflict', service: 'okta', httpStatus: 400, vendorCode: 'E0000001' });
    expect(refused.message).toContain('their status is DEPROVISIONED');
    expect(await problemFrom(client().deactivateUser('00u0000000000000none'))).toMatchObject({ code: 'not-found' });
  });

  it('clears sessions and revokes the OAuth tokens issued in them', async () => {
    const ada = makeUser(1);
    const bob = makeUser(2);
    handBuilt([ada, bob], (okta) => {
      okta.sessions = [
        { id: 's1', userId: ada.id, hasOAuthTokens: true },
        { id: 's2', userId: ada.id, hasOAuthTokens: false },
        { id: 's3', userId: bob.id, hasOAuthTokens: false },
      ];
    });
    await client().clearSessions(ada.id);
    expect(sandbox.state.okta.sessions.map((s) => s.id)).toEqual(['s3']);
    expect(sandbox.state.okta.oauthTokenRevocations?.map((r) => r.userId)).toEqual([ada.id]);
    expect(sandbox.requestsMatching({ host: HOST, method: 'DELETE' }).map((r) => [r.query, r.status])).toEqual([['?oauthTokens=true', 204]]);
  });
});

describe('apps', () => {
  it('finds the generated Flex app by its Twilio ACS URL, and not Slack or the other apps', async () => {
    const candidates = await client().findFlexApps();
    const flex = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
    expect(sandbox.state.okta.apps.some((a) => a.label === 'Slack')).toBe(true);
    expect(candidates.map((c) => c.app.id)).toEqual([flex.id]);
    expect(candidates[0]!.accountSid).toBe(sandbox.state.twilio.credentials.accountSid);
    expect(candidates[0]!.reasons.map((r) => [r.field, r.host])).toEqual([
      ['ssoAcsUrl', 'iam.twilio.com'],
      ['audience', 'iam.twilio.com'],
    ]);
  });

  it('lists every app across pages, and passes a filter through', async () => {
    const apps = Array.from({ length: 205 }, (_, i) => makeSamlApp(i + 1));
    handBuilt([], (okta) => (okta.apps = apps));
    const okta = client();
    expect((await okta.listApps()).map((a) => a.id)).toEqual(apps.map((a) => a.id));
    expect(sandbox.requestsMatching({ host: HOST, path: /\/api\/v1\/apps$/ })).toHaveLength(2);
    expect((await okta.listApps({ filter: `name eq "${apps[7]!.name}"` })).map((a) => a.id)).toEqual([apps[7]!.id]);
    expect((await okta.getApp(apps[3]!.id)).label).toBe(apps[3]!.label);
  });

  it('lists more than 500 app users with their Okta users embedded, page by page', async () => {
    const app = makeSamlApp(1);
    const users = Array.from({ length: 620 }, (_, i) => makeUser(i + 1));
    handBuilt(users, (okta) => {
      okta.apps = [app];
      okta.assignments = users.map((u) => assign(app, u));
    });
    const okta = client();
    const sizes: number[] = [];
    for await (const page of okta.appUserPages(app.id)) sizes.push(page.length);
    expect(sizes).toEqual([500, 120]);

    const all = await okta.listAppUsers(app.id);
    expect(all.map((u) => u.id)).toEqual(users.map((u) => u.id));
    expect(all.every((u) => u._embedded?.user?.id === u.id)).toBe(true);
    expect(all[0]!.credentials?.userName).toBe(users[0]!.profile.login);
    const queries = sandbox.requestsMatching({ host: HOST, path: /\/users$/ }).map((r) => new URLSearchParams(r.query));
    expect(queries.every((q) => q.get('limit') === '500' && q.get('expand') === 'user')).toBe(true);
  });

  it('reads one assignment, null when not assigned, and not-found for an app that does not exist', async () => {
    const app = makeSamlApp(1);
    const [ada, bob] = [makeUser(1), makeUser(2)];
    handBuilt([ada, bob], (okta) => {
      okta.apps = [app];
      okta.assignments = [{ ...assign(app, ada), userName: 'ada.flex' }];
    });
    const okta = client();
    expect(await okta.getAppUser(app.id, ada.id)).toMatchObject({ id: ada.id, credentials: { userName: 'ada.flex' } });
    expect((await okta.getAppUser(app.id, ada.id, { expandUser: true }))?._embedded?.user?.profile.email).toBe(ada.profile.email);
    expect(await okta.getAppUser(app.id, bob.id)).toBeNull();
    expect(await problemFrom(okta.getAppUser('0oa0000000000000none', ada.id))).toMatchObject({ code: 'not-found' });
  });

  it('unassigns once, "already" the second time, and undoes by assigning with the old user name', async () => {
    const app = makeSamlApp(1);
    const ada = makeUser(1);
    handBuilt([ada], (okta) => {
      okta.apps = [app];
      okta.assignments = [{ ...assign(app, ada), userName: 'ada.flex' }];
    });
    const okta = client();
    expect(await okta.unassignUser(app.id, ada.id)).toBe('done');
    expect(sandbox.state.okta.assignments).toEqual([]);
    expect(await okta.unassignUser(app.id, ada.id)).toBe('already');
    expect(await problemFrom(okta.unassignUser('0oa0000000000000none', ada.id))).toMatchObject({ code: 'not-found' });

    expect(await okta.assignUser(app.id, ada.id, 'ada.flex')).toMatchObject({ id: ada.id, scope: 'USER', credentials: { userName: 'ada.flex' } });
    expect(sandbox.state.okta.assignments.map((a) => [a.userId, a.userName])).toEqual([[ada.id, 'ada.flex']]);
  });

  it('reads the Flex app\'s signing keys and its SAML metadata with the active certificate', async () => {
    const flex = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
    const okta = client();
    const keys = await okta.listSigningKeys(flex.id);
    expect(keys.map((k) => k.kid)).toContain(flex.signingKid);
    const active = keys.find((k) => k.kid === flex.signingKid)!;
    const xml = await okta.getSamlMetadata(flex.id);
    expect(xml).toContain('EntityDescriptor');
    expect(xml.replace(/\s+/g, '')).toContain(active.x5c[0]);
  });
});

describe('safety and failures', () => {
  it('refuses a next-page link to another host and never sends the token there', async () => {
    const sent: string[] = [];
    const hijacked: FetchLike = async (url, init) => {
      sent.push(new URL(url).host);
      const response = await fetchSandbox(url, init);
      const headers = new Headers(response.headers);
      headers.set('link', '<https://collector.example/api/v1/apps?after=x>; rel="next"');
      return new Response(await response.text(), { status: response.status, headers });
    };
    const refused = await problemFrom(client({ fetch: hijacked }).listApps());
    expect(refused.code).toBe('invalid-response');
    expect(refused.message).toContain('collector.example');
    expect(sent).toEqual([HOST]);
  });

  it('does nothing once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await problemFrom(client().findUsersByEmail(['ada@example.com'], { signal: controller.signal }))).toMatchObject({ code: 'cancelled' });
    expect(sandbox.requestsMatching({ host: HOST })).toHaveLength(0);
  });

  it('names the missing scope and where to grant it when an OAuth token lacks it', async () => {
    const id = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    sandbox.state.okta.accessTokens = [{ token: 'read-only', scopes: ['okta.users.read'], expiresAt: '2999-01-01T00:00:00.000Z' }];
    const okta = client({ auth: { headers: async () => ({ authorization: 'Bearer read-only' }) } });
    expect((await okta.getUser(id)).id).toBe(id);
    const missing = await problemFrom(okta.suspendUser(id));
    expect(missing).toMatchObject({ code: 'missing-scope', service: 'okta', httpStatus: 403 });
    expect(missing.message).toContain('okta.users.manage');
    expect(missing.nextStep).toMatch(/Grant okta\.users\.manage .*Applications → .*Okta API Scopes/);
  });

  it('waits out a 429 and then succeeds', async () => {
    const { email, oktaUserIds } = caseOf(sandbox.state, 'activeAssigned');
    sandbox.faults.rules.push({ host: HOST, path: '^/api/v1/users$', respond: 429, times: 1 });
    const sleeps: number[] = [];
    const found = await client({ sleeps }).findUsersByEmail([email!]);
    expect(ids(found.get(email!))).toEqual(oktaUserIds);
    expect(userRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(sleeps).toHaveLength(1);
  });

  it('renews an OAuth token Okta rejects and tries once more; an API token is not retried', async () => {
    const id = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    sandbox.state.okta.accessTokens = [{ token: 'fresh', scopes: ['okta.users.read'], expiresAt: '2999-01-01T00:00:00.000Z' }];
    let token = 'revoked';
    let invalidations = 0;
    const source = {
      getAuthorization: async () => ({ authorization: `Bearer ${token}` }),
      invalidate: () => {
        invalidations++;
        token = 'fresh';
      },
    };
    expect((await client({ auth: tokenSourceAuth(source) }).getUser(id)).id).toBe(id);
    expect(invalidations).toBe(1);
    expect(sandbox.requestsMatching({ host: HOST }).map((r) => r.status)).toEqual([401, 200]);

    sandbox.clearRequests();
    expect(await problemFrom(client({ auth: apiTokenAuth('not-a-token') }).getUser(id))).toMatchObject({ code: 'bad-credentials', httpStatus: 401 });
    expect(sandbox.requestsMatching({ host: HOST })).toHaveLength(1);
  });

  it('accepts an API token pasted with its SSWS prefix, and refuses an empty one', async () => {
    expect(await apiTokenAuth(`  SSWS ${sandbox.state.okta.apiTokens[0]}\n`).headers('GET', ORG)).toEqual({ authorization: `SSWS ${sandbox.state.okta.apiTokens[0]}` });
    expect(() => apiTokenAuth('  ')).toThrow(ProblemError);
  });
});

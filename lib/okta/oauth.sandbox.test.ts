import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { NOW, emptyState, makeUser, startOktaSandbox, useOktaState, type OktaSandbox } from '../../sandbox/okta/fixtures';
import { registerServiceApp } from '../../sandbox/okta/oauth-token';
import { createHttpClient, type HttpClient } from '../http/fetch-core';
import { oktaDestination } from './credential-destination';
import { createOktaTokenSource, OKTA_SERVICE_APP_SCOPES, type OktaTokenSourceOptions } from './oauth';
import { normaliseOrgUrl } from './org-url';
import { problemOf } from '../../tests/support/problem-of';

const ORG = `https://${SANDBOX_HOSTS.okta}`;
const USERS = `${ORG}/api/v1/users?limit=1`;
const TOKEN_PATH = /^\/oauth2\/v1\/token$/;

describe('Okta service-app OAuth against the sandbox', () => {
  let okta: OktaSandbox;
  let http: HttpClient;

  beforeAll(async () => {
    okta = await startOktaSandbox();
    http = createHttpClient({ fetch: okta.fetch });
  });
  afterAll(() => okta.sandbox.close());
  beforeEach(() => {
    const state = emptyState();
    state.okta.users.push(makeUser(1), makeUser(2));
    useOktaState(okta.sandbox.state, state);
    okta.sandbox.clearRequests();
  });

  /** The sandbox's clock is fixed at NOW; the extension's runs in step with it unless a test says otherwise. */
  const source = (options: Pick<OktaTokenSourceOptions, 'clientId' | 'privateKey'> & Partial<OktaTokenSourceOptions>) => createOktaTokenSource({ orgUrl: ORG, http, now: () => NOW.getTime(), ...options });
  const tokenRequests = () => okta.sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, method: 'POST', path: TOKEN_PATH });
  const toOrg = oktaDestination(normaliseOrgUrl(ORG));
  const listUsers = async (headers: Record<string, string>) => http.request({ service: 'okta', method: 'GET', url: USERS, headers, destination: toOrg });

  it('gets a Bearer token with the JWK Okta generated, lists users with it, and asks for a token only once', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: false });
    const tokens = source({ clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk) });

    const first = await tokens.getAuthorization('GET', USERS);
    expect(first).toEqual({ authorization: expect.stringMatching(/^Bearer sbx-at\./) });
    const users = await listUsers(first);
    expect(users.status).toBe(200);
    expect(users.json).toHaveLength(1);

    expect(await tokens.getAuthorization('GET', `${ORG}/api/v1/apps`)).toEqual(first);
    expect(tokenRequests().map((r) => r.status)).toEqual([200]);
    expect(okta.sandbox.state.okta.accessTokens?.[0]?.scopes).toEqual([...OKTA_SERVICE_APP_SCOPES]);
  });

  it('signs with a PKCS#8 PEM key, which has no kid, just as well', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: ['okta.users.read'], requireDpop: false });
    const tokens = source({ clientId: app.clientId, privateKey: app.privatePem, scopes: ['okta.users.read'] });
    expect((await listUsers(await tokens.getAuthorization('GET', USERS))).status).toBe(200);
  });

  it('learns that the app requires DPoP, fetches the nonce, and proves the bound token on every call', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: true });
    const tokens = source({ clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk) });

    const first = await tokens.getAuthorization('GET', USERS);
    expect(first).toEqual({ authorization: expect.stringMatching(/^DPoP sbx-at\./), dpop: expect.any(String) });
    // "The DPoP proof JWT header is missing", then "use_dpop_nonce", then the token.
    expect(tokenRequests().map((r) => r.status)).toEqual([400, 400, 200]);
    expect((await listUsers(first)).status).toBe(200);

    const second = await tokens.getAuthorization('GET', USERS);
    expect(second.authorization).toBe(first.authorization);
    expect(second.dpop).not.toBe(first.dpop);
    expect((await listUsers(second)).status).toBe(200);
    expect(tokenRequests()).toHaveLength(3);

    // A proof is for one request: replaying it against another URL is refused.
    const elsewhere = await problemOf(http.request({ service: 'okta', method: 'GET', url: `${ORG}/api/v1/apps`, headers: second, destination: toOrg }));
    expect(elsewhere).toMatchObject({ httpStatus: 400, vendorCode: 'invalid_dpop_proof' });
  });

  it('names the scopes the app was not granted and where to grant them', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: ['okta.users.read', 'okta.apps.read'], requireDpop: false });
    const problem = await problemOf(source({ clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk) }).getAuthorization('GET', USERS));
    expect(problem).toMatchObject({ code: 'missing-scope', service: 'okta', httpStatus: 400, vendorCode: 'invalid_scope' });
    expect(problem.message).toContain('has not been granted okta.users.manage, okta.apps.manage, okta.sessions.manage');
    expect(problem.nextStep).toMatch(/^Grant okta\.users\.manage, okta\.apps\.manage, okta\.sessions\.manage in the service app's Okta API Scopes tab/);
  });

  it('says when the key is not one registered with the app', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: false });
    const stranger = registerServiceApp(emptyState(), { scopes: [], requireDpop: false });
    const problem = await problemOf(source({ clientId: app.clientId, privateKey: JSON.stringify(stranger.privateJwk) }).getAuthorization('GET', USERS));
    expect(problem).toMatchObject({ code: 'bad-credentials', httpStatus: 401, vendorCode: 'invalid_client' });
    expect(problem.message).toContain(`The key's ID (${stranger.kid}) is not one of the public keys registered with the Okta app`);
    expect(problem.nextStep).toContain('Public Keys');

    const withoutKid = await problemOf(source({ clientId: app.clientId, privateKey: stranger.privatePem }).getAuthorization('GET', USERS));
    expect(withoutKid.message).toContain('does not match any public key registered');
  });

  it('says when the client ID is not an app Okta knows', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: false });
    okta.sandbox.state.okta.serviceApps = okta.sandbox.state.okta.serviceApps?.filter((a) => a.clientId !== app.clientId);
    const problem = await problemOf(source({ clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk) }).getAuthorization('GET', USERS));
    expect(problem.message).toContain(`Okta has no app with the client ID ${app.clientId}`);
  });

  it('blames a clock ten minutes fast, not the key', async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: false });
    const fast = source({ clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk), now: () => NOW.getTime() + 10 * 60_000 });
    const problem = await problemOf(fast.getAuthorization('GET', USERS));
    expect(problem).toMatchObject({ code: 'clock-skew', service: 'okta', vendorCode: 'invalid_client' });
    expect(problem.message).toMatch(/^Your computer's clock is 10 minutes ahead of Okta's/);
  });

  it("asks the org's own token endpoint when given the Admin Console's address", async () => {
    const app = registerServiceApp(okta.sandbox.state, { scopes: [...OKTA_SERVICE_APP_SCOPES], requireDpop: false });
    const tokens = source({ orgUrl: `https://${SANDBOX_HOSTS.oktaAdmin}/admin/dashboard`, clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk) });
    expect((await listUsers(await tokens.getAuthorization('GET', USERS))).status).toBe(200);
    expect(okta.sandbox.requestsMatching({ host: SANDBOX_HOSTS.oktaAdmin })).toHaveLength(0);
    expect(tokenRequests().map((r) => r.status)).toEqual([200]);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SPECS_DIR, specViolations } from '../spec-validator';
import type { OktaRateLimitFamily } from '../state';
import { appUserRoutes } from './app-users';
import { appRoutes } from './apps';
import { assign, emptyState, makeSamlApp, makeUser, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';
import { userRoutes } from './users';

/**
 * Every operation the sandbox serves, called for real and checked against the Okta management spec:
 * successes, and each error response the spec declares for the operation.
 */

const SPEC = 'okta-management';
const doc = JSON.parse(readFileSync(resolve(SPECS_DIR, `${SPEC}.json`), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, SpecResponse> }>>;
  components: { responses: Record<string, SpecResponse> };
};
type SpecResponse = { $ref?: string; content?: Record<string, { schema?: unknown }> };

// specViolations reads a response's schema by its place under `paths`; many Okta error responses are
// `$ref`s to components/responses, which that lookup cannot follow, so those are validated here.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('int32', true).addFormat('int64', true);
ajv.addSchema(doc, SPEC);

type Method = 'get' | 'post' | 'delete';

function violations(path: string, method: Method, status: number, contentType: string, body: unknown): string[] {
  const declared = doc.paths[path]?.[method]?.responses[String(status)];
  if (!declared) return [`${method.toUpperCase()} ${path} does not declare ${status}`];
  const ref = declared.$ref;
  const response = ref ? doc.components.responses[ref.split('/').pop()!] : declared;
  const media = Object.keys(response?.content ?? {});
  // A response declared without content ("200 OK", "204 No Content") has nothing to validate.
  if (media.length === 0) return [];
  if (!media.includes(contentType)) return [`${method.toUpperCase()} ${path} ${status} declares ${media.join(', ')}, not ${contentType}`];
  if (!ref) return specViolations({ spec: SPEC, path, method, status, contentType }, body);
  const validate = ajv.getSchema(`${SPEC}#/components/responses/${ref.split('/').pop()}/content/${contentType.replace('/', '~1')}/schema`)!;
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

let okta: OktaSandbox;
beforeAll(async () => {
  okta = await startOktaSandbox();
});
afterAll(() => okta.sandbox.close());

const app = makeSamlApp(1);
const bookmark = makeSamlApp(2, { name: 'bookmark', label: 'Handbook', signOnMode: 'BOOKMARK', signOn: null, signingKid: null });
const active = makeUser(1, 'ACTIVE', { first: 'Ada', last: 'Lovelace', email: 'ada@example.com' });
const suspended = makeUser(2, 'SUSPENDED');
const gone = makeUser(3, 'DEPROVISIONED');
const spare = makeUser(4, 'ACTIVE');

beforeEach(() => {
  const state = emptyState();
  state.okta.users = [active, suspended, gone, spare].map((u) => structuredClone(u));
  state.okta.apps = [app, bookmark];
  state.okta.assignments = [assign(app, active), assign(app, suspended)];
  state.okta.sessions = [{ id: '102s', userId: active.id, hasOAuthTokens: true }];
  state.okta.keys = [{ kid: 'kid-1', created: '2023-01-01T00:00:00.000Z', expiresAt: '2033-01-01T00:00:00.000Z', x5c: ['TUlJQ0FLRQ=='], appId: app.id }];
  state.okta.accessTokens = [{ token: 'no-scopes', scopes: [], expiresAt: '2099-01-01T00:00:00.000Z' }];
  useOktaState(okta.sandbox.state, state);
});

interface Operation {
  method: Method;
  /** The path template exactly as the spec writes it. */
  template: string;
  family: OktaRateLimitFamily;
  /** A request that succeeds. */
  ok: { url: string; status: number; body?: unknown; contentType?: string };
  /** Requests for the other statuses the spec declares, beyond the 403 and 429 every operation gets. */
  errors: { url: string; status: number; body?: unknown }[];
}

const assignment = { id: spare.id, scope: 'USER', credentials: { userName: spare.profile.login } };

const OPERATIONS: Operation[] = [
  { method: 'get', template: '/api/v1/users', family: 'usersList', ok: { url: `/api/v1/users?search=${encodeURIComponent('profile.email sw "ada"')}`, status: 200 }, errors: [] },
  { method: 'get', template: '/api/v1/users/{id}', family: 'user', ok: { url: `/api/v1/users/${active.id}`, status: 200 }, errors: [{ url: '/api/v1/users/00unobody', status: 404 }] },
  {
    method: 'post',
    template: '/api/v1/users/{id}/lifecycle/suspend',
    family: 'userLifecycle',
    ok: { url: `/api/v1/users/${active.id}/lifecycle/suspend`, status: 200 },
    errors: [{ url: `/api/v1/users/${suspended.id}/lifecycle/suspend`, status: 400 }, { url: '/api/v1/users/00unobody/lifecycle/suspend', status: 404 }],
  },
  {
    method: 'post',
    template: '/api/v1/users/{id}/lifecycle/unsuspend',
    family: 'userLifecycle',
    ok: { url: `/api/v1/users/${suspended.id}/lifecycle/unsuspend`, status: 200 },
    errors: [{ url: `/api/v1/users/${active.id}/lifecycle/unsuspend`, status: 400 }, { url: '/api/v1/users/00unobody/lifecycle/unsuspend', status: 404 }],
  },
  {
    method: 'post',
    template: '/api/v1/users/{id}/lifecycle/deactivate',
    family: 'userLifecycle',
    ok: { url: `/api/v1/users/${active.id}/lifecycle/deactivate?sendEmail=false`, status: 200 },
    errors: [{ url: `/api/v1/users/${gone.id}/lifecycle/deactivate`, status: 404 }],
  },
  {
    method: 'delete',
    template: '/api/v1/users/{userId}/sessions',
    family: 'userLifecycle',
    ok: { url: `/api/v1/users/${active.id}/sessions?oauthTokens=true`, status: 204 },
    errors: [{ url: '/api/v1/users/00unobody/sessions', status: 404 }],
  },
  { method: 'get', template: '/api/v1/apps', family: 'apps', ok: { url: '/api/v1/apps?limit=1', status: 200 }, errors: [] },
  { method: 'get', template: '/api/v1/apps/{appId}', family: 'apps', ok: { url: `/api/v1/apps/${app.id}`, status: 200 }, errors: [{ url: '/api/v1/apps/0oanothere', status: 404 }] },
  {
    method: 'get',
    template: '/api/v1/apps/{appId}/users',
    family: 'appUsers',
    ok: { url: `/api/v1/apps/${app.id}/users?expand=user&limit=1`, status: 200 },
    errors: [{ url: '/api/v1/apps/0oanothere/users', status: 404 }],
  },
  {
    method: 'post',
    template: '/api/v1/apps/{appId}/users',
    family: 'appUsers',
    ok: { url: `/api/v1/apps/${app.id}/users`, status: 200, body: assignment },
    errors: [
      { url: `/api/v1/apps/${app.id}/users`, status: 400, body: { scope: 'USER' } },
      { url: '/api/v1/apps/0oanothere/users', status: 404, body: assignment },
    ],
  },
  {
    method: 'get',
    template: '/api/v1/apps/{appId}/users/{userId}',
    family: 'appUsers',
    ok: { url: `/api/v1/apps/${app.id}/users/${active.id}?expand=user`, status: 200 },
    errors: [{ url: `/api/v1/apps/${app.id}/users/${spare.id}`, status: 404 }],
  },
  {
    method: 'delete',
    template: '/api/v1/apps/{appId}/users/{userId}',
    family: 'appUsers',
    ok: { url: `/api/v1/apps/${app.id}/users/${active.id}`, status: 204 },
    errors: [{ url: `/api/v1/apps/${app.id}/users/${spare.id}`, status: 404 }],
  },
  {
    method: 'get',
    template: '/api/v1/apps/{appId}/sso/saml/metadata',
    family: 'apps',
    ok: { url: `/api/v1/apps/${app.id}/sso/saml/metadata`, status: 200, contentType: 'text/xml' },
    errors: [{ url: `/api/v1/apps/${bookmark.id}/sso/saml/metadata`, status: 404 }],
  },
  { method: 'get', template: '/api/v1/apps/{appId}/credentials/keys', family: 'apps', ok: { url: `/api/v1/apps/${app.id}/credentials/keys`, status: 200 }, errors: [{ url: '/api/v1/apps/0oanothere/credentials/keys', status: 404 }] },
  {
    method: 'get',
    template: '/api/v1/apps/{appId}/credentials/keys/{keyId}',
    family: 'apps',
    ok: { url: `/api/v1/apps/${app.id}/credentials/keys/kid-1`, status: 200 },
    errors: [{ url: `/api/v1/apps/${app.id}/credentials/keys/kid-404`, status: 404 }],
  },
];

async function check(operation: Operation, url: string, expectedStatus: number, options: { body?: unknown; authorization?: string; contentType?: string } = {}) {
  const response = await okta.call(url, {
    method: operation.method.toUpperCase(),
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.authorization ? { authorization: options.authorization } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  expect(response.status, `${operation.method.toUpperCase()} ${url}`).toBe(expectedStatus);
  expect(response.headers.get('x-okta-request-id')).toBeTruthy();
  const contentType = options.contentType ?? 'application/json';
  expect(response.headers.get('content-type') ?? contentType).toContain(contentType);
  const text = await response.text();
  const body: unknown = text === '' ? undefined : contentType === 'application/json' ? JSON.parse(text) : text;
  expect(violations(operation.template, operation.method, expectedStatus, contentType, body), `${operation.method.toUpperCase()} ${url} → ${expectedStatus}`).toEqual([]);
}

describe('conformance with the Okta management spec', () => {
  for (const operation of OPERATIONS) {
    describe(`${operation.method.toUpperCase()} ${operation.template}`, () => {
      it(`succeeds with ${operation.ok.status}`, async () => {
        await check(operation, operation.ok.url, operation.ok.status, { body: operation.ok.body, contentType: operation.ok.contentType });
      });

      for (const error of operation.errors) {
        it(`answers ${error.status} for ${error.url}`, async () => {
          await check(operation, error.url, error.status, { body: error.body });
        });
      }

      it('answers 403 to a token without the scope', async () => {
        await check(operation, operation.ok.url, 403, { body: operation.ok.body, authorization: 'Bearer no-scopes' });
      });

      it('answers 429 past the rate limit', async () => {
        okta.sandbox.state.okta.rateLimits = { [operation.family]: { limit: 0, windowSeconds: 60 } };
        await check(operation, operation.ok.url, 429, { body: operation.ok.body });
      });
    });
  }

  it('covers every operation the sandbox serves', () => {
    const served = [...userRoutes, ...appRoutes, ...appUserRoutes].map((r) => `${r.method.toLowerCase()} ${r.pattern.replace(/:(\w+)/g, '{$1}')}`);
    expect(OPERATIONS.map((o) => `${o.method} ${o.template}`).sort()).toEqual(served.sort());
  });

  it('notices bodies that break the spec, inline or behind a $ref', () => {
    expect(violations('/api/v1/users', 'get', 200, 'application/json', {})).toEqual(['(root) must be array']);
    expect(violations('/api/v1/users/{id}/lifecycle/suspend', 'post', 400, 'application/json', { errorCode: 1 })).toEqual(['/errorCode must be string']);
    expect(violations('/api/v1/users', 'get', 404, 'application/json', {})).toEqual(['GET /api/v1/users does not declare 404']);
  });
});

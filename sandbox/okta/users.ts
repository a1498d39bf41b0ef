import { json, type SandboxContext, type SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import { oktaId, seededRandom } from '../random';
import type { OktaUser, OktaUserStatus, SandboxState } from '../state';
import { linkHeader, pageAfter, parseLimit } from './paging';
import { notFound, oktaError, validationFailed, type OktaRoute } from './route';
import { parseUserQuery } from './user-query';

const ORG = `https://${SANDBOX_HOSTS.okta}`;
const READ = ['okta.users.read', 'okta.users.manage'] as const;
const MANAGE = ['okta.users.manage'] as const;

/** Every user in the sandbox org has the default user type; its id is stable for a seed. */
export function userTypeId(state: SandboxState): string {
  return oktaId('oty', seededRandom(state.seed ^ 0x7e5));
}

/** The lifecycle links Okta offers for a status: the `_links` a client reads to know what it may do next. */
const LIFECYCLE_LINKS: Record<OktaUserStatus, [name: string, path: string][]> = {
  ACTIVE: [['suspend', 'suspend'], ['deactivate', 'deactivate'], ['resetPassword', 'reset_password'], ['expirePassword', 'expire_password']],
  SUSPENDED: [['unsuspend', 'unsuspend'], ['deactivate', 'deactivate']],
  DEPROVISIONED: [['activate', 'activate']],
  STAGED: [['activate', 'activate'], ['deactivate', 'deactivate']],
  PROVISIONED: [['reactivate', 'reactivate'], ['deactivate', 'deactivate']],
  LOCKED_OUT: [['unlock', 'unlock'], ['deactivate', 'deactivate']],
  RECOVERY: [['deactivate', 'deactivate']],
  PASSWORD_EXPIRED: [['deactivate', 'deactivate']],
};

export function renderUser(user: OktaUser, state: SandboxState): Record<string, unknown> {
  const self = `${ORG}/api/v1/users/${user.id}`;
  const typeId = userTypeId(state);
  const links: Record<string, { href: string; method?: string }> = {
    self: { href: self },
    type: { href: `${ORG}/api/v1/meta/types/user/${typeId}` },
    schema: { href: `${ORG}/api/v1/meta/schemas/user/osc${typeId.slice(3)}` },
  };
  for (const [name, path] of LIFECYCLE_LINKS[user.status]) links[name] = { href: `${self}/lifecycle/${path}`, method: 'POST' };
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: typeId },
    profile: user.profile,
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: links,
  };
}

/** `{id}` in Okta's user paths is an id or a login; logins compare case-insensitively. */
export function findUser(state: SandboxState, idOrLogin: string): OktaUser | undefined {
  const login = idOrLogin.toLowerCase();
  return state.okta.users.find((u) => u.id === idOrLogin) ?? state.okta.users.find((u) => u.profile.login.toLowerCase() === login);
}

function listUsers(url: URL, ctx: SandboxContext): SandboxResponse {
  const query = parseUserQuery(url.searchParams, userTypeId(ctx.state));
  if (!query.ok) return oktaError(ctx, 400, 'E0000031', 'Invalid search criteria.', [query.cause]);
  // Okta documents `q` as unpaged with a default limit of 10.
  const limit = parseLimit(url.searchParams.get('limit'), { default: query.kind === 'q' ? 10 : 200, max: 200 });
  const page = pageAfter(ctx.state.okta.users, (u) => u.id, query.kind === 'q' ? null : url.searchParams.get('after'), limit, query.matches);
  const next = query.kind === 'q' ? undefined : page.next;
  return json(200, page.items.map((u) => renderUser(u, ctx.state)), { link: linkHeader(url, limit, next) });
}

type Transition = { from: (status: OktaUserStatus) => boolean; to: OktaUserStatus; operation: string; refusal: string };

const TRANSITIONS: Record<'suspend' | 'unsuspend', Transition> = {
  suspend: { from: (s) => s === 'ACTIVE', to: 'SUSPENDED', operation: 'suspendUser', refusal: 'Cannot suspend a user that is not active' },
  unsuspend: { from: (s) => s === 'SUSPENDED', to: 'ACTIVE', operation: 'unsuspendUser', refusal: 'Cannot unsuspend a user that is not suspended' },
};

function setStatus(user: OktaUser, status: OktaUserStatus, now: Date): void {
  user.status = status;
  user.statusChanged = user.lastUpdated = now.toISOString();
}

function transition(kind: keyof typeof TRANSITIONS): OktaRoute['handle'] {
  const rule = TRANSITIONS[kind];
  return (_req, ctx, { id }) => {
    const user = findUser(ctx.state, id!);
    if (!user) return notFound(ctx, id!, 'User');
    if (!rule.from(user.status)) return validationFailed(ctx, rule.operation, rule.refusal);
    setStatus(user, rule.to, ctx.now());
    return json(200, {});
  };
}

/**
 * `me` is the user the credentials belong to: with an API token, the admin who created it
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser:
 * "Details of the admin user who granted the API token is returned"). An OAuth service app's
 * token belongs to no user, so there is no `me`.
 */
function tokenOwner(authorization: string | undefined, state: SandboxState): OktaUser | undefined {
  const token = /^SSWS\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const owner = token === undefined ? undefined : state.okta.apiTokenOwners?.[token];
  return owner === undefined ? undefined : findUser(state, owner);
}

export const userRoutes: OktaRoute[] = [
  { method: 'GET', pattern: '/api/v1/users', family: 'usersList', scopes: READ, handle: (req, ctx) => listUsers(req.url, ctx) },
  {
    method: 'GET',
    pattern: '/api/v1/users/:id',
    family: 'user',
    scopes: READ,
    handle: (req, ctx, { id }) => {
      const user = id === 'me' ? tokenOwner(req.headers.authorization, ctx.state) : findUser(ctx.state, id!);
      return user ? json(200, renderUser(user, ctx.state)) : notFound(ctx, id!, 'User');
    },
  },
  { method: 'POST', pattern: '/api/v1/users/:id/lifecycle/suspend', family: 'userLifecycle', scopes: MANAGE, handle: transition('suspend') },
  { method: 'POST', pattern: '/api/v1/users/:id/lifecycle/unsuspend', family: 'userLifecycle', scopes: MANAGE, handle: transition('unsuspend') },
  {
    method: 'POST',
    pattern: '/api/v1/users/:id/lifecycle/deactivate',
    family: 'userLifecycle',
    scopes: MANAGE,
    // `sendEmail` only decides whether Okta mails the admins; the request log keeps the flag for tests to check.
    handle: (_req, ctx, { id }) => {
      const user = findUser(ctx.state, id!);
      // Okta answers a deactivate of an already-deactivated user with E0000007, as if it were gone.
      if (!user || user.status === 'DEPROVISIONED') return notFound(ctx, id!, 'User');
      setStatus(user, 'DEPROVISIONED', ctx.now());
      return json(200, {});
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/users/:userId/sessions',
    family: 'userLifecycle',
    scopes: [...MANAGE, 'okta.sessions.manage'],
    handle: (req, ctx, { userId }) => {
      const user = ctx.state.okta.users.find((u) => u.id === userId);
      if (!user) return notFound(ctx, userId!, 'User');
      const okta = ctx.state.okta;
      okta.sessions = okta.sessions.filter((s) => s.userId !== user.id);
      if (req.url.searchParams.get('oauthTokens') === 'true') (okta.oauthTokenRevocations ??= []).push({ userId: user.id, at: ctx.now().toISOString() });
      return { status: 204, headers: {} };
    },
  },
];

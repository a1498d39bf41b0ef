import { json, type SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import type { OktaApp, OktaAppAssignment, SandboxState } from '../state';
import { withApp } from './apps';
import { linkHeader, pageAfter, parseLimit } from './paging';
import { notFound, validationFailed, type OktaRoute } from './route';
import { renderUser } from './users';

const ORG = `https://${SANDBOX_HOSTS.okta}`;
const READ = ['okta.apps.read', 'okta.apps.manage'] as const;
const MANAGE = ['okta.apps.manage'] as const;

export function renderAppUser(assignment: OktaAppAssignment, state: SandboxState, expandUser: boolean): Record<string, unknown> {
  const user = expandUser ? state.okta.users.find((u) => u.id === assignment.userId) : undefined;
  return {
    id: assignment.userId,
    scope: 'USER',
    status: assignment.status,
    created: assignment.created,
    lastUpdated: assignment.lastUpdated,
    statusChanged: assignment.created,
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: assignment.userName },
    profile: assignment.profile ?? {},
    _links: { app: { href: `${ORG}/api/v1/apps/${assignment.appId}` }, user: { href: `${ORG}/api/v1/users/${assignment.userId}` } },
    ...(user ? { _embedded: { user: renderUser(user, state) } } : {}),
  };
}

/** `q` matches the start of the app user name or the Okta user's first name, last name or email. */
function matchesQ(assignment: OktaAppAssignment, state: SandboxState, q: string): boolean {
  const user = state.okta.users.find((u) => u.id === assignment.userId);
  const values = [assignment.userName, user?.profile.firstName, user?.profile.lastName, user?.profile.email];
  return values.some((value) => value?.toLowerCase().startsWith(q));
}

function findAssignment(state: SandboxState, app: OktaApp, userId: string | undefined): OktaAppAssignment | undefined {
  return state.okta.assignments.find((a) => a.appId === app.id && a.userId === userId);
}

type AssignBody = { id?: unknown; scope?: unknown; credentials?: { userName?: unknown } };

export const appUserRoutes: OktaRoute[] = [
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/users',
    family: 'appUsers',
    scopes: READ,
    handle: withApp((app, req, ctx) => {
      const params = req.url.searchParams;
      const q = params.get('q')?.toLowerCase();
      const limit = parseLimit(params.get('limit'), { default: 50, max: 500 });
      const page = pageAfter(ctx.state.okta.assignments, (a) => a.userId, params.get('after'), limit, (a) => a.appId === app.id && (!q || matchesQ(a, ctx.state, q)));
      const expandUser = params.get('expand') === 'user';
      return json(200, page.items.map((a) => renderAppUser(a, ctx.state, expandUser)), { link: linkHeader(req.url, limit, page.next) });
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/users/:userId',
    family: 'appUsers',
    scopes: READ,
    handle: withApp((app, req, ctx, { userId }) => {
      const assignment = findAssignment(ctx.state, app, userId);
      return assignment ? json(200, renderAppUser(assignment, ctx.state, req.url.searchParams.get('expand') === 'user')) : notFound(ctx, userId!, 'AppUser');
    }),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/apps/:appId/users/:userId',
    family: 'appUsers',
    scopes: MANAGE,
    handle: withApp((app, _req, ctx, { userId }) => {
      const assignment = findAssignment(ctx.state, app, userId);
      if (!assignment) return notFound(ctx, userId!, 'AppUser');
      ctx.state.okta.assignments = ctx.state.okta.assignments.filter((a) => a !== assignment);
      return { status: 204, headers: {} };
    }),
  },
  {
    method: 'POST',
    pattern: '/api/v1/apps/:appId/users',
    family: 'appUsers',
    scopes: MANAGE,
    // Assigning again updates the user name, as Okta does; undo relies on this being repeatable.
    handle: withApp((app, req, ctx): SandboxResponse => {
      const body = (typeof req.json === 'object' && req.json !== null ? req.json : {}) as AssignBody;
      if (typeof body.id !== 'string' || body.id === '') return validationFailed(ctx, 'id', 'id: The field cannot be left blank');
      if (body.scope !== undefined && body.scope !== 'USER') return validationFailed(ctx, 'scope', 'scope: Only USER assignments can be made here');
      const userName = body.credentials?.userName;
      if (userName !== undefined && (typeof userName !== 'string' || userName.length === 0 || userName.length > 100)) {
        return validationFailed(ctx, 'credentials.userName', 'credentials.userName: The user name must be between 1 and 100 characters');
      }
      const user = ctx.state.okta.users.find((u) => u.id === body.id);
      if (!user) return notFound(ctx, body.id, 'User');
      const now = ctx.now().toISOString();
      let assignment = findAssignment(ctx.state, app, user.id);
      if (assignment) {
        if (typeof userName === 'string') assignment.userName = userName;
        assignment.lastUpdated = now;
      } else {
        assignment = { appId: app.id, userId: user.id, status: 'ACTIVE', created: now, lastUpdated: now, userName: typeof userName === 'string' ? userName : user.profile.login };
        ctx.state.okta.assignments.push(assignment);
      }
      return json(200, renderAppUser(assignment, ctx.state, false));
    }),
  },
];

import type { OktaUser } from '../state';
import { evaluate, parseExpression, type AttributeRule, type Dialect, type Operator, type ReadAttribute } from './search-expression';

/**
 * How `GET /api/v1/users` narrows the list: `search`, `filter` and `q` each have their own
 * rules in Okta, and the differences (case, DEPROVISIONED users) are exactly what clients trip on.
 */

const DATE_ATTRIBUTES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated']);
/** `co` is only allowed on these four (Okta's search docs). */
const CONTAINS_ATTRIBUTES = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);
const ORDERING: readonly Operator[] = ['gt', 'ge', 'lt', 'le'];

export const USER_SEARCH: Dialect = {
  allowNot: true,
  attribute(name): AttributeRule | undefined {
    if (DATE_ATTRIBUTES.has(name)) return { type: 'date', operators: ['eq', ...ORDERING, 'pr'] };
    if (name === 'id' || name === 'status' || name === 'type.id') return { type: 'string', operators: ['eq', 'sw', ...ORDERING, 'pr'] };
    if (/^profile\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { type: 'string', operators: ['eq', 'sw', ...(CONTAINS_ATTRIBUTES.has(name) ? (['co'] as const) : []), ...ORDERING, 'pr'] };
    return undefined;
  },
};

/** `filter` supports a few properties, `eq` only (plus ordering on `lastUpdated`), and no `not`. */
export const USER_FILTER: Dialect = {
  allowNot: false,
  attribute(name): AttributeRule | undefined {
    if (name === 'lastUpdated') return { type: 'date', operators: ['eq', ...ORDERING] };
    if (['status', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'].includes(name)) return { type: 'string', operators: ['eq'] };
    return undefined;
  },
};

export function readUserAttribute(user: OktaUser, typeId: string): ReadAttribute {
  return (name) => {
    if (name.startsWith('profile.')) {
      const value = user.profile[name.slice('profile.'.length)];
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
    }
    switch (name) {
      case 'id':
        return user.id;
      case 'status':
        return user.status;
      case 'type.id':
        return typeId;
      case 'created':
        return user.created;
      case 'activated':
        return user.activated;
      case 'statusChanged':
        return user.statusChanged;
      case 'lastUpdated':
        return user.lastUpdated;
      default:
        return undefined;
    }
  };
}

export type UserQuery = { ok: true; kind: 'all' | 'search' | 'filter' | 'q'; matches: (user: OktaUser) => boolean } | { ok: false; cause: string };

/**
 * Okta applies one of them; `search` wins over `filter`, which wins over `q`. A plain list and `q`
 * leave DEPROVISIONED users out; `search` and `filter` include them.
 */
export function parseUserQuery(params: URLSearchParams, typeId: string): UserQuery {
  const search = params.get('search');
  const text = search ?? params.get('filter');
  if (text !== null) {
    const kind = search !== null ? 'search' : 'filter';
    const parsed = parseExpression(text, kind === 'search' ? USER_SEARCH : USER_FILTER);
    if (!parsed.ok) return parsed;
    const options = { caseInsensitive: kind === 'search' };
    return { ok: true, kind, matches: (user) => evaluate(parsed.expression, readUserAttribute(user, typeId), options) };
  }
  const q = params.get('q');
  if (q !== null) {
    const prefix = q.toLowerCase();
    return {
      ok: true,
      kind: 'q',
      matches: (user) => user.status !== 'DEPROVISIONED' && [user.profile.firstName, user.profile.lastName, user.profile.email].some((value) => value.toLowerCase().startsWith(prefix)),
    };
  }
  return { ok: true, kind: 'all', matches: (user) => user.status !== 'DEPROVISIONED' };
}

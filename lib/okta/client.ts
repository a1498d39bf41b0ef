/**
 * The Okta Management API calls Flex Steward makes: finding people by address, their lifecycle,
 * their sessions, and the Flex SAML app with its assignments and signing keys. Writes report
 * `'already'` when Okta was in the wanted state beforehand, so a plan can be applied twice.
 */
import { z } from 'zod';
import type { HttpClient } from '../http/fetch-core';
import { problem, ProblemError, type Problem } from '../problem';
import type { OktaAuth } from './auth';
import { oktaDestination, type OriginGranted } from './credential-destination';
import { flexAppCandidates, type FlexAppCandidate } from './flex-apps';
import { normaliseOrgUrl, type OktaOrg } from './org-url';
import {
  OktaAppUserSchema,
  OktaApplicationSchema,
  OktaSigningKeySchema,
  OktaUserSchema,
  type OktaApplication,
  type OktaAppUser,
  type OktaSigningKey,
  type OktaUser,
  type OktaUserStatus,
} from './schemas';
import { chunkEmailSearches } from './search-expression';
import { collect, createOktaTransport, describeRequest, parseBody, problemOf } from './transport';

export interface OktaClientOptions {
  http: HttpClient;
  /** As the admin entered it; normalised (and refused when unusable) by `normaliseOrgUrl`. */
  orgUrl: string;
  auth: OktaAuth;
  /** Asked before every request to an org on a custom domain; without it such an org is refused. */
  originGranted?: OriginGranted;
}

export interface Cancellable {
  signal?: AbortSignal;
}

export type WriteOutcome = 'done' | 'already';

export interface AppUserListOptions extends Cancellable {
  /** Embeds each assignment's Okta user (`_embedded.user`); default true. */
  expandUser?: boolean;
  /** Per page; Okta's maximum, 500, by default. */
  limit?: number;
}

export interface OktaClient {
  readonly org: OktaOrg;
  /**
   * The Okta users whose email or login equals each address, keyed by the lower-cased address
   * (every address given has an entry, empty when nobody matched). An address can match two
   * people, one by email and another by login; both are returned so the ambiguity shows.
   */
  findUsersByEmail(emails: readonly string[], options?: Cancellable): Promise<Map<string, OktaUser[]>>;
  /**
   * Every user in the org, DEPROVISIONED ones included, read in at most `maxPages` requests (one
   * more only if Okta ends a page short before the last); null when the directory needs more, or
   * exactly fills them: telling the two apart would cost the request the bound is there to avoid.
   */
  scanUsers(maxPages: number, options?: Cancellable): Promise<OktaUser[] | null>;
  /**
   * One page of every user in the org (DEPROVISIONED included, 200 a page), from the start or from
   * the `next` an earlier page gave, so a long read can be checkpointed and continued later.
   */
  directoryPage(next: string | null, options?: Cancellable): Promise<{ users: OktaUser[]; next: string | null }>;
  /** One page of the app's assignments (500 a page, no embedded user), from the start or from an earlier page's `next`. */
  appUserPage(appId: string, next: string | null, options?: Cancellable): Promise<{ assignments: OktaAppUser[]; next: string | null }>;
  /** By id or login; a `not-found` ProblemError when there is no such user. */
  getUser(idOrLogin: string, options?: Cancellable): Promise<OktaUser>;
  /** Up to `limit` users whose first name, last name or email starts with `prefix` (deactivated users are not among them): one request, for suggestions. */
  suggestUsers(prefix: string, limit: number, options?: Cancellable): Promise<OktaUser[]>;
  suspendUser(userId: string, options?: Cancellable): Promise<WriteOutcome>;
  unsuspendUser(userId: string, options?: Cancellable): Promise<WriteOutcome>;
  /** Okta mails the admins about a deactivation only when `sendEmail` is true; default false. */
  deactivateUser(userId: string, options?: Cancellable & { sendEmail?: boolean }): Promise<WriteOutcome>;
  /** Ends every Okta session, and by default revokes the OAuth tokens issued in them too. */
  clearSessions(userId: string, options?: Cancellable & { oauthTokens?: boolean }): Promise<void>;
  listApps(options?: Cancellable & { q?: string; filter?: string }): Promise<OktaApplication[]>;
  getApp(appId: string, options?: Cancellable): Promise<OktaApplication>;
  /** SAML apps whose ACS URL or audience is a Twilio address, with the reasons. */
  findFlexApps(options?: Cancellable): Promise<FlexAppCandidate[]>;
  /** Each page of the app's assignments, for progress on large apps. */
  appUserPages(appId: string, options?: AppUserListOptions): AsyncGenerator<OktaAppUser[]>;
  listAppUsers(appId: string, options?: AppUserListOptions): Promise<OktaAppUser[]>;
  /** The user's assignment to the app, or null when they are not assigned; `not-found` when the app is gone. */
  getAppUser(appId: string, userId: string, options?: Cancellable & { expandUser?: boolean }): Promise<OktaAppUser | null>;
  /** `'already'` when the user was not assigned; `not-found` when the app is gone. */
  unassignUser(appId: string, userId: string, options?: Cancellable): Promise<WriteOutcome>;
  /** Assigns, or updates the app user name of an existing assignment; used to undo an unassignment. */
  assignUser(appId: string, userId: string, userName: string, options?: Cancellable): Promise<OktaAppUser>;
  listSigningKeys(appId: string, options?: Cancellable): Promise<OktaSigningKey[]>;
  /** The IdP metadata XML Flex is configured from; `kid` picks a signing key other than the active one. */
  getSamlMetadata(appId: string, options?: Cancellable & { kid?: string }): Promise<string>;
}

/** Okta's largest page for users; apps allow 200 too. */
const USERS_PAGE = 200;
const APPS_PAGE = 200;
const APP_USERS_PAGE = 500;

const seg = encodeURIComponent;

type Lifecycle = 'suspend' | 'unsuspend' | 'deactivate';

const LIFECYCLE: Record<Lifecycle, { target: OktaUserStatus; verb: string }> = {
  suspend: { target: 'SUSPENDED', verb: 'suspend' },
  unsuspend: { target: 'ACTIVE', verb: 'unsuspend' },
  deactivate: { target: 'DEPROVISIONED', verb: 'deactivate' },
};

/** Okta refused a lifecycle change because of the user's current status, which is not the one wanted. */
function lifecycleRefused(action: Lifecycle, user: OktaUser, refusal: Problem): Problem {
  return problem(
    'conflict',
    `Okta did not ${LIFECYCLE[action].verb} ${user.profile.login}: their status is ${user.status}.`,
    'Refresh to see their current status; if they need a different change, make it in the Okta Admin Console.',
    { service: 'okta', httpStatus: refusal.httpStatus, vendorCode: refusal.vendorCode, requestId: refusal.requestId },
  );
}

export function createOktaClient({ http, orgUrl, auth, originGranted }: OktaClientOptions): OktaClient {
  const org = normaliseOrgUrl(orgUrl);
  const wire = createOktaTransport(http, org, auth, oktaDestination(org, originGranted));

  async function getJson<T>(schema: z.ZodType<T>, url: string, signal?: AbortSignal): Promise<T> {
    return parseBody(schema, await wire.send('GET', url, { signal }), describeRequest('GET', url));
  }

  const getUser: OktaClient['getUser'] = (idOrLogin, { signal } = {}) => getJson(OktaUserSchema, wire.url(`/api/v1/users/${seg(idOrLogin)}`), signal);
  const getApp: OktaClient['getApp'] = (appId, { signal } = {}) => getJson(OktaApplicationSchema, wire.url(`/api/v1/apps/${seg(appId)}`), signal);

  /**
   * Okta answers a change the user's status does not allow with 400 E0000001 (and a repeated
   * deactivate with 404), whether or not the user already has the wanted status. The user is
   * read again to tell "already done" from "not possible", rather than parsing Okta's wording.
   */
  async function lifecycle(action: Lifecycle, userId: string, query: Record<string, string>, signal?: AbortSignal): Promise<WriteOutcome> {
    try {
      // Marked idempotent: a repeat after a lost answer is refused as above and resolves to 'already'.
      await wire.send('POST', wire.url(`/api/v1/users/${seg(userId)}/lifecycle/${action}`, query), { idempotent: true, signal });
      return 'done';
    } catch (error) {
      const refusal = problemOf(error);
      if (!refusal || !(refusal.httpStatus === 400 || (action === 'deactivate' && refusal.httpStatus === 404))) throw error;
      const user = await getUser(userId, { signal });
      if (user.status === LIFECYCLE[action].target) return 'already';
      throw new ProblemError(lifecycleRefused(action, user, refusal));
    }
  }

  /**
   * A 404 about an assignment means either "not assigned" or "no such app"; reading the app tells
   * which, so a wrong app id fails loudly instead of passing for an unassigned user.
   */
  async function absentAssignment(error: unknown, appId: string, signal?: AbortSignal): Promise<void> {
    if (problemOf(error)?.httpStatus !== 404) throw error;
    await getApp(appId, { signal });
  }

  /** A page address kept from an earlier answer, refused unless it is a page of the same list on this org. */
  function continuing(next: string, first: string): string {
    const at = new URL(next);
    const start = new URL(first);
    if (at.origin !== org.origin || at.pathname !== start.pathname) {
      throw new ProblemError(problem('invalid-request', `A saved page address (${at.host}${at.pathname}) is not a page of ${start.pathname} on ${org.host}.`, 'Start the audit again.', { service: 'extension' }));
    }
    return at.href;
  }

  // `search=status pr` matches every user: a plain list would leave DEPROVISIONED users out.
  const directoryUrl = () => wire.url('/api/v1/users', { search: 'status pr', limit: String(USERS_PAGE) });
  const appUsersUrl = (appId: string, expandUser: boolean, limit: number) => wire.url(`/api/v1/apps/${seg(appId)}/users`, { limit: String(limit), expand: expandUser ? 'user' : undefined });

  const listApps: OktaClient['listApps'] = ({ q, filter, signal } = {}) => collect(wire.pages(OktaApplicationSchema, wire.url('/api/v1/apps', { q, filter, limit: String(APPS_PAGE) }), signal));

  const appUserPages: OktaClient['appUserPages'] = (appId, { expandUser = true, limit = APP_USERS_PAGE, signal } = {}) =>
    wire.pages(OktaAppUserSchema, appUsersUrl(appId, expandUser, limit), signal);

  return {
    org,

    /*
     * `search`, not `filter` or `q`: search compares strings case-insensitively and includes
     * DEPROVISIONED users, which are exactly the people a cleanup looks for. `filter` is
     * case-sensitive (Jane.Doe@… would miss jane.doe@…), and a plain list or `q` leave
     * DEPROVISIONED users out (and `q` matches prefixes). Okta's `eq` is exact, but the results
     * are still compared here, so nothing but an equal email or login is ever attributed to an address.
     */
    async findUsersByEmail(emails, { signal } = {}) {
      const found = new Map<string, OktaUser[]>(emails.map((email) => [email.toLowerCase(), []]));
      if (emails.length === 0) return found;
      const lists = await Promise.all(
        chunkEmailSearches(emails).map((search) => collect(wire.pages(OktaUserSchema, wire.url('/api/v1/users', { search, limit: String(USERS_PAGE) }), signal))),
      );
      for (const user of lists.flat()) {
        for (const key of new Set([user.profile.email.toLowerCase(), user.profile.login.toLowerCase()])) {
          const users = found.get(key);
          if (users && !users.some((u) => u.id === user.id)) users.push(user);
        }
      }
      return found;
    },

    // Paged through `wire.pages`, so the cursor gets the same checks as every other list.
    async scanUsers(maxPages, { signal } = {}) {
      if (maxPages < 1) return null;
      const users: OktaUser[] = [];
      let read = 0;
      for await (const page of wire.pages(OktaUserSchema, directoryUrl(), signal)) {
        read += 1;
        users.push(...page);
        // Only a short page can be the last; after a full one the next is read only while the budget allows.
        if (read >= maxPages && (page.length === USERS_PAGE || read > maxPages)) return null;
      }
      return users;
    },

    async directoryPage(next, { signal } = {}) {
      const first = directoryUrl();
      const page = await wire.page(OktaUserSchema, next === null ? first : continuing(next, first), signal);
      return { users: page.items, next: page.next };
    },

    async appUserPage(appId, next, { signal } = {}) {
      const first = appUsersUrl(appId, false, APP_USERS_PAGE);
      const page = await wire.page(OktaAppUserSchema, next === null ? first : continuing(next, first), signal);
      return { assignments: page.items, next: page.next };
    },

    getUser,

    /*
     * `q` is Okta's own "starts with" over first name, last name and email, one page of `limit`
     * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers,
     * https://help.okta.com/wf/en-us/Content/Topics/workflows/connector-reference/okta/actions/findusers.htm).
     * It is only for suggestions: a pick is then looked up by its id.
     */
    async suggestUsers(prefix, limit, { signal } = {}) {
      return (await getJson(z.array(OktaUserSchema), wire.url('/api/v1/users', { q: prefix, limit: String(limit) }), signal)).slice(0, limit);
    },

    suspendUser: (userId, { signal } = {}) => lifecycle('suspend', userId, {}, signal),
    unsuspendUser: (userId, { signal } = {}) => lifecycle('unsuspend', userId, {}, signal),
    deactivateUser: (userId, { sendEmail = false, signal } = {}) => lifecycle('deactivate', userId, { sendEmail: String(sendEmail) }, signal),

    async clearSessions(userId, { oauthTokens = true, signal } = {}) {
      await wire.send('DELETE', wire.url(`/api/v1/users/${seg(userId)}/sessions`, { oauthTokens: String(oauthTokens) }), { signal });
    },

    listApps,
    getApp,
    async findFlexApps({ signal } = {}) {
      return flexAppCandidates(await listApps({ signal }));
    },

    appUserPages,
    listAppUsers: (appId, options = {}) => collect(appUserPages(appId, options)),

    async getAppUser(appId, userId, { expandUser = false, signal } = {}) {
      try {
        return await getJson(OktaAppUserSchema, wire.url(`/api/v1/apps/${seg(appId)}/users/${seg(userId)}`, { expand: expandUser ? 'user' : undefined }), signal);
      } catch (error) {
        await absentAssignment(error, appId, signal);
        return null;
      }
    },

    async unassignUser(appId, userId, { signal } = {}) {
      try {
        await wire.send('DELETE', wire.url(`/api/v1/apps/${seg(appId)}/users/${seg(userId)}`), { signal });
        return 'done';
      } catch (error) {
        await absentAssignment(error, appId, signal);
        return 'already';
      }
    },

    async assignUser(appId, userId, userName, { signal } = {}) {
      const url = wire.url(`/api/v1/apps/${seg(appId)}/users`);
      // Okta treats assigning an assigned user as an update, so sending it twice is harmless.
      const result = await wire.send('POST', url, { body: { id: userId, scope: 'USER', credentials: { userName } }, idempotent: true, signal });
      return parseBody(OktaAppUserSchema, result, describeRequest('POST', url));
    },

    listSigningKeys: (appId, { signal } = {}) => getJson(z.array(OktaSigningKeySchema), wire.url(`/api/v1/apps/${seg(appId)}/credentials/keys`), signal),

    async getSamlMetadata(appId, { kid, signal } = {}) {
      const url = wire.url(`/api/v1/apps/${seg(appId)}/sso/saml/metadata`, { kid });
      const result = await wire.send('GET', url, { accept: 'application/xml', signal });
      if (!/<(\w+:)?EntityDescriptor\b/.test(result.text)) {
        throw new ProblemError(
          problem('invalid-response', `Okta's answer to ${describeRequest('GET', url)} is not SAML metadata.`, 'Check that this is the Flex SAML app; if it is, try again or download the metadata from the app’s Sign On tab.', {
            service: 'okta',
            httpStatus: result.status,
            requestId: result.requestId,
          }),
        );
      }
      return result.text;
    },
  };
}

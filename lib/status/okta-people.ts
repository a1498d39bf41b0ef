import { emailKey } from '../identity/worker-email';
import type { Problem } from '../problem';
import type { OktaOrg } from '../okta/org-url';
import type { OktaUser } from '../okta/schemas';
import type { OktaPersonView } from './views';

/** What Okta said about one address: the people it matches, or why asking failed. */
export type PersonLookupResult = { ok: true; people: OktaPersonView[] } | { ok: false; problem: Problem };

/**
 * The person's page in the Okta Admin Console. For an org on a custom domain the admin host cannot
 * be derived, and the org's own address redirects an admin there.
 */
export function adminProfileUrl(org: OktaOrg, userId: string): string {
  return `${org.adminOrigin}/admin/user/profile/view/${encodeURIComponent(userId)}`;
}

/**
 * The user fields a status is made from: what `personView` shows and `usersByAddress` matches on,
 * so a long read (the licence audit's directory) can keep only these.
 */
export type OktaUserFacts = Pick<OktaUser, 'id' | 'status' | 'lastLogin'> & { profile: Pick<OktaUser['profile'], 'login' | 'email' | 'firstName' | 'lastName'> };

export function personView(user: OktaUserFacts, flexAssigned: boolean | null, org: OktaOrg): OktaPersonView {
  return {
    id: user.id,
    status: user.status,
    login: user.profile.login,
    email: user.profile.email,
    firstName: user.profile.firstName ?? '',
    lastName: user.profile.lastName ?? '',
    lastLogin: user.lastLogin,
    flexAssigned,
    adminUrl: adminProfileUrl(org, user.id),
  };
}

/** Only values with an `@` are addresses; a login like `jdoe` never matches one. */
const keyOf = (value: string) => (value.includes('@') ? emailKey(value) : null);

/**
 * The users whose email or login is each address, by `emailKey`: case and Unicode/punycode
 * spellings of a domain compare equal, and a look-alike email or login keys as written, so it is
 * never filed under the plain address it imitates. One user can match by email and another by login; both are
 * kept, in the order Okta returned them, so an ambiguity is never hidden.
 */
export function usersByAddress<U extends OktaUserFacts>(keys: Iterable<string>, users: readonly U[]): Map<string, U[]> {
  const found = new Map<string, U[]>([...keys].map((key) => [key, []]));
  for (const user of users) {
    for (const key of new Set([keyOf(user.profile.email), keyOf(user.profile.login)])) {
      const list = key === null ? undefined : found.get(key);
      if (list && !list.some((u) => u.id === user.id)) list.push(user);
    }
  }
  return found;
}

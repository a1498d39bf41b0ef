import { searchForms } from '../identity/worker-email';
import type { OktaClient } from '../okta/client';
import type { OktaOrg } from '../okta/org-url';
import type { OktaUser } from '../okta/schemas';
import { chunkEmailSearches, oktaStringLiteral } from '../okta/search-expression';
import { toProblem, type Problem } from '../problem';
import { personView, usersByAddress, type OktaUserFacts, type PersonLookupResult } from './okta-people';
import type { OktaPersonView } from './views';

/**
 * How the background asks Okta about a set of addresses. Every strategy matches each address's
 * email and login the way `search` does (case-insensitively, DEPROVISIONED users included, every
 * person claiming an address kept so ambiguity shows); they differ in how many requests that takes
 * and in where Flex app assignment comes from. `tests/bench/run.ts` measures them side by side.
 *
 * - `search-each`: one search per address and one assignment check per person found, as a
 *   per-user automation (the Okta Workflows recipe) does it. The baseline.
 * - `search-batched`: addresses `or`-ed into as few searches as fit in a URL, still one
 *   assignment check per person.
 * - `app-list-and-search`: the batched searches, with assignment read from the Flex app's user
 *   list (up to 500 per request, cached), alongside.
 * - `auto`: as `app-list-and-search`, but first reads the whole directory (200 users a request,
 *   cached) when that takes no more requests than the batched searches would; in a small org a
 *   page of 1,000 workers then costs a handful of requests. When the directory turns out larger,
 *   the scan stops at that budget and the searches run after all, so the worst case is about twice
 *   the searches `app-list-and-search` sends (once per cache lifetime, since a directory known to
 *   be too large for a budget is not scanned again for it). The default.
 */
export const LOOKUP_STRATEGIES = ['search-each', 'search-batched', 'app-list-and-search', 'auto'] as const;
export type LookupStrategy = (typeof LOOKUP_STRATEGIES)[number];
export const DEFAULT_LOOKUP_STRATEGY: LookupStrategy = 'auto';

export interface LookupContext {
  okta: OktaClient;
  /** Unset when no Flex app is configured: assignment is then unknown (`flexAssigned: null`). */
  flexAppId: string | undefined;
  /** The ids of users assigned to the Flex app; the caller caches the list. */
  assignedIds(appId: string): Promise<ReadonlySet<string>>;
  /**
   * Every user in the org if reading them takes at most `maxPages` requests, else null; the caller
   * caches it. Unset, `auto` searches as `app-list-and-search` does.
   */
  directory?(maxPages: number): Promise<OktaUserFacts[] | null>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const settle = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, problem: toProblem(error) }),
  );

/** Throws the search builder's `invalid-request` for an address Okta's syntax cannot carry. */
function searchableForms(address: string): string[] {
  const forms = searchForms(address);
  for (const form of forms) oktaStringLiteral(form);
  return forms;
}

const allUsers = (found: Map<string, OktaUser[]>) => [...found.values()].flat();

const succeeded = (grouped: Map<string, OktaUserFacts[]>) => new Map([...grouped].map(([key, users]) => [key, { ok: true as const, value: users }]));

/**
 * The directory's users matching the addresses exactly as the batched search does: a user is found
 * when their email or login equals a searched spelling ignoring case (Okta's `eq` under `search`),
 * then attributed by `emailKey` like every search result.
 */
export function matchDirectory<U extends OktaUserFacts>(forms: Map<string, string[]>, directory: readonly U[]): Map<string, U[]> {
  const spellings = new Set([...forms.values()].flat().map((form) => form.toLowerCase()));
  const found = directory.filter((user) => spellings.has(user.profile.email.toLowerCase()) || spellings.has(user.profile.login.toLowerCase()));
  return usersByAddress(forms.keys(), found);
}

/** The directory when reading it costs no more requests than the searches it would replace; undefined to search instead. */
async function scanned(strategy: LookupStrategy, context: LookupContext, forms: Map<string, string[]>): Promise<OktaUserFacts[] | undefined> {
  if (strategy !== 'auto' || !context.directory) return undefined;
  const budget = chunkEmailSearches([...forms.values()].flat()).length;
  // A failed scan is not the answer: the searches may still get through.
  const scan = await settle(context.directory(budget));
  return scan.ok ? (scan.value ?? undefined) : undefined;
}

/** The users matching each address (by email key), or why the search for it failed. */
async function search(strategy: LookupStrategy, okta: OktaClient, forms: Map<string, string[]>): Promise<Map<string, Outcome<OktaUserFacts[]>>> {
  if (strategy === 'search-each') {
    const entries = await Promise.all(
      [...forms].map(async ([key, spellings]) => {
        const outcome = await settle(Promise.all(spellings.map((form) => okta.findUsersByEmail([form]))));
        return [key, outcome.ok ? { ok: true as const, value: usersByAddress([key], outcome.value.flatMap(allUsers)).get(key)! } : outcome] as const;
      }),
    );
    return new Map(entries);
  }
  const outcome = await settle(okta.findUsersByEmail([...forms.values()].flat()));
  if (!outcome.ok) return new Map([...forms.keys()].map((key) => [key, outcome]));
  return succeeded(usersByAddress(forms.keys(), allUsers(outcome.value)));
}

/** Whether each user is assigned to the Flex app; `null` when none is configured. */
async function assignments(context: LookupContext, users: OktaUserFacts[], appList: Promise<Outcome<ReadonlySet<string>>> | undefined): Promise<Map<string, Outcome<boolean | null>>> {
  const ids = [...new Set(users.map((user) => user.id))];
  const { flexAppId, okta } = context;
  if (!flexAppId) return new Map(ids.map((id) => [id, { ok: true, value: null }]));
  if (appList) {
    const list = await appList;
    return new Map(ids.map((id) => [id, list.ok ? { ok: true, value: list.value.has(id) } : list]));
  }
  const checks = await Promise.all(ids.map(async (id) => [id, await settle(okta.getAppUser(flexAppId, id).then((assignment) => assignment !== null))] as const));
  return new Map(checks);
}

/** The people behind one address, or the failed assignment check that keeps their status unknown. */
function peopleOf(users: OktaUserFacts[], assigned: Map<string, Outcome<boolean | null>>, org: OktaOrg): PersonLookupResult {
  const people: OktaPersonView[] = [];
  for (const user of users) {
    const assignment = assigned.get(user.id)!;
    if (!assignment.ok) return assignment;
    people.push(personView(user, assignment.value, org));
  }
  return { ok: true, people };
}

/**
 * What Okta says about each address, keyed as given (by `emailKey`). Never throws: a failure
 * becomes that address's result, so one unsearchable address or a failed request leaves the other
 * answers standing.
 */
export async function lookUpAddresses(strategy: LookupStrategy, addresses: ReadonlyMap<string, string>, context: LookupContext): Promise<Map<string, PersonLookupResult>> {
  const results = new Map<string, PersonLookupResult>();
  const forms = new Map<string, string[]>();
  for (const [key, address] of addresses) {
    try {
      forms.set(key, searchableForms(address));
    } catch (error) {
      results.set(key, { ok: false, problem: toProblem(error) });
    }
  }
  if (forms.size === 0) return results;

  // Started before the searches so the two run side by side.
  const appList = strategy !== 'search-each' && strategy !== 'search-batched' && context.flexAppId ? settle(context.assignedIds(context.flexAppId)) : undefined;
  const directory = await scanned(strategy, context, forms);
  const found = directory ? succeeded(matchDirectory(forms, directory)) : await search(strategy, context.okta, forms);
  const matched = [...found.values()].flatMap((outcome) => (outcome.ok ? outcome.value : []));
  const assigned = await assignments(context, matched, appList);

  for (const [key, outcome] of found) results.set(key, outcome.ok ? peopleOf(outcome.value, assigned, context.okta.org) : outcome);
  return results;
}

import { searchForms } from '../identity/worker-email';
import type { OktaClient } from '../okta/client';
import type { OktaOrg } from '../okta/org-url';
import type { OktaUser } from '../okta/schemas';
import { oktaStringLiteral } from '../okta/search-expression';
import { toProblem, type Problem } from '../problem';
import { personView, usersByAddress, type PersonLookupResult } from './okta-people';
import type { OktaPersonView } from './views';

/**
 * How the background asks Okta about a set of addresses. Every strategy searches with `search`
 * for each address's email and login (the only way to see DEPROVISIONED users and to notice two
 * people claiming one address); they differ in how many addresses go into one request and in
 * where Flex app assignment comes from. `tests/bench/run.ts` measures them side by side.
 *
 * - `search-each`: one search per address and one assignment check per person found, as a
 *   per-user automation (the Okta Workflows recipe) does it. The baseline.
 * - `search-batched`: addresses `or`-ed into as few searches as fit in a URL, still one
 *   assignment check per person.
 * - `app-list-and-search`: the batched searches, with assignment read from the Flex app's user
 *   list (up to 500 per request, cached), alongside. The default: fewest requests, same answers.
 */
export const LOOKUP_STRATEGIES = ['search-each', 'search-batched', 'app-list-and-search'] as const;
export type LookupStrategy = (typeof LOOKUP_STRATEGIES)[number];
export const DEFAULT_LOOKUP_STRATEGY: LookupStrategy = 'app-list-and-search';

export interface LookupContext {
  okta: OktaClient;
  /** Unset when no Flex app is configured: assignment is then unknown (`flexAssigned: null`). */
  flexAppId: string | undefined;
  /** The ids of users assigned to the Flex app; the caller caches the list. */
  assignedIds(appId: string): Promise<ReadonlySet<string>>;
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

/** The users matching each address (by email key), or why the search for it failed. */
async function search(strategy: LookupStrategy, okta: OktaClient, forms: Map<string, string[]>): Promise<Map<string, Outcome<OktaUser[]>>> {
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
  const grouped = usersByAddress(forms.keys(), allUsers(outcome.value));
  return new Map([...grouped].map(([key, users]) => [key, { ok: true as const, value: users }]));
}

/** Whether each user is assigned to the Flex app; `null` when none is configured. */
async function assignments(context: LookupContext, users: OktaUser[], appList: Promise<Outcome<ReadonlySet<string>>> | undefined): Promise<Map<string, Outcome<boolean | null>>> {
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
function peopleOf(users: OktaUser[], assigned: Map<string, Outcome<boolean | null>>, org: OktaOrg): PersonLookupResult {
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
  const appList = strategy === 'app-list-and-search' && context.flexAppId ? settle(context.assignedIds(context.flexAppId)) : undefined;
  const found = await search(strategy, context.okta, forms);
  const matched = [...found.values()].flatMap((outcome) => (outcome.ok ? outcome.value : []));
  const assigned = await assignments(context, matched, appList);

  for (const [key, outcome] of found) results.set(key, outcome.ok ? peopleOf(outcome.value, assigned, context.okta.org) : outcome);
  return results;
}

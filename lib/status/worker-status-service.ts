import { classify } from '../identity/classify';
import { isLookalike, LOOKALIKE_NEXT_STEP, lookalikeSentence } from '../identity/lookalike';
import { emailKey, isEmailAddress, searchForms } from '../identity/worker-email';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/schemas';
import { problemOf } from '../okta/transport';
import { flexAppMissing } from '../connections/discover';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import type { TwilioClient } from '../twilio/client';
import { emailIn, taskRouterStringLiteral } from '../twilio/target-workers-expression';
import { DEFAULT_LOOKUP_STRATEGY, lookUpAddresses, type LookupStrategy } from './lookup-strategies';
import type { PersonLookupResult } from './okta-people';
import type { StatusService } from './service';
import type { TtlCache } from './ttl-cache';
import type { OktaPersonView, PersonLookup, WorkerStatus } from './views';
import { workerRecord, type WorkerRecord } from './worker-records';

/**
 * The background's answers about workers and people. A page asks once per render batch; the
 * workspace's worker list is read whole (one request per 1,000 workers) and shared by every batch;
 * Okta is asked only about addresses nobody asked about in the last two minutes, and lookups that
 * arrive together (a page's batches) go out together: one read of a small directory, which later
 * batches share too, or one set of batched searches.
 */

export interface StatusServiceDeps {
  settings: () => Promise<Settings>;
  /** Throws a ProblemError when Twilio is not configured or the vault is locked. */
  twilio: () => Promise<TwilioClient>;
  /** Throws a ProblemError when Okta is not configured or the vault is locked. */
  okta: () => Promise<OktaClient>;
  cache: TtlCache;
  /** Why Settings has no Flex app (discovery found none, or several), for the badges to say. */
  flexAppProblem?: () => Problem | null;
  /** How Okta is asked; the default needs the fewest requests that still see every match. */
  strategy?: LookupStrategy;
  /** How long an Okta lookup waits for lookups from other render batches to join it. */
  coalesceMs?: number;
}

const DEFAULT_COALESCE_MS = 10;
/** How many suggestions the popup shows while the admin types. */
export const SUGGESTION_LIMIT = 8;
const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;

/** Cache keys. Everything about workers starts with `worker`, so one prefix forgets it all after an action. */
const KEYS = {
  workspaces: 'workspaces',
  workers: (ws: string) => `workers:${ws}`,
  workersByEmail: (ws: string, addresses: string) => `workers:${ws}:email:${addresses}`,
  worker: (ws: string, sid: string) => `worker:${ws}:${sid}`,
  flexApp: (appId: string) => `flex-app:${appId}`,
  person: (key: string) => `okta:${key}`,
  directory: 'okta-directory',
};

/** The whole directory, or the number of pages that showed it to be larger than a scan was allowed. */
type DirectoryScan = { users: OktaUser[] } | { largerThan: number };

interface Workspace {
  sid: string;
  name: string | null;
}

interface QueuedLookup {
  address: string;
  resolve(result: PersonLookupResult): void;
}

const unique = <T>(items: Iterable<T>) => [...new Set(items)];

/** A storage area that refuses a write (full, or gone with the browser session) costs requests later, never the answer now. */
const keepAnswering = () => undefined;

/** Whether TaskRouter's expression syntax can carry the address (it has no escapes for quotes or backslashes). */
function expressible(address: string): boolean {
  try {
    taskRouterStringLiteral(address);
    return true;
  } catch {
    return false;
  }
}

function noSuchLogin(login: string): Problem {
  return problem('not-found', `Okta has no user whose login is ${login}.`, 'Type the whole login, or the person’s email address.', { service: 'okta' });
}

function noSuchWorker(workerSid: string): Problem {
  return problem('not-found', `No workspace in this Twilio account has worker ${workerSid}.`, 'Check the SID: copy it again from the worker’s page in the Console.', { service: 'twilio' });
}

function missingWorkers(workspaceSid: string, sids: string[]): Problem {
  const shown = sids.length > 3 ? `${sids.slice(0, 3).join(', ')} and ${sids.length - 3} more` : sids.join(', ');
  return problem('not-found', `Twilio has no worker ${shown} in workspace ${workspaceSid}.`, 'Reload the page: the worker may have been deleted since it was shown.', { service: 'twilio' });
}

export function createStatusService(deps: StatusServiceDeps): StatusService {
  const { cache, strategy = DEFAULT_LOOKUP_STRATEGY, coalesceMs = DEFAULT_COALESCE_MS } = deps;

  /*
   * Bumped by `invalidate`: a load that started before an action finishes with what was true
   * before it, so its answer is handed to whoever waits for it but not cached.
   */
  let epoch = 0;
  const loading = new Map<string, Promise<unknown>>();

  /** The cached value, else one shared load of it (concurrent callers wait for the same request). */
  async function cached<T>(key: string, refresh: boolean, load: () => Promise<T>): Promise<T> {
    if (!refresh) {
      const hit = await cache.get<T>(key);
      if (hit !== undefined) return hit;
    }
    const running = loading.get(key);
    if (running) return running as Promise<T>;
    const started = epoch;
    const promise = load()
      .then(async (value) => {
        if (epoch === started) await cache.set(key, value).catch(keepAnswering);
        return value;
      })
      .finally(() => loading.delete(key));
    loading.set(key, promise);
    return promise;
  }

  // ---- Okta: people by address, coalesced across callers ----

  /**
   * The directory within `maxPages`, from the cache when a scan in the last two minutes read it or
   * showed it to be larger than that, so a lookup in a large org pays for a failed scan once.
   */
  async function directory(okta: OktaClient, maxPages: number, refresh: boolean): Promise<OktaUser[] | null> {
    const known = refresh ? undefined : await cache.get<DirectoryScan>(KEYS.directory);
    if (known && 'users' in known) return known.users;
    if (known && known.largerThan >= maxPages) return null;
    const scan = await cached<DirectoryScan>(KEYS.directory, true, async () => {
      const users = await okta.scanUsers(maxPages);
      return users ? { users } : { largerThan: maxPages };
    });
    return 'users' in scan ? scan.users : null;
  }

  const inFlight = new Map<string, Promise<PersonLookupResult>>();
  let queue = new Map<string, QueuedLookup>();
  let queueRefreshes = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function flush(): Promise<void> {
    const batch = queue;
    const refresh = queueRefreshes;
    queue = new Map();
    queueRefreshes = false;
    timer = undefined;
    const started = epoch;
    let results: Map<string, PersonLookupResult>;
    try {
      const [settings, okta] = await Promise.all([deps.settings(), deps.okta()]);
      // Without the Flex app nobody can be told Active from Unassigned: say so rather than guess.
      if (!settings.okta.flexAppId) throw new ProblemError(deps.flexAppProblem?.() ?? flexAppMissing('none is chosen in Settings.'));
      const addresses = new Map([...batch].map(([key, queued]) => [key, queued.address]));
      results = await lookUpAddresses(strategy, addresses, {
        okta,
        flexAppId: settings.okta.flexAppId,
        assignedIds: async (appId) => new Set(await cached(KEYS.flexApp(appId), refresh, async () => (await okta.listAppUsers(appId, { expandUser: false })).map((a) => a.id))),
        directory: (maxPages) => directory(okta, maxPages, refresh),
      });
    } catch (error) {
      const failed: PersonLookupResult = { ok: false, problem: toProblem(error) };
      results = new Map([...batch.keys()].map((key) => [key, failed]));
    }
    // Failures are not cached: the next render asks again.
    const found = [...results].flatMap(([key, result]) => (result.ok ? [[KEYS.person(key), result.people] as const] : []));
    if (epoch === started) await cache.setMany(found).catch(keepAnswering);
    for (const [key, queued] of batch) {
      inFlight.delete(key);
      queued.resolve(results.get(key)!);
    }
  }

  function enqueue(key: string, address: string, refresh: boolean): Promise<PersonLookupResult> {
    const promise = new Promise<PersonLookupResult>((resolve) => queue.set(key, { address, resolve }));
    inFlight.set(key, promise);
    queueRefreshes ||= refresh;
    timer ??= setTimeout(() => void flush(), coalesceMs);
    return promise;
  }

  /** What Okta says about each address, by `emailKey`; never throws. */
  async function lookUp(addresses: Iterable<string>, refresh: boolean): Promise<Map<string, PersonLookupResult>> {
    const wanted = new Map<string, string>();
    for (const address of addresses) if (!wanted.has(emailKey(address))) wanted.set(emailKey(address), address);
    const results = new Map<string, PersonLookupResult>();
    if (!refresh) {
      const hits = await cache.getMany<OktaPersonView[]>([...wanted.keys()].map(KEYS.person));
      for (const key of wanted.keys()) {
        const people = hits.get(KEYS.person(key));
        if (people) results.set(key, { ok: true, people });
      }
    }
    const pending = [...wanted].filter(([key]) => !results.has(key)).map(([key, address]) => [key, inFlight.get(key) ?? enqueue(key, address, refresh)] as const);
    for (const [key, promise] of pending) results.set(key, await promise);
    return results;
  }

  // ---- Twilio: workers by workspace ----

  const workerList = (twilio: TwilioClient, ws: string, refresh: boolean) => cached(KEYS.workers(ws), refresh, async () => (await twilio.listWorkers(ws)).map(workerRecord));

  /** The record with its attributes, fetching the worker alone when the list left them out; null when it is gone. */
  function complete(twilio: TwilioClient, record: WorkerRecord, refresh: boolean): Promise<WorkerRecord | null> {
    if (!record.attributesMissing) return Promise.resolve(record);
    const { workspaceSid, sid } = record.facts;
    return cached(KEYS.worker(workspaceSid, sid), refresh, async () => {
      try {
        return workerRecord((await twilio.getWorker(workspaceSid, sid)).worker);
      } catch (error) {
        if (problemOf(error)?.httpStatus === 404) return null;
        throw error;
      }
    });
  }

  const workspaces = (twilio: TwilioClient) =>
    cached<Workspace[]>(KEYS.workspaces, false, async () => (await twilio.listWorkspaces()).map((w) => ({ sid: w.sid, name: w.friendly_name })));

  async function workspaceName(twilio: TwilioClient, settings: Settings, ws: string): Promise<string | null> {
    if (settings.twilio.workspaceSid === ws && settings.twilio.workspaceName) return settings.twilio.workspaceName;
    return (await workspaces(twilio)).find((w) => w.sid === ws)?.name ?? null;
  }

  /**
   * A workspace's workers whose email is one of `keys`. When the list leaves attributes out,
   * TaskRouter is asked to match the address itself (exact and case-sensitive, so the address is
   * tried as given, in its other domain spelling and in lower case, in one expression: Twilio
   * allows few expression lists per second), and the workers it names, or whose friendly name is
   * the address, are fetched to read their email.
   */
  async function workersWithEmail(twilio: TwilioClient, ws: string, addresses: string[], keys: Set<string>): Promise<WorkerRecord[]> {
    const records = await workerList(twilio, ws, false);
    const matches = (record: WorkerRecord | null): record is WorkerRecord => record !== null && record.email !== null && keys.has(emailKey(record.email));
    const hidden = records.filter((r) => r.attributesMissing);
    if (hidden.length === 0) return records.filter(matches);

    const named = new Set(hidden.filter((r) => r.facts.friendlyName?.includes('@') && keys.has(emailKey(r.facts.friendlyName.trim()))).map((r) => r.facts.sid));
    const spellings = unique(addresses.flatMap((address) => searchForms(address).flatMap((form) => [form, form.toLowerCase()]))).filter(expressible);
    if (spellings.length > 0) {
      const key = KEYS.workersByEmail(ws, [...keys].sort().join(' '));
      const sids = await cached(key, false, async () => (await twilio.listWorkers(ws, { targetWorkersExpression: emailIn(spellings) })).map((w) => w.sid));
      for (const sid of sids) named.add(sid);
    }
    const fetched = await Promise.all(hidden.filter((r) => named.has(r.facts.sid)).map((r) => complete(twilio, r, false)));
    return [...records.filter(matches), ...fetched.filter(matches)];
  }

  function statusOf(record: WorkerRecord, workspaceName: string | null, lookups: Map<string, PersonLookupResult>): WorkerStatus {
    // No email, or a look-alike one that is never looked up: nobody to show beside the worker.
    const lookup: PersonLookupResult = (record.email === null ? undefined : lookups.get(emailKey(record.email))) ?? { ok: true, people: [] };
    const { status, email, problem: lookupProblem } = classify(record.email, lookup);
    return {
      worker: { ...record.facts, workspaceName },
      email,
      status,
      people: lookup.ok && email !== null ? lookup.people : [],
      ...(lookupProblem ? { problem: lookupProblem } : {}),
    };
  }

  /** Everything about these addresses from both sides; `firstId` (the person asked about) leads the people. */
  async function personLookup(email: string, addresses: string[], firstId?: string): Promise<PersonLookup> {
    const keys = new Set(addresses.map(emailKey));
    const lookups = await lookUp(addresses, false);
    const people = new Map<string, OktaPersonView>();
    let oktaProblem: Problem | undefined;
    for (const result of lookups.values()) {
      if (!result.ok) oktaProblem ??= result.problem;
      else for (const person of result.people) people.set(person.id, person);
    }
    const ordered = [...people.values()].sort((a, b) => Number(b.id === firstId) - Number(a.id === firstId));

    let workers: WorkerStatus[] = [];
    let twilioProblem: Problem | undefined;
    try {
      const twilio = await deps.twilio();
      for (const ws of await workspaces(twilio)) {
        for (const record of await workersWithEmail(twilio, ws.sid, addresses, keys)) workers.push(statusOf(record, ws.name, lookups));
      }
    } catch (error) {
      workers = [];
      twilioProblem = toProblem(error);
    }
    return { email, people: ordered, workers, ...(oktaProblem ? { oktaProblem } : {}), ...(twilioProblem ? { twilioProblem } : {}) };
  }

  /** The workspace holding `workerSid` and its record, reading the lists again once when a cached one lacks it. */
  async function findWorker(twilio: TwilioClient, workerSid: string): Promise<{ workspace: Workspace; record: WorkerRecord } | null> {
    for (const refresh of [false, true]) {
      for (const workspace of await workspaces(twilio)) {
        const record = (await workerList(twilio, workspace.sid, refresh)).find((r) => r.facts.sid === workerSid);
        const completed = record && (await complete(twilio, record, refresh));
        if (completed) return { workspace, record: completed };
      }
    }
    return null;
  }

  return {
    async forWorkers(workspaceSid, workerSids, { refresh = false } = {}) {
      const settings = await deps.settings();
      const wanted = unique(workerSids);
      let records: WorkerRecord[];
      let name: string | null;
      const missing: string[] = [];
      try {
        const twilio = await deps.twilio();
        let list = await workerList(twilio, workspaceSid, refresh);
        // A worker created since the list was cached is not in it yet: read the list again once.
        if (!refresh && wanted.some((sid) => !list.some((r) => r.facts.sid === sid))) list = await workerList(twilio, workspaceSid, true);
        const bySid = new Map(list.map((record) => [record.facts.sid, record]));
        const completed = await Promise.all(wanted.map((sid) => (bySid.has(sid) ? complete(twilio, bySid.get(sid)!, refresh) : Promise.resolve(null))));
        records = completed.filter((record, i): record is WorkerRecord => {
          if (record === null) missing.push(wanted[i]!);
          return record !== null;
        });
        name = await workspaceName(twilio, settings, workspaceSid);
      } catch (error) {
        return { statuses: [], problem: toProblem(error) };
      }
      const lookups = await lookUp(
        records.flatMap((r) => (r.email === null || isLookalike(r.email) ? [] : [r.email])),
        refresh,
      );
      const statuses = records.map((record) => statusOf(record, name, lookups));
      return missing.length > 0 ? { statuses, problem: missingWorkers(workspaceSid, missing) } : { statuses };
    },

    async forOktaUser(idOrLogin) {
      let profile: { email: string; login: string; id: string };
      try {
        const user = await (await deps.okta()).getUser(idOrLogin);
        // Okta also answers to a login's short name (`ana` for ana@example.com); only the exact login is this person.
        if (!OKTA_USER_ID.test(idOrLogin) && user.profile.login.toLowerCase() !== idOrLogin.toLowerCase()) throw new ProblemError(noSuchLogin(idOrLogin));
        profile = { email: user.profile.email, login: user.profile.login, id: user.id };
      } catch (error) {
        const found = toProblem(error);
        return { email: '', people: [], workers: [], oktaProblem: found.code === 'not-found' && !OKTA_USER_ID.test(idOrLogin) ? noSuchLogin(idOrLogin) : found };
      }
      // A look-alike email or login is not searched for, so it cannot bring in the workers it imitates.
      const addresses = unique([profile.email, profile.login].filter((value) => isEmailAddress(value) && !isLookalike(value)));
      return personLookup(profile.email, addresses, profile.id);
    },

    async forEmail(input) {
      const email = input.trim();
      if (!isEmailAddress(email)) {
        throw new ProblemError(problem('invalid-request', `“${email}” is not an email address.`, 'Type the whole address, like ana@example.com.', { service: 'extension' }));
      }
      const lookalike = lookalikeSentence(email);
      if (lookalike) {
        throw new ProblemError(problem('invalid-request', `“${email}” is a look-alike address: ${lookalike}`, LOOKALIKE_NEXT_STEP, { service: 'extension' }));
      }
      return personLookup(email, [email]);
    },

    async forWorkerSid(workerSid) {
      let found: Awaited<ReturnType<typeof findWorker>>;
      try {
        found = await findWorker(await deps.twilio(), workerSid);
      } catch (error) {
        return { email: '', people: [], workers: [], twilioProblem: toProblem(error) };
      }
      if (!found) return { email: '', people: [], workers: [], twilioProblem: noSuchWorker(workerSid) };
      const { record, workspace } = found;
      if (record.email === null) return { email: '', people: [], workers: [statusOf(record, workspace.name, new Map())] };
      const lookup = await personLookup(record.email, [record.email]);
      // The worker asked about leads, and stays even if its email lookup could not list it.
      const others = lookup.workers.filter((w) => w.worker.sid !== workerSid);
      const asked = lookup.workers.find((w) => w.worker.sid === workerSid);
      return { ...lookup, workers: asked ? [asked, ...others] : others };
    },

    async suggest(prefix) {
      const users = await (await deps.okta()).suggestUsers(prefix, SUGGESTION_LIMIT);
      return users.map((user) => ({
        id: user.id,
        name: [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.profile.login,
        login: user.profile.login,
        email: user.profile.email,
        status: user.status,
      }));
    },

    async invalidate(emails) {
      epoch += 1;
      await cache.delete([...emails.filter((email) => email.includes('@')).map((email) => KEYS.person(emailKey(email))), KEYS.directory]);
      // An action may have deleted or changed a worker, or unassigned someone from the Flex app.
      await cache.deleteWhere('worker');
      await cache.deleteWhere('flex-app:');
    },
  };
}

import type { HttpClient } from '../http/fetch-core';
import type { RequestCounter } from '../http/request-counter';
import { isLookalike } from '../identity/lookalike';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/schemas';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import { lookUpAddresses, type LookupContext } from '../status/lookup-strategies';
import type { OktaUserFacts, PersonLookupResult } from '../status/okta-people';
import type { TwilioClient } from '../twilio/client';
import type { KeyValueArea } from '../vault/storage-area';
import { AUDIT_KEYS, chunkKeys, readCheckpoint, readChunks, ROW_CHUNK, summariesSchema, type Checkpoint } from './checkpoint';
import { pacedHttp } from './paced-http';
import { createPacer } from './pacer';
import { auditRow, auditWorker, createTotals, lookupKey, type AuditWorker } from './rows';
import { createSearchGrouper } from './search-groups';
import type { AuditService } from './service';
import { AUDIT_ROWS_PAGE_MAX, type AuditPhase, type AuditProgress, type AuditRow, type AuditScope, type AuditSummary, type AuditView } from './types';

/**
 * The licence audit (README § Licence audit — how it scans). Three chains of pages run side by
 * side: TaskRouter's workers (1,000 a page, workspace after workspace), the Flex app's assignments
 * (500 a page) and Okta's whole directory (200 a page, DEPROVISIONED included). The directory read
 * is bounded at every moment by the searches the addresses listed so far would take; if it turns
 * out larger, batched searches run instead. Workers listed without attributes and without an
 * email-shaped friendly name are read one by one, a few at a time. Each answer is written to the
 * extension store, with the state that counts it, before the next request of its chain is sent.
 */

export interface AuditEngineDeps {
  /** The extension store. */
  area: KeyValueArea;
  settings(): Promise<Settings>;
  /** Why Settings has no Flex app, when it has none. */
  flexAppProblem?(): Problem | null;
  twilio(http: HttpClient): Promise<TwilioClient>;
  okta(http: HttpClient): Promise<OktaClient>;
  /** The audit's own fetch core, and the counter it records every attempt in. */
  http: HttpClient;
  counter: RequestCounter;
  /** Epoch ms. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
  /** Wakes a stopped service worker while an audit runs; see AUDIT_ALARM. */
  alarm?: { schedule(): Promise<void> | void; clear(): Promise<void> | void };
  /** Single-worker reads and searches in flight at once; default 4, the fetch core's per-host limit. */
  concurrency?: number;
}

/** The alarm that wakes the service worker while an audit is under way; the background calls `continueAfterRestart()` on it. */
export const AUDIT_ALARM = 'flex-steward.audit.continue';
/** Rate-limited answers in a row, each waited out, before a unit of work gives up and the audit stops for Resume. */
const RATE_LIMITED_TRIES = 6;

class Stopped extends Error {}

type Service = 'okta' | 'twilio';

/** The directory page as kept: only what a status is made from. */
const compactUser = (user: OktaUser): OktaUserFacts => ({
  id: user.id,
  status: user.status,
  lastLogin: user.lastLogin,
  profile: { login: user.profile.login, email: user.profile.email, firstName: user.profile.firstName, lastName: user.profile.lastName },
});

interface DetailAnswer {
  sid: string;
  /** null: the worker was deleted since it was listed. */
  worker: AuditWorker | null;
}

export function createAuditEngine(deps: AuditEngineDeps): AuditService {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const concurrency = deps.concurrency ?? 4;
  const { area } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** The audit this instance drives, while it drives one. */
  let loop: Promise<void> | null = null;
  let stopRequested = false;
  let current: Checkpoint | null = null;
  // Writes go out in order, so an older state can never land after a newer one.
  let writes: Promise<void> = Promise.resolve();

  function persist(extra: Record<string, unknown> = {}): Promise<void> {
    const state = current!;
    state.progress.updatedAt = iso(now());
    // A copy now: IndexedDB clones the value only when the queued write runs.
    const snapshot = structuredClone(state);
    const write = writes.then(() => area.set({ ...extra, [AUDIT_KEYS.state]: snapshot }));
    writes = write.catch(() => undefined);
    return write;
  }

  const viewOf = (state: Checkpoint | null): AuditView => ({
    progress: state?.progress ?? null,
    totals: state?.progress.state === 'done' ? state.totals : null,
    rowCount: state?.progress.state === 'done' ? (state.totals?.workers ?? 0) : 0,
  });

  /*
   * The checkpoint is read once per instance, by whoever asks first: a service worker woken by the
   * audit alarm also continues the audit at start, and two reads finishing one after the other must
   * not leave the loop persisting one copy of the state while it advances another.
   */
  let reading: Promise<Checkpoint | null> | null = null;
  async function stored(): Promise<Checkpoint | null> {
    if (current) return current;
    reading ??= readCheckpoint(area).then((saved) => (current ??= saved));
    return reading;
  }

  function conflict(message: string, nextStep: string): ProblemError {
    return new ProblemError(problem('conflict', message, nextStep, { service: 'extension' }));
  }

  // ---- one audit's run, from whatever its checkpoint says ----

  async function run(): Promise<void> {
    const state = current!;
    const settings = await deps.settings();
    const requestsBefore = { ...state.progress.requests };
    const counted = deps.counter.snapshot().byService;
    const startedMs = now();
    const doneBefore = state.progress.done;
    const waits = new Map<Service, number>();
    const http = pacedHttp(deps.http, {
      pacer: createPacer(),
      now,
      sleep,
      onWait: (service, until) => {
        if (until === null) waits.delete(service);
        else waits.set(service, until);
      },
    });
    const [twilio, okta] = await Promise.all([deps.twilio(http), deps.okta(http)]);
    let failure: unknown = null;

    /** Progress from the state, after each unit. */
    function refresh(phase: AuditPhase, knownAhead: number) {
      const p = state.progress;
      const counts = deps.counter.snapshot().byService;
      p.requests = {
        okta: requestsBefore.okta + (counts.okta ?? 0) - (counted.okta ?? 0),
        twilio: requestsBefore.twilio + (counts.twilio ?? 0) - (counted.twilio ?? 0),
      };
      p.phase = phase;
      p.total = p.done + knownAhead;
      const doneHere = p.done - doneBefore;
      p.estimateSeconds = doneHere >= 2 ? Math.round((((now() - startedMs) / doneHere) * knownAhead) / 1000) : null;
      const pacing = [...waits].sort((a, b) => b[1] - a[1])[0];
      p.pacing = pacing ? { service: pacing[0], until: iso(pacing[1]) } : null;
    }

    const ahead = () =>
      (state.twilio.done ? 0 : 1) + (state.details.done ? 0 : 1) + (state.appUsers.done ? 0 : 1) + (state.directory.done ? 0 : 1) + (state.search.done ? 0 : 1) + 1;
    const phaseNow = (): AuditPhase =>
      state.workspaces === null
        ? 'workspaces'
        : !state.twilio.done
          ? 'workers'
          : !state.details.done
            ? 'worker-details'
            : !state.directory.done
              ? 'okta-directory'
              : !state.appUsers.done
                ? 'okta-app-users'
                : !state.search.done
                  ? 'okta-search'
                  : 'classify';

    /** One unit of work: stops first if asked to; a rate-limited answer is waited out and the unit sent again. */
    async function unit<T>(service: Service, work: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        if (stopRequested || failure !== null) throw new Stopped();
        try {
          return await work();
        } catch (error) {
          const found = toProblem(error);
          if (found.code !== 'rate-limited' || attempt >= RATE_LIMITED_TRIES) throw error;
          const until = found.retryAt ? Date.parse(found.retryAt) : now() + 1000 * 2 ** attempt;
          waits.set(service, until);
          refresh(phaseNow(), ahead());
          await sleep(Math.max(0, until - now()));
          waits.delete(service);
        }
      }
    }

    /** Records a unit: its chunk and the state counting it, in one write. */
    async function record(extra: Record<string, unknown>, units = 1) {
      state.progress.done += units;
      refresh(phaseNow(), ahead());
      await persist(extra);
    }

    // ---- what is known so far about addresses: the searches they would take ----

    const addresses = new Map<string, string>();
    // Addresses join in listing order, then single reads in the order they were asked: the same groups after a restart.
    const grouper = createSearchGrouper();
    let pendingDetails = 0;
    const addAddress = (worker: AuditWorker) => {
      const key = lookupKey(worker);
      if (key === null || isLookalike(worker.email!) || addresses.has(key)) return;
      addresses.set(key, worker.email!);
      grouper.add(key, worker.email!);
    };
    let budgetChanged: () => void = () => undefined;
    const nextBudget = () => new Promise<void>((resolve) => (budgetChanged = resolve));
    const tellBudget = () => budgetChanged();
    const budgetFinal = () => state.twilio.done && state.details.done;
    /**
     * The searches the addresses known so far take, plus one for every worker whose address is still
     * to be read; before TaskRouter's first page, one page, so the directory chain starts at once.
     */
    const budget = () => (state.twilio.chunks === 0 && !state.twilio.done ? 1 : 0) + grouper.groups.length + Math.max(0, pendingDetails);

    // Rebuilt from the chunks after a restart, in the order they were first made.
    const needy: AuditWorker[] = [];
    for await (const page of readChunks<AuditWorker[]>(area, 'workers', state.twilio.chunks)) {
      for (const worker of page) {
        if (worker.needsFetch) needy.push(worker);
        else addAddress(worker);
      }
    }
    for await (const wave of readChunks<DetailAnswer[]>(area, 'details', state.details.chunks)) for (const answer of wave) if (answer.worker) addAddress(answer.worker);
    pendingDetails = needy.length - state.details.chunks * concurrency;

    // ---- the chains ----

    async function listWorkspaces() {
      if (state.workspaces !== null) return;
      const workspaces =
        state.progress.scope === 'flex-workspace'
          ? await flexWorkspace(settings)
          : await unit('twilio', async () => (await twilio.listWorkspaces()).map((w) => ({ sid: w.sid, name: w.friendly_name })));
      state.workspaces = workspaces;
      await record({});
    }

    async function listWorkers() {
      await listWorkspaces();
      const workspaces = state.workspaces!;
      while (!state.twilio.done) {
        const workspace = workspaces[state.twilio.workspace];
        if (!workspace) {
          state.twilio.done = true;
          state.progress.workersTotal = state.progress.workersListed;
          state.details.done = needy.length === 0;
          await record({}, 0);
          break;
        }
        const page = await unit('twilio', () => twilio.workerPage(workspace.sid, state.twilio.next));
        const workers = page.workers.map(auditWorker);
        for (const worker of workers) {
          if (worker.needsFetch) needy.push(worker);
          else addAddress(worker);
        }
        pendingDetails = needy.length - state.details.chunks * concurrency;
        const chunk = state.twilio.chunks;
        state.twilio.chunks += 1;
        state.twilio.next = page.next;
        state.progress.workersListed += workers.length;
        if (page.next === null) state.twilio.workspace += 1;
        await record({ [AUDIT_KEYS.chunk('workers', chunk)]: workers });
        tellBudget();
      }
    }

    async function readDetails() {
      while (!state.details.done) {
        const start = state.details.chunks * concurrency;
        const wave = needy.slice(start, start + concurrency);
        if (wave.length === 0) {
          state.details.done = true;
          await record({}, 0);
          break;
        }
        const answers = await Promise.all(
          wave.map((worker) =>
            unit('twilio', async (): Promise<DetailAnswer> => {
              try {
                return { sid: worker.sid, worker: auditWorker((await twilio.getWorker(worker.workspaceSid, worker.sid)).worker) };
              } catch (error) {
                if (toProblem(error).httpStatus === 404) return { sid: worker.sid, worker: null };
                throw error;
              }
            }),
          ),
        );
        for (const answer of answers) if (answer.worker) addAddress({ ...answer.worker, needsFetch: false });
        pendingDetails -= wave.length;
        const chunk = state.details.chunks;
        state.details.chunks += 1;
        if (start + wave.length >= needy.length) state.details.done = true;
        await record({ [AUDIT_KEYS.chunk('details', chunk)]: answers }, wave.length);
        tellBudget();
      }
    }

    async function readAppUsers() {
      while (!state.appUsers.done) {
        const page = await unit('okta', () => okta.appUserPage(state.flexAppId, state.appUsers.next));
        const chunk = state.appUsers.chunks;
        state.appUsers.chunks += 1;
        state.appUsers.next = page.next;
        state.appUsers.done = page.next === null;
        await record({ [AUDIT_KEYS.chunk('app-users', chunk)]: page.assignments.map((a) => a.id) });
      }
    }

    async function readDirectory() {
      while (!state.directory.done) {
        if (stopRequested || failure !== null) throw new Stopped();
        // Never more pages than the searches would take; while addresses are still coming, wait for them.
        if (state.directory.chunks >= budget()) {
          if (!budgetFinal()) {
            await Promise.race([nextBudget(), twilioChain]);
            continue;
          }
          state.directory.done = true;
          state.directory.tooLarge = true;
          await record({}, 0);
          break;
        }
        const page = await unit('okta', () => okta.directoryPage(state.directory.next));
        const chunk = state.directory.chunks;
        state.directory.chunks += 1;
        state.directory.next = page.next;
        state.directory.done = page.next === null;
        await record({ [AUDIT_KEYS.chunk('directory', chunk)]: page.users.map(compactUser) });
      }
    }

    const context = (assigned: ReadonlySet<string>, directory?: OktaUserFacts[]): LookupContext => ({
      okta,
      flexAppId: state.flexAppId,
      assignedIds: async () => assigned,
      ...(directory ? { directory: async () => directory } : {}),
    });

    async function search(assigned: ReadonlySet<string>) {
      const groups = grouper.groups;
      while (!state.search.done) {
        const start = state.search.chunks * concurrency;
        const wave = groups.slice(start, start + concurrency);
        const answers = await Promise.all(
          wave.map((group) =>
            unit('okta', async () => {
              const results = await lookUpAddresses('app-list-and-search', new Map(group.keys.map((key) => [key, addresses.get(key)!])), context(assigned));
              // A request that failed is not an answer about these people: it is sent again, not kept as "unknown".
              const failed = [...results.values()].find((r) => !r.ok && r.problem.service !== 'extension');
              if (failed && !failed.ok) throw new ProblemError(failed.problem);
              return [...results];
            }),
          ),
        );
        const chunk = state.search.chunks;
        state.search.chunks += 1;
        state.search.done = start + wave.length >= groups.length;
        await record({ [AUDIT_KEYS.chunk('search', chunk)]: answers.flat() }, wave.length);
      }
    }

    async function classify() {
      const assigned = new Set<string>();
      for await (const ids of readChunks<string[]>(area, 'app-users', state.appUsers.chunks)) for (const id of ids) assigned.add(id);
      let lookups: Map<string, PersonLookupResult>;
      if (!state.directory.tooLarge) {
        const directory: OktaUserFacts[] = [];
        for await (const users of readChunks<OktaUserFacts[]>(area, 'directory', state.directory.chunks)) directory.push(...users);
        lookups = await lookUpAddresses('auto', addresses, context(assigned, directory));
      } else {
        await search(assigned);
        lookups = new Map();
        for await (const answers of readChunks<[string, PersonLookupResult][]>(area, 'search', state.search.chunks)) for (const [key, result] of answers) lookups.set(key, result);
        // Addresses Okta's syntax cannot carry were never in a search: asking now costs no request.
        const unsearched = new Map([...addresses].filter(([key]) => !lookups.has(key)));
        for (const [key, result] of await lookUpAddresses('app-list-and-search', unsearched, context(assigned))) lookups.set(key, result);
      }
      if (stopRequested) throw new Stopped();

      const details = new Map<string, AuditWorker | null>();
      for await (const wave of readChunks<DetailAnswer[]>(area, 'details', state.details.chunks)) for (const answer of wave) details.set(answer.sid, answer.worker);
      const names = new Map(state.workspaces!.map((w) => [w.sid, w.name]));
      const totals = createTotals();
      let rows: AuditRow[] = [];
      let chunks = 0;
      const flush = async () => {
        await area.set({ [AUDIT_KEYS.chunk('rows', chunks)]: rows });
        chunks += 1;
        rows = [];
      };
      for await (const page of readChunks<AuditWorker[]>(area, 'workers', state.twilio.chunks)) {
        for (const listed of page) {
          const worker = listed.needsFetch ? details.get(listed.sid) : listed;
          if (!worker) continue;
          const key = lookupKey(worker);
          const row = auditRow(worker, names.get(worker.workspaceSid) ?? null, key === null ? undefined : lookups.get(key));
          totals.add(row);
          rows.push(row);
          if (rows.length === ROW_CHUNK) await flush();
        }
      }
      if (rows.length > 0) await flush();

      const finishedAt = iso(now());
      const summaries = summariesSchema.safeParse((await area.get(AUDIT_KEYS.summaries))[AUDIT_KEYS.summaries]);
      const next: Record<string, NonNullable<AuditSummary>> = summaries.success ? summaries.data : {};
      for (const w of totals.totals().byWorkspace) next[w.sid] = { workspaceSid: w.sid, workers: w.workers, freeable: w.freeable, check: totals.checkIn(w.sid), auditedAt: finishedAt };
      state.rows.chunks = chunks;
      state.totals = totals.totals();
      state.progress.state = 'done';
      state.progress.finishedAt = finishedAt;
      state.progress.workersTotal = state.progress.workersListed;
      await record({ [AUDIT_KEYS.summaries]: next });
    }

    // The chains run side by side; the first failure stops the others after their request in flight.
    const guard = (chain: Promise<void>) =>
      chain.catch((error: unknown) => {
        if (!(error instanceof Stopped)) failure ??= error;
        tellBudget();
      });
    const twilioChain: Promise<void> = guard(listWorkers().then(readDetails)).then(tellBudget);
    await Promise.all([twilioChain, guard(readAppUsers()), guard(readDirectory())]);
    if (failure !== null) throw failure;
    if (stopRequested) throw new Stopped();
    await classify();
  }

  async function flexWorkspace(settings: Settings) {
    const sid = settings.twilio.workspaceSid;
    if (!sid) throw new ProblemError(problem('not-configured', 'No Flex workspace is set in Settings.', 'Press Test connection on the Twilio side in Settings, or audit all workspaces.', { service: 'extension' }));
    return [{ sid, name: settings.twilio.workspaceName ?? null }];
  }

  /** Drives the current audit until it is done, cancelled or failed; one loop per instance. */
  function drive(first?: () => Promise<void>): Promise<void> {
    if (loop) return loop;
    stopRequested = false;
    void deps.alarm?.schedule();
    loop = (async () => {
      const state = current!;
      try {
        await first?.();
        await run();
      } catch (error) {
        if (error instanceof Stopped) {
          // Only a cancel stops a loop without a failure; a stopped service worker never gets here.
          state.progress.state = 'cancelled';
        } else {
          state.progress.state = 'failed';
          state.progress.problem = toProblem(error);
        }
        state.progress.pacing = null;
        state.progress.estimateSeconds = null;
        await persist().catch(() => undefined);
      } finally {
        loop = null;
        void deps.alarm?.clear();
      }
    })();
    return loop;
  }

  return {
    async start(scope: AuditScope) {
      const previous = await stored();
      if (loop || previous?.progress.state === 'running') throw conflict('An audit is already running.', 'Wait for it to finish, or cancel it first.');
      const settings = await deps.settings();
      const flexAppId = settings.okta.flexAppId;
      if (!flexAppId) {
        throw new ProblemError(deps.flexAppProblem?.() ?? problem('no-flex-app', 'No Flex app is chosen in Settings, so nobody can be told Active from Unassigned.', 'Choose it in Settings.', { service: 'okta' }));
      }
      if (!settings.twilio.accountSid) throw new ProblemError(problem('not-configured', 'The Twilio Account SID is not set.', 'Enter it in Settings.', { service: 'extension' }));
      // The last audit's rows go with it; its summaries stay until this one finishes.
      if (previous) await area.remove(chunkKeys(previous));
      const at = iso(now());
      current = {
        progress: {
          id: newId(),
          scope,
          accountSid: settings.twilio.accountSid,
          state: 'running',
          phase: 'workspaces',
          workersListed: 0,
          workersTotal: null,
          done: 0,
          total: 1,
          requests: { okta: 0, twilio: 0 },
          estimateSeconds: null,
          pacing: null,
          startedAt: at,
          updatedAt: at,
          finishedAt: null,
          problem: null,
        } satisfies AuditProgress,
        flexAppId,
        workspaces: null,
        twilio: { workspace: 0, next: null, chunks: 0, done: false },
        details: { chunks: 0, done: false },
        appUsers: { next: null, chunks: 0, done: false },
        directory: { next: null, chunks: 0, done: false, tooLarge: false },
        search: { chunks: 0, done: false },
        rows: { chunks: 0 },
        totals: null,
      };
      // The loop exists before the first write, so a cancel answering that write's change hint finds it.
      let written!: Promise<void>;
      void drive(() => (written = persist()));
      await written;
      return viewOf(current);
    },

    async cancel() {
      const state = await stored();
      if (loop) {
        stopRequested = true;
        await loop;
      } else if (state?.progress.state === 'running') {
        state.progress.state = 'cancelled';
        await persist();
      }
      return viewOf(current);
    },

    async resume() {
      // What a service worker before a restart wrote is read once, when this instance first needs it.
      const state = await stored();
      if (!state) throw conflict('There is no audit to resume.', 'Start an audit.');
      if (state.progress.state === 'done') throw conflict('The last audit is finished; there is nothing to resume.', 'Start a new audit to scan again.');
      if (!loop) {
        state.progress.state = 'running';
        state.progress.problem = null;
        await persist();
        void drive();
      }
      return viewOf(state);
    },

    async view() {
      return viewOf(await stored());
    },

    async rows(offset, limit) {
      const state = await stored();
      if (state?.progress.state !== 'done' || !state.totals) return { rows: [], total: 0 };
      const total = state.totals.workers;
      const end = Math.min(total, offset + Math.min(limit, AUDIT_ROWS_PAGE_MAX));
      if (offset >= end) return { rows: [], total };
      const first = Math.floor(offset / ROW_CHUNK);
      const keys = Array.from({ length: Math.floor((end - 1) / ROW_CHUNK) - first + 1 }, (_, i) => AUDIT_KEYS.chunk('rows', first + i));
      const found = await area.get(keys);
      const rows = keys.flatMap((key) => (found[key] as AuditRow[] | undefined) ?? []);
      return { rows: rows.slice(offset - first * ROW_CHUNK, end - first * ROW_CHUNK), total };
    },

    async summary(workspaceSid) {
      const parsed = summariesSchema.safeParse((await area.get(AUDIT_KEYS.summaries))[AUDIT_KEYS.summaries]);
      return parsed.success ? (parsed.data[workspaceSid] ?? null) : null;
    },

    async continueAfterRestart() {
      const state = await stored();
      if (state?.progress.state === 'running') void drive();
      else void deps.alarm?.clear();
    },
  };
}

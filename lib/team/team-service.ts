import { z } from 'zod';
import { oneAtATime } from '../one-at-a-time';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { RunnerTeam } from '../runs/runner';
import { subjectSchema, type Subject } from '../runs/types';
import type { Settings } from '../settings/settings';
import type { KeyValueArea } from '../vault/storage-area';
import { createTeamLocks, type TeamLocks } from './locks';
import { createTeamOperators, keepOperators, type TeamOperators } from './operators';
import { createOutbox, type Outbox } from './outbox';
import type { TeamService } from './service';
import type { SyncRest } from './sync-rest';
import type { SyncTokenInput } from './token';
import {
  TEAM_LEDGER_LIST,
  TEAM_LOCKS_MAP,
  TEAM_SERVICE_NAME,
  teamLedgerItemSchema,
  teamLockSchema,
  type TeamLedgerItem,
  type TeamLock,
  type TeamLockView,
  type TeamOperatorsView,
  type TeamRunEntry,
  type TeamStatus,
} from './types';

/**
 * Team mode as the background runs it: the pages' `team.*` commands (TeamService), the runner's
 * port (locks, shared operators, the ledger outbox), and the live feed that keeps colleagues' runs
 * and locks here for the history and the badges. Writes go over the Sync REST API; the live feed
 * (lib/team/live.ts, the twilio-sync SDK in the service worker) only reads.
 */

/** Colleagues' runs as the live feed and the last reads delivered them, by List index. */
export const TEAM_LEDGER_CACHE_KEY = 'team.ledger';
/** Locks of finished runs that could not be let go of (Sync was down): let go of at the next wake, rather than left to expire. */
export const TEAM_RELEASES_KEY = 'team.releases';
const releasesSchema = z.array(z.object({ subject: subjectSchema, runId: z.string() }));

/** The newest items kept here; older runs stay in Sync. */
const LEDGER_CACHE_MAX = 2000;
/** Items read over REST when the feed (re)connects, for what happened while this browser was away. */
const LEDGER_BACKFILL = 100;
/** Changes to the approved operators shown beside the list. */
const OPERATOR_CHANGES_SHOWN = 5;

const ledgerCacheSchema = z.object({ serviceSid: z.string(), items: z.record(z.string(), teamLedgerItemSchema) });
type LedgerCache = z.infer<typeof ledgerCacheSchema>;

export type LiveState = 'connecting' | 'live' | 'offline';

/** lib/team/live.ts's `connectTeamLive`. */
export type ConnectTeamLive = (options: {
  serviceSid: string;
  identity: string;
  token: () => Promise<string>;
  onLedgerItem(index: number, data: unknown): void;
  onLockChanged(key: string, data: unknown | null): void;
  onOperators(items: Array<{ key: string; data: unknown }>): void;
  onState(state: LiveState): void;
  region?: string;
}) => Promise<{ close(): Promise<void> }>;

export interface TeamServiceDeps {
  settings: () => Promise<Settings>;
  /** The extension store: outbox, ledger cache, operators cache. */
  area: KeyValueArea;
  /** The Sync REST client over the Twilio credentials; throws a ProblemError when it cannot be made (locked vault, no key). */
  rest: () => Promise<SyncRest>;
  /** What a Sync token is signed with: the account, API key and secret. */
  tokenInput?: () => Promise<Pick<SyncTokenInput, 'accountSid' | 'apiKeySid' | 'apiKeySecret'>>;
  mintToken?: (input: SyncTokenInput) => Promise<string>;
  connectLive?: ConnectTeamLive;
  /** The Okta login of the admin whose credentials this browser uses, or null when they name no person. */
  oktaLogin: () => Promise<string | null>;
  /** A colleague's run appeared or changed: the open history reloads. */
  onLedgerChanged: () => void;
  now?: () => Date;
}

export interface TeamCore extends TeamService {
  /** For `RunnerDeps.team`: null while team mode is off or not set up. */
  runner(): Promise<RunnerTeam | null>;
  /** The person's team lock for a preview; `off` while team mode is. */
  lockView(subject: Subject): Promise<TeamLockView>;
  /** The team ledger's runs as last seen here, newest first (this browser's own among them). */
  ledger(): Promise<TeamRunEntry[]>;
  /** Live locks on people, by their key, as the feed or the last read reported them. */
  locks(): Array<{ key: string; lock: TeamLock }>;
  /** On service-worker start and on the runs alarm: connects the feed if it is not, reads what was missed, and flushes the outbox. */
  wake(): Promise<void>;
}

interface Parts {
  serviceSid: string;
  identity: string;
  rest: SyncRest;
  locks: TeamLocks;
  outbox: Outbox;
  operators: TeamOperators;
}

const SETUP_STEP = 'Open Settings → Team and choose or create a Sync Service.';

export function createTeamService(deps: TeamServiceDeps): TeamCore {
  const now = deps.now ?? (() => new Date());
  let cachedParts: { key: string; rest: SyncRest; parts: Parts } | null = null;
  let liveState: LiveState = 'connecting';
  let lastProblem: Problem | undefined;
  let live: { serviceSid: string; identity: string; close(): Promise<void> } | null = null;
  let connecting: Promise<void> | null = null;
  const liveLocks = new Map<string, TeamLock>();

  /** Why team mode cannot work yet, or null once it is on and set up. */
  function setupProblem(settings: Settings): Problem | null {
    if (!settings.team.serviceSid) return problem('not-configured', 'Team mode needs a Sync Service.', SETUP_STEP, { service: 'extension' });
    if (!settings.runs.operator?.trim()) return problem('not-configured', 'Team mode needs to know who you are: every run and lock names its operator.', 'Open Settings → Team and set "You are" to your own email.', { service: 'extension' });
    return null;
  }

  async function parts(): Promise<Parts | null> {
    const settings = await deps.settings();
    if (!settings.team.enabled || setupProblem(settings)) return null;
    const serviceSid = settings.team.serviceSid!;
    const identity = settings.runs.operator!.trim();
    const rest = await deps.rest();
    const key = `${serviceSid}\n${identity}`;
    if (cachedParts?.key === key && cachedParts.rest === rest) return cachedParts.parts;
    const outbox = createOutbox({ area: deps.area, rest, serviceSid, now });
    const made: Parts = {
      serviceSid,
      identity,
      rest,
      locks: createTeamLocks({ rest, serviceSid, now: () => now().getTime() }),
      outbox,
      operators: createTeamOperators({ rest, serviceSid, area: deps.area, outbox, now }),
    };
    cachedParts = { key, rest, parts: made };
    return made;
  }

  async function required(): Promise<Parts> {
    const settings = await deps.settings();
    if (!settings.team.enabled) throw new ProblemError(problem('not-configured', 'Team mode is off.', 'Turn it on in Settings → Team.', { service: 'extension' }));
    const missing = setupProblem(settings);
    if (missing) throw new ProblemError(missing);
    return (await parts())!;
  }

  async function flush(p: Parts): Promise<void> {
    const result = await p.outbox.flush();
    lastProblem = result.problem;
  }

  async function readLedger(serviceSid: string): Promise<LedgerCache> {
    const parsed = ledgerCacheSchema.safeParse((await deps.area.get(TEAM_LEDGER_CACHE_KEY))[TEAM_LEDGER_CACHE_KEY]).data;
    return parsed?.serviceSid === serviceSid ? parsed : { serviceSid, items: {} };
  }

  /** The feed delivers items one by one, as fast as they come: each is written after the one before. */
  const ledgerWrites = oneAtATime();
  const keepLedgerItems = (serviceSid: string, items: Array<{ index: number; data: unknown }>) => ledgerWrites(() => writeLedgerItems(serviceSid, items));

  /** Keeps items as the feed or a read delivered them; tells the history when anything changed. */
  async function writeLedgerItems(serviceSid: string, items: Array<{ index: number; data: unknown }>): Promise<void> {
    const cache = await readLedger(serviceSid);
    let changed = false;
    for (const { index, data } of items) {
      const parsed = teamLedgerItemSchema.safeParse(data);
      // An item that does not parse is never shown as a run, let alone acted on.
      if (!parsed.success) continue;
      const before = cache.items[String(index)];
      if (before && JSON.stringify(before) === JSON.stringify(parsed.data)) continue;
      cache.items[String(index)] = parsed.data;
      changed = true;
    }
    if (!changed) return;
    const kept = Object.keys(cache.items).map(Number).sort((a, b) => b - a).slice(0, LEDGER_CACHE_MAX);
    const trimmed: LedgerCache = { serviceSid, items: Object.fromEntries(kept.map((i) => [String(i), cache.items[String(i)]!])) };
    await deps.area.set({ [TEAM_LEDGER_CACHE_KEY]: trimmed });
    deps.onLedgerChanged();
  }

  function keepLock(key: string, data: unknown | null): void {
    const lock = data === null ? null : teamLockSchema.safeParse(data).data;
    if (lock) liveLocks.set(key, lock);
    else liveLocks.delete(key);
  }

  /** What the feed may have missed: the newest ledger items and every live lock, over REST. */
  async function backfill(p: Parts): Promise<void> {
    const items = await p.rest.newestListItems(p.serviceSid, TEAM_LEDGER_LIST, LEDGER_BACKFILL).catch((error: unknown) => {
      if (error instanceof ProblemError && error.problem.code === 'not-found') return [];
      throw error;
    });
    await keepLedgerItems(p.serviceSid, items);
    const locks = await p.rest.mapItems(p.serviceSid, TEAM_LOCKS_MAP).catch(() => null);
    if (locks) {
      liveLocks.clear();
      for (const item of locks) keepLock(item.key, item.data);
    }
  }

  async function connect(p: Parts): Promise<void> {
    if (!deps.connectLive || !deps.tokenInput || !deps.mintToken) return;
    if (live && live.serviceSid === p.serviceSid && live.identity === p.identity) return;
    await live?.close().catch(() => undefined);
    live = null;
    const { tokenInput, mintToken } = deps;
    const settings = await deps.settings();
    const connection = await deps.connectLive({
      serviceSid: p.serviceSid,
      identity: p.identity,
      region: settings.twilio.region,
      token: async () => mintToken({ ...(await tokenInput()), identity: p.identity, serviceSid: p.serviceSid, nowSeconds: Math.floor(now().getTime() / 1000) }),
      onLedgerItem: (index, data) => void keepLedgerItems(p.serviceSid, [{ index, data }]).catch(() => undefined),
      onLockChanged: keepLock,
      onOperators: (items) => void keepOperators(deps.area, items, now()).catch(() => undefined),
      onState: (state) => {
        liveState = state;
        // Sync is back: what queued while it was away goes now, in order.
        if (state === 'live') void flush(p).catch(() => undefined);
      },
    });
    live = { serviceSid: p.serviceSid, identity: p.identity, close: () => connection.close() };
  }

  const releasesWrites = oneAtATime();
  const readReleases = async () => releasesSchema.safeParse((await deps.area.get(TEAM_RELEASES_KEY))[TEAM_RELEASES_KEY]).data ?? [];
  const changeReleases = (edit: (list: z.infer<typeof releasesSchema>) => z.infer<typeof releasesSchema>) =>
    releasesWrites(async () => deps.area.set({ [TEAM_RELEASES_KEY]: edit(await readReleases()) }));

  async function release(p: Parts, subject: Subject, runId: string): Promise<void> {
    try {
      await p.locks.release(subject, runId);
      await changeReleases((list) => list.filter((r) => r.runId !== runId));
    } catch {
      await changeReleases((list) => [...list.filter((r) => r.runId !== runId), { subject, runId }]);
    }
  }

  async function wake(): Promise<void> {
    const p = await parts().catch(() => null);
    if (!p) {
      await live?.close().catch(() => undefined);
      live = null;
      return;
    }
    for (const left of await readReleases()) await release(p, left.subject, left.runId);
    connecting ??= connect(p)
      .catch((error: unknown) => {
        liveState = 'offline';
        lastProblem = toProblem(error);
      })
      .finally(() => {
        connecting = null;
      });
    await connecting;
    await Promise.all([flush(p), backfill(p)]).catch((error: unknown) => {
      lastProblem = toProblem(error);
    });
  }

  async function status(): Promise<TeamStatus> {
    const settings = await deps.settings();
    const identity = settings.runs.operator?.trim() || null;
    const serviceSid = settings.team.serviceSid ?? null;
    if (!settings.team.enabled) return { state: 'off', serviceSid, identity, behindBy: 0, lastSyncedAt: null };
    const missing = setupProblem(settings);
    if (missing) return { state: 'needs-setup', serviceSid, identity, behindBy: 0, lastSyncedAt: null, problem: missing };
    let p: Parts;
    try {
      p = (await parts())!;
    } catch (error) {
      return { state: 'needs-setup', serviceSid, identity, behindBy: 0, lastSyncedAt: null, problem: toProblem(error) };
    }
    // Pages ask for the status while someone watches (the history every 5 s): a feed that is not
    // connected — the worker slept, Sync was away, team mode was just turned on — is brought up now.
    if (!live && !connecting) void wake().catch(() => undefined);
    const [behindBy, lastSyncedAt] = await Promise.all([p.outbox.behindBy(), p.outbox.lastSyncedAt()]);
    // Without the live feed, the last flush says whether Sync answers.
    const state: TeamStatus['state'] = deps.connectLive ? liveState : lastProblem ? 'offline' : 'live';
    return { state, serviceSid, identity, behindBy, lastSyncedAt, ...(lastProblem ? { problem: lastProblem } : {}) };
  }

  /** The cached team ledger, newest item first. */
  async function ledgerItems(serviceSid: string): Promise<TeamLedgerItem[]> {
    const cache = await readLedger(serviceSid);
    return Object.keys(cache.items)
      .map(Number)
      .sort((a, b) => b - a)
      .map((index) => cache.items[String(index)]!);
  }

  /** The list with its newest recorded changes: one just made first, then the ledger's, each once. */
  async function withChanges(p: Parts, view: TeamOperatorsView): Promise<TeamOperatorsView> {
    const recorded = (await ledgerItems(p.serviceSid)).flatMap((item) => (item.type === 'operators' ? [item] : []));
    const changes = [...(view.changes ?? []), ...recorded].filter((change, i, all) => all.findIndex((c) => c.id === change.id) === i);
    return { ...view, changes: changes.slice(0, OPERATOR_CHANGES_SHOWN) };
  }

  return {
    status,

    async createService() {
      const { sid } = await (await deps.rest()).createService(TEAM_SERVICE_NAME);
      return { serviceSid: sid };
    },

    async suggestOperator() {
      return { login: await deps.oktaLogin() };
    },

    async operators() {
      const p = await required();
      return withChanges(p, await p.operators.read());
    },

    async setOperators(emails) {
      const p = await required();
      return withChanges(p, await p.operators.set(emails, p.identity));
    },

    async runner() {
      const settings = await deps.settings();
      if (!settings.team.enabled) return null;
      let p: Parts | null;
      try {
        p = await parts();
      } catch (error) {
        // On, but not usable (a locked vault, no Twilio key): refuse to run rather than run without the team.
        return refusingTeam(toProblem(error));
      }
      if (!p) return refusingTeam(setupProblem(settings)!);
      return {
        checkOperator: (operator) => p.operators.check(operator),
        claim: (subject, runId, operator) => p.locks.claim(subject, runId, operator),
        renew: (subject, runId, operator) => p.locks.renew(subject, runId, operator),
        release: (subject, runId) => release(p, subject, runId),
        async record(run) {
          await p.outbox.record(run);
          await flush(p);
        },
      };
    },

    async lockView(subject) {
      const settings = await deps.settings();
      if (!settings.team.enabled) return { state: 'off' };
      try {
        const p = await parts();
        if (!p) return { state: 'unreachable', problem: setupProblem(settings)! };
        return await p.locks.peek(subject);
      } catch (error) {
        // On but not usable (a locked vault): the run cannot be locked, and the preview says why.
        return { state: 'unreachable', problem: toProblem(error) };
      }
    },

    async ledger() {
      const p = await parts().catch(() => null);
      return p ? (await ledgerItems(p.serviceSid)).flatMap((item) => (item.type === 'run' ? [item] : [])) : [];
    },

    locks: () => [...liveLocks].map(([key, lock]) => ({ key, lock })),

    wake,
  };
}

/** Team mode on but not usable (no Sync Service, no operator, no credentials): every start is refused with why. */
function refusingTeam(why: Problem): RunnerTeam {
  const refuse = async (): Promise<never> => {
    throw new ProblemError(why);
  };
  return {
    checkOperator: async () => ({ ok: false, problem: why }),
    claim: refuse,
    renew: async () => ({ kind: 'unreachable', problem: why }),
    release: async () => undefined,
    record: async () => undefined,
  };
}

import { z } from 'zod';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import { checkApproved, operatorKey, type OperatorCheck } from '../runs/operators';
import type { KeyValueArea } from '../vault/storage-area';
import type { Outbox } from './outbox';
import type { SyncRest } from './sync-rest';
import { TEAM_OPERATORS_MAP, teamOperatorSchema, type TeamOperator, type TeamOperatorsChange, type TeamOperatorsView } from './types';

/**
 * Team mode's approved operators: the Sync Map `flex-steward-operators`, one item per operator
 * keyed by the same normalised form Settings' list is compared in (lib/runs/operators.ts). It
 * replaces Settings' list for starting, retrying and skipping; an empty map lets everyone run, and
 * Abort is never restricted. The last list read is kept in the extension store for when Sync is
 * down: it may always refuse, but it allows only while it is fresh.
 */
export const TEAM_OPERATORS_CACHE_KEY = 'team.operators';

/** How long a list read from Sync may still let someone run when Sync cannot be asked. */
export const OPERATORS_FRESH_MS = 10 * 60_000;
const WHERE = 'Settings → Team';

const cacheSchema = z.object({ operators: z.array(teamOperatorSchema), readAt: z.string() });
type Cache = z.infer<typeof cacheSchema>;

/** Keeps the list as Sync gave it (a read, or the live feed), for when Sync cannot be asked; answers the operators that parse. */
export async function keepOperators(area: KeyValueArea, items: Array<{ data: unknown }>, readAt: Date): Promise<TeamOperator[]> {
  const operators = items.flatMap((item) => teamOperatorSchema.safeParse(item.data).data ?? []);
  await area.set({ [TEAM_OPERATORS_CACHE_KEY]: { operators, readAt: readAt.toISOString() } satisfies Cache });
  return operators;
}

export interface TeamOperators {
  /** The shared list; the cached one marked stale, with the Problem, when Sync cannot be read. */
  read(): Promise<TeamOperatorsView>;
  /** Whether `operator` may start, retry or skip a run now. */
  check(operator: string | null): Promise<OperatorCheck>;
  /** Replaces the list with `emails`, recording the change in the team ledger as `by`. */
  set(emails: string[], by: string): Promise<TeamOperatorsView>;
}

export interface TeamOperatorsDeps {
  rest: SyncRest;
  serviceSid: string;
  area: KeyValueArea;
  outbox: Pick<Outbox, 'recordOperators' | 'flush'>;
  now?: () => Date;
  newId?: () => string;
}

const unreadable = (cause: Problem) =>
  problem('network-unreachable', `The team's approved operators could not be read from Twilio Sync, and the copy kept here is too old to let anyone run (${cause.message.replace(/\.$/, '')}).`, 'Try again once Sync is reachable.', {
    service: 'twilio',
    retryable: true,
  });

export function createTeamOperators({ rest, serviceSid, area, outbox, now = () => new Date(), newId = () => crypto.randomUUID() }: TeamOperatorsDeps): TeamOperators {
  const cached = async (): Promise<Cache | null> => cacheSchema.safeParse((await area.get(TEAM_OPERATORS_CACHE_KEY))[TEAM_OPERATORS_CACHE_KEY]).data ?? null;

  async function fetchList(): Promise<TeamOperator[]> {
    const items = await rest.mapItems(serviceSid, TEAM_OPERATORS_MAP).catch((error: unknown) => {
      // A map never written yet is an empty list, not a failure.
      if (error instanceof ProblemError && error.problem.code === 'not-found') return [];
      throw error;
    });
    return keepOperators(area, items, now());
  }

  async function read(): Promise<TeamOperatorsView & { readAt?: string }> {
    try {
      return { operators: await fetchList(), stale: false };
    } catch (error) {
      const copy = await cached();
      return { operators: copy?.operators ?? [], stale: true, problem: toProblem(error), ...(copy ? { readAt: copy.readAt } : {}) };
    }
  }

  return {
    async read() {
      const { readAt: _readAt, ...view } = await read();
      return view;
    },

    async check(operator) {
      if (!operator) {
        return { ok: false, problem: problem('permission-denied', 'In team mode every run names its operator, and Settings does not say who you are.', 'Open Settings → Team, and set "You are" to your own email.', { service: 'extension' }) };
      }
      const view = await read();
      const verdict = checkApproved(operator, view.operators.map((o) => o.email), WHERE);
      if (!view.stale || !verdict.ok) return verdict;
      // Sync is down: an old copy may still refuse (above), but allows only while it is fresh.
      const fresh = view.readAt !== undefined && now().getTime() - new Date(view.readAt).getTime() <= OPERATORS_FRESH_MS;
      return fresh ? verdict : { ok: false, problem: unreadable(view.problem!) };
    },

    async set(emails, by) {
      const wanted = new Map(emails.map((e) => e.trim()).filter(Boolean).map((e) => [operatorKey(e), e] as const));
      // Changed only from a list read now: a stale copy would undo a colleague's change.
      await rest.ensureMap(serviceSid, TEAM_OPERATORS_MAP);
      const current = new Map((await fetchList()).map((o) => [operatorKey(o.email), o] as const));
      const added = [...wanted].filter(([key]) => !current.has(key));
      const removed = [...current].filter(([key]) => !wanted.has(key));
      const at = now().toISOString();
      for (const [key, email] of added) {
        // Already there (a colleague added them meanwhile): as good as added.
        await rest.createMapItem(serviceSid, TEAM_OPERATORS_MAP, key, { email, addedBy: by, addedAt: at } satisfies TeamOperator);
      }
      for (const [key] of removed) await rest.deleteMapItem(serviceSid, TEAM_OPERATORS_MAP, key);
      if (added.length + removed.length === 0) return { operators: await fetchList(), stale: false };
      const change: TeamOperatorsChange = { v: 1, type: 'operators', id: newId(), by, at, added: added.map(([, e]) => e), removed: removed.map(([, o]) => o.email) };
      await outbox.recordOperators(change);
      void outbox.flush();
      return { operators: await fetchList(), stale: false, changes: [change] };
    },
  };
}

import { z } from 'zod';
import { oneAtATime } from '../one-at-a-time';
import { toProblem, type Problem } from '../problem';
import { runRow } from '../runs/ledger';
import type { Run } from '../runs/types';
import type { KeyValueArea } from '../vault/storage-area';
import type { SyncRest } from './sync-rest';
import { TEAM_LEDGER_LIST, teamLedgerItemSchema, type TeamLedgerItem, type TeamOperatorsChange, type TeamRunEntry } from './types';

/**
 * The team ledger's outbox: what this browser recorded and Sync has not seen yet, in the extension
 * store, so runs record locally whatever Sync does and reach the shared List once it answers.
 *
 * - Each run (and each operators change) is one List item, appended once and then updated in
 *   place at the index Sync gave it; the outbox keeps only a run's newest state.
 * - Items are sent strictly in the order they were first recorded, and a flush stops at the first
 *   failure, so the List never shows a later run before an earlier one.
 * - No duplicates: an append whose answer was lost (no answer, or 5xx) may have been made; before
 *   appending that item again, the newest items are read and an item with the same id is adopted.
 */
export const TEAM_OUTBOX_KEY = 'team.outbox';

/** How many of the newest items are searched for an append whose outcome is unknown. */
const ADOPT_WINDOW = 100;
/** Sync items hold at most 16 KiB of data; the snapshot for undo is left out of a larger entry. */
const MAX_ITEM_BYTES = 16 * 1024;

const pendingSchema = z.object({
  /** The run's id, or the operators change's id. */
  id: z.string(),
  data: teamLedgerItemSchema,
  /** Bumped at every record, so a flush that sent an older state keeps the newer one queued. */
  seq: z.number().int(),
  /** An append was sent and no answer says whether Sync made it. */
  unknown: z.boolean(),
});

const outboxSchema = z.object({
  pending: z.array(pendingSchema),
  /** The List index of every item Sync has, by id: later states update it. */
  indexes: z.record(z.string(), z.number().int().min(0)),
  lastSyncedAt: z.string().nullable(),
  problem: z.unknown().optional(),
});
type OutboxState = z.infer<typeof outboxSchema>;
const empty = (): OutboxState => ({ pending: [], indexes: {}, lastSyncedAt: null });

export interface FlushResult {
  sent: number;
  behindBy: number;
  problem?: Problem;
}

export interface Outbox {
  /** Queues the run's newest state for the ledger. */
  record(run: Run): Promise<void>;
  recordOperators(change: TeamOperatorsChange): Promise<void>;
  /** Sends what is queued, in order, until done or the first failure; one flush at a time. */
  flush(): Promise<FlushResult>;
  /** Runs whose newest state has not reached Sync ("Team ledger is behind by 3 runs"). */
  behindBy(): Promise<number>;
  /** When Sync last took an item (ISO), null before it ever has. */
  lastSyncedAt(): Promise<string | null>;
}

export interface OutboxDeps {
  area: KeyValueArea;
  rest: SyncRest;
  serviceSid: string;
  now?: () => Date;
}

/** The ledger item for a run: its row, and what the person looked like before when it fits in an item. */
export function runEntry(run: Run): TeamRunEntry {
  const entry: TeamRunEntry = { v: 1, type: 'run', row: runRow(run), before: run.before };
  return new TextEncoder().encode(JSON.stringify(entry)).length <= MAX_ITEM_BYTES ? entry : { v: 1, type: 'run', row: entry.row };
}

const idOf = (item: TeamLedgerItem) => (item.type === 'run' ? item.row.id : item.id);
const unknownOutcome = (problem: Problem) => problem.httpStatus === undefined || problem.httpStatus >= 500;

export function createOutbox({ area, rest, serviceSid, now = () => new Date() }: OutboxDeps): Outbox {
  /** One read-modify-write of the outbox at a time. */
  const serial = oneAtATime();
  const read = async (): Promise<OutboxState> => outboxSchema.safeParse((await area.get(TEAM_OUTBOX_KEY))[TEAM_OUTBOX_KEY]).data ?? empty();
  const write = (state: OutboxState) => area.set({ [TEAM_OUTBOX_KEY]: state });
  const change = (edit: (state: OutboxState) => void) =>
    serial(async () => {
      const state = await read();
      edit(state);
      await write(state);
      return state;
    });

  const queue = (data: TeamLedgerItem) =>
    change((state) => {
      const id = idOf(data);
      const existing = state.pending.find((p) => p.id === id);
      // A newer state replaces the queued one in its place: the order is when a run was first recorded.
      if (existing) {
        existing.data = data;
        existing.seq += 1;
      } else state.pending.push({ id, data, seq: 0, unknown: false });
    }).then(() => undefined);

  /** The index of an item with this id among the newest, if an earlier append did make it. */
  async function adopt(id: string): Promise<number | null> {
    const items = await rest.newestListItems(serviceSid, TEAM_LEDGER_LIST, ADOPT_WINDOW);
    const found = items.find((item) => {
      const parsed = teamLedgerItemSchema.safeParse(item.data);
      return parsed.success && idOf(parsed.data) === id;
    });
    return found?.index ?? null;
  }

  /** Sends one queued item; answers its index. */
  async function send(pending: z.infer<typeof pendingSchema>, known: number | undefined): Promise<number> {
    const index = known ?? (pending.unknown ? await adopt(pending.id) : null);
    if (index !== null) return (await rest.updateListItem(serviceSid, TEAM_LEDGER_LIST, index, pending.data)).index;
    await change((state) => {
      const queued = state.pending.find((p) => p.id === pending.id);
      // Marked before sending: if the worker stops mid-request, the next flush looks before appending again.
      if (queued) queued.unknown = true;
    });
    return (await rest.appendListItem(serviceSid, TEAM_LEDGER_LIST, pending.data)).index;
  }

  let flushing: Promise<FlushResult> | null = null;
  let again = false;

  async function flushAll(): Promise<FlushResult> {
    let sent = 0;
    await rest.ensureList(serviceSid, TEAM_LEDGER_LIST).catch(() => undefined);
    for (;;) {
      const state = await read();
      const next = state.pending[0];
      if (!next) return { sent, behindBy: 0 };
      try {
        const index = await send(next, state.indexes[next.id]);
        await change((latest) => {
          latest.indexes[next.id] = index;
          latest.lastSyncedAt = now().toISOString();
          delete latest.problem;
          const queued = latest.pending.find((p) => p.id === next.id);
          if (!queued) return;
          queued.unknown = false;
          // Recorded again while it was in flight: the newer state stays queued, to update the same index.
          if (queued.seq === next.seq) latest.pending = latest.pending.filter((p) => p !== queued);
        });
        sent += 1;
      } catch (error) {
        const problem = toProblem(error);
        const latest = await change((latest) => {
          latest.problem = problem;
          const queued = latest.pending.find((p) => p.id === next.id);
          // An append refused outright (4xx) was not made; one that got no answer may have been.
          if (queued && state.indexes[next.id] === undefined && !unknownOutcome(problem) && !next.unknown) queued.unknown = false;
        });
        return { sent, behindBy: countRuns(latest), problem };
      }
    }
  }

  return {
    record: (run) => queue(runEntry(run)),
    recordOperators: (change) => queue(change),

    flush() {
      if (flushing) {
        // Something was recorded while a flush was under way: it runs once more when this one ends.
        again = true;
        return flushing;
      }
      flushing = (async () => {
        let result: FlushResult;
        do {
          again = false;
          result = await flushAll();
        } while (again && !result.problem);
        return result;
      })().finally(() => {
        flushing = null;
      });
      return flushing;
    },

    behindBy: async () => countRuns(await read()),
    lastSyncedAt: async () => (await read()).lastSyncedAt,
  };
}

/** Runs, not operators changes, are what "behind by N runs" counts. */
const countRuns = (state: OutboxState) => state.pending.filter((p) => p.data.type === 'run').length;

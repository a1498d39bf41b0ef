import { z } from 'zod';
import type { KeyValueArea } from '../vault/storage-area';
import { runRow, runRowSchema, type RunRow } from './ledger';
import { runSchema, type Run } from './types';

/**
 * Where runs live: one record per run under `runs.<id>` in the extension store
 * (lib/storage/extension-store.ts), plus `runs.index`, a row per run newest first. The runner
 * writes a step's state before sending it and after, so whatever stops the service worker, the
 * journal says where the run was. A record and its row are written in one `set`, which the store
 * commits as one transaction.
 *
 * The rows are what lists, badges and locks read, so the history of 2,000 runs costs one read of
 * the index rather than 2,000 records. Records carry a version (`v`): `upgradeRecord` reads older
 * ones. A record that cannot be read is never acted on and never silently dropped: it is listed
 * as unreadable, and if its row says it was running, the row is paused.
 */

/** The record format this version writes. v1 (no `v`) kept the worker's attributes three times. */
export const RUN_RECORD_VERSION = 2;
export const RUNS_INDEX_KEY = 'runs.index';
export const runKey = (id: string) => `runs.${id}`;

const storedRunSchema = runSchema.extend({ v: z.literal(RUN_RECORD_VERSION) });

/**
 * A v1 record upgraded to the current format; anything else is returned as it is, for the schema
 * to accept or refuse. The worker's attributes (the one large field) are kept once, in
 * `before.worker`, which is what an undo re-creates the worker from; the preview inside the plan
 * keeps its snapshots without them.
 */
export function upgradeRecord(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || 'v' in raw) return raw;
  return compact({ ...(raw as Run) });
}

/** The run as stored: versioned, with worker attributes kept once. */
export function compact(run: Run): Run & { v: number } {
  const preview = run.plan?.preview;
  if (!preview) return { ...run, v: RUN_RECORD_VERSION };
  const strip = <T extends { attributes: string | null }>(worker: T): T => ({ ...worker, attributes: null });
  return {
    ...run,
    v: RUN_RECORD_VERSION,
    plan: { ...run.plan, preview: { ...preview, worker: preview.worker && strip(preview.worker), workerCandidates: (preview.workerCandidates ?? []).map(strip) } },
  };
}

/** A row whose record could not be read: shown as such, never acted on. */
export interface UnreadableRun {
  id: string;
  unreadable: true;
  createdAt: string | null;
  /** The row said it was running: it has been paused. */
  wasRunning: boolean;
}
export type JournalEntry = RunRow | UnreadableRun;

export interface Journal {
  /** Writes a new run and puts its row first in the index; `guard` may refuse (throw) given the current rows, atomically with the write. */
  create(run: Run, guard?: (rows: RunRow[]) => void): Promise<void>;
  /** Null when there is no such run, or its record is not one this version can read. */
  get(id: string): Promise<Run | null>;
  /**
   * Reads the run, lets `change` edit it, and writes it (and its row) back with a new `updatedAt`;
   * `change` returns false to write nothing. Changes made through one journal never interleave,
   * so a runner loop and an admin's Abort cannot overwrite each other.
   */
  update(id: string, change: (run: Run) => boolean | void): Promise<Run | null>;
  /** Every run's row, newest first: one read, whatever the number of runs. */
  rows(): Promise<RunRow[]>;
  /** A page of the history, each record on it checked: unreadable ones are listed as such (and paused if they were running). */
  page(offset: number, limit: number): Promise<{ entries: JournalEntry[]; total: number }>;
  /** The runs themselves, for an export. */
  runs(ids: string[]): Promise<Run[]>;
  /** Deletes runs and their rows. */
  remove(ids: string[]): Promise<void>;
  /** Pauses a running run whose record cannot be read, so nothing acts on it; true when it did. */
  pauseUnreadable(id: string): Promise<boolean>;
}

/** An index entry this version cannot read, kept by id so the history can still name it. */
const damagedRowSchema = z.object({ id: z.string(), createdAt: z.string().optional(), state: z.string().optional() }).loose();

export function createJournal(area: KeyValueArea, now: () => Date = () => new Date()): Journal {
  let tail: Promise<unknown> = Promise.resolve();
  /** One read-modify-write at a time: the store's transactions do not span our reads and writes. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  }

  /** The raw index: rows this version reads, and damaged entries kept as they are. */
  async function index(): Promise<unknown[]> {
    const stored = (await area.get(RUNS_INDEX_KEY))[RUNS_INDEX_KEY];
    return Array.isArray(stored) ? stored : [];
  }

  const readable = (entries: unknown[]) => entries.flatMap((entry) => {
    const parsed = runRowSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });

  async function get(id: string): Promise<Run | null> {
    const parsed = storedRunSchema.safeParse(upgradeRecord((await area.get(runKey(id)))[runKey(id)]));
    if (!parsed.success) return null;
    const { v: _version, ...run } = parsed.data;
    return run;
  }

  const withRow = (entries: unknown[], run: Run) => entries.map((entry) => (entryId(entry) === run.id ? runRow(run) : entry));
  const entryId = (entry: unknown) => damagedRowSchema.safeParse(entry).data?.id;

  function asEntry(entry: unknown, record: Run | null): JournalEntry {
    const row = runRowSchema.safeParse(entry);
    if (record && row.success) return row.data;
    const damaged = damagedRowSchema.safeParse(entry).data;
    return { id: damaged?.id ?? '?', unreadable: true, createdAt: damaged?.createdAt ?? null, wasRunning: damaged?.state === 'running' || damaged?.state === 'paused-unreadable' };
  }

  const pauseUnreadable = (id: string) =>
    serial(async () => {
      if (await get(id)) return false;
      const entries = await index();
      let changed = false;
      const next = entries.map((entry) => {
        const damaged = damagedRowSchema.safeParse(entry).data;
        if (damaged?.id !== id || damaged.state !== 'running') return entry;
        changed = true;
        // No longer `running`, so no loop, alarm or lock counts it as under way; the history says why.
        return { ...damaged, state: 'paused-unreadable' };
      });
      if (changed) await area.set({ [RUNS_INDEX_KEY]: next });
      return changed;
    });

  return {
    create: (run, guard) =>
      serial(async () => {
        const entries = await index();
        guard?.(readable(entries));
        await area.set({ [runKey(run.id)]: compact(runSchema.parse(run)), [RUNS_INDEX_KEY]: [runRow(run), ...entries.filter((entry) => entryId(entry) !== run.id)] });
      }),

    get,

    update: (id, change) =>
      serial(async () => {
        const run = await get(id);
        if (!run) return null;
        if (change(run) === false) return run;
        run.updatedAt = now().toISOString();
        await area.set({ [runKey(id)]: compact(runSchema.parse(run)), [RUNS_INDEX_KEY]: withRow(await index(), run) });
        return run;
      }),

    rows: async () => readable(await index()),

    async page(offset, limit) {
      const entries = await index();
      const slice = entries.slice(offset, offset + limit);
      const ids = slice.map(entryId);
      const stored = await area.get(ids.flatMap((id) => (id ? [runKey(id)] : [])));
      const checked: JournalEntry[] = [];
      for (const [i, entry] of slice.entries()) {
        const id = ids[i];
        const parsed = id ? storedRunSchema.safeParse(upgradeRecord(stored[runKey(id)])) : undefined;
        const record = parsed?.success ? (parsed.data as Run) : null;
        const shown = asEntry(entry, record);
        if ('unreadable' in shown && id && damagedRowSchema.safeParse(entry).data?.state === 'running') await pauseUnreadable(id);
        checked.push(shown);
      }
      return { entries: checked, total: entries.length };
    },

    async runs(ids) {
      const found = await Promise.all(ids.map(get));
      return found.filter((run): run is Run => run !== null);
    },

    remove: (ids) =>
      serial(async () => {
        const gone = new Set(ids);
        const entries = await index();
        await area.set({ [RUNS_INDEX_KEY]: entries.filter((entry) => !gone.has(entryId(entry) ?? '')) });
        await area.remove(ids.map(runKey));
      }),

    pauseUnreadable,
  };
}

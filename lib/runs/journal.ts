import type { KeyValueArea } from '../vault/storage-area';
import { runSchema, type Run } from './types';

/**
 * Where runs live: one record per run under `runs.<id>` in a KeyValueArea (`storage.local` in the
 * extension), plus `runs.index`, the ids newest first. The runner writes a step's state before
 * sending it and after, so whatever stops the service worker, the journal says where the run was.
 */

export const RUNS_INDEX_KEY = 'runs.index';
export const runKey = (id: string) => `runs.${id}`;

export interface Journal {
  /** Writes a new run and puts it first in the index. */
  create(run: Run): Promise<void>;
  /** Null when there is no such run, or its record is not one this version can read. */
  get(id: string): Promise<Run | null>;
  /**
   * Reads the run, lets `change` edit it, and writes it back with a new `updatedAt`; `change`
   * returns false to write nothing. Changes made through one journal never interleave, so a
   * runner loop and an admin's Abort cannot overwrite each other.
   */
  update(id: string, change: (run: Run) => boolean | void): Promise<Run | null>;
  /** Ids newest first. */
  ids(): Promise<string[]>;
  /** Every readable run, newest first. */
  list(): Promise<Run[]>;
}

export function createJournal(area: KeyValueArea, now: () => Date = () => new Date()): Journal {
  let tail: Promise<unknown> = Promise.resolve();
  /** One read-modify-write at a time: the KeyValueArea has no transactions. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  }

  async function ids(): Promise<string[]> {
    const stored = (await area.get(RUNS_INDEX_KEY))[RUNS_INDEX_KEY];
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }

  async function get(id: string): Promise<Run | null> {
    const parsed = runSchema.safeParse((await area.get(runKey(id)))[runKey(id)]);
    return parsed.success ? parsed.data : null;
  }

  return {
    create: (run) =>
      serial(async () => {
        const index = await ids();
        await area.set({ [runKey(run.id)]: runSchema.parse(run), [RUNS_INDEX_KEY]: [run.id, ...index.filter((id) => id !== run.id)] });
      }),

    get,

    update: (id, change) =>
      serial(async () => {
        const run = await get(id);
        if (!run) return null;
        if (change(run) === false) return run;
        run.updatedAt = now().toISOString();
        await area.set({ [runKey(id)]: runSchema.parse(run) });
        return run;
      }),

    ids,

    async list() {
      const all = await ids();
      if (all.length === 0) return [];
      const stored = await area.get(all.map(runKey));
      return all.flatMap((id) => {
        const parsed = runSchema.safeParse(stored[runKey(id)]);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}

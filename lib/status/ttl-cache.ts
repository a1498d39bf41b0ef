import type { KeyValueArea } from '../vault/storage-area';

/**
 * A short-lived cache over a storage area. In the extension the area is `storage.session`: it
 * survives the service worker being stopped between page renders, is cleared with the browser, and
 * content scripts cannot read it (the vault restricts session storage to trusted contexts), so what
 * Okta said about people never reaches a page except through the status views.
 *
 * Storage areas cannot list their keys, so the cache keeps an index of its own keys with their
 * expiry: it lets `deleteWhere` find keys by prefix and lets expired entries be swept rather than
 * pile up for the life of the browser.
 */

export interface TtlCache {
  get<T>(key: string): Promise<T | undefined>;
  /** The live entries among `keys`; missing and expired ones are absent. */
  getMany<T>(keys: readonly string[]): Promise<Map<string, T>>;
  /** `value` must survive JSON, as storage areas require. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  setMany(entries: Iterable<readonly [string, unknown]>, ttlMs?: number): Promise<void>;
  delete(keys: string | readonly string[]): Promise<void>;
  /** Drops every entry whose key starts with `prefix`. */
  deleteWhere(prefix: string): Promise<void>;
}

export interface TtlCacheOptions {
  area: KeyValueArea;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Default lifetime of an entry. */
  ttlMs?: number;
  /** Prefixed to every storage key, so the cache can share an area with the vault. */
  namespace?: string;
}

/** Long enough to serve every render batch of a page and a quick look back; short enough that a change in Okta shows within minutes. */
export const DEFAULT_TTL_MS = 2 * 60_000;

interface Entry {
  value: unknown;
  expiresAt: number;
}

type Index = Record<string, number>;

export function createTtlCache({ area, now = Date.now, ttlMs = DEFAULT_TTL_MS, namespace = 'status-cache:' }: TtlCacheOptions): TtlCache {
  const storageKey = (key: string) => namespace + key;
  const indexKey = `${namespace}#index`;

  // Index updates read, change and write one record; running them one at a time keeps concurrent
  // writers from dropping each other's keys.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function readIndex(): Promise<Index> {
    const stored = (await area.get(indexKey))[indexKey];
    return typeof stored === 'object' && stored !== null ? (stored as Index) : {};
  }

  /** Removes `keys` and every expired key from the index and the area. */
  async function rewrite(index: Index, keys: Iterable<string>, additions: Record<string, unknown> = {}): Promise<void> {
    const gone = new Set(keys);
    const at = now();
    for (const [key, expiresAt] of Object.entries(index)) if (expiresAt <= at) gone.add(key);
    for (const key of gone) delete index[key];
    await area.set({ ...additions, [indexKey]: index });
    if (gone.size > 0) await area.remove([...gone].map(storageKey));
  }

  async function getMany<T>(keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    const stored = await area.get(keys.map(storageKey));
    const at = now();
    for (const key of keys) {
      const entry = stored[storageKey(key)] as Entry | undefined;
      if (entry && entry.expiresAt > at) found.set(key, entry.value as T);
    }
    return found;
  }

  async function setMany(entries: Iterable<readonly [string, unknown]>, lifetime = ttlMs): Promise<void> {
    const list = [...entries];
    if (list.length === 0) return;
    await exclusive(async () => {
      const index = await readIndex();
      const expiresAt = now() + lifetime;
      const additions: Record<string, unknown> = {};
      for (const [key, value] of list) {
        additions[storageKey(key)] = { value, expiresAt } satisfies Entry;
        index[key] = expiresAt;
      }
      await rewrite(index, [], additions);
    });
  }

  return {
    async get<T>(key: string) {
      return (await getMany<T>([key])).get(key);
    },
    getMany,
    set: (key, value, lifetime) => setMany([[key, value]], lifetime),
    setMany,
    delete(keys) {
      const list = typeof keys === 'string' ? [keys] : [...keys];
      return exclusive(async () => rewrite(await readIndex(), list));
    },
    deleteWhere(prefix) {
      return exclusive(async () => {
        const index = await readIndex();
        await rewrite(
          index,
          Object.keys(index).filter((key) => key.startsWith(prefix)),
        );
      });
    },
  };
}

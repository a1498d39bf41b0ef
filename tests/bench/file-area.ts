import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyValueArea } from '../../lib/vault/storage-area';

/**
 * The extension store (IndexedDB in the browser: kept by the browser on disk, outside the
 * extension's JavaScript heap) played in Node by one JSON file per key. Values go through JSON on
 * the way in and out, as with `createMemoryArea`, and `get` leaves out absent keys; unlike the
 * in-memory area, what is stored does not count against the audit process's memory, as it does not
 * in the browser.
 */
export function createFileArea(dir: string): KeyValueArea & { bytes(): number } {
  const file = (key: string) => join(dir, `${encodeURIComponent(key)}.json`);
  const sizes = new Map<string, number>();
  const ready = mkdir(dir, { recursive: true });
  const list = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  return {
    async get(keys) {
      await ready;
      const found: Record<string, unknown> = {};
      for (const key of list(keys)) {
        if (!sizes.has(key)) continue;
        found[key] = JSON.parse(await readFile(file(key), 'utf8'));
      }
      return found;
    },
    async set(values) {
      await ready;
      for (const [key, value] of Object.entries(values)) {
        const json = JSON.stringify(value);
        await writeFile(file(key), json);
        sizes.set(key, Buffer.byteLength(json));
      }
    },
    async remove(keys) {
      for (const key of list(keys)) {
        sizes.delete(key);
        await rm(file(key), { force: true });
      }
    },
    /** What is stored, in bytes of UTF-8 JSON. */
    bytes: () => [...sizes.values()].reduce((sum, n) => sum + n, 0),
  };
}

import type { KeyValueArea } from '../vault/storage-area';
import { inTransaction, openDatabase, settle } from './indexed-db';

/**
 * The store for everything the background acts on: settings, the vault's key record and
 * ciphertext, and the run journal (which is also the ledger). It is the extension origin's
 * IndexedDB (database `flex-steward`, store `items`), which only the service worker and extension
 * pages can open. `storage.local`, where these lived before, is readable *and writable* by every
 * content script, so a compromised page renderer could have forged a run or moved the Okta org;
 * here it cannot reach them at all. See README § Security model.
 *
 * Values are stored by structured clone; callers store plain JSON-shaped data and parse what they
 * read with their own schemas, as they did with `storage.local`.
 */
export const EXTENSION_DB = 'flex-steward';
const ITEMS = 'items';

export function extensionStore(factory: IDBFactory): KeyValueArea {
  const open = () => openDatabase(factory, EXTENSION_DB, [ITEMS]);
  const list = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  return {
    get: (keys) =>
      inTransaction(open, ITEMS, 'readonly', async (store) => {
        const wanted = list(keys);
        const values = await Promise.all(wanted.map((key) => settle(store.get(key))));
        const found: Record<string, unknown> = {};
        wanted.forEach((key, i) => {
          if (values[i] !== undefined) found[key] = values[i];
        });
        return found;
      }),
    // One transaction for all the items: they are written together or not at all.
    set: (items) =>
      // The transaction's commit is what counts; a failed put aborts it, and inTransaction rejects.
      inTransaction(open, ITEMS, 'readwrite', async (store) => {
        for (const [key, value] of Object.entries(items)) store.put(value, key);
      }),
    remove: (keys) =>
      inTransaction(open, ITEMS, 'readwrite', async (store) => {
        for (const key of list(keys)) store.delete(key);
      }),
  };
}

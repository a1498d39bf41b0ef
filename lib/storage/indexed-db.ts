/**
 * The few IndexedDB helpers the extension's stores share. IndexedDB here always belongs to the
 * extension's own origin (`chrome-extension://<id>`): the service worker and extension pages open
 * the same databases, while content scripts run in the page's origin and open the page's.
 */

export const settle = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });

/** A failed request aborts its transaction, so `abort` covers errors too. */
export const finished = (transaction: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted.'));
  });

/** Opens (creating on first use) a database of one version holding the named object stores. */
export function openDatabase(factory: IDBFactory, name: string, stores: string[]): Promise<IDBDatabase> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    for (const store of stores) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
  };
  return settle(request);
}

/**
 * Runs `work` in one transaction on one store and resolves once the transaction has committed.
 * One connection per call: the service worker may be stopped between any two calls, and opening
 * costs far less than a cached connection that has to notice it went stale. Strict durability on
 * writes: what is written here (a run's step before its request goes out, a key before the
 * ciphertext under it) must be on disk when the browser says so.
 */
export async function inTransaction<T>(
  open: () => Promise<IDBDatabase>,
  storeName: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => Promise<T> | IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    const transaction = db.transaction(storeName, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' });
    const done = finished(transaction);
    try {
      const pending = work(transaction.objectStore(storeName));
      const result = await (pending instanceof Promise ? pending : settle(pending));
      await done;
      return result;
    } catch (error) {
      // Whatever part of the work went through is taken back with the rest.
      try {
        transaction.abort();
      } catch {
        // Already finished or aborted by the failed request itself.
      }
      await done.catch(() => undefined);
      throw error;
    }
  } finally {
    db.close();
  }
}

import { browser, type Browser } from 'wxt/browser';
import type { DeviceKeyStore, KeyValueArea, VaultStorage } from './storage-area';

const adapt = (area: Browser.storage.StorageArea): KeyValueArea => ({
  get: (keys) => area.get(keys),
  set: (items) => area.set(items),
  remove: (keys) => area.remove(keys),
});

const DEVICE_KEY_DB = 'flex-steward-vault';
const DEVICE_KEY_STORE = 'device-key';
const DEVICE_KEY_RECORD = 'current';

const settle = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });

/** A failed request aborts its transaction, so `abort` covers errors too. */
const finished = (transaction: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted.'));
  });

function openDeviceKeyDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DEVICE_KEY_DB, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(DEVICE_KEY_STORE);
  return settle(request);
}

/**
 * One connection per call: the service worker may be stopped between any two calls, and opening
 * costs far less than a cached connection that has to notice it went stale.
 */
async function inDeviceKeyStore<T>(factory: IDBFactory, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDeviceKeyDatabase(factory);
  try {
    // Strict on writes: ciphertext is written under the key right after, and is useless if a
    // power cut loses a key the browser had only said it stored.
    const transaction = db.transaction(DEVICE_KEY_STORE, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' });
    const [result] = await Promise.all([settle(run(transaction.objectStore(DEVICE_KEY_STORE))), finished(transaction)]);
    return result;
  } finally {
    db.close();
  }
}

/**
 * The device key as a CryptoKey in IndexedDB (database `flex-steward-vault`, one store, one record).
 * IndexedDB belongs to the extension's origin here, which content scripts (running in the page's
 * origin) cannot open; and IndexedDB stores a CryptoKey by structured clone, so a non-extractable
 * key stays non-extractable when read back. `factory` is there for tests.
 */
export function indexedDbDeviceKeyStore(factory: IDBFactory): DeviceKeyStore {
  return {
    async load() {
      const stored: unknown = await inDeviceKeyStore(factory, 'readonly', (store) => store.get(DEVICE_KEY_RECORD));
      return stored instanceof CryptoKey ? stored : null;
    },
    async save(key) {
      await inDeviceKeyStore(factory, 'readwrite', (store) => store.put(key, DEVICE_KEY_RECORD));
    },
    async clear() {
      await inDeviceKeyStore(factory, 'readwrite', (store) => store.delete(DEVICE_KEY_RECORD));
    },
  };
}

/**
 * The vault's storage in the extension. Call only from trusted contexts (background, extension
 * pages): content scripts must never hold the vault, `setAccessLevel` throws there anyway, and
 * their IndexedDB would be the page's, not the one holding the device key.
 *
 * Chrome already defaults `storage.session` to trusted contexts; setting it here makes the vault
 * not depend on that default, nor on some other code having widened it. Firefox keeps
 * `storage.session` away from content scripts by default and may lack the method, hence the check.
 */
export async function browserVaultStorage(): Promise<VaultStorage> {
  const session = browser.storage.session;
  if (typeof session.setAccessLevel === 'function') await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return { local: adapt(browser.storage.local), session: adapt(session), deviceKeys: indexedDbDeviceKeyStore(globalThis.indexedDB) };
}

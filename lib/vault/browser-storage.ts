import { browser, type Browser } from 'wxt/browser';
import { inTransaction, openDatabase } from '../storage/indexed-db';
import type { DeviceKeyStore, KeyValueArea, VaultStorage } from './storage-area';

const adapt = (area: Browser.storage.StorageArea): KeyValueArea => ({
  get: (keys) => area.get(keys),
  set: (items) => area.set(items),
  remove: (keys) => area.remove(keys),
});

const DEVICE_KEY_DB = 'flex-steward-vault';
const DEVICE_KEY_STORE = 'device-key';
const DEVICE_KEY_RECORD = 'current';

const openDeviceKeyDatabase = (factory: IDBFactory) => openDatabase(factory, DEVICE_KEY_DB, [DEVICE_KEY_STORE]);

const inDeviceKeyStore = <T>(factory: IDBFactory, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>) =>
  inTransaction(() => openDeviceKeyDatabase(factory), DEVICE_KEY_STORE, mode, run);

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
 * The vault's storage in the extension: its key record and ciphertext in `store` (the extension
 * store, which content scripts cannot open), its unlocked session in `storage.session`, the device
 * key in its own database. Call only from trusted contexts (background, extension
 * pages): content scripts must never hold the vault, `setAccessLevel` throws there anyway, and
 * their IndexedDB would be the page's, not the one holding the device key.
 *
 * Chrome already defaults `storage.session` to trusted contexts; setting it here makes the vault
 * not depend on that default, nor on some other code having widened it. Firefox keeps
 * `storage.session` away from content scripts by default and may lack the method, hence the check.
 */
export async function browserVaultStorage(store: KeyValueArea): Promise<VaultStorage> {
  const session = browser.storage.session;
  if (typeof session.setAccessLevel === 'function') await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return { local: store, session: adapt(session), deviceKeys: indexedDbDeviceKeyStore(globalThis.indexedDB) };
}

/** `storage.local`, which content scripts can read and write: only for hints (lib/storage/change-signal.ts) and the one-time move out of it. */
export const browserLocalArea = (): KeyValueArea => adapt(browser.storage.local);

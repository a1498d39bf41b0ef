/**
 * The slice of `browser.storage.*` the vault needs, so it can be handed real areas in the extension
 * (see browser-storage.ts) and in-memory ones in tests.
 */
export interface KeyValueArea {
  /** Like `StorageArea.get`: only keys that are present appear in the result. */
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * Where device-key mode keeps its key: one non-extractable AES-GCM CryptoKey. The key is a
 * CryptoKey rather than bytes so it can never be written to (or read back from) a storage area
 * as JSON.
 */
export interface DeviceKeyStore {
  /** `null` when no key is stored. */
  load(): Promise<CryptoKey | null>;
  /** Replaces any stored key. */
  save(key: CryptoKey): Promise<void>;
  clear(): Promise<void>;
}

export interface VaultStorage {
  /** Persistent, on disk, in the extension store (lib/storage/extension-store.ts): only ever ciphertext and key-derivation parameters. */
  local: KeyValueArea;
  /** Memory only, cleared when the browser quits, closed to content scripts: the unlocked passphrase key, and when the vault was last used. */
  session: KeyValueArea;
  /**
   * The device key, somewhere content scripts cannot reach (browser-storage.ts: the extension
   * origin's IndexedDB; tests use `createMemoryDeviceKeyStore`).
   */
  deviceKeys: DeviceKeyStore;
}

/**
 * An in-memory area with browser storage's semantics that matter here: values go through JSON on
 * the way in and out (so nothing can rely on object identity or store what JSON cannot hold), and
 * `get` leaves out absent keys. `entries()` exposes the raw contents so tests can inspect what
 * actually got stored.
 */
export function createMemoryArea(): KeyValueArea & { entries(): Record<string, unknown> } {
  const items = new Map<string, string>();
  const list = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  return {
    async get(keys) {
      const found: Record<string, unknown> = {};
      for (const key of list(keys)) {
        const json = items.get(key);
        if (json !== undefined) found[key] = JSON.parse(json);
      }
      return found;
    },
    async set(values) {
      for (const [key, value] of Object.entries(values)) items.set(key, JSON.stringify(value));
    },
    async remove(keys) {
      for (const key of list(keys)) items.delete(key);
    },
    entries() {
      return Object.fromEntries([...items].map(([key, json]) => [key, JSON.parse(json)]));
    },
  };
}

/** A device-key store that lives as long as the object: for tests, and the vault's fallback when it is given none. */
export function createMemoryDeviceKeyStore(): DeviceKeyStore {
  let stored: CryptoKey | null = null;
  return {
    async load() {
      return stored;
    },
    async save(key) {
      stored = key;
    },
    async clear() {
      stored = null;
    },
  };
}

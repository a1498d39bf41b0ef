import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { extensionStore } from '../storage/extension-store';
import { browserVaultStorage, indexedDbDeviceKeyStore } from './browser-storage';
import { decryptText, encryptText, generateAesKey, importAesKey, randomBytes, toBase64 } from './crypto';
import { createVault } from './vault';

const settled = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** Every record in the device-key database, as [store, record key, value] rows. */
async function dump(factory: IDBFactory): Promise<[string, IDBValidKey, unknown][]> {
  const db = await settled(factory.open('flex-steward-vault'));
  const rows: [string, IDBValidKey, unknown][] = [];
  for (const storeName of db.objectStoreNames) {
    const store = db.transaction(storeName).objectStore(storeName);
    const [keys, values] = await Promise.all([settled(store.getAllKeys()), settled(store.getAll())]);
    keys.forEach((key, i) => rows.push([storeName, key, values[i]]));
  }
  db.close();
  return rows;
}

describe('indexedDbDeviceKeyStore', () => {
  it('keeps one non-extractable key in database flex-steward-vault, across connections, until cleared', async () => {
    const factory = new IDBFactory();
    const original = await generateAesKey();
    const store = indexedDbDeviceKeyStore(factory);
    expect(await store.load()).toBeNull();
    await store.save(original);

    const loaded = await indexedDbDeviceKeyStore(factory).load();
    expect(loaded).toBeInstanceOf(CryptoKey);
    expect(loaded?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', loaded!)).rejects.toThrow();
    expect(await decryptText(loaded!, await encryptText(original, 'secret', 'slot'), 'slot')).toBe('secret');

    expect((await factory.databases()).map((db) => db.name)).toEqual(['flex-steward-vault']);
    expect(await dump(factory)).toHaveLength(1);

    await store.clear();
    expect(await store.load()).toBeNull();
    expect(await dump(factory)).toEqual([]);
  });

  it('replaces the stored key rather than keeping two', async () => {
    const factory = new IDBFactory();
    const store = indexedDbDeviceKeyStore(factory);
    const first = await importAesKey(randomBytes(32));
    const second = await generateAesKey();
    await store.save(first);
    await store.save(second);

    expect(await dump(factory)).toHaveLength(1);
    const record = await encryptText(second, 'from the second key', 'slot');
    expect(await decryptText((await store.load())!, record, 'slot')).toBe('from the second key');
  });

  it('reads a record that is not a CryptoKey as no key', async () => {
    const factory = new IDBFactory();
    const store = indexedDbDeviceKeyStore(factory);
    await store.save(await generateAesKey());
    const [[storeName, recordKey]] = (await dump(factory)) as [[string, IDBValidKey, unknown]];
    const db = await settled(factory.open('flex-steward-vault'));
    await settled(db.transaction(storeName, 'readwrite').objectStore(storeName).put(toBase64(randomBytes(32)), recordKey));
    db.close();
    expect(await store.load()).toBeNull();
  });
});

describe('browserVaultStorage', () => {
  let factory: IDBFactory;
  beforeEach(() => {
    fakeBrowser.reset();
    factory = new IDBFactory();
    vi.stubGlobal('indexedDB', factory);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    // The fake browser has no setAccessLevel (like some Firefox versions); tests that add one take it away again.
    Reflect.deleteProperty(fakeBrowser.storage.session, 'setAccessLevel');
  });

  it('restricts session storage to trusted contexts where the browser supports it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.storage.session, { setAccessLevel });
    await browserVaultStorage(extensionStore(factory));
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('keeps ciphertext in the extension store, nothing in storage.local, and the key in storage.session', async () => {
    const vault = createVault({ storage: await browserVaultStorage(extensionStore(factory)), pbkdf2Iterations: 1_000 });
    expect((await vault.setup({ passphrase: 'pass phrase' })).ok).toBe(true);
    expect((await vault.setSecret('okta.apiToken', 'token-plaintext')).ok).toBe(true);

    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    const stored = await extensionStore(factory).get(['vault.meta', 'vault.secret.okta.apiToken']);
    expect(Object.keys(stored).sort()).toEqual(['vault.meta', 'vault.secret.okta.apiToken']);
    expect(JSON.stringify(stored)).not.toContain('token-plaintext');
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['vault.session']);

    await fakeBrowser.storage.session.clear();
    expect(await vault.getSecret('okta.apiToken')).toMatchObject({ ok: false, problem: { code: 'locked' } });
    await vault.unlock('pass phrase');
    expect(await vault.getSecret('okta.apiToken')).toEqual({ ok: true, data: 'token-plaintext' });
  });

  it('keeps a device key in the extension origin’s IndexedDB, never in the store, storage.local or storage.session, and finds it again after a restart', async () => {
    const vault = createVault({ storage: await browserVaultStorage(extensionStore(factory)), pbkdf2Iterations: 1_000 });
    expect((await vault.setup()).ok).toBe(true);
    expect((await vault.setSecret('okta.apiToken', 'token-plaintext')).ok).toBe(true);

    const [record] = await dump(factory);
    expect(record?.[2]).toBeInstanceOf(CryptoKey);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect((await extensionStore(factory).get('vault.meta'))['vault.meta']).toEqual({ v: 1, mode: 'device-key', check: expect.any(Object) });
    expect(Object.values(await fakeBrowser.storage.session.get(null))).toEqual([{ lastUsedAt: expect.any(Number), checkIv: expect.any(String) }]);

    await fakeBrowser.storage.session.clear();
    const restarted = createVault({ storage: await browserVaultStorage(extensionStore(factory)), pbkdf2Iterations: 1_000 });
    expect(await restarted.getSecret('okta.apiToken')).toMatchObject({ ok: false, problem: { code: 'locked' } });
    expect((await restarted.unlock()).ok).toBe(true);
    expect(await restarted.getSecret('okta.apiToken')).toEqual({ ok: true, data: 'token-plaintext' });

    expect((await restarted.changePassphrase(null, 'pass phrase')).ok).toBe(true);
    expect(await dump(factory)).toEqual([]);
    expect((await restarted.changePassphrase('pass phrase', null)).ok).toBe(true);
    expect(await dump(factory)).toHaveLength(1);
    await restarted.reset();
    expect(await dump(factory)).toEqual([]);
  });
});

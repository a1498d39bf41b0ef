import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { extensionStore } from './extension-store';

describe('extensionStore', () => {
  it('keeps items across connections, answers only for keys present, and removes them', async () => {
    const factory = new IDBFactory();
    await extensionStore(factory).set({ settings: { okta: { orgUrl: 'https://acme.okta.com' } }, 'runs.index': ['a'] });

    const again = extensionStore(factory);
    expect(await again.get(['settings', 'runs.index', 'absent'])).toEqual({ settings: { okta: { orgUrl: 'https://acme.okta.com' } }, 'runs.index': ['a'] });
    await again.remove('runs.index');
    expect(await again.get('runs.index')).toEqual({});
  });

  it('writes several items in one transaction: a value that cannot be stored leaves the others unwritten', async () => {
    const store = extensionStore(new IDBFactory());
    await expect(store.set({ a: 1, b: () => 0 })).rejects.toThrow();
    expect(await store.get(['a', 'b'])).toEqual({});
  });
});

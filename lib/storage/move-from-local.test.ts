import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createJournal, RUNS_INDEX_KEY, runKey } from '../runs/journal';
import { buildPlan } from '../runs/plan';
import { newRun } from '../runs/runner';
import { nobodyPreview } from '../runs/test-fixtures';
import { createMemoryArea } from '../vault/storage-area';
import { extensionStore } from './extension-store';
import { moveFromLocal, STORAGE_MOVE_KEY } from './move-from-local';

const preview = nobodyPreview();
const run = (id: string, state: 'running' | 'done') => ({ ...newRun(buildPlan(preview), { id, operator: null, at: '2026-01-01T00:00:00.000Z' }), state });
const at = () => new Date('2026-12-01T10:00:00.000Z');

async function legacyInstall() {
  const local = createMemoryArea();
  await local.set({
    settings: { okta: { orgUrl: 'acme-admin.okta.com/admin/dashboard', authMethod: 'api-token' }, twilio: { accountSid: 'AC1' } },
    'vault.meta': { v: 1, mode: 'device-key', check: { v: 1, iv: 'aa', ct: 'bb' } },
    'vault.secret.okta.apiToken': { v: 1, iv: 'cc', ct: 'dd' },
    [RUNS_INDEX_KEY]: ['live', 'old', 'broken'],
    [runKey('live')]: run('live', 'running'),
    [runKey('old')]: run('old', 'done'),
    [runKey('broken')]: { id: 'broken', state: 'running', createdAt: '2025-12-31T09:00:00.000Z' },
    'signal.runsChanged': { runId: 'x', at: 1 },
  });
  return local;
}

describe('moveFromLocal', () => {
  it('moves settings, the vault and every run into the store once, pausing what was under way and keeping what it cannot read', async () => {
    const local = await legacyInstall();
    const store = extensionStore(new IDBFactory());
    const move = await moveFromLocal(local, store, at);

    expect(move).toEqual({ at: '2026-12-01T10:00:00.000Z', settings: true, vault: true, runs: 3, pausedRuns: 1, unreadableRuns: 1 });
    // Nothing the background acts on is left where content scripts can write it; hints may stay.
    expect(Object.keys(local.entries())).toEqual(['signal.runsChanged']);
    const moved = await store.get(['settings', 'vault.meta', 'vault.secret.okta.apiToken']);
    expect(moved.settings).toMatchObject({ okta: { orgUrl: 'https://acme.okta.com' } });
    expect(moved['vault.secret.okta.apiToken']).toEqual({ v: 1, iv: 'cc', ct: 'dd' });

    const journal = createJournal(store);
    expect(await journal.get('live')).toMatchObject({ state: 'paused', pause: { reason: 'storage-moved' } });
    const { entries } = await journal.page(0, 10);
    expect(entries.map((e) => ('unreadable' in e ? `unreadable ${e.id} ${e.createdAt}` : `${e.id} ${e.state}`))).toEqual(['live paused', 'old done', 'unreadable broken 2025-12-31T09:00:00.000Z']);
  });

  it('moves once: what a content script writes to storage.local afterwards is never read', async () => {
    const local = await legacyInstall();
    const store = extensionStore(new IDBFactory());
    const first = await moveFromLocal(local, store, at);
    await local.set({ settings: { okta: { orgUrl: 'https://evil.okta.com' } }, [RUNS_INDEX_KEY]: ['forged'], [runKey('forged')]: run('forged', 'running') });
    expect(await moveFromLocal(local, store, () => new Date())).toEqual(first);
    expect((await store.get('settings')).settings).toMatchObject({ okta: { orgUrl: 'https://acme.okta.com' } });
    expect(await createJournal(store).get('forged')).toBeNull();
  });

  it('on a fresh install moves nothing and records that, so later writes to storage.local are never picked up', async () => {
    const store = extensionStore(new IDBFactory());
    expect(await moveFromLocal(createMemoryArea(), store, at)).toEqual({ at: '2026-12-01T10:00:00.000Z', settings: false, vault: false, runs: 0, pausedRuns: 0, unreadableRuns: 0 });
    expect(Object.keys(await store.get([STORAGE_MOVE_KEY, 'settings']))).toEqual([STORAGE_MOVE_KEY]);
  });

  it('drops an org URL that is not an Okta org rather than carry it over', async () => {
    const local = createMemoryArea();
    await local.set({ settings: { okta: { orgUrl: 'not a url at all' } } });
    const store = extensionStore(new IDBFactory());
    await moveFromLocal(local, store, at);
    expect(((await store.get('settings')).settings as { okta: { orgUrl?: string } }).okta.orgUrl).toBeUndefined();
  });
});

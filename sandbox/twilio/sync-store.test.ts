import { beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../random';
import type { SandboxState, SandboxSyncService } from '../state';
import {
  addSyncListItem,
  createSyncList,
  createSyncMap,
  createSyncMapItem,
  getSyncList,
  getSyncListItem,
  getSyncMap,
  getSyncMapItem,
  onSyncChange,
  putSyncMapItem,
  querySyncListItems,
  querySyncMapItems,
  removeSyncList,
  removeSyncListItem,
  removeSyncMapItem,
  sweepExpiredSync,
  syncServices,
  updateSyncListItem,
  updateSyncMapItem,
  type SyncActor,
  type SyncChange,
  type SyncResult,
} from './sync-store';

const SERVICE = 'IS' + '1'.padStart(32, '0');
const START = new Date('2026-03-01T12:00:00.000Z');

/** The store only reads and writes `state.twilio.sync`; the rest of the world does not matter here. */
function world(): SandboxState {
  const state = { twilio: {} } as SandboxState;
  const service: SandboxSyncService = {
    sid: SERVICE,
    uniqueName: 'steward',
    friendlyName: 'Flex Steward',
    webhookUrl: null,
    aclEnabled: false,
    dateCreated: START.toISOString(),
    dateUpdated: START.toISOString(),
    documents: [],
    lists: [],
    maps: [],
  };
  syncServices(state).push(service);
  return state;
}

function value<T>(result: SyncResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('sync-store', () => {
  let state: SandboxState;
  let now: Date;
  let changes: SyncChange[];
  const actor = (identity = 'system'): SyncActor => ({ state, now, identity, random: seededRandom(3) });

  beforeEach(() => {
    state = world();
    now = START;
    changes = [];
    onSyncChange(state, (change) => changes.push(change));
  });

  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  describe('lists', () => {
    it('creates a list found by sid or unique name, and refuses a second list of that name', () => {
      const list = value(createSyncList(actor('ana@example.com'), SERVICE, { uniqueName: 'flex-steward-runs' }));
      expect(list.sid).toMatch(/^ES[0-9a-f]{32}$/);
      expect(list.createdBy).toBe('ana@example.com');
      expect(value(getSyncList(actor(), 'steward', 'flex-steward-runs')).sid).toBe(list.sid);
      expect(value(getSyncList(actor(), SERVICE, list.sid)).uniqueName).toBe('flex-steward-runs');
      expect(createSyncList(actor(), SERVICE, { uniqueName: 'flex-steward-runs' })).toEqual({ ok: false, error: expect.objectContaining({ status: 409, code: 54301 }) });
      expect(createSyncList(actor(), SERVICE, { uniqueName: 'ES' + 'a'.repeat(32) })).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 54302 }) });
    });

    it('answers 404 with the List and List Item codes for what does not exist', () => {
      expect(getSyncList(actor(), SERVICE, 'nope')).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 54150 }) });
      expect(getSyncList(actor(), 'IS' + 'f'.repeat(32), 'nope')).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 20404 }) });
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      expect(getSyncListItem(actor(), SERVICE, 'runs', 0)).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 54151 }) });
      expect(getSyncListItem(actor(), SERVICE, 'runs', -1)).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 54458 }) });
    });

    it('appends items with increasing indexes that removals never give back', () => {
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      const indexes = [1, 2, 3].map((n) => value(addSyncListItem(actor(), SERVICE, 'runs', { data: { n } })).index);
      expect(indexes).toEqual([0, 1, 2]);
      value(removeSyncListItem(actor(), SERVICE, 'runs', 2));
      expect(value(addSyncListItem(actor(), SERVICE, 'runs', { data: { n: 4 } })).index).toBe(3);
      expect(value(querySyncListItems(actor(), SERVICE, 'runs')).map((i) => i.data.n)).toEqual([1, 2, 4]);
    });

    it('requires data of at most 16 KiB to add an item', () => {
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      expect(addSyncListItem(actor(), SERVICE, 'runs', {})).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 54156 }) });
      expect(addSyncListItem(actor(), SERVICE, 'runs', { data: [1] })).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 20001 }) });
      expect(addSyncListItem(actor(), SERVICE, 'runs', { data: { blob: 'x'.repeat(16 * 1024) } })).toEqual({ ok: false, error: expect.objectContaining({ status: 413, code: 54006 }) });
      expect(value(getSyncList(actor(), SERVICE, 'runs')).items).toEqual([]);
    });

    it('reads items in either order from an index, inclusive or exclusive', () => {
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      for (let n = 0; n < 5; n++) value(addSyncListItem(actor(), SERVICE, 'runs', { data: { n } }));
      const read = (query: Parameters<typeof querySyncListItems>[3]) => value(querySyncListItems(actor(), SERVICE, 'runs', query)).map((i) => i.index);
      expect(read({})).toEqual([0, 1, 2, 3, 4]);
      expect(read({ order: 'desc' })).toEqual([4, 3, 2, 1, 0]);
      expect(read({ from: 2 })).toEqual([2, 3, 4]);
      expect(read({ from: 2, bounds: 'exclusive' })).toEqual([3, 4]);
      expect(read({ order: 'desc', from: 2 })).toEqual([2, 1, 0]);
      expect(read({ order: 'desc', from: 2, bounds: 'exclusive' })).toEqual([1, 0]);
    });

    it('updates an item only when If-Match names its revision, moving item and list revisions', () => {
      const list = value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      value(addSyncListItem(actor(), SERVICE, 'runs', { data: { step: 1 } }));
      const listRevision = list.revision;
      const updated = value(updateSyncListItem(actor('bo@example.com'), SERVICE, 'runs', 0, { data: { step: 2 }, ifMatch: '0' }));
      expect(updated).toMatchObject({ revision: 1, data: { step: 2 }, createdBy: 'system' });
      expect(list.revision).toBe(listRevision + 1);

      const stale = updateSyncListItem(actor(), SERVICE, 'runs', 0, { data: { step: 3 }, ifMatch: '0' });
      expect(stale).toEqual({ ok: false, error: expect.objectContaining({ status: 412, code: 54155 }) });
      expect(removeSyncListItem(actor(), SERVICE, 'runs', 0, { ifMatch: '"0"' })).toEqual({ ok: false, error: expect.objectContaining({ status: 412, code: 54155 }) });
      expect(value(getSyncListItem(actor(), SERVICE, 'runs', 0))).toMatchObject({ revision: 1, data: { step: 2 } });
      expect(list.revision).toBe(listRevision + 1);

      expect(value(updateSyncListItem(actor(), SERVICE, 'runs', 0, { data: { step: 3 }, ifMatch: '"1"' })).revision).toBe(2);
      expect(value(updateSyncListItem(actor(), SERVICE, 'runs', 0, { data: { step: 4 } })).revision).toBe(3);
    });

    it('expires items and lists by their TTL on the clock it is given', () => {
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs', ttl: 120 }));
      const item = value(addSyncListItem(actor(), SERVICE, 'runs', { data: {}, itemTtl: 60 }));
      expect(item.dateExpires).toBe('2026-03-01T12:01:00.000Z');
      advance(59);
      expect(getSyncListItem(actor(), SERVICE, 'runs', 0).ok).toBe(true);
      advance(1);
      expect(getSyncListItem(actor(), SERVICE, 'runs', 0)).toEqual({ ok: false, error: expect.objectContaining({ code: 54151 }) });
      expect(changes.at(-1)).toMatchObject({ type: 'list_item_removed', expired: true, item: { index: 0 } });
      advance(60);
      expect(getSyncList(actor(), SERVICE, 'runs')).toEqual({ ok: false, error: expect.objectContaining({ code: 54150 }) });
      expect(changes.at(-1)).toMatchObject({ type: 'list_removed', expired: true, list: { uniqueName: 'runs' } });
    });

    it('lets an item write renew the list TTL, and a TTL of 0 mean never', () => {
      value(createSyncList(actor(), SERVICE, { uniqueName: 'runs', ttl: 10 }));
      value(addSyncListItem(actor(), SERVICE, 'runs', { data: {}, collectionTtl: 0 }));
      advance(3600);
      expect(value(getSyncList(actor(), SERVICE, 'runs')).dateExpires).toBeNull();
    });

    it('announces removing a list with its sid', () => {
      const list = value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      value(removeSyncList(actor('ana@example.com'), SERVICE, 'runs'));
      expect(changes).toEqual([expect.objectContaining({ type: 'list_removed', serviceSid: SERVICE, list: expect.objectContaining({ sid: list.sid }), by: 'ana@example.com', expired: false })]);
      expect(changes[0]).not.toHaveProperty('list.items');
    });
  });

  describe('maps', () => {
    beforeEach(() => {
      value(createSyncMap(actor(), SERVICE, { uniqueName: 'flex-steward-locks' }));
    });

    it('creates a key once: a second create of the key is 409 54208 and changes nothing', () => {
      const first = createSyncMapItem(actor('ana@example.com'), SERVICE, 'flex-steward-locks', { key: 'email:p@example.com', data: { by: 'ana' } });
      const second = createSyncMapItem(actor('bo@example.com'), SERVICE, 'flex-steward-locks', { key: 'email:p@example.com', data: { by: 'bo' } });
      expect(first.ok).toBe(true);
      expect(second).toEqual({ ok: false, error: expect.objectContaining({ status: 409, code: 54208 }) });
      expect(value(getSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'email:p@example.com'))).toMatchObject({ data: { by: 'ana' }, createdBy: 'ana@example.com', revision: 0 });
      expect(changes.map((c) => c.type)).toEqual(['map_item_added']);
    });

    it('checks keys and item existence with the Map codes', () => {
      expect(createSyncMapItem(actor(), SERVICE, 'flex-steward-locks', { key: '', data: {} })).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 54209 }) });
      expect(createSyncMapItem(actor(), SERVICE, 'flex-steward-locks', { key: 'k' })).toEqual({ ok: false, error: expect.objectContaining({ status: 400, code: 54206 }) });
      expect(getSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k')).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 54201 }) });
      expect(getSyncMap(actor(), SERVICE, 'flex-steward-operators')).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 54200 }) });
    });

    it('renews and releases with If-Match, refusing a stale revision with 412 54205', () => {
      value(createSyncMapItem(actor(), SERVICE, 'flex-steward-locks', { key: 'k', data: { v: 1 }, itemTtl: 30 }));
      const renewed = value(updateSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { itemTtl: 90, ifMatch: '0' }));
      expect(renewed).toMatchObject({ revision: 1, data: { v: 1 }, dateExpires: '2026-03-01T12:01:30.000Z' });
      expect(updateSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { data: { v: 2 }, ifMatch: '0' })).toEqual({ ok: false, error: expect.objectContaining({ status: 412, code: 54205 }) });
      expect(removeSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { ifMatch: '0' })).toEqual({ ok: false, error: expect.objectContaining({ status: 412, code: 54205 }) });
      expect(value(getSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k'))).toMatchObject({ revision: 1, data: { v: 1 } });
      expect(value(removeSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { ifMatch: '1' })).key).toBe('k');
      expect(getSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k').ok).toBe(false);
    });

    it('frees an expired lock so the key can be claimed again', () => {
      value(createSyncMapItem(actor('ana@example.com'), SERVICE, 'flex-steward-locks', { key: 'k', data: {}, itemTtl: 60 }));
      advance(60);
      expect(createSyncMapItem(actor('bo@example.com'), SERVICE, 'flex-steward-locks', { key: 'k', data: {} }).ok).toBe(true);
      expect(changes.map((c) => [c.type, c.by, c.expired])).toEqual([
        ['map_item_added', 'ana@example.com', false],
        ['map_item_removed', 'system', true],
        ['map_item_added', 'bo@example.com', false],
      ]);
    });

    it('puts as the SDK does: If-Match -1 only creates, a revision only updates that revision', () => {
      expect(value(putSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { data: { v: 1 }, ifMatch: '-1' }))).toMatchObject({ added: true, item: { revision: 0 } });
      expect(putSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { data: { v: 2 }, ifMatch: '-1' })).toEqual({ ok: false, error: expect.objectContaining({ status: 412 }) });
      expect(value(putSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { data: { v: 2 }, ifMatch: '0' }))).toMatchObject({ added: false, item: { revision: 1, data: { v: 2 } } });
      expect(value(putSyncMapItem(actor(), SERVICE, 'flex-steward-locks', 'k', { data: { v: 3 } }))).toMatchObject({ added: false, item: { revision: 2 } });
    });

    it('reads items in key order, either way, from a key', () => {
      for (const key of ['b', 'd', 'a', 'c']) value(createSyncMapItem(actor(), SERVICE, 'flex-steward-locks', { key, data: {} }));
      const read = (query: Parameters<typeof querySyncMapItems>[3]) => value(querySyncMapItems(actor(), SERVICE, 'flex-steward-locks', query)).map((i) => i.key);
      expect(read({})).toEqual(['a', 'b', 'c', 'd']);
      expect(read({ order: 'desc' })).toEqual(['d', 'c', 'b', 'a']);
      expect(read({ from: 'b', bounds: 'exclusive' })).toEqual(['c', 'd']);
      expect(read({ order: 'desc', from: 'c' })).toEqual(['c', 'b', 'a']);
    });
  });

  describe('change events', () => {
    it('carries the service, the collection, the item as it was then and a growing event id', () => {
      const list = value(createSyncList(actor(), SERVICE, { uniqueName: 'runs' }));
      value(addSyncListItem(actor('ana@example.com'), SERVICE, 'runs', { data: { step: 1 } }));
      value(updateSyncListItem(actor('ana@example.com'), SERVICE, 'runs', 0, { data: { step: 2 } }));
      value(removeSyncListItem(actor('bo@example.com'), SERVICE, 'runs', 0));
      expect(changes).toEqual([
        expect.objectContaining({ type: 'list_item_added', serviceSid: SERVICE, list: expect.objectContaining({ sid: list.sid }), item: expect.objectContaining({ index: 0, data: { step: 1 }, revision: 0 }), eventId: 1, by: 'ana@example.com' }),
        expect.objectContaining({ type: 'list_item_updated', item: expect.objectContaining({ data: { step: 2 }, revision: 1, lastEventId: 2 }), eventId: 2 }),
        expect.objectContaining({ type: 'list_item_removed', item: expect.objectContaining({ index: 0 }), eventId: 3, by: 'bo@example.com' }),
      ]);
      expect(list.lastEventId).toBe(3);
    });

    it('belongs to one state, and stops after unsubscribing', () => {
      const other = world();
      const otherChanges: SyncChange[] = [];
      const stop = onSyncChange(other, (change) => otherChanges.push(change));
      value(createSyncMap(actor(), SERVICE, { uniqueName: 'm' }));
      value(createSyncMapItem(actor(), SERVICE, 'm', { key: 'k', data: {} }));
      expect(otherChanges).toEqual([]);
      const otherActor: SyncActor = { state: other, now, identity: 'system', random: seededRandom(4) };
      value(createSyncMap(otherActor, SERVICE, { uniqueName: 'm' }));
      value(createSyncMapItem(otherActor, SERVICE, 'm', { key: 'k', data: {} }));
      stop();
      value(createSyncMapItem(otherActor, SERVICE, 'm', { key: 'k2', data: {} }));
      expect(otherChanges.map((c) => c.type)).toEqual(['map_item_added']);
      expect(changes.map((c) => c.type)).toEqual(['map_item_added']);
    });

    it('reports expiries nobody read when swept', () => {
      value(createSyncMap(actor(), SERVICE, { uniqueName: 'm' }));
      value(createSyncMapItem(actor(), SERVICE, 'm', { key: 'k', data: {}, itemTtl: 5 }));
      advance(5);
      sweepExpiredSync({ state, now });
      expect(changes.at(-1)).toMatchObject({ type: 'map_item_removed', expired: true, item: { key: 'k' } });
    });

    it('keeps a write when a listener throws', () => {
      onSyncChange(state, () => {
        throw new Error('listener bug');
      });
      const report = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        value(createSyncMap(actor(), SERVICE, { uniqueName: 'm' }));
        expect(createSyncMapItem(actor(), SERVICE, 'm', { key: 'k', data: {} }).ok).toBe(true);
        expect(report).toHaveBeenCalledOnce();
      } finally {
        report.mockRestore();
      }
      expect(getSyncMapItem(actor(), SERVICE, 'm', 'k').ok).toBe(true);
      expect(changes).toHaveLength(1);
    });
  });
});

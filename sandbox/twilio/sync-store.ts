import { twilioSid } from '../random';
import type {
  SandboxState,
  SandboxSyncCollection,
  SandboxSyncItemFields,
  SandboxSyncList,
  SandboxSyncListItem,
  SandboxSyncMap,
  SandboxSyncMapItem,
  SandboxSyncService,
} from '../state';
import { ifMatchAllows } from './common';

/**
 * Twilio Sync's Lists and Maps as one state model, shared by the REST resources (sync.ts) and the
 * real-time endpoint the `twilio-sync` SDK speaks: both call these functions, so an item written
 * through one is read, conflicts and expires the same way through the other, and every change is
 * announced to `onSyncChange` listeners (the real-time side pushes them to subscribed clients).
 *
 * Behaviour follows Twilio's documentation:
 * - List items get an index in increasing order that is never reused ("The index is not guaranteed
 *   to be contiguous", https://www.twilio.com/docs/sync/api/listitem-resource).
 * - A list or map, its items, and documents are addressed by sid or unique name.
 * - Every change makes a new revision; `If-Match` with another revision fails with 412
 *   (54155 list item, 54205 map item: https://www.twilio.com/docs/api/errors/54155, …/54205).
 * - Creating a map item whose key exists fails with 409 54208
 *   (https://www.twilio.com/docs/api/errors/54208).
 * - TTLs are seconds from now; 0 means "never expires". Expired items and collections are gone
 *   (read lazily against the sandbox clock, or swept by `sweepExpiredSync`).
 * - `created_by` is `system` for REST writes and the token's identity for SDK writes
 *   (https://www.twilio.com/docs/sync/api/list-resource).
 */

/** Reads need the world and the sandbox clock's now, for expiry. */
export interface SyncReader {
  state: SandboxState;
  now: Date;
}

/** Writes also say who writes (`REST_IDENTITY` through REST) and where new sids come from. */
export interface SyncActor extends SyncReader {
  identity: string;
  random: () => number;
}

/** What Sync records as the author of REST writes. */
export const REST_IDENTITY = 'system';

/** https://www.twilio.com/docs/api/errors/54006: a Document's, List Item's or Map Item's data is at most 16 KiB. */
export const MAX_DATA_BYTES = 16 * 1024;
/** The spec's limit for a Map Item `Key` and a `UniqueName` ("up to 320 characters"). */
export const MAX_NAME_LENGTH = 320;

/** A refusal in Twilio's terms: the HTTP status, Twilio's error code and a sentence. */
export interface SyncFailure {
  status: number;
  code: number;
  message: string;
}

export type SyncResult<T> = { ok: true; value: T } | { ok: false; error: SyncFailure };

const ok = <T>(value: T): SyncResult<T> => ({ ok: true, value });
const fail = (status: number, code: number, message: string): { ok: false; error: SyncFailure } => ({ ok: false, error: { status, code, message } });

/** A collection as change events carry it: everything but its items. */
export type SyncListInfo = Omit<SandboxSyncList, 'items'>;
export type SyncMapInfo = Omit<SandboxSyncMap, 'items'>;

interface ChangeBase {
  serviceSid: string;
  /** The collection's event id for this change (the SDK's event `id` / `last_event_id`). */
  eventId: number;
  /** Who made the change: an SDK identity, or `system` (REST writes and expiry). */
  by: string;
  /** True when the change is a TTL running out rather than a write. */
  expired: boolean;
}

/**
 * One change, named as the Sync SDK names its events. Items and collections are copies taken
 * right after the change, so a listener that pushes them later sends what was true then.
 */
export type SyncChange =
  | (ChangeBase & { type: 'list_item_added' | 'list_item_updated' | 'list_item_removed'; list: SyncListInfo; item: SandboxSyncListItem })
  | (ChangeBase & { type: 'map_item_added' | 'map_item_updated' | 'map_item_removed'; map: SyncMapInfo; item: SandboxSyncMapItem })
  | (ChangeBase & { type: 'list_removed'; list: SyncListInfo })
  | (ChangeBase & { type: 'map_removed'; map: SyncMapInfo });

export type SyncChangeListener = (change: SyncChange) => void;

/** Per state, not per module: several sandboxes share one process in tests, and a reseed (a new state) starts with none. */
const listeners = new WeakMap<SandboxState, Set<SyncChangeListener>>();

/** Calls `listener` after every Sync change in `state`, synchronously; returns the unsubscribe function. */
export function onSyncChange(state: SandboxState, listener: SyncChangeListener): () => void {
  let set = listeners.get(state);
  if (!set) {
    set = new Set();
    listeners.set(state, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

function emit(state: SandboxState, change: SyncChange): void {
  for (const listener of listeners.get(state) ?? []) {
    // A failing subscriber must not undo or fail a write that already happened.
    try {
      listener(change);
    } catch (error) {
      console.error('sandbox: a Sync change listener failed', error);
    }
  }
}

function info<C extends { items: unknown[] }>(collection: C): Omit<C, 'items'> {
  const { items: _items, ...rest } = collection;
  return structuredClone(rest);
}

// ---------------------------------------------------------------------------------------------
// Services

/** The account's Sync services, creating the (empty) Sync state on first use. */
export function syncServices(state: SandboxState): SandboxSyncService[] {
  state.twilio.sync ??= { services: [] };
  return state.twilio.sync.services;
}

/** Sync accepts a service's sid or unique name wherever it takes a service. */
export function findSyncService(state: SandboxState, sidOrName: string): SandboxSyncService | undefined {
  return syncServices(state).find((s) => s.sid === sidOrName || (s.uniqueName !== null && s.uniqueName === sidOrName));
}

function withService<T>(reader: SyncReader, serviceSid: string, then: (service: SandboxSyncService) => SyncResult<T>): SyncResult<T> {
  const service = findSyncService(reader.state, serviceSid);
  if (!service) return fail(404, 20404, `The requested resource /Services/${serviceSid} was not found`);
  sweepService(reader, service);
  return then(service);
}

// ---------------------------------------------------------------------------------------------
// Expiry

const expired = (dateExpires: string | null, now: Date) => dateExpires !== null && new Date(dateExpires).getTime() <= now.getTime();

/** Seconds from now → an ISO date; 0 → never; absent → unchanged. Sync takes TTLs as non-negative whole seconds. */
export function expiryFrom(ttl: number | undefined, now: Date, name: string): SyncResult<string | null | undefined> {
  if (ttl === undefined) return ok(undefined);
  if (!Number.isInteger(ttl) || ttl < 0) return fail(400, 20001, `${name} must be a non-negative integer number of seconds; got ${ttl}`);
  return ok(ttl === 0 ? null : new Date(now.getTime() + ttl * 1000).toISOString());
}

function sweepService(reader: SyncReader, service: SandboxSyncService): void {
  const { state, now } = reader;
  const serviceSid = service.sid;
  for (const list of [...service.lists]) {
    if (expired(list.dateExpires, now)) {
      service.lists.splice(service.lists.indexOf(list), 1);
      list.lastEventId += 1;
      emit(state, { type: 'list_removed', serviceSid, list: info(list), eventId: list.lastEventId, by: REST_IDENTITY, expired: true });
      continue;
    }
    for (const item of list.items.filter((i) => expired(i.dateExpires, now))) {
      list.items.splice(list.items.indexOf(item), 1);
      const eventId = bump(list, now);
      emit(state, { type: 'list_item_removed', serviceSid, list: info(list), item: structuredClone(item), eventId, by: REST_IDENTITY, expired: true });
    }
  }
  for (const map of [...service.maps]) {
    if (expired(map.dateExpires, now)) {
      service.maps.splice(service.maps.indexOf(map), 1);
      map.lastEventId += 1;
      emit(state, { type: 'map_removed', serviceSid, map: info(map), eventId: map.lastEventId, by: REST_IDENTITY, expired: true });
      continue;
    }
    for (const item of map.items.filter((i) => expired(i.dateExpires, now))) {
      map.items.splice(map.items.indexOf(item), 1);
      const eventId = bump(map, now);
      emit(state, { type: 'map_item_removed', serviceSid, map: info(map), item: structuredClone(item), eventId, by: REST_IDENTITY, expired: true });
    }
  }
}

/**
 * Removes every expired list, map and item in `state` now, announcing each removal. Reads and
 * writes already do this for the service they touch; the real-time side calls it on a timer so
 * subscribers hear of expiries nobody read.
 */
export function sweepExpiredSync(reader: SyncReader): void {
  for (const service of reader.state.twilio.sync?.services ?? []) sweepService(reader, service);
}

/** Moves a collection to its next revision and event; returns the event id. */
function bump(collection: SandboxSyncCollection<unknown>, now: Date): number {
  collection.revision += 1;
  collection.lastEventId += 1;
  collection.dateUpdated = now.toISOString();
  return collection.lastEventId;
}

// ---------------------------------------------------------------------------------------------
// Input rules shared by lists and maps

/** 54302: 1–320 characters and not shaped like a sid, so a path segment is never ambiguous. */
function checkUniqueName(uniqueName: string | null | undefined): SyncResult<string | null> {
  if (uniqueName === undefined || uniqueName === null) return ok(null);
  if (uniqueName.length === 0 || uniqueName.length > MAX_NAME_LENGTH || /^[A-Z]{2}[0-9a-f]{32}$/.test(uniqueName)) {
    return fail(400, 54302, `UniqueName '${uniqueName}' must be 1 to ${MAX_NAME_LENGTH} characters and not look like a sid`);
  }
  return ok(uniqueName);
}

/** Data must be a JSON object of at most 16 KiB serialized (54006, answered 413); Documents follow the same rule. */
export function checkSyncData(data: unknown): SyncResult<Record<string, unknown>> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(400, 20001, 'Data must be a JSON object');
  const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
  if (bytes > MAX_DATA_BYTES) return fail(413, 54006, `Data is ${bytes} bytes; a Sync item holds at most 16 KiB`);
  return ok(data as Record<string, unknown>);
}

/** Sync clients send the bare `revision` as If-Match; HTTP clients echo the quoted ETag. Both count. */
export function revisionAllows(ifMatch: string | undefined, revision: number): boolean {
  return ifMatchAllows(ifMatch, String(revision)) || ifMatchAllows(ifMatch, `"${revision}"`);
}

const byName = <C extends { sid: string; uniqueName: string | null }>(collections: C[], sidOrName: string) =>
  collections.find((c) => c.sid === sidOrName || (c.uniqueName !== null && c.uniqueName === sidOrName));

export interface CollectionCreate {
  uniqueName?: string | null;
  /** Seconds; `CollectionTtl` (or its alias `Ttl`). */
  ttl?: number;
}

type CollectionKind = 'List' | 'Map';

/** Per kind: the sid prefix, and the error code when the path names none of the service's collections. */
const COLLECTION_KINDS = { List: { prefix: 'ES', notFound: 54150 }, Map: { prefix: 'MP', notFound: 54200 } } as const;

/** A new List's or Map's fields, once its unique name (54302; 409 54301 when `siblings` has it) and TTL are checked. */
function newCollection(actor: SyncActor, service: SandboxSyncService, kind: CollectionKind, siblings: SandboxSyncCollection<unknown>[], create: CollectionCreate) {
  const uniqueName = checkUniqueName(create.uniqueName);
  if (!uniqueName.ok) return uniqueName;
  if (uniqueName.value !== null && byName(siblings, uniqueName.value)) {
    return fail(409, 54301, `A ${kind} named ${uniqueName.value} already exists in Service ${service.sid}`);
  }
  const expires = expiryFrom(create.ttl, actor.now, 'CollectionTtl');
  if (!expires.ok) return expires;
  const now = actor.now.toISOString();
  const sid = twilioSid(COLLECTION_KINDS[kind].prefix, actor.random);
  return ok({ sid, uniqueName: uniqueName.value, revision: 0, lastEventId: 0, dateCreated: now, dateUpdated: now, dateExpires: expires.value ?? null, createdBy: actor.identity });
}

/** Runs `then` on the List or Map of the service that `id` names (sid or unique name), else 404. */
function withCollection<C extends SandboxSyncCollection<unknown>, T>(
  reader: SyncReader,
  serviceSid: string,
  kind: CollectionKind,
  collectionsOf: (service: SandboxSyncService) => C[],
  id: string,
  then: (service: SandboxSyncService, collection: C) => SyncResult<T>,
): SyncResult<T> {
  return withService(reader, serviceSid, (service) => {
    const collection = byName(collectionsOf(service), id);
    return collection ? then(service, collection) : fail(404, COLLECTION_KINDS[kind].notFound, `${kind} ${id} was not found in Service ${service.sid}`);
  });
}

/** Changes a List's or Map's TTL (the only thing `POST …/Lists/{Sid}` or `…/Maps/{Sid}` changes). */
function updateCollectionTtl<C extends SandboxSyncCollection<unknown>>(actor: SyncActor, collection: C, ttl: number | undefined): SyncResult<C> {
  const expires = expiryFrom(ttl, actor.now, 'CollectionTtl');
  if (!expires.ok) return expires;
  if (expires.value !== undefined) collection.dateExpires = expires.value;
  collection.dateUpdated = actor.now.toISOString();
  return ok(collection);
}

export interface ItemWrite {
  /** The item's new data; required when adding. */
  data?: unknown;
  /** Seconds until the item expires (`ItemTtl`, or its alias `Ttl`). */
  itemTtl?: number;
  /** Seconds until the parent collection expires (`CollectionTtl`). */
  collectionTtl?: number;
}

export interface Conditional {
  /** The `If-Match` header as sent: a revision, a quoted ETag, `*`, or absent. */
  ifMatch?: string;
}

interface PreparedWrite {
  data: Record<string, unknown> | undefined;
  itemExpires: string | null | undefined;
  collectionExpires: string | null | undefined;
}

function prepareWrite(write: ItemWrite, now: Date, dataRequired: { code: number; what: string } | undefined): SyncResult<PreparedWrite> {
  let data: Record<string, unknown> | undefined;
  if (write.data === undefined) {
    if (dataRequired) return fail(400, dataRequired.code, `Data is required to add a ${dataRequired.what}`);
  } else {
    const checked = checkSyncData(write.data);
    if (!checked.ok) return checked;
    data = checked.value;
  }
  const itemExpires = expiryFrom(write.itemTtl, now, 'ItemTtl');
  if (!itemExpires.ok) return itemExpires;
  const collectionExpires = expiryFrom(write.collectionTtl, now, 'CollectionTtl');
  if (!collectionExpires.ok) return collectionExpires;
  return ok({ data, itemExpires: itemExpires.value, collectionExpires: collectionExpires.value });
}

function newItemFields(actor: SyncActor, write: PreparedWrite, eventId: number): SandboxSyncItemFields {
  const now = actor.now.toISOString();
  return { data: write.data ?? {}, revision: 0, lastEventId: eventId, dateCreated: now, dateUpdated: now, dateExpires: write.itemExpires ?? null, createdBy: actor.identity };
}

function applyWrite(item: SandboxSyncItemFields, write: PreparedWrite, now: Date, eventId: number): void {
  if (write.data !== undefined) item.data = write.data;
  if (write.itemExpires !== undefined) item.dateExpires = write.itemExpires;
  item.revision += 1;
  item.lastEventId = eventId;
  item.dateUpdated = now.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Lists

export function syncLists(reader: SyncReader, serviceSid: string): SyncResult<SandboxSyncList[]> {
  return withService(reader, serviceSid, (service) => ok(service.lists));
}

export function createSyncList(actor: SyncActor, serviceSid: string, create: CollectionCreate): SyncResult<SandboxSyncList> {
  return withService(actor, serviceSid, (service) => {
    const fields = newCollection(actor, service, 'List', service.lists, create);
    if (!fields.ok) return fields;
    const list: SandboxSyncList = { ...fields.value, nextIndex: 0, items: [] };
    service.lists.push(list);
    return ok(list);
  });
}

function withList<T>(reader: SyncReader, serviceSid: string, listId: string, then: (service: SandboxSyncService, list: SandboxSyncList) => SyncResult<T>): SyncResult<T> {
  return withCollection(reader, serviceSid, 'List', (service) => service.lists, listId, then);
}

export function getSyncList(reader: SyncReader, serviceSid: string, listId: string): SyncResult<SandboxSyncList> {
  return withList(reader, serviceSid, listId, (_, list) => ok(list));
}

export function updateSyncList(actor: SyncActor, serviceSid: string, listId: string, update: { ttl?: number }): SyncResult<SandboxSyncList> {
  return withList(actor, serviceSid, listId, (_, list) => updateCollectionTtl(actor, list, update.ttl));
}

export function removeSyncList(actor: SyncActor, serviceSid: string, listId: string): SyncResult<SandboxSyncList> {
  return withList(actor, serviceSid, listId, (service, list) => {
    service.lists.splice(service.lists.indexOf(list), 1);
    list.lastEventId += 1;
    emit(actor.state, { type: 'list_removed', serviceSid: service.sid, list: info(list), eventId: list.lastEventId, by: actor.identity, expired: false });
    return ok(list);
  });
}

/** Appends an item with the next index. */
export function addSyncListItem(actor: SyncActor, serviceSid: string, listId: string, write: ItemWrite): SyncResult<SandboxSyncListItem> {
  return withList(actor, serviceSid, listId, (service, list) => {
    const prepared = prepareWrite(write, actor.now, { code: 54156, what: 'List Item' });
    if (!prepared.ok) return prepared;
    if (prepared.value.collectionExpires !== undefined) list.dateExpires = prepared.value.collectionExpires;
    const eventId = bump(list, actor.now);
    const item: SandboxSyncListItem = { index: list.nextIndex, ...newItemFields(actor, prepared.value, eventId) };
    list.nextIndex += 1;
    list.items.push(item);
    emit(actor.state, { type: 'list_item_added', serviceSid: service.sid, list: info(list), item: structuredClone(item), eventId, by: actor.identity, expired: false });
    return ok(item);
  });
}

function withListItem<T>(
  reader: SyncReader,
  serviceSid: string,
  listId: string,
  index: number,
  then: (service: SandboxSyncService, list: SandboxSyncList, item: SandboxSyncListItem) => SyncResult<T>,
): SyncResult<T> {
  return withList(reader, serviceSid, listId, (service, list) => {
    if (!Number.isInteger(index) || index < 0) return fail(400, 54458, `A List Item index is a non-negative integer; got ${index}`);
    const item = list.items.find((i) => i.index === index);
    return item ? then(service, list, item) : fail(404, 54151, `List ${list.sid} has no item ${index}`);
  });
}

export function getSyncListItem(reader: SyncReader, serviceSid: string, listId: string, index: number): SyncResult<SandboxSyncListItem> {
  return withListItem(reader, serviceSid, listId, index, (_, __, item) => ok(item));
}

const listItemMismatch = (list: SandboxSyncList, item: SandboxSyncListItem) => fail(412, 54155, `The revision of item ${item.index} of List ${list.sid} is ${item.revision}, not the one in If-Match`);

export function updateSyncListItem(actor: SyncActor, serviceSid: string, listId: string, index: number, write: ItemWrite & Conditional): SyncResult<SandboxSyncListItem> {
  return withListItem(actor, serviceSid, listId, index, (service, list, item) => {
    if (!revisionAllows(write.ifMatch, item.revision)) return listItemMismatch(list, item);
    const prepared = prepareWrite(write, actor.now, undefined);
    if (!prepared.ok) return prepared;
    if (prepared.value.collectionExpires !== undefined) list.dateExpires = prepared.value.collectionExpires;
    const eventId = bump(list, actor.now);
    applyWrite(item, prepared.value, actor.now, eventId);
    emit(actor.state, { type: 'list_item_updated', serviceSid: service.sid, list: info(list), item: structuredClone(item), eventId, by: actor.identity, expired: false });
    return ok(item);
  });
}

export function removeSyncListItem(actor: SyncActor, serviceSid: string, listId: string, index: number, condition: Conditional = {}): SyncResult<SandboxSyncListItem> {
  return withListItem(actor, serviceSid, listId, index, (service, list, item) => {
    if (!revisionAllows(condition.ifMatch, item.revision)) return listItemMismatch(list, item);
    list.items.splice(list.items.indexOf(item), 1);
    const eventId = bump(list, actor.now);
    emit(actor.state, { type: 'list_item_removed', serviceSid: service.sid, list: info(list), item: structuredClone(item), eventId, by: actor.identity, expired: false });
    return ok(item);
  });
}

/** The `Order`, `From` and `Bounds` query of the spec's item lists (defaults: asc, from the first, inclusive). */
export interface ItemQuery<K> {
  order?: 'asc' | 'desc';
  from?: K;
  bounds?: 'inclusive' | 'exclusive';
}

/** Items in `order`, starting at `from` (the first index/key to read in that order). */
function queryItems<Item, K extends string | number>(items: Item[], keyOf: (item: Item) => K, query: ItemQuery<K>): Item[] {
  const desc = query.order === 'desc';
  const ordered = desc ? [...items].reverse() : [...items];
  const { from } = query;
  if (from === undefined) return ordered;
  const exclusive = query.bounds === 'exclusive';
  return ordered.filter((item) => {
    const key = keyOf(item);
    if (key === from) return !exclusive;
    return desc ? key < from : key > from;
  });
}

export function querySyncListItems(reader: SyncReader, serviceSid: string, listId: string, query: ItemQuery<number> = {}): SyncResult<SandboxSyncListItem[]> {
  return withList(reader, serviceSid, listId, (_, list) => ok(queryItems(list.items, (i) => i.index, query)));
}

// ---------------------------------------------------------------------------------------------
// Maps

export function syncMaps(reader: SyncReader, serviceSid: string): SyncResult<SandboxSyncMap[]> {
  return withService(reader, serviceSid, (service) => ok(service.maps));
}

export function createSyncMap(actor: SyncActor, serviceSid: string, create: CollectionCreate): SyncResult<SandboxSyncMap> {
  return withService(actor, serviceSid, (service) => {
    const fields = newCollection(actor, service, 'Map', service.maps, create);
    if (!fields.ok) return fields;
    const map: SandboxSyncMap = { ...fields.value, items: [] };
    service.maps.push(map);
    return ok(map);
  });
}

function withMap<T>(reader: SyncReader, serviceSid: string, mapId: string, then: (service: SandboxSyncService, map: SandboxSyncMap) => SyncResult<T>): SyncResult<T> {
  return withCollection(reader, serviceSid, 'Map', (service) => service.maps, mapId, then);
}

export function getSyncMap(reader: SyncReader, serviceSid: string, mapId: string): SyncResult<SandboxSyncMap> {
  return withMap(reader, serviceSid, mapId, (_, map) => ok(map));
}

export function updateSyncMap(actor: SyncActor, serviceSid: string, mapId: string, update: { ttl?: number }): SyncResult<SandboxSyncMap> {
  return withMap(actor, serviceSid, mapId, (_, map) => updateCollectionTtl(actor, map, update.ttl));
}

export function removeSyncMap(actor: SyncActor, serviceSid: string, mapId: string): SyncResult<SandboxSyncMap> {
  return withMap(actor, serviceSid, mapId, (service, map) => {
    service.maps.splice(service.maps.indexOf(map), 1);
    map.lastEventId += 1;
    emit(actor.state, { type: 'map_removed', serviceSid: service.sid, map: info(map), eventId: map.lastEventId, by: actor.identity, expired: false });
    return ok(map);
  });
}

/** 54209: a key is 1 to 320 characters (the spec's limit). */
function checkKey(key: string): SyncResult<string> {
  return key.length === 0 || key.length > MAX_NAME_LENGTH ? fail(400, 54209, `A Map Item key is 1 to ${MAX_NAME_LENGTH} characters; got ${key.length}`) : ok(key);
}

/** Keeps map items in key order (lexicographic, as the spec says Sync lists them). */
function insertByKey(items: SandboxSyncMapItem[], item: SandboxSyncMapItem): void {
  const at = items.findIndex((i) => i.key > item.key);
  items.splice(at < 0 ? items.length : at, 0, item);
}

function addMapItem(actor: SyncActor, service: SandboxSyncService, map: SandboxSyncMap, key: string, write: PreparedWrite): SandboxSyncMapItem {
  if (write.collectionExpires !== undefined) map.dateExpires = write.collectionExpires;
  const eventId = bump(map, actor.now);
  const item: SandboxSyncMapItem = { key, ...newItemFields(actor, write, eventId) };
  insertByKey(map.items, item);
  emit(actor.state, { type: 'map_item_added', serviceSid: service.sid, map: info(map), item: structuredClone(item), eventId, by: actor.identity, expired: false });
  return item;
}

function changeMapItem(actor: SyncActor, service: SandboxSyncService, map: SandboxSyncMap, item: SandboxSyncMapItem, write: PreparedWrite): SandboxSyncMapItem {
  if (write.collectionExpires !== undefined) map.dateExpires = write.collectionExpires;
  const eventId = bump(map, actor.now);
  applyWrite(item, write, actor.now, eventId);
  emit(actor.state, { type: 'map_item_updated', serviceSid: service.sid, map: info(map), item: structuredClone(item), eventId, by: actor.identity, expired: false });
  return item;
}

/** Creates an item; 409 54208 when the key exists, so of two writers racing for a key exactly one wins. */
export function createSyncMapItem(actor: SyncActor, serviceSid: string, mapId: string, write: ItemWrite & { key: string }): SyncResult<SandboxSyncMapItem> {
  return withMap(actor, serviceSid, mapId, (service, map) => {
    const key = checkKey(write.key);
    if (!key.ok) return key;
    const prepared = prepareWrite(write, actor.now, { code: 54206, what: 'Map Item' });
    if (!prepared.ok) return prepared;
    if (map.items.some((i) => i.key === key.value)) return fail(409, 54208, `Map ${map.sid} already has an item with key ${key.value}`);
    return ok(addMapItem(actor, service, map, key.value, prepared.value));
  });
}

function withMapItem<T>(
  reader: SyncReader,
  serviceSid: string,
  mapId: string,
  key: string,
  then: (service: SandboxSyncService, map: SandboxSyncMap, item: SandboxSyncMapItem) => SyncResult<T>,
): SyncResult<T> {
  return withMap(reader, serviceSid, mapId, (service, map) => {
    const item = map.items.find((i) => i.key === key);
    return item ? then(service, map, item) : fail(404, 54201, `Map ${map.sid} has no item with key ${key}`);
  });
}

export function getSyncMapItem(reader: SyncReader, serviceSid: string, mapId: string, key: string): SyncResult<SandboxSyncMapItem> {
  return withMapItem(reader, serviceSid, mapId, key, (_, __, item) => ok(item));
}

const mapItemMismatch = (map: SandboxSyncMap, item: SandboxSyncMapItem) => fail(412, 54205, `The revision of item ${item.key} of Map ${map.sid} is ${item.revision}, not the one in If-Match`);

export function updateSyncMapItem(actor: SyncActor, serviceSid: string, mapId: string, key: string, write: ItemWrite & Conditional): SyncResult<SandboxSyncMapItem> {
  return withMapItem(actor, serviceSid, mapId, key, (service, map, item) => {
    if (!revisionAllows(write.ifMatch, item.revision)) return mapItemMismatch(map, item);
    const prepared = prepareWrite(write, actor.now, undefined);
    if (!prepared.ok) return prepared;
    return ok(changeMapItem(actor, service, map, item, prepared.value));
  });
}

export interface PutOutcome {
  item: SandboxSyncMapItem;
  /** True when the key was new. */
  added: boolean;
}

/**
 * Creates or updates in one step, as the SDK's `map.set` asks the real-time endpoint to:
 * `If-Match: -1` means "only if the key does not exist yet" (412 otherwise), another revision
 * means "only if it is still that one". `added` says which happened.
 */
export function putSyncMapItem(actor: SyncActor, serviceSid: string, mapId: string, key: string, write: ItemWrite & Conditional): SyncResult<PutOutcome> {
  return withMap<PutOutcome>(actor, serviceSid, mapId, (service, map) => {
    const checkedKey = checkKey(key);
    if (!checkedKey.ok) return checkedKey;
    const existing = map.items.find((i) => i.key === key);
    if (existing && (write.ifMatch === '-1' || !revisionAllows(write.ifMatch, existing.revision))) return mapItemMismatch(map, existing);
    const prepared = prepareWrite(write, actor.now, existing ? undefined : { code: 54206, what: 'Map Item' });
    if (!prepared.ok) return prepared;
    return existing ? ok({ item: changeMapItem(actor, service, map, existing, prepared.value), added: false }) : ok({ item: addMapItem(actor, service, map, key, prepared.value), added: true });
  });
}

export function removeSyncMapItem(actor: SyncActor, serviceSid: string, mapId: string, key: string, condition: Conditional = {}): SyncResult<SandboxSyncMapItem> {
  return withMapItem(actor, serviceSid, mapId, key, (service, map, item) => {
    if (!revisionAllows(condition.ifMatch, item.revision)) return mapItemMismatch(map, item);
    map.items.splice(map.items.indexOf(item), 1);
    const eventId = bump(map, actor.now);
    emit(actor.state, { type: 'map_item_removed', serviceSid: service.sid, map: info(map), item: structuredClone(item), eventId, by: actor.identity, expired: false });
    return ok(item);
  });
}

export function querySyncMapItems(reader: SyncReader, serviceSid: string, mapId: string, query: ItemQuery<string> = {}): SyncResult<SandboxSyncMapItem[]> {
  return withMap(reader, serviceSid, mapId, (_, map) => ok(queryItems(map.items, (i) => i.key, query)));
}

import { matchPath, type SandboxContext } from '../http';
import type { SandboxState, SandboxSyncList, SandboxSyncListItem, SandboxSyncMap, SandboxSyncMapItem } from '../state';
import { SANDBOX_HOSTS } from '../hosts';
import {
  addSyncListItem,
  createSyncList,
  createSyncMap,
  getSyncList,
  getSyncMap,
  onSyncChange,
  putSyncMapItem,
  removeSyncList,
  removeSyncListItem,
  removeSyncMap,
  removeSyncMapItem,
  sweepExpiredSync,
  updateSyncList,
  updateSyncListItem,
  updateSyncMap,
  updateSyncMapItem,
  type SyncActor,
  type SyncChange,
  type SyncResult,
} from './sync-store';
import type { TwilsockSession, UpstreamRequest, UpstreamResponse } from './twilsock';

/**
 * https://cds.us1.twilio.com: the Sync data API the `twilio-sync` SDK reaches only through
 * Twilsock's tunnelled requests (see twilsock.ts), served from the same state as the REST API
 * (sync-store.ts), so a write through either is seen, conflicts and expires the same way through
 * the other. The service is the token's `grants.data_sync.service_sid`; the SDK never names it.
 *
 * What twilio-sync@4.0.1 sends (`builds/lib.js`) and reads back:
 * - `Configuration` (l. 383-420): `https://cds.<region>.twilio.com` + `/v3/Lists`, `/v3/Maps`,
 *   `/v4/Subscriptions`; every request carries `Content-Type`, `Twilio-Sync-Client-Info`,
 *   `Twilio-Request-Id` and, for conditional writes, the bare revision as `If-Match`
 *   (`NetworkService`, l. 1296-1430). 429/502/503/504 are retried; the error body's `message`
 *   and `code` become the SyncError's (`mapTransportError`, l. 1253-1290).
 * - `client.list(name)` (l. 10175): `GET /v3/Lists/<name>`, and on 404 (unless open_existing)
 *   `POST /v3/Lists {unique_name, purpose, context, ttl?}`; a 409 there reopens (`_createList`,
 *   `_getList`, l. 9724-9760). The descriptor's `sid`, `unique_name`, `url`, `revision`,
 *   `last_event_id`, `date_updated`, `date_expires` and `links.items` are read
 *   (`SyncListImpl`, l. 4273-4330). `client.map(name)`: the same with `/v3/Maps {unique_name, ttl?}`.
 * - `list.getItems({from, pageSize, order})` (`_queryItemsFromServer`, l. 5074; maps l. 7135): `GET
 *   <links.items>?HideExpired=true[&Index=i][&PageToken=t][&From=f&PageSize=n&Order=asc|desc]`
 *   → `{items: [{index, url, revision, last_event_id, data, date_updated, date_expires}],
 *   meta: {previous_token, next_token}}`; `From` is inclusive (the next page starts at the last
 *   item seen and skips it, `queryItems`). Maps: `Key=k` instead of `Index`, items carry `key`.
 * - `list.push(data, {ttl})` (l. 4400): `POST <links.items> {data, ttl?}` → the item descriptor;
 *   `list.set/update/mutate`: `POST <item url> {data, ttl?}` with `If-Match` for mutate/update,
 *   412 → re-read and retry; `list.remove(i)`: `DELETE <item url>` → `{last_event_id, date_updated}`.
 * - `map.set(key, data, {ttl})` (`_putItemToServer`, l. 6710): `PUT <links.items>/<key> {data,
 *   ttl?}`; `If-Match: -1` means "only if new"; 201 = added, 200 = updated (the SDK reads the
 *   tunnelled `http_status.code`). `map.setItemTtl`: `POST <item url> {ttl}`; `map.remove(key)`: `DELETE`.
 * - Subscriptions (`Subscriptions.request`, l. 890): `POST /v4/Subscriptions
 *   {event_protocol_version: 4, action: 'establish'|'cancel', correlation_id, retried_requests,
 *   ttl_in_s: -1, requests: [{object_sid, object_type, last_event_id}]}` → `{estimated_delivery_in_ms,
 *   max_batch_size}`; then, as notifications, any events after `last_event_id` (replay) and
 *   `{event_type: 'subscription_established', correlation_id, event: {object_sid, replay_status:
 *   'completed', last_event_id}}` (or `subscription_canceled` / `subscription_failed` with
 *   `error: {status, code, message}`), read by `Subscriptions.acceptMessage` (l. 987-1160).
 *   The SDK re-establishes every subscription with its `last_event_id` after each reconnect
 *   (`onConnectionStateChanged` → `poke('reconnect')`), which is how it learns what changed meanwhile.
 * - Events (`SyncListImpl._update`, l. 5348; `SyncMapImpl._update`, l. 7241): message type
 *   `com.twilio.rtd.cds.list` / `.map` live, `twilio.sync.event` for replays (strictly ordered,
 *   `Client._routeMessage`, l. 9509), payload `{event_type, event}` with `event_type`
 *   `list_item_added|updated|removed`, `list_removed` (maps: `map_…`) and `event` = `{id,
 *   list_sid|map_sid, item_index|item_key, item_url, item_revision, item_data, date_created,
 *   date_expires, list_revision|map_revision}`; `item_data` of a removal is the data it had.
 *   An item whose TTL runs out is removed with the same event (the store's sweep, run here on a
 *   timer while anyone is subscribed).
 *
 * Not played: Documents, Streams and Insights/InstantQuery (`/v3/Documents`, `/v3/Streams`,
 * `/v3/Insights`; the project uses none), list `context`/`purpose` (Flex-internal; accepted and
 * ignored), `ttl_in_s` re-poking, and Sync's permissions/ACLs: every valid token may read and
 * write its service, as with `acl_enabled: false`.
 */

const ORIGIN = `https://${SANDBOX_HOSTS.cds}`;
/** "PageSize between 100 and 1000 returns at most 100 items" (the SDK's `queryItems` doc). */
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;
/** How soon the SDK may expect a subscription's confirmation before it asks again. */
const ESTIMATED_DELIVERY_MS = 5000;
/** How often expiries are looked for while someone is subscribed. */
const SWEEP_INTERVAL_MS = 500;

/** One event as the SDK receives it, kept for replay. */
interface LoggedEvent {
  id: number;
  eventType: SyncChange['type'];
  event: Record<string, unknown>;
}

/** Per sandbox state: each collection's events, and who listens to what. */
interface Hub {
  events: Map<string, LoggedEvent[]>;
  subscribers: Map<string, Set<TwilsockSession>>;
  sweep?: NodeJS.Timeout;
}

const hubs = new WeakMap<SandboxState, Hub>();

const isoOrNull = (date: string | null) => (date === null ? null : new Date(date).toISOString());
const listUrl = (list: { sid: string }) => `${ORIGIN}/v3/Lists/${list.sid}`;
const mapUrl = (map: { sid: string }) => `${ORIGIN}/v3/Maps/${map.sid}`;
const listItemUrl = (list: { sid: string }, index: number) => `${listUrl(list)}/Items/${index}`;
const mapItemUrl = (map: { sid: string }, key: string) => `${mapUrl(map)}/Items/${encodeURIComponent(key)}`;

function collectionDescriptor(collection: Omit<SandboxSyncList | SandboxSyncMap, 'items'>, url: string) {
  return {
    sid: collection.sid,
    unique_name: collection.uniqueName,
    url,
    revision: String(collection.revision),
    last_event_id: collection.lastEventId,
    date_created: collection.dateCreated,
    date_updated: collection.dateUpdated,
    date_expires: isoOrNull(collection.dateExpires),
    created_by: collection.createdBy,
    links: { items: `${url}/Items` },
  };
}

function itemFields(item: SandboxSyncListItem | SandboxSyncMapItem, url: string) {
  return {
    url,
    revision: String(item.revision),
    last_event_id: item.lastEventId,
    data: item.data,
    date_created: item.dateCreated,
    date_updated: item.dateUpdated,
    date_expires: isoOrNull(item.dateExpires),
    created_by: item.createdBy,
  };
}

const listItemDescriptor = (list: { sid: string }, item: SandboxSyncListItem) => ({ index: item.index, ...itemFields(item, listItemUrl(list, item.index)) });
const mapItemDescriptor = (map: { sid: string }, item: SandboxSyncMapItem) => ({ key: item.key, ...itemFields(item, mapItemUrl(map, item.key)) });

/** The event a change becomes, as `SyncListImpl._update` / `SyncMapImpl._update` read it. */
function eventOf(change: SyncChange): LoggedEvent {
  switch (change.type) {
    case 'list_item_added':
    case 'list_item_updated':
    case 'list_item_removed':
      return {
        id: change.eventId,
        eventType: change.type,
        event: {
          id: change.eventId,
          list_sid: change.list.sid,
          item_index: change.item.index,
          item_url: listItemUrl(change.list, change.item.index),
          item_revision: String(change.item.revision),
          item_data: change.item.data,
          date_created: change.list.dateUpdated,
          date_expires: isoOrNull(change.item.dateExpires),
          list_revision: String(change.list.revision),
        },
      };
    case 'map_item_added':
    case 'map_item_updated':
    case 'map_item_removed':
      return {
        id: change.eventId,
        eventType: change.type,
        event: {
          id: change.eventId,
          map_sid: change.map.sid,
          item_key: change.item.key,
          item_url: mapItemUrl(change.map, change.item.key),
          item_revision: String(change.item.revision),
          item_data: change.item.data,
          date_created: change.map.dateUpdated,
          date_expires: isoOrNull(change.item.dateExpires),
          map_revision: String(change.map.revision),
        },
      };
    case 'list_removed':
      return { id: change.eventId, eventType: change.type, event: { id: change.eventId, list_sid: change.list.sid, date_created: change.list.dateUpdated } };
    case 'map_removed':
      return { id: change.eventId, eventType: change.type, event: { id: change.eventId, map_sid: change.map.sid, date_created: change.map.dateUpdated } };
  }
}

const collectionSidOf = (change: SyncChange) => ('list' in change ? change.list.sid : change.map.sid);
const liveMessageType = (change: SyncChange) => ('list' in change ? 'com.twilio.rtd.cds.list' : 'com.twilio.rtd.cds.map');

/** The state's hub, listening to the store from the first real-time request on, so every later event can be replayed. */
function hubFor(ctx: SandboxContext): Hub {
  const hub = hubs.get(ctx.state);
  if (hub) return hub;
  const created: Hub = { events: new Map(), subscribers: new Map() };
  hubs.set(ctx.state, created);
  onSyncChange(ctx.state, (change) => {
    const sid = collectionSidOf(change);
    const logged = eventOf(change);
    created.events.set(sid, [...(created.events.get(sid) ?? []), logged]);
    for (const session of created.subscribers.get(sid) ?? []) session.notify(liveMessageType(change), { event_type: logged.eventType, event: logged.event });
  });
  return created;
}

function subscribe(hub: Hub, ctx: SandboxContext, session: TwilsockSession, sid: string) {
  const set = hub.subscribers.get(sid) ?? new Set();
  hub.subscribers.set(sid, set);
  if (set.has(session)) return;
  set.add(session);
  session.onClose(() => unsubscribe(hub, session, sid));
  hub.sweep ??= setInterval(() => sweepExpiredSync({ state: ctx.state, now: ctx.now() }), SWEEP_INTERVAL_MS).unref();
}

function unsubscribe(hub: Hub, session: TwilsockSession, sid: string) {
  hub.subscribers.get(sid)?.delete(session);
  if (hub.subscribers.get(sid)?.size === 0) hub.subscribers.delete(sid);
  if (hub.subscribers.size === 0 && hub.sweep) {
    clearInterval(hub.sweep);
    hub.sweep = undefined;
  }
}

// ---------------------------------------------------------------------------------------------

function answer<T>(result: SyncResult<T>, status: number, render: (value: T) => unknown): UpstreamResponse {
  if (!result.ok) {
    const { status: failed, code, message } = result.error;
    return { status: failed, body: { code, message, status: failed, more_info: `https://www.twilio.com/docs/errors/${code}` } };
  }
  return { status, body: render(result.value) };
}

const badRequest = (message: string): UpstreamResponse => ({ status: 400, body: { code: 20001, message, status: 400, more_info: 'https://www.twilio.com/docs/errors/20001' } });

function bodyOf(request: UpstreamRequest): Record<string, unknown> {
  return typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
}

function ttlOf(body: Record<string, unknown>): number | undefined | UpstreamResponse {
  if (body.ttl === undefined || body.ttl === null) return undefined;
  return typeof body.ttl === 'number' ? body.ttl : badRequest('ttl must be a number of seconds');
}

function header(request: UpstreamRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found?.[1];
}

/** A page of a collection's items in the CDS shape; tokens carry where the next page starts. */
function page<Item, K extends string | number>(items: Item[], keyOf: (item: Item) => K, parseKey: (text: string) => K, query: URLSearchParams, render: (item: Item) => unknown, single: K | undefined) {
  if (single !== undefined) {
    const found = items.filter((item) => keyOf(item) === single);
    return { items: found.map(render), meta: { previous_token: null, next_token: null } };
  }
  const size = Math.min(Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const token = query.get('PageToken');
  const position = token ? (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { from: K; order: 'asc' | 'desc' }) : undefined;
  const order = position?.order ?? (query.get('Order') === 'desc' ? 'desc' : 'asc');
  const fromText = query.get('From');
  const from = position?.from ?? (fromText === null ? undefined : parseKey(fromText));
  const ordered = order === 'desc' ? [...items].reverse() : items;
  const start = from === undefined ? 0 : ordered.findIndex((item) => (order === 'desc' ? keyOf(item) <= from : keyOf(item) >= from));
  const begin = start < 0 ? ordered.length : start;
  const slice = ordered.slice(begin, begin + size);
  const tokenAt = (at: K, direction: 'asc' | 'desc') => Buffer.from(JSON.stringify({ from: at, order: direction })).toString('base64url');
  const next = ordered[begin + size];
  const previous = begin > 0 ? ordered[begin - 1] : undefined;
  return {
    items: slice.map(render),
    meta: {
      previous_token: previous === undefined ? null : tokenAt(keyOf(previous), order === 'desc' ? 'asc' : 'desc'),
      next_token: next === undefined ? null : tokenAt(keyOf(next), order),
    },
  };
}

interface SubscriptionRequest {
  object_sid?: unknown;
  object_type?: unknown;
  last_event_id?: unknown;
}

/** Confirms (after replaying what the client missed) or cancels each subscription, once the POST has been answered. */
function deliverSubscriptions(hub: Hub, ctx: SandboxContext, session: TwilsockSession, action: string, correlationId: unknown, requests: SubscriptionRequest[]) {
  const serviceSid = session.claims.serviceSid;
  const reader = { state: ctx.state, now: ctx.now() };
  for (const request of requests) {
    const sid = String(request.object_sid);
    if (action === 'cancel') {
      unsubscribe(hub, session, sid);
      session.notify('twilio.sync.event', { event_type: 'subscription_canceled', correlation_id: correlationId, event: { object_sid: sid } });
      continue;
    }
    const found = request.object_type === 'map' ? getSyncMap(reader, serviceSid, sid) : getSyncList(reader, serviceSid, sid);
    if (!found.ok) {
      const { status, code, message } = found.error;
      session.notify('twilio.sync.event', { event_type: 'subscription_failed', correlation_id: correlationId, event: { object_sid: sid, error: { status, code, message } } });
      continue;
    }
    const after = typeof request.last_event_id === 'number' ? request.last_event_id : found.value.lastEventId;
    for (const missed of (hub.events.get(sid) ?? []).filter((e) => e.id > after)) {
      session.notify('twilio.sync.event', { event_type: missed.eventType, correlation_id: correlationId, event: missed.event });
    }
    subscribe(hub, ctx, session, sid);
    session.notify('twilio.sync.event', {
      event_type: 'subscription_established',
      correlation_id: correlationId,
      event: { object_sid: sid, object_type: request.object_type, replay_status: 'completed', last_event_id: found.value.lastEventId },
    });
  }
}

export function cdsUpstream(session: TwilsockSession, request: UpstreamRequest, ctx: SandboxContext): UpstreamResponse {
  if (request.host !== SANDBOX_HOSTS.cds) return { status: 404, body: { code: 20404, message: `No such host ${request.host}`, status: 404 } };
  const hub = hubFor(ctx);
  const serviceSid = session.claims.serviceSid;
  const actor: SyncActor = { state: ctx.state, now: ctx.now(), identity: session.claims.identity, random: ctx.random };
  const body = bodyOf(request);
  const ttl = ttlOf(body);
  if (typeof ttl === 'object') return ttl;
  const ifMatch = header(request, 'If-Match');
  const uniqueName = typeof body.unique_name === 'string' ? body.unique_name : null;
  const route = (method: string, pattern: string) => (request.method === method ? matchPath(pattern, request.path) : undefined);
  /** Items are addressed under the collection's sid whichever name the request used. */
  const inList = (id: string, then: (list: SandboxSyncList) => UpstreamResponse) => {
    const list = getSyncList(actor, serviceSid, id);
    return list.ok ? then(list.value) : answer(list, 0, () => undefined);
  };
  const inMap = (id: string, then: (map: SandboxSyncMap) => UpstreamResponse) => {
    const map = getSyncMap(actor, serviceSid, id);
    return map.ok ? then(map.value) : answer(map, 0, () => undefined);
  };
  const removal = (collection: { lastEventId: number }) => ({ last_event_id: collection.lastEventId, date_updated: actor.now.toISOString() });
  let params: Record<string, string> | undefined;

  if (route('POST', '/v4/Subscriptions')) {
    const requests = Array.isArray(body.requests) ? (body.requests as SubscriptionRequest[]) : [];
    const action = body.action === 'cancel' ? 'cancel' : 'establish';
    // After the reply: the SDK records its request before it reads notifications about it.
    setImmediate(() => deliverSubscriptions(hub, ctx, session, action, body.correlation_id, requests));
    return { status: 200, body: { estimated_delivery_in_ms: ESTIMATED_DELIVERY_MS, max_batch_size: MAX_PAGE_SIZE } };
  }

  if (route('POST', '/v3/Lists')) return answer(createSyncList(actor, serviceSid, { uniqueName, ttl }), 201, (l) => collectionDescriptor(l, listUrl(l)));
  if ((params = route('GET', '/v3/Lists/:list'))) return inList(params.list!, (l) => ({ status: 200, body: collectionDescriptor(l, listUrl(l)) }));
  if ((params = route('POST', '/v3/Lists/:list'))) return answer(updateSyncList(actor, serviceSid, params.list!, { ttl }), 200, (l) => collectionDescriptor(l, listUrl(l)));
  if ((params = route('DELETE', '/v3/Lists/:list'))) return answer(removeSyncList(actor, serviceSid, params.list!), 204, () => undefined);
  if ((params = route('GET', '/v3/Lists/:list/Items'))) {
    const index = request.query.get('Index');
    return inList(params.list!, (l) => ({ status: 200, body: page(l.items, (i) => i.index, Number, request.query, (i) => listItemDescriptor(l, i), index === null ? undefined : Number(index)) }));
  }
  if ((params = route('POST', '/v3/Lists/:list/Items'))) {
    return inList(params.list!, (l) => answer(addSyncListItem(actor, serviceSid, l.sid, { data: body.data, itemTtl: ttl }), 201, (i) => listItemDescriptor(l, i)));
  }
  const itemIndex = () => Number(params!.index);
  if ((params = route('POST', '/v3/Lists/:list/Items/:index'))) {
    return inList(params.list!, (l) => answer(updateSyncListItem(actor, serviceSid, l.sid, itemIndex(), { data: body.data, itemTtl: ttl, ifMatch }), 200, (i) => listItemDescriptor(l, i)));
  }
  if ((params = route('DELETE', '/v3/Lists/:list/Items/:index'))) {
    return inList(params.list!, (l) => answer(removeSyncListItem(actor, serviceSid, l.sid, itemIndex(), { ifMatch }), 200, (i) => ({ index: i.index, ...removal(l) })));
  }

  if (route('POST', '/v3/Maps')) return answer(createSyncMap(actor, serviceSid, { uniqueName, ttl }), 201, (m) => collectionDescriptor(m, mapUrl(m)));
  if ((params = route('GET', '/v3/Maps/:map'))) return inMap(params.map!, (m) => ({ status: 200, body: collectionDescriptor(m, mapUrl(m)) }));
  if ((params = route('POST', '/v3/Maps/:map'))) return answer(updateSyncMap(actor, serviceSid, params.map!, { ttl }), 200, (m) => collectionDescriptor(m, mapUrl(m)));
  if ((params = route('DELETE', '/v3/Maps/:map'))) return answer(removeSyncMap(actor, serviceSid, params.map!), 204, () => undefined);
  if ((params = route('GET', '/v3/Maps/:map/Items'))) {
    return inMap(params.map!, (m) => ({ status: 200, body: page(m.items, (i) => i.key, String, request.query, (i) => mapItemDescriptor(m, i), request.query.get('Key') ?? undefined) }));
  }
  if ((params = route('PUT', '/v3/Maps/:map/Items/:key'))) {
    const key = params.key!;
    return inMap(params.map!, (m) => {
      const put = putSyncMapItem(actor, serviceSid, m.sid, key, { data: body.data, itemTtl: ttl, ifMatch });
      return answer(put, put.ok && put.value.added ? 201 : 200, (p) => mapItemDescriptor(m, p.item));
    });
  }
  if ((params = route('POST', '/v3/Maps/:map/Items/:key'))) {
    const key = params.key!;
    return inMap(params.map!, (m) => answer(updateSyncMapItem(actor, serviceSid, m.sid, key, { data: body.data, itemTtl: ttl, ifMatch }), 200, (i) => mapItemDescriptor(m, i)));
  }
  if ((params = route('DELETE', '/v3/Maps/:map/Items/:key'))) {
    const key = params.key!;
    return inMap(params.map!, (m) => answer(removeSyncMapItem(actor, serviceSid, m.sid, key, { ifMatch }), 200, (i) => ({ key: i.key, ...removal(m) })));
  }
  return { status: 404, body: { code: 20404, message: `The requested resource ${request.path} was not found`, status: 404 } };
}

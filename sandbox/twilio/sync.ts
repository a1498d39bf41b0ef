import { SANDBOX_HOSTS } from '../hosts';
import { json, noContent, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { twilioSid } from '../random';
import type { SandboxSyncDocument, SandboxSyncList, SandboxSyncListItem, SandboxSyncMap, SandboxSyncMapItem, SandboxSyncService, SandboxSyncStamps } from '../state';
import { invalidParameter, isResponse, listPage, notFound, parseBoolean, parsePaging, twilioDate, twilioError } from './common';
import { twilioHost, type RouteArgs, type TwilioRoute } from './router';
import {
  addSyncListItem,
  checkSyncData,
  createSyncList,
  createSyncMap,
  createSyncMapItem,
  expiryFrom,
  findSyncService,
  getSyncList,
  getSyncListItem,
  getSyncMap,
  getSyncMapItem,
  querySyncListItems,
  querySyncMapItems,
  removeSyncList,
  removeSyncListItem,
  removeSyncMap,
  removeSyncMapItem,
  REST_IDENTITY,
  revisionAllows,
  syncLists,
  syncMaps,
  syncServices,
  updateSyncList,
  updateSyncListItem,
  updateSyncMap,
  updateSyncMapItem,
  type CollectionCreate,
  type ItemQuery,
  type SyncActor,
  type SyncResult,
} from './sync-store';

/**
 * sync.twilio.com: Services, Documents, Lists and List Items, Maps and Map Items
 * (twilio_sync_v1.json), the REST half of team mode. Lists and Maps live in sync-store.ts, which
 * the real-time endpoint shares; this module reads Twilio's form fields, renders the spec's JSON
 * and turns the store's refusals into Twilio's error bodies. State lives in `state.twilio.sync`,
 * created on first write so the generator need not know about Sync.
 */

const HOST = SANDBOX_HOSTS.sync;
const ORIGIN = `https://${HOST}`;
/** Sync lists allow at most 100 per page, unlike TaskRouter's 1000. */
const MAX_PAGE_SIZE = 100;

const serviceUrl = (service: SandboxSyncService) => `${ORIGIN}/v1/Services/${service.sid}`;
const documentUrl = (service: SandboxSyncService, document: SandboxSyncDocument) => `${serviceUrl(service)}/Documents/${document.sid}`;

function renderService(service: SandboxSyncService, accountSid: string) {
  const url = serviceUrl(service);
  return {
    sid: service.sid,
    unique_name: service.uniqueName,
    account_sid: accountSid,
    friendly_name: service.friendlyName,
    date_created: twilioDate(service.dateCreated),
    date_updated: twilioDate(service.dateUpdated),
    url,
    webhook_url: service.webhookUrl,
    webhooks_from_rest_enabled: false,
    reachability_webhooks_enabled: false,
    acl_enabled: service.aclEnabled,
    reachability_debouncing_enabled: false,
    reachability_debouncing_window: 5000,
    links: { documents: `${url}/Documents`, lists: `${url}/Lists`, maps: `${url}/Maps`, streams: `${url}/Streams` },
  };
}

/** The write stamps every Sync resource answers with (Documents, Lists, Maps and their items). */
function renderStamps(stamps: SandboxSyncStamps) {
  return {
    revision: String(stamps.revision),
    date_expires: twilioDate(stamps.dateExpires),
    date_created: twilioDate(stamps.dateCreated),
    date_updated: twilioDate(stamps.dateUpdated),
    created_by: stamps.createdBy,
  };
}

function renderDocument(document: SandboxSyncDocument, service: SandboxSyncService, accountSid: string) {
  const url = documentUrl(service, document);
  return {
    sid: document.sid,
    unique_name: document.uniqueName,
    account_sid: accountSid,
    service_sid: service.sid,
    url,
    links: { permissions: `${url}/Permissions` },
    data: document.data,
    ...renderStamps(document),
  };
}

const documentEtag = (document: SandboxSyncDocument) => `"${document.revision}"`;

const services = (ctx: SandboxContext) => syncServices(ctx.state);

/** Documents whose TTL has run out are gone, as Sync evicts them. */
function liveDocuments(service: SandboxSyncService, ctx: SandboxContext): SandboxSyncDocument[] {
  const now = ctx.now().getTime();
  service.documents = service.documents.filter((d) => d.dateExpires === null || new Date(d.dateExpires).getTime() > now);
  return service.documents;
}

function findService(ctx: SandboxContext, sid: string | undefined) {
  return sid === undefined ? undefined : findSyncService(ctx.state, sid);
}

/** A document may be addressed by its sid or its unique name. */
function findDocument(service: SandboxSyncService, ctx: SandboxContext, key: string | undefined) {
  return liveDocuments(service, ctx).find((d) => d.sid === key || (d.uniqueName !== null && d.uniqueName === key));
}

/** The store's refusal as Twilio's error body. */
const failure = (error: { status: number; code: number; message: string }) => twilioError(error.status, error.code, error.message);

/**
 * `Data` is a JSON string in the form; the store checks what it holds. Wrapped in `{ value }` so
 * user data with a `status` key is never mistaken for a response.
 */
function readJson(text: string | null): { value: unknown } | SandboxResponse {
  if (text === null) return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return invalidParameter('Data must be a JSON object');
  }
}

function readData(text: string | null): { value: Record<string, unknown> | undefined } | SandboxResponse {
  const parsed = readJson(text);
  if (isResponse(parsed)) return parsed;
  if (parsed.value === undefined) return { value: undefined };
  const checked = checkSyncData(parsed.value);
  return checked.ok ? { value: checked.value } : failure(checked.error);
}

/** A TTL field in seconds, as the spec's integer; absent → undefined. The store checks the range. */
function readSeconds(form: URLSearchParams, name: string): { value: number | undefined } | SandboxResponse {
  const text = form.get(name);
  if (text === null) return { value: undefined };
  const seconds = Number(text);
  return text.trim() !== '' && Number.isInteger(seconds) ? { value: seconds } : invalidParameter(`${name} must be an integer number of seconds; got '${text}'`);
}

/** `Ttl` is the alias the spec says is ignored when the named field is also given. */
function readTtl(form: URLSearchParams, name: 'ItemTtl' | 'CollectionTtl'): { value: number | undefined } | SandboxResponse {
  const named = readSeconds(form, name);
  if (isResponse(named) || named.value !== undefined) return named;
  return readSeconds(form, 'Ttl');
}

/** A document's `Ttl` as its new expiry: a date, null for "never" (0), undefined when absent. */
function readExpiry(form: URLSearchParams, ctx: SandboxContext): { value: string | null | undefined } | SandboxResponse {
  const ttl = readSeconds(form, 'Ttl');
  if (isResponse(ttl)) return ttl;
  const expires = expiryFrom(ttl.value, ctx.now(), 'Ttl');
  return expires.ok ? { value: expires.value } : failure(expires.error);
}

function listServices({ req, ctx, accountSid }: RouteArgs): SandboxResponse {
  const paging = parsePaging(req.url.searchParams, MAX_PAGE_SIZE);
  if (isResponse(paging)) return paging;
  const page = listPage({ origin: ORIGIN, path: '/v1/Services', key: 'services', filters: [], paging, items: services(ctx), sidOf: (s) => s.sid, render: (s) => renderService(s, accountSid) });
  return json(200, page.body);
}

function createService({ req, ctx, accountSid }: RouteArgs): SandboxResponse {
  const aclText = req.form.get('AclEnabled');
  const aclEnabled = parseBoolean(aclText);
  if (aclText !== null && aclEnabled === undefined) return invalidParameter(`AclEnabled must be true or false; got '${aclText}'`);
  const webhookUrl = req.form.get('WebhookUrl');
  if (webhookUrl !== null && !URL.canParse(webhookUrl)) return invalidParameter(`WebhookUrl must be an absolute URL; got '${webhookUrl}'`);
  const now = ctx.now().toISOString();
  const service: SandboxSyncService = {
    sid: twilioSid('IS', ctx.random),
    uniqueName: null,
    friendlyName: req.form.get('FriendlyName'),
    webhookUrl,
    aclEnabled: aclEnabled ?? false,
    dateCreated: now,
    dateUpdated: now,
    documents: [],
    lists: [],
    maps: [],
  };
  services(ctx).push(service);
  return json(201, renderService(service, accountSid));
}

function fetchService({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const service = findService(ctx, params.sid);
  return service ? json(200, renderService(service, accountSid)) : notFound(req);
}

function listDocuments({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const service = findService(ctx, params.serviceSid);
  if (!service) return notFound(req);
  const paging = parsePaging(req.url.searchParams, MAX_PAGE_SIZE);
  if (isResponse(paging)) return paging;
  const page = listPage({
    origin: ORIGIN,
    path: `/v1/Services/${service.sid}/Documents`,
    key: 'documents',
    filters: [],
    paging,
    items: liveDocuments(service, ctx),
    sidOf: (d) => d.sid,
    render: (d) => renderDocument(d, service, accountSid),
  });
  return json(200, page.body);
}

function createDocument({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const service = findService(ctx, params.serviceSid);
  if (!service) return notFound(req);
  const uniqueName = req.form.get('UniqueName');
  if (uniqueName !== null && findDocument(service, ctx, uniqueName)) return twilioError(409, 54301, `A Document named ${uniqueName} already exists in Service ${service.sid}`);
  const data = readData(req.form.get('Data'));
  if (isResponse(data)) return data;
  const expires = readExpiry(req.form, ctx);
  if (isResponse(expires)) return expires;
  const now = ctx.now().toISOString();
  const document: SandboxSyncDocument = {
    sid: twilioSid('ET', ctx.random),
    uniqueName,
    data: data.value ?? {},
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires: expires.value ?? null,
    createdBy: REST_IDENTITY,
  };
  service.documents.push(document);
  return json(201, renderDocument(document, service, accountSid), { etag: documentEtag(document) });
}

function withDocument(args: RouteArgs, then: (service: SandboxSyncService, document: SandboxSyncDocument) => SandboxResponse): SandboxResponse {
  const service = findService(args.ctx, args.params.serviceSid);
  const document = service && findDocument(service, args.ctx, args.params.sid);
  return service && document ? then(service, document) : notFound(args.req);
}

function fetchDocument(args: RouteArgs): SandboxResponse {
  return withDocument(args, (service, document) => json(200, renderDocument(document, service, args.accountSid), { etag: documentEtag(document) }));
}

function updateDocument(args: RouteArgs): SandboxResponse {
  const { req, ctx } = args;
  return withDocument(args, (service, document) => {
    if (!revisionAllows(req.headers['if-match'], document.revision)) {
      return twilioError(412, 54103, `The revision of Document ${document.sid} is ${document.revision}, not the one in If-Match`);
    }
    const data = readData(req.form.get('Data'));
    if (isResponse(data)) return data;
    const expires = readExpiry(req.form, ctx);
    if (isResponse(expires)) return expires;
    if (data.value !== undefined) document.data = data.value;
    if (expires.value !== undefined) document.dateExpires = expires.value;
    document.revision += 1;
    document.dateUpdated = ctx.now().toISOString();
    return json(200, renderDocument(document, service, args.accountSid), { etag: documentEtag(document) });
  });
}

function deleteDocument(args: RouteArgs): SandboxResponse {
  return withDocument(args, (service, document) => {
    service.documents.splice(service.documents.indexOf(document), 1);
    return noContent();
  });
}

// ---------------------------------------------------------------------------------------------
// Lists and Maps, on sync-store.ts

const restActor = (ctx: SandboxContext): SyncActor => ({ state: ctx.state, now: ctx.now(), identity: REST_IDENTITY, random: ctx.random });
const etag = (revision: number) => `"${revision}"`;
const listUrl = (serviceSid: string, list: SandboxSyncList) => `${ORIGIN}/v1/Services/${serviceSid}/Lists/${list.sid}`;
const mapUrl = (serviceSid: string, map: SandboxSyncMap) => `${ORIGIN}/v1/Services/${serviceSid}/Maps/${map.sid}`;

function renderCollection(url: string, collection: SandboxSyncList | SandboxSyncMap, serviceSid: string, accountSid: string) {
  return {
    sid: collection.sid,
    unique_name: collection.uniqueName,
    account_sid: accountSid,
    service_sid: serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    ...renderStamps(collection),
  };
}

const renderList = (list: SandboxSyncList, serviceSid: string, accountSid: string) => renderCollection(listUrl(serviceSid, list), list, serviceSid, accountSid);
const renderMap = (map: SandboxSyncMap, serviceSid: string, accountSid: string) => renderCollection(mapUrl(serviceSid, map), map, serviceSid, accountSid);

function renderListItem(item: SandboxSyncListItem, list: SandboxSyncList, serviceSid: string, accountSid: string) {
  return {
    index: item.index,
    account_sid: accountSid,
    service_sid: serviceSid,
    list_sid: list.sid,
    url: `${listUrl(serviceSid, list)}/Items/${item.index}`,
    data: item.data,
    ...renderStamps(item),
  };
}

function renderMapItem(item: SandboxSyncMapItem, map: SandboxSyncMap, serviceSid: string, accountSid: string) {
  return {
    key: item.key,
    account_sid: accountSid,
    service_sid: serviceSid,
    map_sid: map.sid,
    url: `${mapUrl(serviceSid, map)}/Items/${encodeURIComponent(item.key)}`,
    data: item.data,
    ...renderStamps(item),
  };
}

/** A store result as a response: the rendered value with its ETag, or Twilio's error. */
function answer<T extends { revision: number }>(result: SyncResult<T>, status: number, render: (value: T) => unknown): SandboxResponse {
  return result.ok ? json(status, render(result.value), { etag: etag(result.value.revision) }) : failure(result.error);
}

const answerDeleted = (result: SyncResult<unknown>): SandboxResponse => (result.ok ? noContent() : failure(result.error));

/** Twilio answers with the service's sid even when the path named it by unique name. */
const serviceSidOf = ({ ctx, params }: RouteArgs) => findService(ctx, params.serviceSid)?.sid ?? params.serviceSid!;

/** The page of a service's lists or maps, in sid order like every other Twilio list. */
function collectionPage<C extends SandboxSyncList | SandboxSyncMap>(
  args: RouteArgs,
  kind: 'Lists' | 'Maps',
  read: (actor: SyncActor, serviceSid: string) => SyncResult<C[]>,
  render: (c: C, serviceSid: string, accountSid: string) => unknown,
): SandboxResponse {
  const serviceSid = serviceSidOf(args);
  const result = read(restActor(args.ctx), serviceSid);
  if (!result.ok) return failure(result.error);
  const paging = parsePaging(args.req.url.searchParams, MAX_PAGE_SIZE);
  if (isResponse(paging)) return paging;
  const path = `/v1/Services/${serviceSid}/${kind}`;
  const page = listPage({ origin: ORIGIN, path, key: kind.toLowerCase(), filters: [], paging, items: result.value, sidOf: (c) => c.sid, render: (c) => render(c, serviceSid, args.accountSid) });
  return json(200, page.body);
}

function readCollectionCreate(form: URLSearchParams) {
  const ttl = readTtl(form, 'CollectionTtl');
  return isResponse(ttl) ? ttl : { uniqueName: form.get('UniqueName'), ttl: ttl.value };
}

function readItemWrite(form: URLSearchParams) {
  const data = readJson(form.get('Data'));
  if (isResponse(data)) return data;
  const itemTtl = readTtl(form, 'ItemTtl');
  if (isResponse(itemTtl)) return itemTtl;
  const collectionTtl = readSeconds(form, 'CollectionTtl');
  if (isResponse(collectionTtl)) return collectionTtl;
  return { write: { data: data.value, itemTtl: itemTtl.value, collectionTtl: collectionTtl.value } };
}

/** The spec's `Order`, `From` and `Bounds`; `From` is read by `readFrom` (an index for lists, a key for maps). */
function readItemQuery<K>(query: URLSearchParams, readFrom: (text: string) => K | undefined): ItemQuery<K> | SandboxResponse {
  const order = query.get('Order');
  if (order !== null && order !== 'asc' && order !== 'desc') return invalidParameter(`Order must be asc or desc; got '${order}'`);
  const bounds = query.get('Bounds');
  if (bounds !== null && bounds !== 'inclusive' && bounds !== 'exclusive') return invalidParameter(`Bounds must be inclusive or exclusive; got '${bounds}'`);
  const fromText = query.get('From');
  const from = fromText === null ? undefined : readFrom(fromText);
  if (fromText !== null && from === undefined) return invalidParameter(`From must be a List Item index; got '${fromText}'`);
  return { order: order ?? undefined, from, bounds: bounds ?? undefined };
}

const readIndex = (text: string) => (/^\d+$/.test(text) ? Number(text) : undefined);

/**
 * One page of items. `Page` is "simply for client state" (the spec), so pages are positioned by
 * `From` alone: the next page starts after this page's last item (`Bounds=exclusive`), the
 * previous one at the item `PageSize` places back.
 */
function itemPage<Item, K extends string | number>(options: {
  req: SandboxRequest;
  path: string;
  read: (query: ItemQuery<K>) => SyncResult<Item[]>;
  readFrom: (text: string) => K | undefined;
  keyOf: (item: Item) => K;
  render: (item: Item) => unknown;
}): SandboxResponse {
  const { req, path, read, keyOf } = options;
  const query = readItemQuery(req.url.searchParams, options.readFrom);
  if (isResponse(query)) return query;
  const paging = parsePaging(req.url.searchParams, MAX_PAGE_SIZE);
  if (isResponse(paging)) return paging;
  const matching = read(query);
  if (!matching.ok) return failure(matching.error);
  const items = matching.value.slice(0, paging.pageSize);
  const order = query.order ?? 'asc';
  const url = (page: number, from?: K, bounds?: 'inclusive' | 'exclusive') => {
    const q = new URLSearchParams({ Order: order });
    if (from !== undefined) q.set('From', String(from));
    if (bounds) q.set('Bounds', bounds);
    q.set('PageSize', String(paging.pageSize));
    q.set('Page', String(page));
    return `${ORIGIN}${path}?${q.toString()}`;
  };
  const first = items[0];
  const last = items.at(-1);
  const next = last !== undefined && matching.value.length > items.length ? url(paging.page + 1, keyOf(last), 'exclusive') : null;
  let previous: string | null = null;
  if (first !== undefined) {
    const before = read({ order: order === 'asc' ? 'desc' : 'asc', from: keyOf(first), bounds: 'exclusive' });
    const start = before.ok ? before.value.slice(0, paging.pageSize).at(-1) : undefined;
    if (start !== undefined) previous = url(Math.max(paging.page - 1, 0), keyOf(start), 'inclusive');
  }
  return json(200, {
    items: items.map(options.render),
    meta: { page: paging.page, page_size: paging.pageSize, first_page_url: url(0), previous_page_url: previous, url: url(paging.page, query.from, query.bounds), next_page_url: next, key: 'items' },
  });
}

/** Resolves the list or map the path names (sid or unique name) first, so item answers carry its sid. */
function onCollection<C>(
  args: RouteArgs,
  get: (actor: SyncActor, serviceSid: string, sidOrName: string) => SyncResult<C>,
  sidOrName: string,
  then: (actor: SyncActor, serviceSid: string, collection: C) => SandboxResponse,
): SandboxResponse {
  const actor = restActor(args.ctx);
  const serviceSid = serviceSidOf(args);
  const collection = get(actor, serviceSid, sidOrName);
  return collection.ok ? then(actor, serviceSid, collection.value) : failure(collection.error);
}

const onList = (args: RouteArgs, then: (actor: SyncActor, serviceSid: string, list: SandboxSyncList) => SandboxResponse) => onCollection(args, getSyncList, args.params.listSid!, then);
const onMap = (args: RouteArgs, then: (actor: SyncActor, serviceSid: string, map: SandboxSyncMap) => SandboxResponse) => onCollection(args, getSyncMap, args.params.mapSid!, then);

const listLists = (args: RouteArgs) => collectionPage(args, 'Lists', syncLists, renderList);
const listMaps = (args: RouteArgs) => collectionPage(args, 'Maps', syncMaps, renderMap);

function createCollection<C extends SandboxSyncList | SandboxSyncMap>(
  args: RouteArgs,
  create: (actor: SyncActor, serviceSid: string, fields: CollectionCreate) => SyncResult<C>,
  render: (c: C, serviceSid: string, accountSid: string) => unknown,
): SandboxResponse {
  const fields = readCollectionCreate(args.req.form);
  if (isResponse(fields)) return fields;
  const serviceSid = serviceSidOf(args);
  return answer(create(restActor(args.ctx), serviceSid, fields), 201, (c) => render(c, serviceSid, args.accountSid));
}

function updateCollection<C extends SandboxSyncList | SandboxSyncMap>(
  args: RouteArgs,
  update: (actor: SyncActor, serviceSid: string, sidOrName: string, fields: { ttl?: number }) => SyncResult<C>,
  render: (c: C, serviceSid: string, accountSid: string) => unknown,
): SandboxResponse {
  const ttl = readTtl(args.req.form, 'CollectionTtl');
  if (isResponse(ttl)) return ttl;
  const serviceSid = serviceSidOf(args);
  return answer(update(restActor(args.ctx), serviceSid, args.params.sid!, { ttl: ttl.value }), 200, (c) => render(c, serviceSid, args.accountSid));
}

const createList = (args: RouteArgs) => createCollection(args, createSyncList, renderList);
const createMap = (args: RouteArgs) => createCollection(args, createSyncMap, renderMap);
const updateList = (args: RouteArgs) => updateCollection(args, updateSyncList, renderList);
const updateMap = (args: RouteArgs) => updateCollection(args, updateSyncMap, renderMap);

function fetchList(args: RouteArgs): SandboxResponse {
  const serviceSid = serviceSidOf(args);
  return answer(getSyncList(restActor(args.ctx), serviceSid, args.params.sid!), 200, (list) => renderList(list, serviceSid, args.accountSid));
}

function fetchMap(args: RouteArgs): SandboxResponse {
  const serviceSid = serviceSidOf(args);
  return answer(getSyncMap(restActor(args.ctx), serviceSid, args.params.sid!), 200, (map) => renderMap(map, serviceSid, args.accountSid));
}

const deleteList = (args: RouteArgs) => answerDeleted(removeSyncList(restActor(args.ctx), serviceSidOf(args), args.params.sid!));
const deleteMap = (args: RouteArgs) => answerDeleted(removeSyncMap(restActor(args.ctx), serviceSidOf(args), args.params.sid!));

function listListItems(args: RouteArgs): SandboxResponse {
  return onList(args, (actor, serviceSid, list) =>
    itemPage<SandboxSyncListItem, number>({
      req: args.req,
      path: `/v1/Services/${serviceSid}/Lists/${list.sid}/Items`,
      read: (query) => querySyncListItems(actor, serviceSid, list.sid, query),
      readFrom: readIndex,
      keyOf: (item) => item.index,
      render: (item) => renderListItem(item, list, serviceSid, args.accountSid),
    }),
  );
}

/** The path's index; anything but digits reaches the store as NaN, which it refuses with 54458. */
const pathIndex = (args: RouteArgs) => readIndex(args.params.index!) ?? Number.NaN;

function createListItem(args: RouteArgs): SandboxResponse {
  return onList(args, (actor, serviceSid, list) => {
    const input = readItemWrite(args.req.form);
    if (isResponse(input)) return input;
    return answer(addSyncListItem(actor, serviceSid, list.sid, input.write), 201, (item) => renderListItem(item, list, serviceSid, args.accountSid));
  });
}

function fetchListItem(args: RouteArgs): SandboxResponse {
  return onList(args, (actor, serviceSid, list) => answer(getSyncListItem(actor, serviceSid, list.sid, pathIndex(args)), 200, (item) => renderListItem(item, list, serviceSid, args.accountSid)));
}

function updateListItem(args: RouteArgs): SandboxResponse {
  return onList(args, (actor, serviceSid, list) => {
    const input = readItemWrite(args.req.form);
    if (isResponse(input)) return input;
    const write = { ...input.write, ifMatch: args.req.headers['if-match'] };
    return answer(updateSyncListItem(actor, serviceSid, list.sid, pathIndex(args), write), 200, (item) => renderListItem(item, list, serviceSid, args.accountSid));
  });
}

function deleteListItem(args: RouteArgs): SandboxResponse {
  return onList(args, (actor, serviceSid, list) => answerDeleted(removeSyncListItem(actor, serviceSid, list.sid, pathIndex(args), { ifMatch: args.req.headers['if-match'] })));
}

function listMapItems(args: RouteArgs): SandboxResponse {
  return onMap(args, (actor, serviceSid, map) =>
    itemPage<SandboxSyncMapItem, string>({
      req: args.req,
      path: `/v1/Services/${serviceSid}/Maps/${map.sid}/Items`,
      read: (query) => querySyncMapItems(actor, serviceSid, map.sid, query),
      readFrom: (text) => text,
      keyOf: (item) => item.key,
      render: (item) => renderMapItem(item, map, serviceSid, args.accountSid),
    }),
  );
}

function createMapItem(args: RouteArgs): SandboxResponse {
  return onMap(args, (actor, serviceSid, map) => {
    const input = readItemWrite(args.req.form);
    if (isResponse(input)) return input;
    const key = args.req.form.get('Key');
    if (key === null) return twilioError(400, 54209, 'Key is required to create a Map Item');
    return answer(createSyncMapItem(actor, serviceSid, map.sid, { ...input.write, key }), 201, (item) => renderMapItem(item, map, serviceSid, args.accountSid));
  });
}

function fetchMapItem(args: RouteArgs): SandboxResponse {
  return onMap(args, (actor, serviceSid, map) => answer(getSyncMapItem(actor, serviceSid, map.sid, args.params.key!), 200, (item) => renderMapItem(item, map, serviceSid, args.accountSid)));
}

function updateMapItem(args: RouteArgs): SandboxResponse {
  return onMap(args, (actor, serviceSid, map) => {
    const input = readItemWrite(args.req.form);
    if (isResponse(input)) return input;
    const write = { ...input.write, ifMatch: args.req.headers['if-match'] };
    return answer(updateSyncMapItem(actor, serviceSid, map.sid, args.params.key!, write), 200, (item) => renderMapItem(item, map, serviceSid, args.accountSid));
  });
}

function deleteMapItem(args: RouteArgs): SandboxResponse {
  return onMap(args, (actor, serviceSid, map) => answerDeleted(removeSyncMapItem(actor, serviceSid, map.sid, args.params.key!, { ifMatch: args.req.headers['if-match'] })));
}

const ROUTES: TwilioRoute[] = [
  { method: 'GET', pattern: '/v1/Services', handle: listServices },
  { method: 'POST', pattern: '/v1/Services', handle: createService },
  { method: 'GET', pattern: '/v1/Services/:sid', handle: fetchService },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Documents', handle: listDocuments },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Documents', handle: createDocument },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: fetchDocument },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: updateDocument },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: deleteDocument },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Lists', handle: listLists },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Lists', handle: createList },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Lists/:sid', handle: fetchList },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Lists/:sid', handle: updateList },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Lists/:sid', handle: deleteList },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Lists/:listSid/Items', handle: listListItems },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Lists/:listSid/Items', handle: createListItem },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Lists/:listSid/Items/:index', handle: fetchListItem },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Lists/:listSid/Items/:index', handle: updateListItem },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Lists/:listSid/Items/:index', handle: deleteListItem },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Maps', handle: listMaps },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Maps', handle: createMap },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Maps/:sid', handle: fetchMap },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Maps/:sid', handle: updateMap },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Maps/:sid', handle: deleteMap },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Maps/:mapSid/Items', handle: listMapItems },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Maps/:mapSid/Items', handle: createMapItem },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Maps/:mapSid/Items/:key', handle: fetchMapItem },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Maps/:mapSid/Items/:key', handle: updateMapItem },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Maps/:mapSid/Items/:key', handle: deleteMapItem },
];

export const syncRoutes = twilioHost(HOST, ROUTES);

import { z } from 'zod';
import type { HttpClient, HttpRequest, HttpResult } from '../http/fetch-core';
import { responseProblem } from '../http/vendor-errors';
import { problem, ProblemError } from '../problem';
import { basicAuthorization, withRegionHint, type TwilioCredentials } from '../twilio/client';
import { twilioDestination, twilioHosts } from '../twilio/hosts';
import { twilioPages } from '../twilio/paging';
import { parseTwilio } from '../twilio/parse';
import { TwilioErrorBodySchema, twilioPageSchema } from '../twilio/schemas';

/**
 * The Sync REST calls team mode makes (twilio_sync_v1.json, https://www.twilio.com/docs/sync/api),
 * over the same fetch core, credentials and host checks as the Twilio client: Services, Lists and
 * their items, Maps and their items with TTLs and `If-Match` revisions. Lists and Maps are
 * addressed by their unique name, which Sync accepts wherever it takes their SID.
 */

export interface SyncRestOptions {
  http: HttpClient;
  credentials: TwilioCredentials;
  region?: string;
  edge?: string;
}

export interface SyncListItem {
  index: number;
  revision: string;
  data: unknown;
  dateUpdated: string | null;
}

export interface SyncMapItem {
  key: string;
  revision: string;
  data: unknown;
  dateExpires: string | null;
  dateUpdated: string | null;
}

export type MapItemCreated = { created: SyncMapItem } | { exists: SyncMapItem };
export type DeleteOutcome = 'deleted' | 'already-gone';

export interface SyncRest {
  /** A new Sync Service with this friendly name. */
  createService(friendlyName: string): Promise<{ sid: string }>;
  /** Creates the List when it does not exist yet (409 = it does); answers its SID either way. */
  ensureList(serviceSid: string, uniqueName: string): Promise<{ sid: string }>;
  ensureMap(serviceSid: string, uniqueName: string): Promise<{ sid: string }>;
  /** Not repeated once sent: a second POST would append a second item. */
  appendListItem(serviceSid: string, list: string, data: unknown): Promise<SyncListItem>;
  updateListItem(serviceSid: string, list: string, index: number, data: unknown, options?: { ifMatch?: string }): Promise<SyncListItem>;
  /** The newest items first, one page (at most 100). */
  newestListItems(serviceSid: string, list: string, pageSize: number): Promise<SyncListItem[]>;
  /** Sync answers 409 (54208) when the key exists: then the item that holds it. */
  createMapItem(serviceSid: string, map: string, key: string, data: unknown, ttlSeconds?: number): Promise<MapItemCreated>;
  getMapItem(serviceSid: string, map: string, key: string): Promise<SyncMapItem | null>;
  /** Throws `precondition-failed` when `ifMatch` is no longer the item's revision. */
  updateMapItem(serviceSid: string, map: string, key: string, data: unknown, options: { ifMatch?: string; ttlSeconds?: number }): Promise<SyncMapItem>;
  /** Throws `precondition-failed` when `ifMatch` is no longer the item's revision; an item already gone counts as done. */
  deleteMapItem(serviceSid: string, map: string, key: string, options?: { ifMatch?: string }): Promise<DeleteOutcome>;
  mapItems(serviceSid: string, map: string): Promise<SyncMapItem[]>;
}

/** Sync's error codes for "already exists" (https://www.twilio.com/docs/api/errors/54208, /54301). */
export const SYNC_MAP_ITEM_EXISTS = 54208;
export const SYNC_UNIQUE_NAME_EXISTS = 54301;
/** Sync pages hold at most 100 items. */
export const SYNC_MAX_PAGE_SIZE = 100;

const FORM = 'application/x-www-form-urlencoded';
const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`));

const serviceSchema = z.object({ sid: sid('IS') });
const objectSchema = z.object({ sid: z.string().min(1) });
const listItemSchema = z.object({ index: z.number().int().min(0), revision: z.string(), data: z.unknown(), date_updated: z.string().nullable().optional() });
const mapItemSchema = z.object({ key: z.string(), revision: z.string(), data: z.unknown(), date_expires: z.string().nullable().optional(), date_updated: z.string().nullable().optional() });
const listItemsPageSchema = twilioPageSchema('items', listItemSchema);
const mapItemsPageSchema = twilioPageSchema('items', mapItemSchema);

const toListItem = (item: z.infer<typeof listItemSchema>): SyncListItem => ({ index: item.index, revision: item.revision, data: item.data, dateUpdated: item.date_updated ?? null });
const toMapItem = (item: z.infer<typeof mapItemSchema>): SyncMapItem => ({
  key: item.key,
  revision: item.revision,
  data: item.data,
  dateExpires: item.date_expires ?? null,
  dateUpdated: item.date_updated ?? null,
});

function checkServiceSid(value: string): string {
  if (/^IS[0-9a-fA-F]{32}$/.test(value)) return value;
  throw new ProblemError(problem('not-configured', 'The Sync Service SID in Settings is not one (IS followed by 32 hexadecimal digits).', 'Open Settings → Team and paste the Sync Service SID, or create one.', { service: 'extension' }));
}

const vendorCode = (result: HttpResult) => TwilioErrorBodySchema.safeParse(result.json).data?.code;

export function createSyncRest({ http, credentials, region, edge }: SyncRestOptions): SyncRest {
  const hosts = twilioHosts({ region, edge });
  const authorization = basicAuthorization(credentials);
  const destination = twilioDestination(hosts);
  const base = `https://${hosts.sync}/v1/Services`;
  const serviceUrl = (serviceSid: string) => `${base}/${checkServiceSid(serviceSid)}`;
  const listUrl = (serviceSid: string, list: string) => `${serviceUrl(serviceSid)}/Lists/${encodeURIComponent(list)}`;
  const mapUrl = (serviceSid: string, map: string) => `${serviceUrl(serviceSid)}/Maps/${encodeURIComponent(map)}`;
  const mapItemUrl = (serviceSid: string, map: string, key: string) => `${mapUrl(serviceSid, map)}/Items/${encodeURIComponent(key)}`;

  async function send(req: Omit<HttpRequest, 'service'>): Promise<HttpResult> {
    try {
      return await http.request({ ...req, service: 'twilio', headers: { ...req.headers, authorization }, destination });
    } catch (error) {
      throw withRegionHint(error, region);
    }
  }

  const post = (url: string, form: Record<string, string | undefined>, { headers, ...extra }: Pick<HttpRequest, 'headers' | 'idempotent' | 'acceptStatuses'>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
    return send({ method: 'POST', url, headers: { 'content-type': FORM, ...headers }, body: body.toString(), ...extra });
  };

  const refused = (result: HttpResult, url: string) => new ProblemError(responseProblem({ service: 'twilio', url, status: result.status, headers: result.headers, text: result.text }));

  /** Lists and Maps known to exist, so each is made sure of once per client. */
  const ensured = new Map<string, Promise<{ sid: string }>>();
  function ensure(kind: 'Lists' | 'Maps', serviceSid: string, uniqueName: string): Promise<{ sid: string }> {
    const key = `${serviceSid}/${kind}/${uniqueName}`;
    let known = ensured.get(key);
    if (!known) {
      known = ensureNow(kind, serviceSid, uniqueName);
      ensured.set(key, known);
      known.catch(() => ensured.delete(key));
    }
    return known;
  }

  async function ensureNow(kind: 'Lists' | 'Maps', serviceSid: string, uniqueName: string) {
    const url = `${serviceUrl(serviceSid)}/${kind}`;
    // Creating one already there changes nothing, so a lost answer may be retried: the retry meets 409.
    const created = await post(url, { UniqueName: uniqueName }, { idempotent: true, acceptStatuses: [409] });
    if (created.status !== 409) return { sid: parseTwilio(objectSchema, created, url).sid };
    if (vendorCode(created) !== SYNC_UNIQUE_NAME_EXISTS) throw refused(created, url);
    const found = `${url}/${encodeURIComponent(uniqueName)}`;
    return { sid: parseTwilio(objectSchema, await send({ method: 'GET', url: found }), found).sid };
  }

  async function getMapItem(serviceSid: string, map: string, key: string) {
    const url = mapItemUrl(serviceSid, map, key);
    const result = await send({ method: 'GET', url, acceptStatuses: [404] });
    return result.status === 404 ? null : toMapItem(parseTwilio(mapItemSchema, result, url));
  }

  return {
    async createService(friendlyName) {
      // Not repeated once sent: a second POST would make a second service.
      const created = await post(base, { FriendlyName: friendlyName }, { idempotent: false });
      return { sid: parseTwilio(serviceSchema, created, base).sid };
    },

    ensureList: (serviceSid, uniqueName) => ensure('Lists', serviceSid, uniqueName),
    ensureMap: (serviceSid, uniqueName) => ensure('Maps', serviceSid, uniqueName),

    async appendListItem(serviceSid, list, data) {
      const url = `${listUrl(serviceSid, list)}/Items`;
      return toListItem(parseTwilio(listItemSchema, await post(url, { Data: JSON.stringify(data) }, { idempotent: false }), url));
    },

    async updateListItem(serviceSid, list, index, data, { ifMatch } = {}) {
      const url = `${listUrl(serviceSid, list)}/Items/${index}`;
      // The same data written twice leaves the same item, so a lost answer may be retried.
      const result = await post(url, { Data: JSON.stringify(data) }, { idempotent: true, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
      return toListItem(parseTwilio(listItemSchema, result, url));
    },

    async newestListItems(serviceSid, list, pageSize) {
      const size = Math.min(Math.max(1, Math.trunc(pageSize)), SYNC_MAX_PAGE_SIZE);
      const url = `${listUrl(serviceSid, list)}/Items?${new URLSearchParams({ Order: 'desc', PageSize: String(size) })}`;
      return parseTwilio(listItemsPageSchema, await send({ method: 'GET', url }), url).items.map(toListItem);
    },

    async createMapItem(serviceSid, map, key, data, ttlSeconds) {
      const url = `${mapUrl(serviceSid, map)}/Items`;
      // A retry after a lost answer meets 409 with our own data, which the caller recognises as its own.
      const result = await post(url, { Key: key, Data: JSON.stringify(data), Ttl: ttlSeconds === undefined ? undefined : String(ttlSeconds) }, { idempotent: true, acceptStatuses: [409] });
      if (result.status !== 409) return { created: toMapItem(parseTwilio(mapItemSchema, result, url)) };
      if (vendorCode(result) !== SYNC_MAP_ITEM_EXISTS) throw refused(result, url);
      const existing = await getMapItem(serviceSid, map, key);
      // Gone between the two requests (expired or released): whoever held it is done with it; try once more.
      if (!existing) return this.createMapItem(serviceSid, map, key, data, ttlSeconds);
      return { exists: existing };
    },

    getMapItem,

    async updateMapItem(serviceSid, map, key, data, { ifMatch, ttlSeconds }) {
      const url = mapItemUrl(serviceSid, map, key);
      const form = { Data: JSON.stringify(data), Ttl: ttlSeconds === undefined ? undefined : String(ttlSeconds) };
      return toMapItem(parseTwilio(mapItemSchema, await post(url, form, { idempotent: true, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }), url));
    },

    async deleteMapItem(serviceSid, map, key, { ifMatch } = {}) {
      const url = mapItemUrl(serviceSid, map, key);
      const result = await send({ method: 'DELETE', url, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch }, acceptStatuses: [404] });
      return result.status === 404 ? 'already-gone' : 'deleted';
    },

    async mapItems(serviceSid, map) {
      const all: SyncMapItem[] = [];
      const first = `${mapUrl(serviceSid, map)}/Items?PageSize=${SYNC_MAX_PAGE_SIZE}`;
      for await (const page of twilioPages((url) => send({ method: 'GET', url }), mapItemsPageSchema, first)) all.push(...page.items.map(toMapItem));
      return all;
    },
  };
}

import { SANDBOX_HOSTS } from '../hosts';
import { json, noContent, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { twilioSid } from '../random';
import type { SandboxSyncDocument, SandboxSyncService } from '../state';
import { ifMatchAllows, invalidParameter, isResponse, listPage, notFound, parseBoolean, parsePaging, twilioDate, twilioError } from './common';
import { twilioHost, type RouteArgs, type TwilioRoute } from './router';
import { syncServices } from './sync-store';

/**
 * sync.twilio.com: Services and their Documents (twilio_sync_v1.json), enough for the extension
 * to keep shared state with optimistic concurrency. State lives in `state.twilio.sync`, created on
 * first write so the generator need not know about Sync.
 */

const HOST = SANDBOX_HOSTS.sync;
const ORIGIN = `https://${HOST}`;
/** Sync lists allow at most 100 per page, unlike TaskRouter's 1000. */
const MAX_PAGE_SIZE = 100;
/** Sync's documented limit on a document's serialized data. */
const MAX_DATA_BYTES = 16 * 1024;

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

function renderDocument(document: SandboxSyncDocument, service: SandboxSyncService, accountSid: string) {
  const url = documentUrl(service, document);
  return {
    sid: document.sid,
    unique_name: document.uniqueName,
    account_sid: accountSid,
    service_sid: service.sid,
    url,
    links: { permissions: `${url}/Permissions` },
    revision: String(document.revision),
    data: document.data,
    date_expires: twilioDate(document.dateExpires),
    date_created: twilioDate(document.dateCreated),
    date_updated: twilioDate(document.dateUpdated),
    created_by: document.createdBy,
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
  return services(ctx).find((s) => s.sid === sid);
}

/** A document may be addressed by its sid or its unique name. */
function findDocument(service: SandboxSyncService, ctx: SandboxContext, key: string | undefined) {
  return liveDocuments(service, ctx).find((d) => d.sid === key || (d.uniqueName !== null && d.uniqueName === key));
}

/** Wrapped in `{ value }` so user data with a `status` key is never mistaken for a response. */
function readData(text: string | null): { value: Record<string, unknown> | undefined } | SandboxResponse {
  if (text === null) return { value: undefined };
  if (Buffer.byteLength(text, 'utf8') > MAX_DATA_BYTES) return twilioError(413, 54006, `Data is ${Buffer.byteLength(text, 'utf8')} bytes; a Sync Document holds at most 16 KiB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalidParameter('Data must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalidParameter('Data must be a JSON object');
  return { value: parsed as Record<string, unknown> };
}

/** `Ttl` in seconds; 0 or absent means the document never expires. */
function readExpiry(text: string | null, ctx: SandboxContext): string | null | undefined | SandboxResponse {
  if (text === null) return undefined;
  const ttl = Number(text);
  if (!Number.isInteger(ttl) || ttl < 0) return invalidParameter(`Ttl must be a non-negative integer number of seconds; got '${text}'`);
  return ttl === 0 ? null : new Date(ctx.now().getTime() + ttl * 1000).toISOString();
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
  const expires = readExpiry(req.form.get('Ttl'), ctx);
  if (isResponse(expires)) return expires;
  const now = ctx.now().toISOString();
  const document: SandboxSyncDocument = {
    sid: twilioSid('ET', ctx.random),
    uniqueName,
    data: data.value ?? {},
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires: expires ?? null,
    createdBy: 'system',
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

/** Sync clients send the bare `revision` as If-Match; HTTP clients echo the quoted ETag. Both count. */
function revisionMatches(req: SandboxRequest, document: SandboxSyncDocument): boolean {
  const header = req.headers['if-match'];
  return ifMatchAllows(header, String(document.revision)) || ifMatchAllows(header, documentEtag(document));
}

function updateDocument(args: RouteArgs): SandboxResponse {
  const { req, ctx } = args;
  return withDocument(args, (service, document) => {
    if (!revisionMatches(req, document)) {
      return twilioError(412, 54103, `The revision of Document ${document.sid} is ${document.revision}, not the one in If-Match`);
    }
    const data = readData(req.form.get('Data'));
    if (isResponse(data)) return data;
    const expires = readExpiry(req.form.get('Ttl'), ctx);
    if (isResponse(expires)) return expires;
    if (data.value !== undefined) document.data = data.value;
    if (expires !== undefined) document.dateExpires = expires;
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

const ROUTES: TwilioRoute[] = [
  { method: 'GET', pattern: '/v1/Services', handle: listServices },
  { method: 'POST', pattern: '/v1/Services', handle: createService },
  { method: 'GET', pattern: '/v1/Services/:sid', handle: fetchService },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Documents', handle: listDocuments },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Documents', handle: createDocument },
  { method: 'GET', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: fetchDocument },
  { method: 'POST', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: updateDocument },
  { method: 'DELETE', pattern: '/v1/Services/:serviceSid/Documents/:sid', handle: deleteDocument },
];

export const syncRoutes = twilioHost(HOST, ROUTES);

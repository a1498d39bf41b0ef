import { createHash } from 'node:crypto';
import { errorResponse } from '../faults';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { twilioSid } from '../random';
import type { TwilioCredentials } from '../state';

/** What the three Twilio hosts share: auth, errors, dates, request ids, ETags and paging. */

/** Twilio's error body for statuses `errorResponse` has no specific code for (400, 409, 412, 413). */
export function twilioError(status: number, code: number, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

/**
 * Distinguishes a ready answer from parsed input in the `T | SandboxResponse` results used here;
 * `T` must never be user-shaped JSON, which could carry a `status` key of its own.
 */
export const isResponse = (value: unknown): value is SandboxResponse => typeof value === 'object' && value !== null && 'status' in value;

export const invalidParameter = (message: string) => twilioError(400, 20001, message);

/** Twilio's 404, naming the path as Twilio's own message does. */
export function notFound(req: SandboxRequest): SandboxResponse {
  const response = errorResponse(req.host, 404);
  const body = { ...(JSON.parse(response.body ?? '{}') as object), message: `The requested resource ${req.url.pathname} was not found` };
  return { ...response, body: JSON.stringify(body) };
}

/**
 * Accepts HTTP Basic with either the Account SID and Auth Token or an API key SID (`SK…`) and
 * its secret, as Twilio does; answers the 401 Twilio sends otherwise, or undefined when valid.
 */
export function authenticate(req: SandboxRequest, credentials: TwilioCredentials): SandboxResponse | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const [username, password] = colon < 0 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const valid =
    (username === credentials.accountSid && password === credentials.authToken) ||
    (username === credentials.apiKeySid && password === credentials.apiKeySecret);
  if (valid && username !== '') return undefined;
  const response = errorResponse(req.host, 401);
  return { ...response, headers: { ...response.headers, 'www-authenticate': 'Basic realm="Twilio API"' } };
}

/** Twilio writes dates as ISO-8601 without fractional seconds: `2017-05-30T23:05:29Z`. */
export function twilioDate(value: string): string;
export function twilioDate(value: string | null): string | null;
export function twilioDate(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 32 hex digits derived from `seed`: for ids and ETags that must be the same on every run. */
export function stableHex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

/** Every Twilio response, errors included, carries a request id support can trace. */
export function withRequestId(response: SandboxResponse, ctx: SandboxContext): SandboxResponse {
  return { ...response, headers: { ...response.headers, 'twilio-request-id': twilioSid('RQ', ctx.random) } };
}

/** True when an `If-Match` header is absent, `*`, or lists `etag` (exactly, as HTTP's strong comparison wants). */
export function ifMatchAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag;
  });
}

/** Form booleans as Twilio's helper libraries send them. */
export function parseBoolean(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  return undefined;
}

export interface PageRequest {
  pageSize: number;
  page: number;
  /** Keyset cursor from `PageToken`: `PA<sid>` continues after that sid, `PB<sid>` goes back before it. */
  token?: { direction: 'after' | 'before'; sid: string };
}

/** Reads `PageSize`, `Page` and `PageToken`; answers the 400 for values outside the spec's bounds. */
export function parsePaging(query: URLSearchParams, maxPageSize: number): PageRequest | SandboxResponse {
  const sizeText = query.get('PageSize');
  const pageText = query.get('Page');
  const tokenText = query.get('PageToken');
  const pageSize = sizeText === null ? 50 : Number(sizeText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    return invalidParameter(`PageSize must be an integer from 1 to ${maxPageSize}; got '${sizeText}'`);
  }
  const page = pageText === null ? 0 : Number(pageText);
  if (!Number.isInteger(page) || page < 0) return invalidParameter(`Page must be a non-negative integer; got '${pageText}'`);
  if (tokenText === null) return { pageSize, page };
  const token = /^P([AB])(.+)$/.exec(tokenText);
  if (!token) return invalidParameter(`PageToken '${tokenText}' is not one this API issued`);
  return { pageSize, page, token: { direction: token[1] === 'A' ? 'after' : 'before', sid: token[2]! } };
}

export interface ListPage<T> {
  /** Plain JSON list body: `{ [key]: items, meta }`. */
  body: Record<string, unknown>;
  items: T[];
}

export interface ListOptions<T> {
  /** `https://taskrouter.twilio.com` etc. */
  origin: string;
  path: string;
  key: string;
  /** Filters as they should reappear in every page URL, in order; empty values are left out. */
  filters: [string, string | null][];
  paging: PageRequest;
  /** Everything that passes the filters; paged in sid order so cursors stay valid across writes. */
  items: T[];
  sidOf: (item: T) => string;
  render: (item: T) => unknown;
}

/**
 * Builds one page of a Twilio list with the `meta` block its clients follow. Pages are keyset
 * cursors over the sid order, as Twilio's own `PageToken`s are, so deleting workers while walking
 * `next_page_url` skips nobody.
 */
export function listPage<T>(options: ListOptions<T>): ListPage<T> {
  const { paging, sidOf } = options;
  const sorted = [...options.items].sort((a, b) => (sidOf(a) < sidOf(b) ? -1 : sidOf(a) > sidOf(b) ? 1 : 0));
  let items: T[];
  if (paging.token?.direction === 'after') {
    const after = paging.token.sid;
    items = sorted.filter((item) => sidOf(item) > after).slice(0, paging.pageSize);
  } else if (paging.token?.direction === 'before') {
    const before = paging.token.sid;
    items = sorted.filter((item) => sidOf(item) < before).slice(-paging.pageSize);
  } else {
    items = sorted.slice(paging.page * paging.pageSize, (paging.page + 1) * paging.pageSize);
  }
  const first = items[0];
  const last = items[items.length - 1];
  const url = (page: number, token?: string) => {
    const query = new URLSearchParams();
    for (const [name, value] of options.filters) if (value !== null && value !== '') query.append(name, value);
    query.set('PageSize', String(paging.pageSize));
    query.set('Page', String(page));
    if (token) query.set('PageToken', token);
    return `${options.origin}${options.path}?${query.toString()}`;
  };
  const currentToken = paging.token ? `P${paging.token.direction === 'after' ? 'A' : 'B'}${paging.token.sid}` : undefined;
  const hasNext = last !== undefined && sorted.some((item) => sidOf(item) > sidOf(last));
  const hasPrevious = first !== undefined && paging.page > 0 && sorted.some((item) => sidOf(item) < sidOf(first));
  return {
    items,
    body: {
      [options.key]: items.map(options.render),
      meta: {
        page: paging.page,
        page_size: paging.pageSize,
        first_page_url: url(0),
        previous_page_url: hasPrevious ? url(paging.page - 1, `PB${sidOf(first)}`) : null,
        url: url(paging.page, currentToken),
        next_page_url: hasNext ? url(paging.page + 1, `PA${sidOf(last)}`) : null,
        key: options.key,
      },
    },
  };
}

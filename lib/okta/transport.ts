/**
 * The Okta client's wire layer: authorized requests to the org, bodies checked against the
 * schemas, and cursor paging that never carries credentials off the org's host.
 */
import { z } from 'zod';
import type { CredentialDestination, HttpClient, HttpResult } from '../http/fetch-core';
import { nextLink } from '../http/link-header';
import { problem, ProblemError, type Problem } from '../problem';
import type { OktaAuth } from './auth';
import type { OktaOrg } from './org-url';

export interface SendOptions {
  /** Sent as JSON. */
  body?: unknown;
  accept?: string;
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface OktaTransport {
  /** A URL on the org; `path` segments must already be encoded. */
  url(path: string, query?: Record<string, string | undefined>): string;
  send(method: string, url: string, options?: SendOptions): Promise<HttpResult>;
  /** Each page of a cursor-paged list, validated item by item. */
  pages<T>(schema: z.ZodType<T>, firstUrl: string, signal?: AbortSignal): AsyncGenerator<T[]>;
  /** One page and the checked URL of the next (null after the last), for a list read across restarts. */
  page<T>(schema: z.ZodType<T>, url: string, signal?: AbortSignal): Promise<{ items: T[]; next: string | null }>;
}

/** The Problem inside a ProblemError, or undefined for anything else. */
export function problemOf(error: unknown): Problem | undefined {
  return error instanceof ProblemError ? error.problem : undefined;
}

/** `[3].profile.email` for zod's `[3, 'profile', 'email']`. */
function formatPath(path: readonly PropertyKey[]): string {
  const text = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return text ? text.replace(/^\./, '') : 'the top level';
}

/** A body that does not match what we read from it: stopping beats acting on a misread status or id. */
export function parseBody<T>(schema: z.ZodType<T>, result: HttpResult, what: string): T {
  const parsed = schema.safeParse(result.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? formatPath(issue.path) : 'the top level';
  const why = issue ? `: ${issue.message.replace(/\.+$/, '')}` : '';
  throw new ProblemError(
    problem('invalid-response', `Okta's answer to ${what} has an unexpected value at ${where}${why}.`, 'Try again; if it keeps happening, report it with the run history attached, as Okta may have changed its API.', {
      service: 'okta',
      httpStatus: result.status,
      requestId: result.requestId,
    }),
  );
}

/** "GET /api/v1/users" for error sentences; the query is left out because it may hold addresses. */
export function describeRequest(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

/** `destination` is asked before every request, so the credentials `auth` makes reach only the org. */
export function createOktaTransport(http: HttpClient, org: OktaOrg, auth: OktaAuth, destination: CredentialDestination): OktaTransport {
  function url(path: string, query: Record<string, string | undefined> = {}): string {
    // encodeURIComponent rather than URLSearchParams: a space becomes %20, which every Okta
    // front end reads as a space, where `+` would depend on the parser.
    const params = Object.entries(query)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    return `${org.origin}${path}${params ? `?${params}` : ''}`;
  }

  async function attempt(method: string, target: string, options: SendOptions): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (options.accept) headers.accept = options.accept;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return http.request({
      service: 'okta',
      method,
      url: target,
      headers,
      signHeaders: () => auth.headers(method, target),
      destination,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      idempotent: options.idempotent,
      signal: options.signal,
    });
  }

  async function send(method: string, target: string, options: SendOptions = {}): Promise<HttpResult> {
    try {
      return await attempt(method, target, options);
    } catch (error) {
      // A 401 means Okta did not act, so one retry with renewed credentials is safe for any method.
      if (!auth.rejected || problemOf(error)?.code !== 'bad-credentials') throw error;
      auth.rejected();
      return attempt(method, target, options);
    }
  }

  /** The next page's URL, refused when it leaves the org: following it would hand our token to another host. */
  function checkedNext(next: string, current: string, visited: Set<string>, result: HttpResult): string {
    const target = new URL(next);
    if (target.origin !== org.origin) {
      throw new ProblemError(
        problem('invalid-response', `Okta's link to the next page points at ${target.host}, not at your org ${org.host}.`, `Flex Steward stopped rather than send your Okta credentials there; if a proxy rewrites Okta's answers, ask IT to leave ${org.host} alone.`, {
          service: 'okta',
          httpStatus: result.status,
          requestId: result.requestId,
        }),
      );
    }
    if (visited.has(target.href)) {
      throw new ProblemError(
        problem('invalid-response', `Okta's answer to ${describeRequest('GET', current)} sent Flex Steward back to a page it had already read.`, 'Try again; if it keeps happening, report it with the run history attached.', {
          service: 'okta',
          httpStatus: result.status,
          requestId: result.requestId,
        }),
      );
    }
    return target.href;
  }

  async function readPage<T>(schema: z.ZodType<T>, current: string, visited: Set<string>, signal?: AbortSignal): Promise<{ items: T[]; next: string | null }> {
    visited.add(current);
    const result = await send('GET', current, { signal });
    const items = parseBody(z.array(schema), result, describeRequest('GET', current));
    const next = nextLink(result.headers.get('link'), current);
    return { items, next: next === undefined ? null : checkedNext(next, current, visited, result) };
  }

  async function* pages<T>(schema: z.ZodType<T>, firstUrl: string, signal?: AbortSignal): AsyncGenerator<T[]> {
    const visited = new Set<string>();
    let current: string | null = firstUrl;
    while (current !== null) {
      const { items, next }: { items: T[]; next: string | null } = await readPage(schema, current, visited, signal);
      yield items;
      current = next;
    }
  }

  return { url, send, pages, page: (schema, current, signal) => readPage(schema, current, new Set(), signal) };
}

/** Every item of every page. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

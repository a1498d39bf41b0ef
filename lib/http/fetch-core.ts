/**
 * The one place the background talks HTTP to Okta and Twilio: timeouts, cancellation, retries
 * that never repeat a write the server may have acted on, vendor rate-limit headers, and a small
 * per-host queue so a burst of lookups does not become a burst of requests.
 */
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { RequestCounter } from './request-counter';
import type { ServerClock } from './server-clock';
import { cancelledProblem, invalidJsonProblem, networkProblem, rateLimitWaitProblem, redirectProblem, requestIdOf, responseProblem, timeoutProblem, type Service } from './vendor-errors';

export type { Service } from './vendor-errors';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Where a request's credentials may go: the Okta org they were saved for, or the Twilio API hosts
 * of the configured region. Asked before every attempt, before any header is signed, so a token,
 * a DPoP proof or a client assertion is never made for, let alone sent to, another host.
 */
export interface CredentialDestination {
  /** Resolves when `url` may receive the credentials; throws a ProblemError saying why not otherwise. */
  admit(url: URL): Promise<void>;
}

export interface HttpClientOptions {
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: FetchLike;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Resolves after `ms`, or early once `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 0 ≤ x < 1, for backoff jitter. */
  random?: () => number;
  /** Per attempt, reading the body included. Default 20 s. */
  timeoutMs?: number;
  /** Attempts after the first. Default 4. */
  maxRetries?: number;
  /** Requests in flight per host, retries and their waits included. Default 4. */
  perHostConcurrency?: number;
  /** First backoff ceiling; it doubles per retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 8 s. */
  maxDelayMs?: number;
  /** Longest vendor-requested wait sat through; beyond it the request fails with `retryAt`. Default 60 s. */
  maxRateLimitWaitMs?: number;
  counter?: RequestCounter;
  /** Told each response's headers as it arrives, for the clock skew the SAML login test judges times with. */
  serverClock?: Pick<ServerClock, 'observe'>;
}

export interface HttpRequest {
  service: Service;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /**
   * Headers made fresh for every attempt, merged over `headers`: a DPoP proof may be used once,
   * so a retried request needs a new one.
   */
  signHeaders?: () => Promise<Record<string, string>>;
  /**
   * Required for every request that carries credentials (an `authorization` or `dpop` header, or
   * `signHeaders`); checked before each attempt. A request with credentials and no destination is
   * refused, so a client cannot forget the check.
   */
  destination?: CredentialDestination;
  body?: string;
  /** Whether sending twice is harmless. Default: true for GET, HEAD, PUT, DELETE and OPTIONS. */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Error statuses to resolve with instead of throwing, for a caller that must read the answer
   * itself: an OAuth token endpoint's 400 `use_dpop_nonce` carries the nonce in a header.
   */
  acceptStatuses?: readonly number[];
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when the response says it is JSON and is not empty. */
  json?: unknown;
  requestId?: string;
  attempts: number;
}

export interface HttpClient {
  /** Resolves for 2xx, 3xx other than redirects, and `acceptStatuses`; anything else, a redirect included, throws a ProblemError. */
  request(req: HttpRequest): Promise<HttpResult>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Statuses that mean "not now" for a request that is safe to send again. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** The statuses fetch would follow (Fetch Standard, "redirect status"). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'dpop'];

type Outcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'redirect'; status: number; location?: string }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'cancelled' };

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  // Wrapped so the browser's fetch is never called as a method of another object ("Illegal invocation").
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;
  const queues = new Map<string, HostQueue>();
  const queueFor = (host: string) => {
    let queue = queues.get(host);
    if (!queue) queues.set(host, (queue = new HostQueue(options.perHostConcurrency ?? 4)));
    return queue;
  };

  async function request(req: HttpRequest): Promise<HttpResult> {
    const url = new URL(req.url);
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 20_000;
    const cancelled = () => new ProblemError(cancelledProblem(req.service, req.url));
    const queue = queueFor(url.host);
    if (!(await queue.acquire(req.signal))) throw cancelled();
    try {
      for (let attempt = 1; ; attempt++) {
        if (req.signal?.aborted) throw cancelled();
        // At the moment of each attempt, not once: a custom domain's permission can be withdrawn between two.
        await req.destination?.admit(url);
        options.counter?.record({ service: req.service, host: url.host, method, retry: attempt > 1 });
        const signed = req.signHeaders ? { ...req.headers, ...(await req.signHeaders()) } : req.headers;
        if (!req.destination && (req.signHeaders || carriesCredentials(signed))) throw new ProblemError(undeclaredDestinationProblem(req.url));
        const outcome = await send(fetchImpl, { ...req, method, headers: signed }, timeoutMs);
        if (outcome.kind === 'response') options.serverClock?.observe(req.service, outcome.headers, now());
        if (outcome.kind === 'response' && (outcome.status < 400 || req.acceptStatuses?.includes(outcome.status))) return toResult(req, outcome, attempt);

        const failure = outcomeProblem(req, outcome, timeoutMs);
        if (outcome.kind === 'cancelled' || outcome.kind === 'redirect' || attempt > maxRetries || !mayRetry(outcome, failure, idempotent)) throw new ProblemError(failure);

        const asked = outcome.kind === 'response' ? serverWaitMs(outcome.status, outcome.headers, now()) : undefined;
        if (asked !== undefined && asked > maxRateLimitWaitMs) {
          const retryAt = new Date(now() + asked);
          throw new ProblemError(
            failure.code === 'rate-limited'
              ? rateLimitWaitProblem(req.service, asked, retryAt, { httpStatus: failure.httpStatus, vendorCode: failure.vendorCode, requestId: failure.requestId })
              : { ...failure, retryAt: retryAt.toISOString() },
          );
        }
        await sleep(asked ?? random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)), req.signal);
      }
    } finally {
      queue.release();
    }
  }

  return { request };
}

/** One attempt, bounded by its own timeout and by the caller's signal, body read included. */
async function send(fetchImpl: FetchLike, req: HttpRequest & { method: string }, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort();
  req.signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    const headers = new Headers(req.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    // Never follow a redirect: fetch would carry `authorization` along on the same origin, and on a
    // cross-origin 307/308 still repeat the method, the body and headers such as `dpop` and
    // `if-match`. 'manual' rather than 'error' because both stop at the 3xx, but 'error' fails like
    // an unreachable host, while 'manual' lets the admin be told it was a redirect (the browser
    // hides where to: an opaque-redirect response has status 0 and no headers).
    const response = await fetchImpl(req.url, { method: req.method, headers, body: req.body, signal: controller.signal, redirect: 'manual' });
    if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status)) {
      void response.body?.cancel();
      return { kind: 'redirect', status: response.status, location: response.headers.get('location') ?? undefined };
    }
    const text = await response.text();
    return { kind: 'response', status: response.status, headers: response.headers, text };
  } catch (error) {
    if (req.signal?.aborted) return { kind: 'cancelled' };
    if (timedOut) return { kind: 'timeout' };
    // fetch reports every transport failure as a TypeError; anything else is a bug worth seeing as one.
    if (error instanceof TypeError) return { kind: 'network', error };
    throw new ProblemError(toProblem(error));
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', forwardAbort);
  }
}

function toResult(req: HttpRequest, outcome: Extract<Outcome, { kind: 'response' }>, attempts: number): HttpResult {
  const result: HttpResult = { status: outcome.status, headers: outcome.headers, text: outcome.text, requestId: requestIdOf(outcome.headers), attempts };
  if (/\bjson\b/i.test(outcome.headers.get('content-type') ?? '') && outcome.text.trim()) {
    try {
      result.json = JSON.parse(outcome.text);
    } catch {
      throw new ProblemError(invalidJsonProblem(req.service, req.url, outcome.status, result.requestId));
    }
  }
  return result;
}

function outcomeProblem(req: HttpRequest, outcome: Outcome, timeoutMs: number): Problem {
  switch (outcome.kind) {
    case 'response':
      return responseProblem({ service: req.service, url: req.url, status: outcome.status, headers: outcome.headers, text: outcome.text });
    case 'redirect':
      return redirectProblem(req.service, req.url, outcome.status, outcome.location);
    case 'network':
      return networkProblem(req.service, req.url, outcome.error);
    case 'timeout':
      return timeoutProblem(req.service, req.url, timeoutMs);
    case 'cancelled':
      return cancelledProblem(req.service, req.url);
  }
}

function carriesCredentials(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => CREDENTIAL_HEADERS.includes(name.toLowerCase()));
}

/** A programming error, but one that must fail closed: the credentials stay here. */
function undeclaredDestinationProblem(url: string): Problem {
  return problem('unknown', `Flex Steward stopped a request to ${new URL(url).host} that carried credentials without saying where they may go.`, 'Nothing was sent. Report this with the run history attached.', { service: 'extension' });
}

/**
 * A 429 means the server refused before acting, so even a POST may go again. Anything else may
 * have reached the server, so only requests that are safe to repeat are retried, and never after
 * a certificate failure, which waiting does not fix.
 */
function mayRetry(outcome: Outcome, failure: Problem, idempotent: boolean): boolean {
  if (outcome.kind === 'response') return outcome.status === 429 || (idempotent && RETRY_STATUSES.has(outcome.status));
  return idempotent && failure.code !== 'network-tls';
}

/**
 * How long the server asked us to wait: `Retry-After` (seconds or an HTTP date) on 429/503, or
 * Okta's `X-Rate-Limit-Reset` (epoch seconds) on 429. Dates are measured against the response's
 * own `Date` header when it has one, as Okta's SDKs do, so a skewed local clock does not turn a
 * one-second pause into minutes.
 */
function serverWaitMs(status: number, headers: Headers, nowMs: number): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const serverNow = Date.parse(headers.get('date') ?? '');
  const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - reference);
  }
  const reset = Number(headers.get('x-rate-limit-reset') ?? NaN);
  if (status === 429 && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - reference);
  return undefined;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** A FIFO semaphore: at most `limit` holders; a waiter whose signal aborts leaves the line. */
class HostQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves true once holding a slot, or false if `signal` aborted first. */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal?.removeEventListener('abort', leave);
        resolve(true);
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        resolve(false);
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }

  /** Hands the slot straight to the next waiter, so a newcomer cannot jump the line. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

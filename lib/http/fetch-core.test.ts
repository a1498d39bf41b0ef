import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { ProblemError, problem } from '../problem';
import { createHttpClient, type CredentialDestination, type FetchLike, type HttpClientOptions, type HttpRequest } from './fetch-core';
import { createRequestCounter } from './request-counter';
import { problemOf } from '../../tests/support/problem-of';

const START = Date.UTC(2026, 4, 4, 10, 0, 0);
const TR = 'https://taskrouter.twilio.com/v1/Workspaces';
const OKTA = 'https://steward-sandbox.okta.com/api/v1/users';

type Step = (init: RequestInit) => Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const failWith = (error: Error): Step => async () => {
  throw error;
};
/** Never answers; rejects the way fetch does once its signal aborts. */
const hang: Step = (init) =>
  new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError'))));

const twilio503 = json(503, { code: 20503, message: 'Service Unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 });
const twilio500 = json(500, { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 });
const okta429 = (headers: Record<string, string>) => json(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047', errorId: 'oae429', errorCauses: [] }, headers);
const ok = json(200, { ok: true }, { 'twilio-request-id': 'RQ00000000000000000000000000000001' });

/** A fetch that plays `steps` in order (repeating the last) and remembers each call. */
function scripted(...steps: Step[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return steps[Math.min(calls.length, steps.length) - 1]!(init);
  };
  return { fetch, calls };
}

/** A clock that only moves when the client sleeps, and the sleeps it asked for. */
function fakeTime() {
  let t = START;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

function setup(steps: Step[], options: HttpClientOptions = {}) {
  const script = scripted(...steps);
  const time = fakeTime();
  const counter = createRequestCounter();
  const client = createHttpClient({ fetch: script.fetch, now: time.now, sleep: time.sleep, random: () => 0.5, counter, ...options });
  return { client, calls: script.calls, sleeps: time.sleeps, counter };
}

/** Admits one origin, and remembers every URL it was asked about. */
function onlyOrigin(origin: string) {
  const asked: string[] = [];
  const destination: CredentialDestination = {
    async admit(url) {
      asked.push(url.href);
      if (url.origin !== origin) throw new ProblemError(problem('invalid-request', `Not for ${url.host}.`, 'Check Settings.', { service: 'extension' }));
    },
  };
  return { destination, asked };
}
const anywhere = onlyOrigin(new URL(TR).origin).destination;

const get = (url = TR, extra: Partial<HttpRequest> = {}): HttpRequest => ({ service: 'twilio', method: 'GET', url, ...extra });
const post = (url = TR, extra: Partial<HttpRequest> = {}): HttpRequest => ({ service: 'twilio', method: 'POST', url, body: 'FriendlyName=alex', ...extra });

describe('fetch core with a scripted fetch', () => {
  it('returns status, parsed JSON, request id and attempts, and asks for JSON', async () => {
    const { client, calls } = setup([ok]);
    const result = await client.request(get(TR, { headers: { authorization: 'Basic xyz' }, destination: anywhere }));
    expect(result).toMatchObject({ status: 200, json: { ok: true }, requestId: 'RQ00000000000000000000000000000001', attempts: 1 });
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('authorization')).toBe('Basic xyz');
  });

  it('retries 503 with full-jitter backoff whose ceiling doubles each time', async () => {
    const { client, calls, sleeps, counter } = setup([twilio503, twilio503, twilio503, ok]);
    const result = await client.request(get());
    expect(result.attempts).toBe(4);
    expect(calls).toHaveLength(4);
    // random() = 0.5 → half of 500, 1000, 2000 ms.
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(counter.snapshot()).toMatchObject({ total: 4, retries: 3 });
  });

  it('keeps each backoff inside [0, ceiling), caps the ceiling, and gives up after maxRetries', async () => {
    const high = setup([json(502, {})], { random: () => 0.999999, maxRetries: 6, maxDelayMs: 3000 });
    const p = await problemOf(high.client.request(get()));
    expect(p).toMatchObject({ code: 'server-error', httpStatus: 502, retryable: true });
    expect(high.calls).toHaveLength(7);
    const ceilings = [500, 1000, 2000, 3000, 3000, 3000];
    high.sleeps.forEach((ms, i) => {
      expect(ms).toBeLessThan(ceilings[i]!);
      expect(ms).toBeGreaterThan(ceilings[i]! * 0.999);
    });

    const low = setup([json(504, {}), ok], { random: () => 0 });
    await low.client.request(get());
    expect(low.sleeps).toEqual([0]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const seconds = setup([json(429, { code: 20429, message: 'Too Many Requests', status: 429 }, { 'retry-after': '7' }), ok]);
    await seconds.client.request(get());
    expect(seconds.sleeps).toEqual([7000]);

    const date = setup([json(503, {}, { 'retry-after': new Date(START + 3000).toUTCString() }), ok]);
    await date.client.request(get());
    expect(date.sleeps).toEqual([3000]);
  });

  it('waits until Okta\'s X-Rate-Limit-Reset, measured against the response\'s Date when present', async () => {
    const local = setup([okta429({ 'x-rate-limit-reset': String(START / 1000 + 12) }), ok]);
    await local.client.request(get(OKTA, { service: 'okta' }));
    expect(local.sleeps).toEqual([12_000]);

    // This computer's clock runs 10 minutes ahead of Okta's: the wait is still the 5 s Okta meant.
    const serverNow = START - 600_000;
    const skewed = setup([okta429({ date: new Date(serverNow).toUTCString(), 'x-rate-limit-reset': String(serverNow / 1000 + 5) }), ok]);
    await skewed.client.request(get(OKTA, { service: 'okta' }));
    expect(skewed.sleeps).toEqual([5000]);
  });

  it('gives up at once, saying when to try again, when the wait would exceed the cap', async () => {
    const { client, calls, sleeps } = setup([okta429({ 'x-rate-limit-reset': String(START / 1000 + 300), 'x-okta-request-id': 'req429' }), ok]);
    const p = await problemOf(client.request(get(OKTA, { service: 'okta' })));
    expect(p).toMatchObject({ code: 'rate-limited', retryAt: new Date(START + 300_000).toISOString(), vendorCode: 'E0000047', requestId: 'req429', httpStatus: 429 });
    expect(p.message).toContain('about 5 minutes');
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never repeats a POST after a 5xx or a network error, which may have reached the server', async () => {
    for (const step of [twilio500, twilio503, failWith(new TypeError('Failed to fetch'))]) {
      const { client, calls } = setup([step, ok]);
      await problemOf(client.request(post()));
      expect(calls).toHaveLength(1);
    }
  });

  it('retries a POST refused with 429, and a POST the caller declares idempotent on 503', async () => {
    const limited = setup([json(429, { code: 20429, message: 'Too Many Requests', status: 429 }), ok]);
    expect((await limited.client.request(post())).attempts).toBe(2);
    const declared = setup([twilio503, ok]);
    expect((await declared.client.request(post(TR, { idempotent: true }))).attempts).toBe(2);
  });

  it('does not retry a 500, a 404 or a certificate failure even for a GET', async () => {
    const server = setup([twilio500, ok]);
    expect(await problemOf(server.client.request(get()))).toMatchObject({ code: 'server-error', httpStatus: 500 });
    expect(server.calls).toHaveLength(1);

    const missing = setup([json(404, { code: 20404, message: 'The requested resource was not found', status: 404 }), ok]);
    expect((await problemOf(missing.client.request(get()))).code).toBe('not-found');
    expect(missing.calls).toHaveLength(1);

    const tls = setup([failWith(new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })), ok]);
    expect((await problemOf(tls.client.request(get()))).code).toBe('network-tls');
    expect(tls.calls).toHaveLength(1);
  });

  it('signs each attempt afresh, so a retried request never reuses a one-time DPoP proof', async () => {
    const { client, calls } = setup([twilio503, ok]);
    let proofs = 0;
    await client.request({ service: 'okta', method: 'GET', url: OKTA, headers: { accept: 'application/json' }, signHeaders: async () => ({ dpop: `proof-${++proofs}` }), destination: onlyOrigin(new URL(OKTA).origin).destination });
    expect(calls.map((c) => new Headers(c.init.headers).get('dpop'))).toEqual(['proof-1', 'proof-2']);
  });

  it('retries a GET after a network error', async () => {
    const { client, calls } = setup([failWith(new TypeError('Failed to fetch')), ok]);
    expect((await client.request(get())).attempts).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('reports a 2xx whose JSON is cut off as an invalid response', async () => {
    const { client } = setup([async () => new Response('{"sid": "WK1", "attri', { status: 200, headers: { 'content-type': 'application/json' } })]);
    expect(await problemOf(client.request(get()))).toMatchObject({ code: 'invalid-response', httpStatus: 200 });
  });

  it('hands back an accepted error status with its headers and JSON instead of throwing', async () => {
    const nonce = json(400, { error: 'use_dpop_nonce' }, { 'dpop-nonce': 'n1' });
    const { client } = setup([nonce]);
    const result = await client.request(post(OKTA, { service: 'okta', acceptStatuses: [400] }));
    expect(result).toMatchObject({ status: 400, json: { error: 'use_dpop_nonce' }, attempts: 1 });
    expect(result.headers.get('dpop-nonce')).toBe('n1');
    expect(await problemOf(setup([nonce]).client.request(post(OKTA, { service: 'okta' })))).toMatchObject({ httpStatus: 400 });
  });

  describe('credentials go only where they belong', () => {
    it('asks the destination before every attempt and sends nothing, not even a signature, where it refuses', async () => {
      const { client, calls } = setup([ok]);
      const { destination, asked } = onlyOrigin(new URL(OKTA).origin);
      let signed = 0;
      const p = await problemOf(client.request(get(TR, { signHeaders: async () => ({ authorization: `SSWS ${++signed}` }), destination })));
      expect(p).toMatchObject({ code: 'invalid-request', message: 'Not for taskrouter.twilio.com.' });
      expect(asked).toEqual([TR]);
      expect(signed).toBe(0);
      expect(calls).toEqual([]);
    });

    it('asks again for a retried attempt, so a permission withdrawn in between stops it', async () => {
      let allowed = true;
      const destination: CredentialDestination = {
        async admit() {
          if (!allowed) throw new ProblemError(problem('permission-denied', 'Withdrawn.', 'Grant it again.', { service: 'extension' }));
          allowed = false;
        },
      };
      const { client, calls } = setup([twilio503, ok]);
      const p = await problemOf(client.request(get(TR, { headers: { authorization: 'Basic xyz' }, destination })));
      expect(p.code).toBe('permission-denied');
      expect(calls).toHaveLength(1);
    });

    it('refuses a request that carries credentials without naming where they may go', async () => {
      const { client, calls } = setup([ok]);
      for (const req of [get(TR, { headers: { Authorization: 'Basic xyz' } }), get(OKTA, { headers: { DPoP: 'proof' } }), get(OKTA, { signHeaders: async () => ({}) })]) {
        expect(await problemOf(client.request(req))).toMatchObject({ code: 'unknown', nextStep: expect.stringMatching(/^Nothing was sent\./) });
      }
      expect(calls).toEqual([]);
      await expect(client.request(get(TR))).resolves.toMatchObject({ status: 200 });
    });

    it('never follows a redirect: fetch is told not to, and a 3xx becomes a Problem naming where it pointed, without a retry', async () => {
      const redirect: Step = async () => new Response(null, { status: 307, headers: { location: '/elsewhere' } });
      const { client, calls } = setup([redirect, ok]);
      const p = await problemOf(client.request(get(TR, { headers: { authorization: 'Basic xyz' }, destination: anywhere })));
      expect(p).toMatchObject({
        code: 'invalid-response',
        service: 'twilio',
        httpStatus: 307,
        message: 'Twilio (taskrouter.twilio.com) answered with a redirect to https://taskrouter.twilio.com/elsewhere (HTTP 307); Flex Steward does not follow redirects with credentials.',
        nextStep: expect.stringMatching(/^Check the region and edge in Settings/),
      });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.init.redirect).toBe('manual');
    });

    it('reports the browser\'s opaque redirect, whose target it cannot see, as a redirect too', async () => {
      // What a browser's fetch resolves with for redirect: 'manual': status 0, no headers, no body.
      const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null, text: async () => '' } as unknown as Response;
      const { client } = setup([async () => opaque]);
      const p = await problemOf(client.request(get(OKTA, { service: 'okta' })));
      expect(p.message).toBe('Okta (steward-sandbox.okta.com) answered with a redirect to another address; Flex Steward does not follow redirects with credentials.');
      expect(p.nextStep).toMatch(/^Check the org URL in Settings/);
    });
  });

  describe('cancellation and timeouts', () => {
    it('turns the caller aborting mid-request into cancelled, without retrying', async () => {
      const controller = new AbortController();
      const { client, calls } = setup([hang, ok]);
      const pending = client.request(get(TR, { signal: controller.signal }));
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      controller.abort();
      expect(await problemOf(pending)).toMatchObject({ code: 'cancelled', service: 'twilio' });
      expect(calls).toHaveLength(1);
    });

    it('stops during a backoff wait when the caller aborts', async () => {
      const controller = new AbortController();
      const script = scripted(twilio503, ok);
      const client = createHttpClient({ fetch: script.fetch, random: () => 0.5, sleep: async () => controller.abort() });
      expect((await problemOf(client.request(get(TR, { signal: controller.signal })))).code).toBe('cancelled');
      expect(script.calls).toHaveLength(1);
    });

    it('times out a silent server, retrying a GET but not a POST', async () => {
      const getting = setup([hang], { timeoutMs: 20, maxRetries: 1 });
      expect(await problemOf(getting.client.request(get()))).toMatchObject({ code: 'timeout', retryable: true });
      expect(getting.calls).toHaveLength(2);

      const posting = setup([hang], { timeoutMs: 20 });
      expect((await problemOf(posting.client.request(post()))).code).toBe('timeout');
      expect(posting.calls).toHaveLength(1);
    });

    it('lets a per-request timeout override the client default', async () => {
      const { client } = setup([hang], { timeoutMs: 60_000, maxRetries: 0 });
      expect((await problemOf(client.request(get(TR, { timeoutMs: 15 })))).message).toContain('did not answer');
    });
  });

  describe('per-host concurrency', () => {
    function gated() {
      const gates: Array<() => void> = [];
      let inFlight = 0;
      let peak = 0;
      const fetch: FetchLike = async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => gates.push(resolve));
        inFlight--;
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      };
      return { fetch, gates, stats: () => ({ inFlight, peak }) };
    }

    it('sends at most perHostConcurrency requests to one host and queues the rest', async () => {
      const { fetch, gates, stats } = gated();
      const counter = createRequestCounter();
      const client = createHttpClient({ fetch, counter });
      const all = Promise.all(Array.from({ length: 20 }, (_, i) => client.request(get(`${TR}/WS${i}`))));
      await vi.waitFor(() => expect(stats().inFlight).toBe(4));
      expect(counter.snapshot().total).toBe(4);
      for (let released = 0; released < 20; released++) {
        await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
        gates.shift()!();
      }
      expect(await all).toHaveLength(20);
      expect(stats().peak).toBe(4);
      expect(counter.snapshot().total).toBe(20);
    });

    it('does not hold one host\'s requests behind another\'s full queue', async () => {
      const { fetch, gates } = gated();
      const calls: string[] = [];
      const client = createHttpClient({
        fetch: (url, init) => {
          calls.push(url);
          return url.includes('okta') ? Promise.resolve(new Response('[]', { status: 200 })) : fetch(url, init);
        },
        perHostConcurrency: 2,
      });
      const twilio = [client.request(get()), client.request(get()), client.request(get())];
      await vi.waitFor(() => expect(gates).toHaveLength(2));
      expect((await client.request(get(OKTA, { service: 'okta' }))).status).toBe(200);
      gates.splice(0).forEach((open) => open());
      await vi.waitFor(() => expect(gates).toHaveLength(1));
      gates.splice(0).forEach((open) => open());
      await Promise.all(twilio);
      expect(calls.filter((u) => u === TR)).toHaveLength(3);
    });

    it('drops a queued request whose caller gives up before it is sent, and frees slots after failures', async () => {
      const { client, calls } = setup([json(404, { code: 20404, message: 'not found', status: 404 }), hang, ok], { perHostConcurrency: 1 });
      await problemOf(client.request(get()));

      const first = new AbortController();
      const running = client.request(get(TR, { signal: first.signal }));
      await vi.waitFor(() => expect(calls).toHaveLength(2));
      const queued = new AbortController();
      const waiting = client.request(get(TR, { signal: queued.signal }));
      queued.abort();
      expect((await problemOf(waiting)).code).toBe('cancelled');
      first.abort();
      await problemOf(running);
      expect(calls).toHaveLength(2);
      expect((await client.request(get())).status).toBe(200);
    });
  });
});

describe('fetch core against the sandbox', () => {
  let sandbox: Sandbox;
  let sleeps: number[];
  let counter: ReturnType<typeof createRequestCounter>;
  let client: ReturnType<typeof createHttpClient>;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.faults.rules.length = 0;
    sandbox.clearRequests();
    sleeps = [];
    counter = createRequestCounter();
    client = createHttpClient({ fetch: sandboxFetch(sandbox), counter, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
  });

  const statuses = (host: string) => sandbox.requestsMatching({ host }).map((r) => r.status);

  it('reads JSON over real HTTPS', async () => {
    const result = await client.request(get(`https://${SANDBOX_HOSTS.taskrouter}/__sandbox/state`));
    expect(result).toMatchObject({ status: 200, attempts: 1, json: { seed: 11 } });
  });

  // The host's routes are filled in elsewhere; /v1/Nowhere stays a 404 whatever lands, so the
  // attempt after the faults always meets the same, real Twilio-shaped answer.
  it('rides out two 503s, then reports the route\'s own answer', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, path: '^/v1/Nowhere$', respond: 503, times: 2 });
    const p = await problemOf(client.request(get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`)));
    expect(p).toMatchObject({ code: 'not-found', vendorCode: '20404', httpStatus: 404 });
    expect(statuses(SANDBOX_HOSTS.taskrouter)).toEqual([503, 503, 404]);
    expect(sleeps).toEqual([250, 500]);
    expect(counter.snapshot()).toMatchObject({ total: 3, retries: 2 });
  });

  it('retries a GET over a dropped connection but not a POST', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, respond: 'drop', times: 1 });
    await problemOf(client.request(get(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`)));
    expect(statuses(SANDBOX_HOSTS.taskrouter)).toEqual(['dropped', 404]);

    sandbox.clearRequests();
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, respond: 'drop', times: 1 });
    const p = await problemOf(client.request(post(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`)));
    expect(p).toMatchObject({ code: 'network-unreachable', message: 'Could not reach taskrouter.twilio.com.' });
    expect(statuses(SANDBOX_HOSTS.taskrouter)).toEqual(['dropped']);
  });

  it('never repeats a POST that met a 503', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, respond: 503, times: 1 });
    expect((await problemOf(client.request(post(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`)))).code).toBe('server-error');
    expect(statuses(SANDBOX_HOSTS.taskrouter)).toEqual([503]);
  });

  it('waits out Okta\'s 429 until X-Rate-Limit-Reset and Twilio\'s until Retry-After', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 429, times: 1 }, { host: SANDBOX_HOSTS.taskrouter, respond: 429, times: 1 });
    expect((await problemOf(client.request(get(`https://${SANDBOX_HOSTS.okta}/api/v1/nowhere`, { service: 'okta' })))).vendorCode).toBe('E0000007');
    expect(statuses(SANDBOX_HOSTS.okta)).toEqual([429, 404]);
    // The sandbox resets its limit at the next whole second after now.
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);

    await problemOf(client.request(post(`https://${SANDBOX_HOSTS.taskrouter}/v1/Nowhere`)));
    expect(statuses(SANDBOX_HOSTS.taskrouter)).toEqual([429, 404]);
    expect(sleeps[1]).toBe(1000);
  });

  it('stops at a 307 to another org, which never hears of the request', async () => {
    const target = `https://${SANDBOX_HOSTS.oktaElsewhere}/api/v1/users/00u1`;
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, method: 'DELETE', respond: 307, location: target });
    const p = await problemOf(client.request({ service: 'okta', method: 'DELETE', url: `https://${SANDBOX_HOSTS.okta}/api/v1/users/00u1`, headers: { authorization: 'SSWS t', 'if-match': '"1"' }, destination: onlyOrigin(`https://${SANDBOX_HOSTS.okta}`).destination }));
    expect(p.message).toContain(`a redirect to ${target} (HTTP 307)`);
    expect(statuses(SANDBOX_HOSTS.okta)).toEqual([307]);
    expect(statuses(SANDBOX_HOSTS.oktaElsewhere)).toEqual([]);
  });

  it('maps a rejected Okta token without retrying it', async () => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 401, times: 1 });
    const p = await problemOf(client.request(get(`https://${SANDBOX_HOSTS.okta}/api/v1/users`, { service: 'okta' })));
    expect(p).toMatchObject({ code: 'bad-credentials', message: 'The Okta token was rejected (E0000011).', requestId: expect.stringMatching(/^fault-/) });
    expect(statuses(SANDBOX_HOSTS.okta)).toEqual([401]);
  });
});

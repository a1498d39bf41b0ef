import { describe, expect, it } from 'vitest';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { createTwilioClient } from './client';
import { problemOf } from '../../tests/support/problem-of';

/** Walking lists with a fetch that answers from a table, to play answers the sandbox never gives. */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WORKSPACE = 'WS' + 'b'.repeat(32);
const WORKERS = `https://taskrouter.twilio.com/v1/Workspaces/${WORKSPACE}/Workers`;
const FIRST = `${WORKERS}?PageSize=1000`;

function worker(n: number, overrides: Record<string, unknown> = {}) {
  return {
    sid: 'WK' + n.toString(16).padStart(32, '0'),
    account_sid: ACCOUNT,
    workspace_sid: WORKSPACE,
    friendly_name: `agent${n}`,
    attributes: null,
    activity_sid: null,
    activity_name: null,
    available: false,
    date_created: '2026-01-05T09:30:00Z',
    date_updated: '2026-01-05T09:30:00Z',
    date_status_changed: null,
    ...overrides,
  };
}

const page = (n: number, workers: unknown[], next: string | null) => ({ meta: { key: 'workers', page: n, page_size: 1000, next_page_url: next }, workers });

/** Answers each URL from `pages` (404 otherwise) and records every request with its Authorization header. */
function tableFetch(pages: Record<string, unknown>) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, authorization: new Headers(init.headers).get('authorization') });
    const body = pages[url];
    return body === undefined
      ? new Response(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }), { status: 404, headers: { 'content-type': 'application/json' } })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'twilio-request-id': 'RQ' + '1'.repeat(32) } });
  };
  return { fetch, calls };
}

function clientFor(pages: Record<string, unknown>) {
  const table = tableFetch(pages);
  const http = createHttpClient({ fetch: table.fetch, sleep: async () => {} });
  const client = createTwilioClient({ http, credentials: { username: 'SK' + 'c'.repeat(32), password: 'secret' }, accountSid: ACCOUNT });
  return { client, calls: table.calls };
}

describe('Twilio list paging', () => {
  it('follows next_page_url exactly as given, with the filters it carries', async () => {
    const second = `${WORKERS}?TargetWorkersExpression=email+%3D%3D+%22a%40b.c%22&PageSize=1000&Page=1&PageToken=PAWK1`;
    const { client, calls } = clientFor({
      [`${WORKERS}?PageSize=1000&TargetWorkersExpression=email+%3D%3D+%22a%40b.c%22`]: page(0, [worker(1)], second),
      [second]: page(1, [worker(2)], null),
    });
    const workers = await client.findWorkersByEmail(WORKSPACE, 'a@b.c');
    expect(workers.map((w) => w.friendly_name)).toEqual(['agent1', 'agent2']);
    expect(calls.map((c) => c.url)).toEqual([expect.stringContaining('PageSize=1000'), second]);
  });

  it('refuses a next page on another host and never sends the credentials there', async () => {
    const { client, calls } = clientFor({
      [FIRST]: page(0, [worker(1)], 'https://collector.example.net/v1/Workspaces/x/Workers?Page=1'),
    });
    const refused = await problemOf(client.listWorkers(WORKSPACE));
    expect(refused).toMatchObject({ code: 'invalid-response', service: 'twilio', retryable: false, requestId: 'RQ' + '1'.repeat(32) });
    expect(refused.message).toContain('https://collector.example.net');
    expect(refused.message).toContain('credentials');
    expect(calls).toHaveLength(1);
    expect(calls.every((c) => new URL(c.url).host === 'taskrouter.twilio.com')).toBe(true);
  });

  it.each([
    ['plain http on the same host', 'http://taskrouter.twilio.com/v1/Workspaces/x/Workers?Page=1'],
    ['a look-alike host', 'https://taskrouter.twilio.com.example.net/v1/Workers?Page=1'],
    ['another port', 'https://taskrouter.twilio.com:8443/v1/Workers?Page=1'],
  ])('refuses %s', async (_, next) => {
    const { client, calls } = clientFor({ [FIRST]: page(0, [worker(1)], next) });
    expect((await problemOf(client.listWorkers(WORKSPACE))).code).toBe('invalid-response');
    expect(calls).toHaveLength(1);
  });

  it('yields the pages read before the refusal, so progress shown so far stays true', async () => {
    const second = `${WORKERS}?PageSize=1000&Page=1&PageToken=PAWK1`;
    const { client } = clientFor({
      [FIRST]: page(0, [worker(1)], second),
      [second]: page(1, [worker(2)], 'https://elsewhere.example/next'),
    });
    const seen: number[] = [];
    const walk = async () => {
      for await (const p of client.iterateWorkerPages(WORKSPACE)) seen.push(p.workers.length);
    };
    expect((await problemOf(walk())).code).toBe('invalid-response');
    expect(seen).toEqual([1, 1]);
  });

  it('stops a next_page_url that points back to a page already read', async () => {
    const second = `${WORKERS}?PageSize=1000&Page=1`;
    const { client, calls } = clientFor({ [FIRST]: page(0, [worker(1)], second), [second]: page(1, [worker(2)], FIRST) });
    const looped = await problemOf(client.listWorkers(WORKSPACE));
    expect(looped.message).toContain('already read');
    expect(calls).toHaveLength(2);
  });

  it('refuses a next page address that is not a URL', async () => {
    const { client } = clientFor({ [FIRST]: page(0, [worker(1)], '/v1/Workspaces?Page=1') });
    expect((await problemOf(client.listWorkers(WORKSPACE))).message).toContain('not a URL');
  });

  it('names the field that has the wrong type, with its index in the list', async () => {
    const workers = [worker(1), worker(2), worker(3), worker(4, { available: 'yes' })];
    const { client } = clientFor({ [FIRST]: page(0, workers, null) });
    const wrong = await problemOf(client.listWorkers(WORKSPACE));
    expect(wrong).toMatchObject({ code: 'invalid-response', service: 'twilio', httpStatus: 200 });
    expect(wrong.message).toMatch(/^Twilio's answer had an unexpected shape at workers\[3\]\.available \(/);
  });

  it('refuses a worker without a usable SID rather than pass on a hole', async () => {
    const { client } = clientFor({ [FIRST]: page(0, [worker(1, { sid: null })], null) });
    expect((await problemOf(client.listWorkers(WORKSPACE))).message).toContain('workers[0].sid');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { createRequestCounter } from '../http/request-counter';
import { harness } from '../runs/test-fixtures';
import { createTtlCache } from '../status/ttl-cache';
import { createStatusService } from '../status/worker-status-service';
import { createMemoryArea } from '../vault/storage-area';
import { AUDIT_KEYS } from './checkpoint';
import { createAuditEngine, type AuditEngineDeps } from './engine';
import type { AuditRow } from './types';

/**
 * The audit engine against the sandbox, through the production fetch core and API clients: what it
 * finds, how many requests that takes, and what survives a cancel, a restart and a 429 storm.
 */

const WORKERS = 300;
let sandbox: Sandbox;
let workspaceSid: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 12, workers: WORKERS, oktaUsers: 360 });
  workspaceSid = sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reseed({ seed: 12, workers: WORKERS, oktaUsers: 360 });
});

function engine(area = createMemoryArea(), overrides: Partial<AuditEngineDeps> & { fetch?: FetchLike } = {}) {
  const { fetch, ...rest } = overrides;
  const h = harness(sandbox);
  const counter = createRequestCounter();
  const http = createHttpClient({ fetch: fetch ?? sandboxFetch(sandbox), counter, sleep: async () => {}, random: () => 0.5 });
  const deps: AuditEngineDeps = { area, settings: async () => h.settings, twilio: h.twilio, okta: h.okta, http, counter, sleep: async () => {}, ...rest };
  return { audit: createAuditEngine(deps), area, h };
}

/** Polls the engine's own view until the audit leaves `running`: the panel's way of waiting. */
async function finished(audit: ReturnType<typeof createAuditEngine>) {
  for (;;) {
    const view = await audit.view();
    if (view.progress?.state !== 'running') return view;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function allRows(audit: ReturnType<typeof createAuditEngine>): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for (let offset = 0; ; offset += 120) {
    const page = await audit.rows(offset, 120);
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

const flexWorkers = () => sandbox.state.twilio.workers.filter((w) => w.workspaceSid === workspaceSid);
const logged = (host: string, path: RegExp, status?: number) => sandbox.requestsMatching({ host, path }).filter((r) => status === undefined || r.status === status).length;

describe('the licence audit engine', { timeout: 30_000 }, () => {
  it('gives every worker the status its badge shows, in a handful of requests', async () => {
    const { audit, h } = engine();
    await audit.start('flex-workspace');
    const view = await finished(audit);
    expect(view.progress?.state).toBe('done');
    const rows = await allRows(audit);
    expect(rows.map((r) => r.workerSid).sort()).toEqual(flexWorkers().map((w) => w.sid).sort());

    // One worker page, the Flex app's assignments, the two directory pages (360 users): no search at all.
    expect(view.progress?.requests).toEqual({ twilio: 1, okta: 3 });
    expect(logged(SANDBOX_HOSTS.okta, /^\/api\/v1\/users$/)).toBe(2);

    const badges = createStatusService({ settings: async () => h.settings, twilio: () => h.twilio(h.http), okta: () => h.okta(h.http), cache: createTtlCache({ area: createMemoryArea() }) });
    const { statuses } = await badges.forWorkers(workspaceSid, rows.map((r) => r.workerSid));
    expect(rows.map((r) => [r.workerSid, r.status])).toEqual(statuses.map((s) => [s.worker.sid, s.status]));

    const statusOf = (name: Parameters<typeof caseOf>[1]) => rows.find((r) => r.workerSid === caseOf(sandbox.state, name).workerSids[0])!;
    expect(statusOf('ambiguous')).toMatchObject({ status: 'ambiguous', bulkExclusion: 'ambiguous', okta: null, oktaMatches: 2 });
    expect(statusOf('lookalikeKelvin')).toMatchObject({ status: 'lookalike', bulkExclusion: 'lookalike', okta: null });
    expect(statusOf('noEmail')).toMatchObject({ status: 'no-email', bulkExclusion: 'no-email', email: null });
    expect(statusOf('noOktaUser')).toMatchObject({ status: 'not-in-okta', bulkExclusion: 'check-first' });
    expect(statusOf('suspended')).toMatchObject({ status: 'suspended', bulkExclusion: null, okta: { status: 'SUSPENDED' } });
    expect(statusOf('activeAssigned')).toMatchObject({ status: 'active', bulkExclusion: 'keeps-seat', okta: { flexAssigned: true } });
    expect(statusOf('activeUnassigned')).toMatchObject({ status: 'unassigned', bulkExclusion: null, okta: { flexAssigned: false } });

    const freeable = rows.filter((r) => ['unassigned', 'suspended', 'deprovisioned'].includes(r.status)).length;
        expect(view.totals).toMatchObject({ workers: WORKERS, freeable, check: rows.filter((r) => r.status === 'not-in-okta').length });
    expect(await audit.summary(workspaceSid)).toMatchObject({ workspaceSid, workers: WORKERS, freeable });
  });

  it('searches in batches instead when the directory is larger than the searches would be', async () => {
    sandbox.reseed({ seed: 12, workers: 40, oktaUsers: 1500 });
    const { audit, h } = engine();
    await audit.start('flex-workspace');
    const view = await finished(audit);
    expect(view.progress?.state).toBe('done');
    const searches = logged(SANDBOX_HOSTS.okta, /^\/api\/v1\/users$/) ;
    const directoryPages = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ }).filter((r) => r.query.includes('status+pr') || r.query.includes('status%20pr')).length;
    // The directory read stopped at the searches' count (2 for 40 addresses), then those searches ran.
    expect(directoryPages).toBe(searches - directoryPages);
    expect(searches).toBeLessThanOrEqual(6);
    const rows = await allRows(audit);
    const badges = createStatusService({ settings: async () => h.settings, twilio: () => h.twilio(h.http), okta: () => h.okta(h.http), cache: createTtlCache({ area: createMemoryArea() }) });
    const { statuses } = await badges.forWorkers(workspaceSid, rows.map((r) => r.workerSid));
    expect(rows.map((r) => r.status)).toEqual(statuses.map((s) => s.status));
  });

  it('reads single workers only when the list has no attributes and the friendly name is no email', async () => {
    sandbox.state.switches.nullListAttributes = true;
    const { audit } = engine();
    await audit.start('flex-workspace');
    await finished(audit);
    const namedByEmail = flexWorkers().filter((w) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(w.friendlyName.trim())).length;
    expect(logged(SANDBOX_HOSTS.taskrouter, /\/Workers\/WK/)).toBe(WORKERS - namedByEmail);
    expect(await audit.rows(0, 1000).then((r) => r.total)).toBe(WORKERS);
  });

  it('continues after a service-worker restart from the checkpoint, once however many wake-ups ask, sending no page twice', async () => {
    sandbox.reseed({ seed: 12, workers: 2500, oktaUsers: 3000 });
    const area = createMemoryArea();
    let sent = 0;
    // The first "service worker" stops answering after its 6th request, as a stopped worker would.
    const stopping: FetchLike = (url, init) => (++sent > 6 ? new Promise(() => {}) : sandboxFetch(sandbox)(url, init));
    const first = engine(area, { fetch: stopping });
    await first.audit.start('flex-workspace');
    while (sent <= 6) await new Promise((resolve) => setTimeout(resolve, 5));
    const stored = (await area.get(AUDIT_KEYS.state))[AUDIT_KEYS.state] as { progress: { state: string; done: number } };
    expect(stored.progress.state).toBe('running');

    // Woken by the audit alarm, the worker also continues at start: two calls at once, the second's
    // read of the checkpoint answering after the first has set the audit going. One audit, one state.
    let reads = 0;
    const slowSecondRead: typeof area = {
      ...area,
      get: async (keys) => {
        const found = await area.get(keys);
        if (keys === AUDIT_KEYS.state && ++reads === 2) await new Promise((resolve) => setTimeout(resolve, 50));
        return found;
      },
    };
    const second = engine(slowSecondRead);
    await Promise.all([second.audit.continueAfterRestart(), second.audit.continueAfterRestart()]);
    const view = await finished(second.audit);
    expect(view.progress?.state).toBe('done');
    expect(((await area.get(AUDIT_KEYS.state))[AUDIT_KEYS.state] as { progress: { state: string } }).progress.state).toBe('done');
    expect((await allRows(second.audit)).map((r) => r.workerSid).sort()).toEqual(flexWorkers().map((w) => w.sid).sort());
    // Every page answered once, except the ones in flight when the first worker stopped.
    const pages = sandbox.requestsMatching({ host: SANDBOX_HOSTS.taskrouter, path: /\/Workers$/ });
    expect(pages.length).toBeLessThanOrEqual(3 + 1);
    expect(new Set(pages.map((p) => p.query)).size).toBe(3);
    const directory = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ });
    expect(directory.length).toBeLessThanOrEqual(15 + 1);
    expect(new Set(directory.map((p) => p.query)).size).toBe(15);
  });

  it('stops on cancel after the request in flight, and resumes where it stopped', async () => {
    sandbox.reseed({ seed: 12, workers: 2500, oktaUsers: 3000 });
    const area = createMemoryArea();
    let cancelling: Promise<unknown> | undefined;
    let writes = 0;
    // Cancelled as soon as the first unit of work is recorded (the second checkpoint write).
    const cancelAfterFirstUnit: typeof area = {
      ...area,
      set: async (items) => {
        await area.set(items);
        if (++writes === 2) cancelling = audit.cancel();
      },
    };
    const { audit } = engine(cancelAfterFirstUnit);
    await audit.start('flex-workspace');
    const cancelled = await finished(audit);
    await cancelling;
    expect(cancelled.progress?.state).toBe('cancelled');
    expect(cancelled.rowCount).toBe(0);
    const before = sandbox.requests.length;
    expect(before).toBeLessThan(8);

    const resumed = engine(area).audit;
    await resumed.resume();
    const view = await finished(resumed);
    expect(view.progress?.state).toBe('done');
    expect(view.rowCount).toBe(2500);
    // 3 worker pages, 15 directory pages, 5 app-user pages: each sent once across both engines.
    expect(sandbox.requests.length).toBe(3 + 15 + 5);
    expect(view.progress?.requests).toEqual({ twilio: 3, okta: 20 });
  });

  it('loses and repeats nothing through a 429 storm', async () => {
    sandbox.reseed({ seed: 12, workers: 2500, oktaUsers: 3000 });
    // Twelve 429s in a row on each list: more than the fetch core's four retries, so units are sent again by the engine.
    sandbox.faults.rules.push(
      { host: SANDBOX_HOSTS.taskrouter, path: '/Workers$', respond: 429, times: 12 },
      { host: SANDBOX_HOSTS.okta, path: '^/api/v1/users$', respond: 429, times: 12 },
    );
    const { audit } = engine();
    await audit.start('flex-workspace');
    const view = await finished(audit);
    expect(view.progress?.state).toBe('done');
    const rows = await allRows(audit);
    expect(rows.length).toBe(2500);
    expect(new Set(rows.map((r) => r.workerSid)).size).toBe(2500);
    expect(logged(SANDBOX_HOSTS.taskrouter, /\/Workers$/, 429)).toBe(12);
    expect(logged(SANDBOX_HOSTS.taskrouter, /\/Workers$/, 200)).toBe(3);
    expect(logged(SANDBOX_HOSTS.okta, /^\/api\/v1\/users$/, 200)).toBe(15);
    expect(view.progress?.requests).toEqual({ twilio: 3 + 12, okta: 20 + 12 });
  });

  it('refuses a second start while one runs, and a new audit replaces the rows but keeps the summary until it finishes', async () => {
    const area = createMemoryArea();
    const { audit } = engine(area);
    await audit.start('flex-workspace');
    await expect(audit.start('flex-workspace')).rejects.toMatchObject({ problem: { code: 'conflict' } });
    await finished(audit);
    const summary = await audit.summary(workspaceSid);
    expect(summary?.workers).toBe(WORKERS);

    let hold: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (hold = resolve));
    const slow: FetchLike = async (url, init) => {
      await held;
      return sandboxFetch(sandbox)(url, init);
    };
    const next = engine(area, { fetch: slow }).audit;
    await next.start('all-workspaces');
    expect(await next.rows(0, 10)).toEqual({ rows: [], total: 0 });
    expect(Object.keys(await area.get(AUDIT_KEYS.chunk('rows', 0)))).toEqual([]);
    expect(await next.summary(workspaceSid)).toEqual(summary);
    hold();
    const view = await finished(next);
    expect(view.totals?.byWorkspace.length).toBe(new Set(sandbox.state.twilio.workers.map((w) => w.workspaceSid)).size);
    expect(view.rowCount).toBe(sandbox.state.twilio.workers.length);
  });
});

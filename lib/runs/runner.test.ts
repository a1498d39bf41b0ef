import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { FetchLike } from '../http/fetch-core';
import { BROWSER_SESSION_KEY, type RunAlarm } from './runner';
import { harness, person, sent, type Harness } from './test-fixtures';
import type { Run, StepKind } from './types';

const TR = SANDBOX_HOSTS.taskrouter;
const OKTA = SANDBOX_HOSTS.okta;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const statuses = (run: Run) => Object.fromEntries(run.steps.map((s) => [s.step.kind, s.status])) as Partial<Record<StepKind, string>>;

/** The suspended person of the generated world, given a live session, with request paths to count. */
function suspendedPerson() {
  const p = person(sandbox, 'suspended');
  sandbox.state.okta.sessions.push({ id: '102live', userId: p.user!.id, hasOAuthTokens: true });
  const workerPath = new RegExp(`/Workers/${p.worker.sid}$`);
  const flexApp = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
  return {
    ...p,
    flexApp,
    workerExists: () => sandbox.state.twilio.workers.some((w) => w.sid === p.worker.sid),
    count: {
      unassign: () => sent(sandbox, OKTA, 'DELETE', new RegExp(`/apps/${flexApp.id}/users/${p.user!.id}$`)),
      sessions: () => sent(sandbox, OKTA, 'DELETE', new RegExp(`/users/${p.user!.id}/sessions$`)),
      offline: () => sent(sandbox, TR, 'POST', workerPath),
      remove: () => sent(sandbox, TR, 'DELETE', workerPath),
    },
  };
}

/** Starts the default run for `p` on a fresh runner and waits until it stops (done or paused). */
async function runUntilSettled(p: ReturnType<typeof suspendedPerson>) {
  const h = harness(sandbox);
  const runner = h.runner();
  const started = await runner.startRun(await h.plan(p.target), { typed: p.email! });
  await runner.idle();
  return { h, runner, started };
}

/** Makes the worker Available, so putting it offline really changes it (and its ETag). */
function makeAvailable(workerSid: string): void {
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === workerSid)!;
  const workspace = sandbox.state.twilio.workspaces.find((w) => w.sid === worker.workspaceSid)!;
  worker.activitySid = workspace.activities.find((a) => a.friendlyName === 'Available')!.sid;
}

/** A runner whose service worker "stops" once `when` sees the run reach some point. */
function stoppingRunner(h: Harness, when: (run: Run) => boolean, extra: Parameters<Harness['runner']>[0] = {}) {
  const stop = new AbortController();
  const runner = h.runner({ signal: stop.signal, onChange: (run) => when(run) && stop.abort(), ...extra });
  return runner;
}

const later = (ms: number) => () => Date.now() + ms;

describe('a deprovisioning run against the sandbox', () => {
  it('runs the default plan for a suspended person: app unassigned, sessions gone, worker offline then deleted, each request once', async () => {
    const p = suspendedPerson();
    makeAvailable(p.worker.sid);
    const h = harness(sandbox);
    const plan = await h.plan(p.target);
    expect(plan.steps.map((s) => s.kind)).toEqual(['okta.unassign-flex-app', 'okta.clear-sessions', 'twilio.worker-offline', 'twilio.delete-worker', 'twilio.verify-seat']);
    expect(plan.confirmation).toEqual({ kind: 'typeEmail', expected: p.email });

    const offlineActivity = plan.preview!.offlineActivity!.sid;
    let activityWhenOffline: string | undefined;
    const progress: string[] = [];
    const runner = h.runner({
      onChange: (run) => {
        progress.push(run.steps.map((s) => s.status[0]).join(''));
        const offline = run.steps.find((s) => s.step.kind === 'twilio.worker-offline');
        if (offline?.status === 'done') activityWhenOffline ??= sandbox.state.twilio.workers.find((w) => w.sid === p.worker.sid)?.activitySid;
      },
    });
    const started = await runner.startRun(plan, { typed: p.email!.toUpperCase() });
    await runner.idle();

    const run = (await runner.journal.get(started.id))!;
    expect(run.state).toBe('done');
    expect(statuses(run)).toEqual({ 'okta.unassign-flex-app': 'done', 'okta.clear-sessions': 'done', 'twilio.worker-offline': 'done', 'twilio.delete-worker': 'done', 'twilio.verify-seat': 'done' });
    expect(run.outcome).toEqual({ kind: 'seat-freed', remainingWorkerSids: [] });
    expect(sandbox.state.okta.assignments.some((a) => a.userId === p.user!.id && a.appId === p.flexApp.id)).toBe(false);
    expect(sandbox.state.okta.sessions.some((s) => s.userId === p.user!.id)).toBe(false);
    expect(sandbox.state.okta.oauthTokenRevocations?.map((r) => r.userId)).toContain(p.user!.id);
    expect(activityWhenOffline).toBe(offlineActivity);
    expect(p.workerExists()).toBe(false);
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
    // Live progress: each step is shown running before it is shown done, in plan order.
    expect(progress).toEqual(expect.arrayContaining(['ppppp', 'rpppp', 'drppp', 'ddrpp', 'dddrp', 'ddddr', 'ddddd']));
    expect(progress.indexOf('rpppp')).toBeLessThan(progress.indexOf('ddrpp'));
  });

  it('resumes a run whose service worker stopped after step 2: each remaining request is sent once, none twice', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[1]?.status === 'done');
    await first.resumeRuns(); // the service worker's start, which also marks this browser session
    const plan = await h.plan(p.target);
    await first.startRun(plan, { typed: p.email! });
    await first.idle();

    const stoppedRun = (await h.runner().journal.get((await h.runner().journal.rows())[0]!.id))!;
    expect(stoppedRun.state).toBe('running');
    expect(stoppedRun.steps.map((s) => s.status)).toEqual(['done', 'done', 'pending', 'pending', 'pending']);
    expect([p.count.offline(), p.count.remove()]).toEqual([0, 0]);

    // A new service worker, after the stopped one's lease ran out.
    const second = h.runner({ now: later(61_000) });
    await second.resumeRuns();
    await second.idle();
    const resumed = (await second.journal.get(stoppedRun.id))!;
    expect(resumed.state).toBe('done');
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('leaves a run alone while another loop holds its lease, and keeps the alarm set to look again', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[0]?.status === 'done');
    await first.resumeRuns();
    await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();

    const alarm = { scheduled: 0, cleared: 0 };
    const tracking: RunAlarm = { schedule: () => void alarm.scheduled++, clear: () => void alarm.cleared++ };
    const second = h.runner({ alarm: tracking });
    await second.resumeRuns();
    await second.idle();
    expect(p.count.sessions()).toBe(0);
    expect(alarm.scheduled).toBeGreaterThan(0);

    const third = h.runner({ alarm: tracking, now: later(61_000) });
    await third.resumeRuns();
    await third.idle();
    expect((await third.journal.rows())[0]!.state).toBe('done');
    expect(alarm.cleared).toBeGreaterThan(0);
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('as the only runner (a new service worker), takes over the lease a stopped instance left at once: each request sent once', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[1]?.status === 'done');
    await first.resumeRuns();
    const started = await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();
    expect((await h.runner().journal.get(started.id))!.lease?.expiresAt).toBeGreaterThan(Date.now());

    const second = h.runner({ sole: true });
    await second.resumeRuns();
    await second.idle();
    expect((await second.journal.get(started.id))!.state).toBe('done');
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('deletes with the ETag the offline step returned, even when Twilio applied that step but the service worker stopped before recording it', async () => {
    const p = suspendedPerson();
    makeAvailable(p.worker.sid);
    const stop = new AbortController();
    const base = sandboxFetch(sandbox);
    // The worker's update reaches Twilio and is answered; then the service worker is gone.
    const dying: FetchLike = async (url, init) => {
      const response = await base(url, init);
      if (init.method === 'POST' && url.endsWith(p.worker.sid)) stop.abort();
      return response;
    };
    const h = harness(sandbox, { fetch: dying });
    const first = h.runner({ signal: stop.signal });
    await first.resumeRuns();
    await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();
    const stoppedRun = (await first.journal.get((await first.journal.rows())[0]!.id))!;
    expect(stoppedRun.steps.map((s) => s.status)).toEqual(['done', 'done', 'running', 'pending', 'pending']);

    const second = harness(sandbox).runner({ area: h.area, session: h.session, now: later(61_000) });
    await second.resumeRuns();
    await second.idle();
    const run = (await second.journal.get(stoppedRun.id))!;
    expect(run.state).toBe('done');
    const offline = run.steps[2]!;
    // Sent again (nothing said the first went through); its 412 is recognised as our own change.
    expect(offline).toMatchObject({ status: 'already', attempts: 2 });
    expect(offline.exchanges.map((e) => e.status)).toEqual([412, 200]);
    expect(run.steps[3]).toMatchObject({ status: 'done', attempts: 1 });
    expect(p.count.remove()).toBe(1);
    expect(p.workerExists()).toBe(false);
  });

  it('pauses on a 500 from the delete, with the problem and its request id, and Retry completes it', async () => {
    const p = suspendedPerson();
    sandbox.faults.rules.push({ host: TR, method: 'DELETE', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    const { runner, started } = await runUntilSettled(p);

    const paused = (await runner.journal.get(started.id))!;
    expect(paused.state).toBe('paused');
    expect(paused.pause).toMatchObject({ reason: 'step-failed', problem: { code: 'server-error', service: 'twilio' } });
    const failed = paused.steps[3]!;
    expect(failed.status).toBe('failed');
    expect(failed.requestIds).toEqual([expect.stringMatching(/^fault-\d+$/)]);
    expect(p.workerExists()).toBe(true);

    await runner.retryStep(started.id);
    await runner.idle();
    const done = (await runner.journal.get(started.id))!;
    expect(done.state).toBe('done');
    expect(done.steps[3]).toMatchObject({ status: 'done', attempts: 2 });
    expect(done.steps[3]!.requestIds).toEqual([expect.stringMatching(/^fault-/), expect.stringMatching(/^RQ[0-9a-f]{32}$/)]);
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 2]);
  });

  it('Skip moves past a failed step and the delete then matches the preview’s ETag', async () => {
    const p = suspendedPerson();
    sandbox.faults.rules.push({ host: TR, method: 'POST', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    const { runner, started } = await runUntilSettled(p);
    expect((await runner.journal.get(started.id))!.steps[2]!.status).toBe('failed');

    await runner.skipStep(started.id);
    await runner.idle();
    const run = (await runner.journal.get(started.id))!;
    expect(run.state).toBe('done');
    expect(run.steps[2]).toMatchObject({ status: 'skipped', skippedBy: 'operator' });
    expect(run.steps[3]!.status).toBe('done');
    expect(p.workerExists()).toBe(false);
  });

  it('Pause lets the step in flight finish, sends nothing more until Continue, and Continue sends each remaining request once', async () => {
    const p = suspendedPerson();
    const base = sandboxFetch(sandbox);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const inFlight = new Promise<void>((resolve) => (reached = resolve));
    // The offline update is held on its way to Twilio, so Pause lands while a step is in flight.
    const holding: FetchLike = async (url, init) => {
      if (init.method === 'POST' && url.endsWith(p.worker.sid)) {
        reached();
        await released;
      }
      return base(url, init);
    };
    const h = harness(sandbox, { fetch: holding, runs: { operator: 'lead@example.com' } });
    const runner = h.runner();
    const started = await runner.startRun(await h.plan(p.target), { typed: p.email! });
    await inFlight;
    const paused = await runner.pauseRun(started.id);
    expect(paused).toMatchObject({ state: 'paused', pause: { reason: 'operator', message: 'Paused by lead@example.com: nothing more is sent until Continue.' } });
    release();
    await runner.idle();
    const stopped = (await runner.journal.get(started.id))!;
    expect(stopped.state).toBe('paused');
    expect(stopped.lease).toBeNull();
    expect(stopped.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'pending', 'pending']);
    expect(p.workerExists()).toBe(true);
    expect((await problemOf(runner.pauseRun(started.id))).message).toBe('This run is paused, not running.');

    await runner.retryStep(started.id);
    await runner.idle();
    expect((await runner.journal.get(started.id))!.state).toBe('done');
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('Pause on a run whose service worker stopped mid-run lets go of the stopped loop’s lease, so Continue carries on at once', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[1]!.status === 'done');
    const started = await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();
    expect((await first.journal.get(started.id))!.lease).not.toBeNull();

    const second = h.runner();
    expect(await second.pauseRun(started.id)).toMatchObject({ state: 'paused', lease: null, pause: { reason: 'operator' } });
    await second.retryStep(started.id);
    await second.idle();
    expect((await second.journal.get(started.id))!.state).toBe('done');
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('Abort ends a paused run without sending anything more, and it cannot be retried', async () => {
    const p = suspendedPerson();
    sandbox.faults.rules.push({ host: TR, method: 'DELETE', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    const { runner, started } = await runUntilSettled(p);

    const aborted = await runner.abortRun(started.id);
    expect(aborted).toMatchObject({ state: 'aborted', pause: null });
    expect(aborted.finishedAt).not.toBeNull();
    expect((await problemOf(runner.retryStep(started.id))).code).toBe('invalid-request');
    await runner.idle();
    expect(p.count.remove()).toBe(1);
    expect(p.workerExists()).toBe(true);
  });

  it('is idempotent: the same plan run again finds everything done', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const runner = h.runner();
    const plan = await h.plan(p.target);
    await runner.startRun(plan, { typed: p.email! });
    await runner.idle();
    const again = await runner.startRun(plan, { typed: p.email! });
    await runner.idle();

    const second = (await runner.journal.get(again.id))!;
    expect(second.state).toBe('done');
    // Okta cannot tell whether there were sessions to clear, so that step is simply sent again.
    expect(statuses(second)).toEqual({ 'okta.unassign-flex-app': 'already', 'okta.clear-sessions': 'done', 'twilio.worker-offline': 'already', 'twilio.delete-worker': 'already', 'twilio.verify-seat': 'done' });
    expect(second.outcome?.kind).toBe('seat-freed');
  });

  it('after a browser restart, leaves a running run paused instead of continuing it; Retry then finishes it without repeating a request', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[1]?.status === 'done');
    await first.resumeRuns();
    const started = await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();

    // The browser quit: session storage is empty again when the service worker starts.
    await h.session.remove(BROWSER_SESSION_KEY);
    const second = h.runner({ now: later(61_000) });
    await second.resumeRuns();
    await second.idle();
    const paused = (await second.journal.get(started.id))!;
    expect(paused.state).toBe('paused');
    expect(paused.pause?.reason).toBe('browser-restart');
    expect(p.count.offline()).toBe(0);

    await second.resumeRuns(); // a later alarm in the same browser session does not continue it either
    await second.idle();
    expect((await second.journal.get(started.id))!.state).toBe('paused');

    await second.retryStep(started.id);
    await second.idle();
    expect((await second.journal.get(started.id))!.state).toBe('done');
    expect([p.count.unassign(), p.count.sessions(), p.count.offline(), p.count.remove()]).toEqual([1, 1, 1, 1]);
  });

  it('onBrowserStartup pauses every running run with a reason', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const first = stoppingRunner(h, (run) => run.steps[0]?.status === 'running');
    const started = await first.startRun(await h.plan(p.target), { typed: p.email! });
    await first.idle();
    const paused = await h.runner().onBrowserStartup();
    expect(paused.map((r) => [r.id, r.state, r.pause?.reason])).toEqual([[started.id, 'paused', 'browser-restart']]);
  });

  it('refuses to start without the typed email, for an unapproved operator, or for a blocked plan, sending nothing', async () => {
    const p = suspendedPerson();
    const h = harness(sandbox);
    const plan = await h.plan(p.target);
    sandbox.clearRequests();
    expect((await problemOf(h.runner().startRun(plan))).code).toBe('invalid-request');
    expect((await problemOf(h.runner().startRun(plan, { typed: 'someone.else@example.com' }))).message).toContain(p.email!);

    const strict = harness(sandbox, { runs: { approvedOperators: ['lead@example.com'], operator: 'intern@example.com' } });
    expect((await problemOf(strict.runner().startRun(plan, { typed: p.email! }))).code).toBe('permission-denied');

    const busy = person(sandbox, 'busyDeprovisioned');
    const busyPlan = await h.plan(busy.target);
    sandbox.clearRequests();
    expect((await problemOf(h.runner().startRun(busyPlan, { typed: busy.email! }))).message).toContain('busy');
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await h.runner().journal.rows()).toEqual([]);
  });

  it('runs a busy worker’s plan once the override is given, rejecting its pending reservation', async () => {
    const busy = person(sandbox, 'busyDeprovisioned');
    const h = harness(sandbox);
    const plan = await h.plan(busy.target, { overrideBusy: true });
    expect(plan.blocked).toBeNull();
    const runner = h.runner();
    const run = await runner.startRun(plan, { typed: busy.email! });
    await runner.idle();
    expect((await runner.journal.get(run.id))!.state).toBe('done');
    expect(sandbox.state.twilio.workers.some((w) => w.sid === busy.worker.sid)).toBe(false);
  });

  it('refuses a whole bulk run when one person in it already has a run under way, or appears twice, starting none', async () => {
    const a = suspendedPerson();
    const b = person(sandbox, 'deprovisioned');
    const h = harness(sandbox);
    const runner = h.runner();
    sandbox.faults.rules.push({ host: TR, method: 'DELETE', path: `/Workers/${a.worker.sid}$`, respond: 500, times: 1 });
    await runner.startRun(await h.plan(a.target), { typed: a.email! });
    await runner.idle();
    const plans = [await h.plan(b.target), await h.plan(a.target)];
    expect((await problemOf(runner.startBulk(plans, { typed: '2' }))).message).toMatch(/^A run on this person is in progress/);
    const twice = [await h.plan(b.target), await h.plan(b.target)];
    expect((await problemOf(runner.startBulk(twice, { typed: '2' }))).message).toMatch(/^A run on this person is in progress/);
    expect((await runner.journal.rows()).map((r) => r.subject.workerSid)).toEqual([a.worker.sid]);
  });

  it('starts a bulk run only with the count typed, one run per person under one bulk id', async () => {
    const a = suspendedPerson();
    const b = person(sandbox, 'deprovisioned');
    const h = harness(sandbox);
    const plans = [await h.plan(a.target), await h.plan(b.target)];
    const runner = h.runner();
    expect((await problemOf(runner.startBulk(plans, { typed: a.email! }))).message).toContain('2');
    const runs = await runner.startBulk(plans, { typed: '2' });
    await runner.idle();
    expect(new Set(runs.map((r) => r.bulkId)).size).toBe(1);
    expect((await runner.journal.rows()).map((r) => r.state)).toEqual(['done', 'done']);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, person } from '../runs/test-fixtures';
import { requestCount } from '../runs/plan';
import { createRunsService } from './runs-service';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 35 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

function service() {
  const h = harness(sandbox, { runs: { operator: 'lead@example.com' } });
  const runner = h.runner({ sole: true });
  let n = 0;
  const runs = createRunsService({ ...h.previewDeps, runner, session: h.session, newId: () => `preview-${(n += 1)}` });
  return { h, runner, runs };
}

const choices = { overrideBusy: false, acceptWithoutUnassign: false };
const writes = () => sandbox.requests.filter((r) => r.method !== 'GET');

describe('runs service: one person, one run', () => {
  it('starts a preview once: two concurrent starts give one run, and each request is sent once', async () => {
    const p = person(sandbox, 'suspended');
    const { runner, runs } = service();
    const { previewId } = await runs.preview(p.target, choices);
    sandbox.clearRequests();
    const results = await Promise.allSettled([runs.start(previewId, p.email!), runs.start(previewId, p.email!)]);
    await runner.idle();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await runner.journal.rows()).length).toBe(1);
    expect(writes().map((r) => `${r.method} ${r.host}`)).toEqual([
      expect.stringMatching(/^DELETE .*okta/),
      expect.stringMatching(/^DELETE .*okta/),
      expect.stringMatching(/^POST taskrouter/),
      expect.stringMatching(/^DELETE taskrouter/),
    ]);
  });

  it('two windows on one worker starting at the same moment: exactly one run', async () => {
    const p = person(sandbox, 'suspended');
    const { runner, runs } = service();
    const [a, b] = [await runs.preview(p.target, choices), await runs.preview(p.target, choices)];
    const results = await Promise.allSettled([runs.start(a.previewId, p.email!), runs.start(b.previewId, p.email!)]);
    await runner.idle();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await runner.journal.rows()).map((r) => r.state)).toEqual(['done']);
    expect(sandbox.requests.filter((r) => r.method === 'DELETE' && r.host.startsWith('taskrouter')).length).toBe(1);
  });

  it('refuses a second run on a person while the first is under way, in the preview and at start, naming who started it', async () => {
    const p = person(sandbox, 'suspended');
    const { runner, runs } = service();
    const first = await runs.preview(p.target, choices);
    const second = await runs.preview(p.target, choices);
    sandbox.faults.rules.push({ host: 'taskrouter.twilio.com', method: 'POST', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    await runs.start(first.previewId, p.email!);
    await runner.idle();
    expect((await runner.journal.rows())[0]!.state).toBe('paused');

    await expect(runs.start(second.previewId, p.email!)).rejects.toMatchObject({ problem: { code: 'conflict', message: expect.stringMatching(/^A run on this person is in progress \(started by lead@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/) } });
    expect((await runs.preview(p.target, choices)).plan.blocked).toMatch(/^A run on this person is in progress/);
    expect((await runner.journal.rows()).length).toBe(1);
  });

  it('marks a run as undone once, and previews a second undo as refused', async () => {
    const p = person(sandbox, 'suspended');
    const { runner, runs } = service();
    const run = await runs.start((await runs.preview(p.target, choices)).previewId, p.email!);
    await runner.idle();
    expect((await runs.get(run.id)).undo).toBeNull();
    const undo = await runs.previewUndo(run.id);
    expect(undo.plan.confirmation).toEqual({ kind: 'typeEmail', expected: p.email });
    await expect(runs.start(undo.previewId, undefined)).rejects.toMatchObject({ problem: { code: 'invalid-request' } });
    const undone = await runs.start((await runs.previewUndo(run.id)).previewId, p.email!);
    await runner.idle();
    expect((await runs.get(run.id)).undo).toMatchObject({ runId: undone.id, state: 'done' });
    expect((await runs.previewUndo(run.id)).plan.blocked).toMatch(/^This run was already undone at /);
  });
});

describe('runs service: a batch of people', () => {
  const batchOf = (...names: Parameters<typeof person>[1][]) => names.map((name) => person(sandbox, name));

  it('previews the whole batch once: people who free a seat are in it with every request; the ambiguous, look-alike, busy, seat-keeping and not-in-Okta are left out, saying why', async () => {
    const [suspended, deprovisioned, active, ambiguous, busy, lookalike, notInOkta] = batchOf('suspended', 'deprovisioned', 'activeAssigned', 'ambiguous', 'busyDeprovisioned', 'lookalikeKelvin', 'noOktaUser');
    const { runs } = service();
    sandbox.clearRequests();
    const bulk = await runs.previewBulk([suspended, deprovisioned, active, ambiguous, busy, lookalike, notInOkta].map((p) => p!.target));

    expect(writes()).toEqual([]);
    expect(bulk.plans.map((p) => p.subject.workerSid)).toEqual([suspended!.worker.sid, deprovisioned!.worker.sid]);
    expect(bulk.plans.every((p) => p.blocked === null && !p.options.overrideBusy && !p.options.acceptWithoutUnassign)).toBe(true);
    expect(bulk.plans.map(requestCount)).toEqual([5, 5]);
    expect(bulk.requests).toBe(10);
    expect(bulk.confirmation).toEqual({ kind: 'typeCount', expected: '2' });
    expect(bulk.maxPerRun).toBe(25);
    expect(bulk.excluded.map((e) => [e.workerSid, e.reason.split(':')[0]])).toEqual([
      [active!.worker.sid, 'Active'],
      [ambiguous!.worker.sid, 'Ambiguous'],
      [busy!.worker.sid, 'Busy'],
      [lookalike!.worker.sid, 'Look-alike address'],
      [notInOkta!.worker.sid, 'Not in Okta'],
    ]);
    expect(bulk.excluded[0]!.reason).toBe('Active: their status frees no seat, so a bulk run leaves them alone.');
  });

  it('leaves out people beyond the per-run maximum in Settings, and people a run is already under way on', async () => {
    const [suspended, deprovisioned, staged] = batchOf('suspended', 'deprovisioned', 'activeUnassigned');
    const h = harness(sandbox, { runs: { operator: 'lead@example.com', maxPerBulk: 2 } });
    const runner = h.runner({ sole: true });
    let n = 0;
    const runs = createRunsService({ ...h.previewDeps, runner, session: h.session, newId: () => `preview-${(n += 1)}` });
    sandbox.faults.rules.push({ host: 'taskrouter.twilio.com', method: 'DELETE', path: `/Workers/${suspended!.worker.sid}$`, respond: 500, times: 1 });
    await runs.start((await runs.preview(suspended!.target, choices)).previewId, suspended!.email!);
    await runner.idle();

    const bulk = await runs.previewBulk([suspended, deprovisioned, staged].map((p) => p!.target));
    expect(bulk.plans.map((p) => p.subject.workerSid)).toEqual([deprovisioned!.worker.sid]);
    expect(bulk.excluded).toEqual([
      { workspaceSid: suspended!.target.workspaceSid, workerSid: suspended!.worker.sid, name: expect.any(String), reason: expect.stringMatching(/^A run on this person is in progress \(started by lead@example\.com at /) },
      { workspaceSid: staged!.target.workspaceSid, workerSid: staged!.worker.sid, name: expect.any(String), reason: 'Over this run’s maximum of 2 (Settings → Deprovisioning).' },
    ]);
    expect(bulk).toMatchObject({ maxPerRun: 2, confirmation: { kind: 'typeEmail' } });
  });

  it('starts exactly the previewed batch once, only with the count typed; the batch reads back in start order', async () => {
    const people = batchOf('suspended', 'deprovisioned', 'activeUnassigned');
    const { runner, runs } = service();
    const { previewId, plans } = await runs.previewBulk(people.map((p) => p!.target));
    expect(plans).toHaveLength(3);
    await expect(runs.startBulk(previewId, '2')).rejects.toMatchObject({ problem: { message: 'To start these runs, type the number of people: 3.' } });

    const again = await runs.previewBulk(people.map((p) => p!.target));
    sandbox.clearRequests();
    const results = await Promise.allSettled([runs.startBulk(again.previewId, '3'), runs.startBulk(again.previewId, '3')]);
    await runner.idle();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const { bulkId } = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ bulkId: string }>).value;

    const batch = await runs.bulk(bulkId);
    expect(batch.map((r) => [r.subject.workerSid, r.state, r.outcome?.kind])).toEqual(people.map((p) => [p!.worker.sid, 'done', 'seat-freed']));
    expect(sandbox.requests.filter((r) => r.method === 'DELETE' && r.host.startsWith('taskrouter')).length).toBe(3);
    expect(await runs.bulk('no-such-batch')).toEqual([]);
  });

  it('passes Pause to the runner, which refuses a run that is not running; Retry continues a paused one', async () => {
    const p = person(sandbox, 'suspended');
    const { runner, runs } = service();
    sandbox.faults.rules.push({ host: 'taskrouter.twilio.com', method: 'DELETE', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    const run = await runs.start((await runs.preview(p.target, choices)).previewId, p.email!);
    await runner.idle();
    await expect(runs.pause(run.id)).rejects.toMatchObject({ problem: { message: 'This run is paused, not running.' } });
    await runs.retry(run.id);
    await runner.idle();
    expect((await runs.get(run.id)).run.state).toBe('done');
  });
});

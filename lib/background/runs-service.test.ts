import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, person } from '../runs/test-fixtures';
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

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, person, sent } from './test-fixtures';
import { planUndo } from './undo';
import type { Run } from './types';

/** Flex's own deprovisioning (the v4 Flex Users API) behind the `runs.flexUserDeprovision` setting, against the sandbox. */

const TR = SANDBOX_HOSTS.taskrouter;
const FLEX = SANDBOX_HOSTS.flexApi;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

function suspended() {
  const p = person(sandbox, 'suspended');
  // The Flex user single sign-on made with this worker, followed by SID as it changes.
  const sid = sandbox.state.twilio.flexUsers!.find((u) => u.workerSid === p.worker.sid)!.flexUserSid;
  const flexUser = () => sandbox.state.twilio.flexUsers!.find((u) => u.flexUserSid === sid);
  return {
    ...p,
    flexUser,
    workerExists: () => sandbox.state.twilio.workers.some((w) => w.sid === p.worker.sid),
    count: {
      deprovision: () => sent(sandbox, FLEX, 'POST', /\/v4\/Instances\/GO[0-9a-f]{32}\/Users\/Deprovision$/),
      flexReads: () => sent(sandbox, FLEX, 'GET', /\/v4\//),
      remove: () => sent(sandbox, TR, 'DELETE', new RegExp(`/Workers/${p.worker.sid}$`)),
    },
  };
}

async function run(p: ReturnType<typeof suspended>, flexUserDeprovision: boolean, between: () => void = () => undefined): Promise<Run> {
  const h = harness(sandbox, { runs: { flexUserDeprovision } });
  const plan = await h.plan(p.target, { flexUserDeprovision });
  between();
  const runner = h.runner();
  const started = await runner.startRun(plan, { typed: p.email! });
  await runner.idle();
  return (await runner.journal.get(started.id))!;
}

const kinds = (run: Run) => run.steps.map((s) => [s.step.kind, s.status]);

describe("Flex's own deprovisioning", () => {
  it('when on, deprovisions the worker’s Flex user instead of deleting the worker: Flex deletes the worker and deactivates the user', async () => {
    const p = suspended();
    expect(p.flexUser()).toMatchObject({ workerSid: p.worker.sid, deactivated: false });
    const h = harness(sandbox, { runs: { flexUserDeprovision: true } });
    const plan = await h.plan(p.target, { flexUserDeprovision: true });
    expect(plan.preview!.flexUser).toMatchObject({ found: true, flexUserSid: p.flexUser()!.flexUserSid });
    const step = plan.steps.find((s) => s.kind === 'flex.deprovision-user')!;
    expect(step.detail).toContain('Insights user');

    const done = await run(p, true);
    expect(done.state).toBe('done');
    expect(kinds(done)).toEqual([
      ['okta.unassign-flex-app', 'done'],
      ['okta.clear-sessions', 'done'],
      ['twilio.worker-offline', 'done'],
      ['flex.deprovision-user', 'done'],
      ['twilio.verify-seat', 'done'],
    ]);
    expect(p.flexUser()).toMatchObject({ deactivated: true, workerSid: null });
    expect(p.workerExists()).toBe(false);
    expect([p.count.deprovision(), p.count.remove()]).toEqual([1, 0]);
    expect(done.outcome).toEqual({ kind: 'seat-freed', remainingWorkerSids: [] });
    // The undo puts back the Okta assignment but says the Flex user cannot be restored.
    const undo = planUndo(done);
    expect(undo.steps.map((s) => s.kind)).toEqual(['undo.assign-flex-app']);
    expect(undo.omitted.map((o) => o.kind)).toEqual(['okta.clear-sessions', 'flex.deprovision-user']);
  });

  it('when off, never asks the Flex Users API and deletes the worker', async () => {
    const p = suspended();
    const done = await run(p, false);
    expect(kinds(done).map(([kind]) => kind)).not.toContain('flex.deprovision-user');
    expect(done.plan.omitted.map((o) => o.kind)).not.toContain('flex.deprovision-user');
    expect([p.count.flexReads(), p.count.deprovision(), p.count.remove()]).toEqual([0, 0, 1]);
    expect(p.flexUser()).toMatchObject({ deactivated: false });
  });

  it('without a Flex user for the worker (made through the TaskRouter API), falls back to the worker delete and says so', async () => {
    const p = suspended();
    sandbox.state.twilio.flexUsers = sandbox.state.twilio.flexUsers!.filter((u) => u.workerSid !== p.worker.sid);
    const done = await run(p, true);
    expect(done.plan.preview!.flexUser).toMatchObject({ found: false });
    expect(done.plan.omitted).toEqual([expect.objectContaining({ kind: 'flex.deprovision-user', reason: expect.stringContaining(`No Flex user of worker ${p.worker.sid} has the username ${p.email}`) })]);
    expect(done.plan.omitted[0]!.reason).toContain('the worker is deleted instead');
    expect(kinds(done)).toContainEqual(['twilio.delete-worker', 'done']);
    expect([p.count.deprovision(), p.count.remove()]).toEqual([0, 1]);
    expect(done.outcome?.kind).toBe('seat-freed');
  });

  it('never picks the Flex user of another worker that has the same username', async () => {
    const p = suspended();
    const other = 'WK' + '9'.repeat(32);
    Object.assign(p.flexUser()!, { workerSid: other });
    const h = harness(sandbox, { runs: { flexUserDeprovision: true } });
    const plan = await h.plan(p.target, { flexUserDeprovision: true });
    expect(plan.preview!.flexUser).toMatchObject({ found: false, reason: expect.stringContaining(`belongs to ${other}, not to this worker`) });
    expect(plan.steps.map((s) => s.kind)).toContain('twilio.delete-worker');
  });

  it('counts a Flex user deprovisioned after the preview as done, without deprovisioning again, and checks the worker is gone', async () => {
    const p = suspended();
    const done = await run(p, true, () => {
      // Someone deprovisioned the person in the Flex console in between.
      Object.assign(p.flexUser()!, { deactivated: true, workerSid: null });
      sandbox.state.twilio.workers = sandbox.state.twilio.workers.filter((w) => w.sid !== p.worker.sid);
    });
    const step = done.steps.find((s) => s.step.kind === 'flex.deprovision-user')!;
    expect(step).toMatchObject({ status: 'already', result: expect.stringContaining('already deprovisioned') });
    expect(p.count.deprovision()).toBe(0);
    expect(done.outcome?.kind).toBe('seat-freed');
  });

  it('deletes the worker itself, and says so, when the Flex user turns out to be gone but the worker is still there', async () => {
    const p = suspended();
    const done = await run(p, true, () => {
      sandbox.state.twilio.flexUsers = [];
    });
    const step = done.steps.find((s) => s.step.kind === 'flex.deprovision-user')!;
    expect(step).toMatchObject({ status: 'done', result: expect.stringContaining('no longer exists. The worker was still there, so Flex Steward deleted it.') });
    expect([p.count.deprovision(), p.count.remove()]).toEqual([0, 1]);
    expect(p.workerExists()).toBe(false);
  });
});

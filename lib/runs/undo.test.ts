import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, person } from './test-fixtures';
import { planUndo } from './undo';
import { createJournal } from './journal';
import { newRun } from './runner';
import type { Run } from './types';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

/** Priya: ACTIVE in Okta, assigned to the Flex app, with a worker. */
async function deprovisioned(options: { suspend?: boolean; deactivate?: boolean } = { suspend: true }) {
  const p = person(sandbox, 'activeAssigned');
  const assignment = sandbox.state.okta.assignments.find((a) => a.userId === p.user!.id)!;
  const h = harness(sandbox);
  const runner = h.runner();
  const started = await runner.startRun(await h.plan(p.target, options), { typed: p.email! });
  await runner.idle();
  const run = (await runner.journal.get(started.id))!;
  expect(run.state).toBe('done');
  return { p, h, runner, run, userName: assignment.userName, appId: assignment.appId };
}

describe('undo from the ledger', () => {
  it('plans re-creating the worker, unsuspending and re-assigning, and lists what cannot be undone', async () => {
    const { run } = await deprovisioned();
    const undo = planUndo(run);
    expect(undo).toMatchObject({ kind: 'undo', undoOf: run.id, blocked: null, confirmation: { kind: 'typeEmail', expected: run.subject.email } });
    expect(undo.steps.map((s) => s.kind)).toEqual(['undo.recreate-worker', 'undo.unsuspend-user', 'undo.assign-flex-app']);
    expect(undo.omitted.map((o) => o.kind)).toEqual(['okta.clear-sessions']);
  });

  it('restores the worker with the same friendly name and attributes, re-assigns the app with the same user name, and unsuspends', async () => {
    const { p, runner, run, userName, appId } = await deprovisioned();
    const undoRun = await runner.startRun(planUndo(run), { typed: run.subject.email! });
    await runner.idle();
    const finished = (await runner.journal.get(undoRun.id))!;
    expect(finished.state).toBe('done');
    expect(finished.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);

    const restored = sandbox.state.twilio.workers.find((w) => w.friendlyName === p.worker.friendlyName)!;
    expect(restored).toMatchObject({ workspaceSid: p.worker.workspaceSid, attributes: p.worker.attributes, activitySid: run.before.offlineActivity!.sid });
    expect(restored.sid).not.toBe(p.worker.sid);
    expect(finished.steps[0]!.output).toEqual({ workerSid: restored.sid });
    expect(sandbox.state.okta.users.find((u) => u.id === p.user!.id)!.status).toBe('ACTIVE');
    expect(sandbox.state.okta.assignments.find((a) => a.userId === p.user!.id && a.appId === appId)?.userName).toBe(userName);
  });

  it('is a run of its own in the ledger, and a run is undone once', async () => {
    const { runner, run } = await deprovisioned();
    const first = await runner.startRun(planUndo(run), { typed: run.subject.email! });
    await runner.idle();
    await expect(runner.startRun(planUndo(run), { typed: run.subject.email! })).rejects.toMatchObject({ problem: { code: 'conflict', message: expect.stringContaining('already undone') } });
    expect((await runner.journal.rows()).map((r) => [r.id, r.undoOf])).toEqual([
      [first.id, run.id],
      [run.id, undefined],
    ]);
  });

  it('is refused once a later run touched the same person, naming it', async () => {
    const { h, runner, run } = await deprovisioned();
    const later = newRun({ ...planUndo(run), kind: 'deprovision', undoOf: undefined, steps: [] }, { id: 'later', operator: 'ana@example.com', at: new Date(Date.parse(run.createdAt) + 1000).toISOString() });
    later.state = 'done';
    await createJournal(h.area).create(later);
    await expect(runner.startRun(planUndo(run), { typed: run.subject.email! })).rejects.toMatchObject({ problem: { message: expect.stringContaining('A later run (a deprovisioning started by ana@example.com') } });
  });

  it('undoes only what the run itself changed', async () => {
    // Helga was suspended before the run: the run's suspend step found her so, and the undo leaves her suspended.
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    const runner = h.runner();
    const started = await runner.startRun(await h.plan(p.target, { suspend: true }), { typed: p.email! });
    await runner.idle();
    const undo = planUndo((await runner.journal.get(started.id))!);
    expect(undo.steps.map((s) => s.kind)).toEqual(['undo.recreate-worker', 'undo.assign-flex-app']);
    expect(undo.omitted).toContainEqual(expect.objectContaining({ kind: 'okta.suspend-user', reason: expect.stringContaining('Already in that state') }));
  });

  it('cannot re-assign or unsuspend a deactivated person, and says so', async () => {
    const { run } = await deprovisioned({ deactivate: true });
    const undo = planUndo(run);
    expect(undo.steps.map((s) => s.kind)).toEqual(['undo.recreate-worker']);
    expect(undo.omitted.map((o) => o.kind).sort()).toEqual(['okta.clear-sessions', 'okta.deactivate-user', 'okta.unassign-flex-app']);
  });

  it('refuses to re-create over a different worker that took the name, rather than touching it', async () => {
    const { p, runner, run } = await deprovisioned();
    // The person signed in again through another route, and Flex made a new worker with that name.
    const workspace = sandbox.state.twilio.workspaces.find((w) => w.sid === p.worker.workspaceSid)!;
    sandbox.state.twilio.workers.push({ ...p.worker, sid: 'WK' + 'f'.repeat(32), attributes: '{"email":"someone@example.com"}', activitySid: workspace.defaultActivitySid });
    const undoRun = await runner.startRun(planUndo(run), { typed: run.subject.email! });
    await runner.idle();
    const paused = (await runner.journal.get(undoRun.id))!;
    expect(paused.state).toBe('paused');
    expect(paused.pause?.problem?.code).toBe('conflict');
    expect(sandbox.state.twilio.workers.filter((w) => w.friendlyName === p.worker.friendlyName)).toHaveLength(1);
  });

  it('is blocked for a run that has not ended, or that changed nothing undoable', async () => {
    const { run } = await deprovisioned();
    expect(planUndo({ ...run, state: 'paused' }).blocked).toMatch(/not ended/);
    const nothing: Run = { ...run, steps: run.steps.map((s) => ({ ...s, status: 'skipped' as const })) };
    expect(planUndo(nothing).blocked).toMatch(/Nothing/);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createJournal } from './journal';
import { runRow, runRowSchema } from './ledger';
import { harness, person } from './test-fixtures';
import { runSchema } from './types';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 34 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const OKTA_REQUEST_ID = /^[A-Za-z0-9_-]{27}$/;
const TWILIO_REQUEST_ID = /^RQ[0-9a-f]{32}$/;

describe('the ledger', () => {
  it('keeps the operator, the times, the before-snapshot and every step’s result with the request ids the APIs returned', async () => {
    const p = person(sandbox, 'suspended');
    const assignment = sandbox.state.okta.assignments.find((a) => a.userId === p.user!.id)!;
    const workspace = sandbox.state.twilio.workspaces.find((w) => w.sid === p.worker.workspaceSid)!;
    const h = harness(sandbox, { runs: { operator: 'lead@example.com', approvedOperators: ['Lead@Example.com'] } });
    const runner = h.runner();
    const started = await runner.startRun(await h.plan(p.target), { typed: p.email! });
    await runner.idle();

    const run = (await createJournal(h.area).get(started.id))!;
    expect(run.operator).toBe('lead@example.com');
    expect(Date.parse(run.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run.createdAt));
    expect(run.before.worker).toMatchObject({
      friendlyName: p.worker.friendlyName,
      attributes: p.worker.attributes,
      activitySid: p.worker.activitySid,
      activityName: workspace.activities.find((a) => a.sid === p.worker.activitySid)!.friendlyName,
    });
    expect(run.before.person).toMatchObject({ id: p.user!.id, status: 'SUSPENDED' });
    expect(run.before.assignment).toEqual({ assigned: true, userName: assignment.userName, status: 'ACTIVE' });
    expect(run.steps.map((s) => [s.step.kind, s.status])).toEqual([
      ['okta.unassign-flex-app', 'done'],
      ['okta.clear-sessions', 'done'],
      ['twilio.worker-offline', 'done'],
      ['twilio.delete-worker', 'done'],
      ['twilio.verify-seat', 'done'],
    ]);
    for (const step of run.steps) {
      expect(step.requestIds.length).toBeGreaterThan(0);
      expect(step.requestIds).toEqual(step.exchanges.map((e) => e.requestId));
      expect(step.requestIds.every((id) => (step.step.kind.startsWith('okta.') ? OKTA_REQUEST_ID : TWILIO_REQUEST_ID).test(id))).toBe(true);
      expect(step.startedAt).not.toBeNull();
    }
    expect(runSchema.parse(run)).toEqual(run);
  });

  it('lists runs newest first, as rows small enough for a page', async () => {
    const a = person(sandbox, 'suspended');
    const b = person(sandbox, 'deprovisioned');
    const h = harness(sandbox);
    const runner = h.runner();
    const first = await runner.startRun(await h.plan(a.target), { typed: a.email! });
    await runner.idle();
    const second = await runner.startRun(await h.plan(b.target), { typed: b.email! });
    await runner.idle();

    const journal = createJournal(h.area);
    expect((await journal.rows()).map((r) => r.id)).toEqual([second.id, first.id]);
    expect((await journal.page(0, 1)).entries.map((r) => r.id)).toEqual([second.id]);
    const row = runRow((await journal.get(first.id))!);
    expect(runRowSchema.parse(row)).toEqual(row);
    expect((await journal.rows())[1]).toEqual(row);
    expect(row).toMatchObject({ id: first.id, kind: 'deprovision', state: 'done', stepsDone: 5, stepsTotal: 5, workerSids: [a.worker.sid], subject: { email: a.email, workerSid: a.worker.sid, oktaUserId: a.user!.id } });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { newRun } from './runner';
import { deleteEtag, executeStep, StepFailure, type StepDeps } from './steps';
import { harness, person, type Harness } from './test-fixtures';
import { stepSchema, type Plan, type Run, type Step, type StepKind } from './types';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const OKTA_REQUEST_ID = /^[A-Za-z0-9_-]{27}$/;
const TWILIO_REQUEST_ID = /^RQ[0-9a-f]{32}$/;

function setup(h: Harness, plan: Plan): { run: Run; deps: StepDeps; step: <K extends StepKind>(kind: K) => Extract<Step, { kind: K }> } {
  const run = newRun(plan, { id: 'r1', operator: null, at: new Date().toISOString() });
  return {
    run,
    deps: { http: h.http, twilio: h.twilio, okta: h.okta },
    step: (kind) => plan.steps.find((s) => s.kind === kind) as never,
  };
}

async function failure(promise: Promise<unknown>): Promise<StepFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepFailure);
  return error as StepFailure;
}

/** Records a step's result in the run as the runner would. */
function recordDone(run: Run, kind: StepKind, output: Run['steps'][number]['output']): void {
  const entry = run.steps.find((s) => s.step.kind === kind)!;
  entry.status = 'done';
  entry.output = output;
}

describe('executeStep against the sandbox', () => {
  it('returns each request id the APIs gave, Okta’s and Twilio’s', async () => {
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    const { run, deps, step } = setup(h, await h.plan(p.target));
    const unassigned = await executeStep(step('okta.unassign-flex-app'), run, deps);
    expect(unassigned).toMatchObject({ outcome: 'done', requestIds: [expect.stringMatching(OKTA_REQUEST_ID)] });
    expect(unassigned.exchanges).toEqual([{ method: 'DELETE', url: step('okta.unassign-flex-app').requests[0]!.url, status: 204, requestId: unassigned.requestIds[0] }]);
    const offline = await executeStep(step('twilio.worker-offline'), run, deps);
    expect(offline.requestIds).toEqual([expect.stringMatching(TWILIO_REQUEST_ID)]);
  });

  it('counts what is already so as done: an unassigned person, a suspended one, a deactivated one, a deleted worker', async () => {
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    const plan = await h.plan(p.target, { suspend: true });
    const { run, deps, step } = setup(h, plan);
    await executeStep(step('okta.unassign-flex-app'), run, deps);
    expect((await executeStep(step('okta.unassign-flex-app'), run, deps)).outcome).toBe('already');
    expect(await executeStep(step('okta.suspend-user'), run, deps)).toMatchObject({ outcome: 'already', detail: 'Was already suspended in Okta.' });

    const deactivating = setup(h, await h.plan(p.target, { deactivate: true }));
    expect((await executeStep(deactivating.step('okta.deactivate-user'), deactivating.run, deactivating.deps)).outcome).toBe('done');
    expect((await executeStep(deactivating.step('okta.deactivate-user'), deactivating.run, deactivating.deps)).outcome).toBe('already');

    sandbox.state.twilio.workers = sandbox.state.twilio.workers.filter((w) => w.sid !== p.worker.sid);
    expect((await executeStep(step('twilio.worker-offline'), run, deps)).outcome).toBe('already');
    expect((await executeStep(step('twilio.delete-worker'), run, deps)).outcome).toBe('already');
  });

  it('deletes with the ETag the offline step returned: the preview’s no longer matches once the worker is offline', async () => {
    const p = person(sandbox, 'busyDeprovisioned');
    const h = harness(sandbox);
    const plan = await h.plan(p.target, { overrideBusy: true });
    const { run, deps, step } = setup(h, plan);
    const offline = await executeStep(step('twilio.worker-offline'), run, deps);
    expect(offline.output?.etag).not.toBe(plan.preview!.etag);

    // Without the offline step's ETag the delete would send the preview's, and Twilio refuses it.
    expect(deleteEtag(run, step('twilio.delete-worker'))).toBe(plan.preview!.etag);
    const refused = await failure(executeStep(step('twilio.delete-worker'), run, deps));
    expect(refused.problem).toMatchObject({ code: 'precondition-failed', httpStatus: 412, requestId: expect.stringMatching(TWILIO_REQUEST_ID) });
    expect(refused.exchanges).toHaveLength(1);

    recordDone(run, 'twilio.worker-offline', offline.output);
    expect(deleteEtag(run, step('twilio.delete-worker'))).toBe(offline.output!.etag);
    expect((await executeStep(step('twilio.delete-worker'), run, deps)).outcome).toBe('done');
  });

  it('fails the offline step when the worker changed after the preview, telling the admin to preview again', async () => {
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    const { run, deps, step } = setup(h, await h.plan(p.target));
    const worker = sandbox.state.twilio.workers.find((w) => w.sid === p.worker.sid)!;
    worker.revision += 1; // e.g. the agent signed in again, or someone edited the worker
    const refused = await failure(executeStep(step('twilio.worker-offline'), run, deps));
    expect(refused.problem.code).toBe('precondition-failed');
    expect(refused.problem.nextStep).toMatch(/preview again/);
  });

  it('skips a Flex user step journaled before the step could run, sending nothing', async () => {
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    const { run, deps } = setup(h, await h.plan(p.target));
    const old = { kind: 'flex.deprovision-user', title: 'Deprovision the Flex user (Flex Users API)', detail: '', requests: [], reversible: false, undo: '', irreversible: true, unavailable: 'The API had no deprovision request.', params: { workspaceSid: p.worker.workspaceSid, workerSid: p.worker.sid } } as const;
    sandbox.clearRequests();
    expect(await executeStep(stepSchema.parse(old), run, deps)).toMatchObject({ outcome: 'skipped', detail: 'The API had no deprovision request.', requestIds: [] });
    expect(sandbox.requests).toEqual([]);
  });
});

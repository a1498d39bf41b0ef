import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, person } from './test-fixtures';
import { runSchema, type Run } from './types';

/** The run's last step: "Seat freed" only once the workspace has no worker left for the person. */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

async function runWith(between: (p: ReturnType<typeof person>) => void): Promise<{ run: Run; p: ReturnType<typeof person> }> {
  const p = person(sandbox, 'suspended');
  const h = harness(sandbox);
  const plan = await h.plan(p.target);
  between(p);
  const runner = h.runner();
  const started = await runner.startRun(plan, { typed: p.email! });
  await runner.idle();
  return { run: (await runner.journal.get(started.id))!, p };
}

const seatCheck = (run: Run) => run.steps.find((s) => s.step.kind === 'twilio.verify-seat')!;

describe('the seat check at the end of a run', () => {
  it('finds a worker an SSO sign-in re-created between preview and delete: the run ends "seat still held" naming it', async () => {
    const again = 'WK' + 'f'.repeat(32);
    const { run, p } = await runWith((p) => {
      // The person signed in to Flex after the preview: Flex made them a new worker with the same email.
      sandbox.state.twilio.workers.push({ ...structuredClone(p.worker), sid: again, friendlyName: `${p.worker.friendlyName}-2`, revision: 1 });
    });
    expect(run.state).toBe('done');
    expect(run.steps.find((s) => s.step.kind === 'twilio.delete-worker')!.status).toBe('done');
    expect(sandbox.state.twilio.workers.some((w) => w.sid === p.worker.sid)).toBe(false);
    expect(run.outcome).toEqual({ kind: 'seat-still-held', remainingWorkerSids: [again] });
    expect(seatCheck(run).result).toBe(`${again} still holds a seat for ${p.email}.`);
  });

  it('finds the same through TaskRouter’s own email match when worker lists leave attributes out', async () => {
    const again = 'WK' + 'e'.repeat(32);
    const { run } = await runWith((p) => {
      sandbox.state.switches.nullListAttributes = true;
      sandbox.state.twilio.workers.push({ ...structuredClone(p.worker), sid: again, friendlyName: 'agent_reborn', revision: 1 });
    });
    expect(run.outcome).toEqual({ kind: 'seat-still-held', remainingWorkerSids: [again] });
  });

  it('counts a 404 on the delete (someone deleted the worker first) as done, and with no other worker the seat is freed', async () => {
    const { run } = await runWith((p) => {
      sandbox.state.twilio.workers = sandbox.state.twilio.workers.filter((w) => w.sid !== p.worker.sid);
    });
    expect(run.steps.find((s) => s.step.kind === 'twilio.delete-worker')).toMatchObject({ status: 'already', result: 'The worker was already deleted.' });
    expect(run.outcome).toEqual({ kind: 'seat-freed', remainingWorkerSids: [] });
    expect(seatCheck(run).result).toMatch(/: the seat is free\.$/);
  });

  it('records no outcome for an aborted run, so nothing claims the seat is free', async () => {
    const p = person(sandbox, 'suspended');
    const h = harness(sandbox);
    sandbox.faults.rules.push({ host: 'taskrouter.twilio.com', method: 'DELETE', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
    const runner = h.runner();
    const started = await runner.startRun(await h.plan(p.target), { typed: p.email! });
    await runner.idle();
    const aborted = await runner.abortRun(started.id);
    expect(aborted.outcome).toBeNull();
  });

  it('reads a run journaled before the seat check existed as one with no outcome', async () => {
    const { run } = await runWith(() => undefined);
    const { outcome: _, ...older } = run;
    expect(runSchema.parse(older).outcome).toBeNull();
  });
});

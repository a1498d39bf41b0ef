import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { workerEtag } from '../../sandbox/twilio/taskrouter';
import { buildPlan } from './plan';
import { previewDeprovision } from './preview';
import { harness, person } from './test-fixtures';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 8 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const preview = (target: Parameters<typeof previewDeprovision>[1]) => previewDeprovision(harness(sandbox).previewDeps, target);

describe('previewDeprovision against the sandbox', () => {
  it('shows the person, the worker with its ETag, their states, and the Flex assignment with its user name', async () => {
    const p = person(sandbox, 'suspended');
    const assignment = sandbox.state.okta.assignments.find((a) => a.userId === p.user!.id)!;
    const result = await preview(p.target);
    expect(result).toMatchObject({
      email: p.email,
      identityStatus: 'suspended',
      worker: { sid: p.worker.sid, workspaceSid: p.worker.workspaceSid, friendlyName: p.worker.friendlyName, attributes: p.worker.attributes, activitySid: p.worker.activitySid },
      etag: workerEtag(p.worker),
      busy: false,
      person: { id: p.user!.id, status: 'SUSPENDED', login: p.user!.profile.login },
      flexApp: { label: 'Twilio Flex' },
      assignment: { assigned: true, userName: assignment.userName },
      offlineActivity: { name: 'Offline' },
      endpoints: { taskrouter: `https://${SANDBOX_HOSTS.taskrouter}`, okta: `https://${SANDBOX_HOSTS.okta}` },
      refusal: null,
    });
  });

  it('reads only: nothing but GETs reach either API', async () => {
    await preview(person(sandbox, 'suspended').target);
    expect(sandbox.requests.length).toBeGreaterThan(0);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses an address two Okta users claim until the person is picked by id', async () => {
    const p = person(sandbox, 'ambiguous');
    const refused = await preview(p.target);
    expect(refused.refusal?.reason).toBe('several-okta-users');
    expect(refused.person).toBeNull();
    expect(refused.personCandidates.map((c) => c.id).sort()).toEqual([...p.oktaUserIds].sort());
    expect(buildPlan(refused).blocked).toContain('never guesses');

    const picked = await preview({ ...p.target, oktaUserId: p.oktaUserIds[1]! });
    expect(picked.refusal).toBeNull();
    expect(picked.person?.id).toBe(p.oktaUserIds[1]);
  });

  it('refuses an address with two workers until one is picked', async () => {
    const p = person(sandbox, 'duplicateWorkers');
    const refused = await preview({ email: p.email! });
    expect(refused.refusal?.reason).toBe('several-workers');
    expect(refused.worker).toBeNull();
    expect(refused.workerCandidates.map((w) => w.sid).sort()).toEqual([...p.workerSids].sort());

    const picked = await preview({ email: p.email!, workerSid: p.workerSids[1]! });
    expect(picked.refusal).toBeNull();
    expect(picked.worker?.sid).toBe(p.workerSids[1]);
  });

  it('refuses when there is no worker: an address nobody signed in to Flex with, or a worker already deleted', async () => {
    const noWorker = caseOf(sandbox.state, 'assignedNoWorker');
    expect((await preview({ email: noWorker.email! })).refusal?.reason).toBe('no-worker');
    const gone = person(sandbox, 'suspended');
    sandbox.state.twilio.workers = sandbox.state.twilio.workers.filter((w) => w.sid !== gone.worker.sid);
    expect((await preview(gone.target)).refusal?.reason).toBe('no-worker');
  });

  it('finds the worker by address as the badges do, whatever the case of its email', async () => {
    const p = person(sandbox, 'caseMismatch');
    const result = await preview({ email: 'jane.doe@example.com' });
    expect(result.refusal).toBeNull();
    expect(result.worker?.sid).toBe(p.worker.sid);
    expect(result.person?.id).toBe(p.user!.id);
  });

  it('still finds it when worker lists leave attributes out', async () => {
    sandbox.state.switches.nullListAttributes = true;
    const p = person(sandbox, 'suspended');
    const result = await preview({ email: p.email! });
    expect(result.worker?.sid).toBe(p.worker.sid);
    expect(result.worker?.attributes).toBe(p.worker.attributes);
  });

  it('says when the worker is busy, counting pending and accepted reservations', async () => {
    const p = person(sandbox, 'busyDeprovisioned');
    const result = await preview(p.target);
    expect(result.busy).toBe(true);
    expect(result.reservations.pending).toBe(1);
    expect(result.reservations.accepted).toBeGreaterThan(0);
  });

  it('has no person for a worker nobody in Okta has, and the plan then only touches the worker', async () => {
    const p = person(sandbox, 'noOktaUser');
    const result = await preview(p.target);
    expect(result).toMatchObject({ identityStatus: 'not-in-okta', person: null, personCandidates: [], assignment: null, refusal: null });
    expect(buildPlan(result).steps.map((s) => s.kind)).toEqual(['twilio.worker-offline', 'twilio.delete-worker', 'twilio.verify-seat']);
  });

  it('does not ask Okta about a worker without an email', async () => {
    const p = person(sandbox, 'noEmail');
    const result = await preview(p.target);
    expect(result).toMatchObject({ email: null, identityStatus: 'no-email', person: null });
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta })).toEqual([]);
  });
});

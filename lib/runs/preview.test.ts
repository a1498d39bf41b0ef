import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { workerEtag } from '../../sandbox/twilio/taskrouter';
import { buildPlan } from './plan';
import { previewDeprovision } from './preview';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { problemOf } from '../../tests/support/problem-of';
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

  it('keeps only the workers whose own email is the address, whatever TaskRouter’s expression matched', async () => {
    sandbox.state.switches.nullListAttributes = true;
    const kelvin = caseOf(sandbox.state, 'lookalikeKelvin');
    const plain = sandbox.state.okta.users.find((u) => u.id === kelvin.oktaUserIds[0])!.profile.email;
    // A TaskRouter that folded compatibility characters would name the look-alike worker for the plain address.
    const sandboxed = sandboxFetch(sandbox);
    const folding: typeof fetch = (input, init) => {
      const url = new URL(new Request(input, init).url);
      const expression = url.searchParams.get('TargetWorkersExpression');
      if (expression?.includes(plain)) url.searchParams.set('TargetWorkersExpression', expression.replace(plain, kelvin.email!));
      return sandboxed(url.toString(), init);
    };
    const result = await previewDeprovision(harness(sandbox, { fetch: folding }).previewDeps, { email: plain });
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.taskrouter, path: /\/Workers$/ }).some((r) => r.query.includes('TargetWorkersExpression'))).toBe(true);
    expect(result).toMatchObject({ worker: null, workerCandidates: [], refusal: { reason: 'no-worker' } });
  });

  it('never looks up a look-alike worker in Okta, and its plan is blocked with the character named', async () => {
    const p = person(sandbox, 'lookalikeKelvin');
    const result = await preview(p.target);
    expect(result).toMatchObject({ email: p.email, identityStatus: 'lookalike', person: null, personCandidates: [], assignment: null, refusal: null });
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta })).toEqual([]);
    const plan = buildPlan(result);
    expect(plan.blocked).toContain('U+212A KELVIN SIGN looks like “K”.');
    expect(plan.omitted).toEqual([]);
  });

  it('refuses a look-alike address as a target without asking Twilio or Okta anything', async () => {
    const { email } = caseOf(sandbox.state, 'lookalikeFullwidthDomain');
    const refused = await problemOf(preview({ email: email! }));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toContain('U+FF45 FULLWIDTH LATIN SMALL LETTER E looks like “e”');
    expect(sandbox.requests.filter((r) => r.host === SANDBOX_HOSTS.okta || r.path.includes('/Workers'))).toEqual([]);
  });

  it('refuses an Okta user id that is not one of the people the worker’s email found', async () => {
    const p = person(sandbox, 'suspended');
    const stranger = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    expect((await problemOf(preview({ ...p.target, oktaUserId: stranger }))).message).toContain(`does not have ${p.email} as email or login`);
    const kelvin = person(sandbox, 'lookalikeKelvin');
    expect((await problemOf(preview({ ...kelvin.target, oktaUserId: kelvin.oktaUserIds[0]! }))).code).toBe('invalid-request');
    const noEmail = person(sandbox, 'noEmail');
    expect((await problemOf(preview({ ...noEmail.target, oktaUserId: stranger }))).message).toContain('no email address');
    // Its own person is still accepted when picked explicitly.
    expect((await preview({ ...p.target, oktaUserId: p.user!.id })).person?.id).toBe(p.user!.id);
  });

  it('does not ask Okta about a worker without an email', async () => {
    const p = person(sandbox, 'noEmail');
    const result = await preview(p.target);
    expect(result).toMatchObject({ email: null, identityStatus: 'no-email', person: null });
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSettings } from '../settings/settings';
import { bulkConfirmation, buildPlan, confirms, offlineDetail, planOptionsFrom } from './plan';
import { planSchema, type OktaSnapshot, type Preview } from './types';

const WS = 'WS' + 'a'.repeat(32);
const WK = 'WK' + 'b'.repeat(32);
const OFFLINE = 'WA' + 'c'.repeat(32);
const TR = 'https://taskrouter.twilio.com';
const OKTA = 'https://acme.okta.com';

const person = (status: OktaSnapshot['status'] = 'SUSPENDED'): OktaSnapshot => ({
  id: '00u1',
  status,
  login: 'helga@example.com',
  email: 'helga@example.com',
  firstName: 'Helga',
  lastName: 'Sørensen',
  lastLogin: null,
});

function preview(overrides: Partial<Preview> = {}): Preview {
  const worker = {
    sid: WK,
    workspaceSid: WS,
    workspaceName: 'Flex Task Assignment',
    friendlyName: 'helga@example.com',
    attributes: '{"email":"helga@example.com"}',
    activitySid: 'WA' + 'd'.repeat(32),
    activityName: 'Available',
    available: true,
    dateCreated: '2025-01-01T00:00:00Z',
  };
  return {
    createdAt: '2026-01-01T00:00:00.000Z',
    target: { workspaceSid: WS, workerSid: WK },
    email: 'helga@example.com',
    identityStatus: 'suspended',
    worker,
    etag: '"e0"',
    reservations: { pending: 0, accepted: 0 },
    busy: false,
    offlineActivity: { sid: OFFLINE, name: 'Offline' },
    workerCandidates: [worker],
    person: person(),
    personCandidates: [person()],
    flexApp: { id: '0oaflex', label: 'Twilio Flex' },
    assignment: { assigned: true, userName: 'helga@example.com', status: 'ACTIVE' },
    endpoints: { taskrouter: TR, okta: OKTA },
    refusal: null,
    ...overrides,
  };
}

const kinds = (p: ReturnType<typeof buildPlan>) => p.steps.map((s) => s.kind);

describe('buildPlan', () => {
  it('plans the four default steps and the seat check in order, each with the request the dry run shows', () => {
    const plan = buildPlan(preview());
    expect(kinds(plan)).toEqual(['okta.unassign-flex-app', 'okta.clear-sessions', 'twilio.worker-offline', 'twilio.delete-worker', 'twilio.verify-seat']);
    expect(plan.steps.map((s) => s.requests.map((r) => `${r.method} ${r.url}`))).toEqual([
      [`DELETE ${OKTA}/api/v1/apps/0oaflex/users/00u1`],
      [`DELETE ${OKTA}/api/v1/users/00u1/sessions?oauthTokens=true`],
      [`POST ${TR}/v1/Workspaces/${WS}/Workers/${WK}`],
      [`DELETE ${TR}/v1/Workspaces/${WS}/Workers/${WK}`],
      [`GET ${TR}/v1/Workspaces/${WS}/Workers?PageSize=1000`],
    ]);
    const [, , offline, remove] = plan.steps;
    expect(offline!.requests[0]).toMatchObject({ headers: { 'If-Match': '"e0"' }, body: `ActivitySid=${OFFLINE}&RejectPendingReservations=true` });
    // The offline step changes the worker, so the delete cannot send the preview's ETag.
    expect(remove!.requests[0]!.headers!['If-Match']).toContain('offline step');
    expect(plan.blocked).toBeNull();
    expect(planSchema.parse(plan)).toEqual(plan);
  });

  it('marks clearing sessions irreversible and the delete undoable with a new SID, so the email must be typed', () => {
    const plan = buildPlan(preview());
    const by = Object.fromEntries(plan.steps.map((s) => [s.kind, s]));
    expect(by['okta.clear-sessions']).toMatchObject({ irreversible: true, reversible: false });
    expect(by['twilio.delete-worker']).toMatchObject({ irreversible: false, reversible: true });
    expect(by['twilio.delete-worker']!.undo).toContain('new SID');
    expect(plan.irreversible).toBe(true);
    expect(plan.confirmation).toEqual({ kind: 'typeEmail', expected: 'helga@example.com' });
  });

  it('adds suspension when set, before clearing sessions, and deactivation instead when both are set', () => {
    expect(kinds(buildPlan(preview({ person: person('ACTIVE') }), { suspend: true }))).toEqual([
      'okta.unassign-flex-app',
      'okta.suspend-user',
      'okta.clear-sessions',
      'twilio.worker-offline',
      'twilio.delete-worker',
      'twilio.verify-seat',
    ]);
    const both = buildPlan(preview({ person: person('ACTIVE') }), { suspend: true, deactivate: true });
    expect(kinds(both)).toContain('okta.deactivate-user');
    expect(kinds(both)).not.toContain('okta.suspend-user');
    expect(both.steps.find((s) => s.kind === 'okta.deactivate-user')).toMatchObject({ irreversible: true, reversible: false });
    expect(both.steps.find((s) => s.kind === 'okta.deactivate-user')!.undo).toMatch(/cannot be undone/i);
    expect(both.omitted.map((o) => o.kind)).toEqual(['okta.suspend-user']);
  });

  it('leaves out Okta changes the person’s status makes impossible or pointless, saying why', () => {
    expect(buildPlan(preview({ person: person('STAGED') }), { suspend: true }).omitted).toEqual([expect.objectContaining({ kind: 'okta.suspend-user', reason: expect.stringContaining('only suspends active users') })]);
    expect(buildPlan(preview({ person: person('DEPROVISIONED') }), { deactivate: true }).omitted).toEqual([expect.objectContaining({ kind: 'okta.deactivate-user', reason: expect.stringContaining('already deactivated') })]);
    // Already suspended still gets the step: it confirms the state and counts as done.
    expect(kinds(buildPlan(preview(), { suspend: true }))).toContain('okta.suspend-user');
  });

  it('skips every Okta step for a worker nobody in Okta has, and says so; the delete alone needs no typing', () => {
    const plan = buildPlan(preview({ person: null, personCandidates: [], flexApp: null, assignment: null, identityStatus: 'not-in-okta' }));
    expect(kinds(plan)).toEqual(['twilio.worker-offline', 'twilio.delete-worker', 'twilio.verify-seat']);
    expect(plan.omitted.map((o) => o.kind)).toEqual(['okta.unassign-flex-app', 'okta.clear-sessions']);
    expect(plan.omitted[0]!.reason).toContain('Not in Okta');
    expect(plan.confirmation).toEqual({ kind: 'none' });
  });

  it('without a Flex app in Settings, leaves the unassignment out and explains the worker would come back', () => {
    const plan = buildPlan(preview({ flexApp: null, assignment: null }));
    expect(kinds(plan)[0]).toBe('okta.clear-sessions');
    expect(plan.omitted[0]).toMatchObject({ kind: 'okta.unassign-flex-app', reason: expect.stringContaining('re-creates the worker') });
  });

  it('refuses to start without the unassign step until the admin accepts that, and records the choice', () => {
    expect(buildPlan(preview({ flexApp: null, assignment: null })).blocked).toMatch(/^This plan cannot remove the Flex app assignment/);
    const accepted = buildPlan(preview({ flexApp: null, assignment: null }), { acceptWithoutUnassign: true });
    expect(accepted.blocked).toBeNull();
    expect(accepted.options.acceptWithoutUnassign).toBe(true);
    expect(accepted.notes).toContain('Accepted without removing the Flex app assignment: the person’s next SSO sign-in re-creates the worker. This choice is recorded with the run.');
  });

  it('with Flex user deprovisioning on and the worker’s Flex user found, deprovisions it instead of deleting the worker, says what more it removes, and asks for typing', () => {
    const GO = 'GO' + 'e'.repeat(32);
    const FU = 'FU' + 'f'.repeat(32);
    const found = preview({ person: null, personCandidates: [], flexApp: null, assignment: null, flexUser: { found: true, instanceSid: GO, flexUserSid: FU, username: 'helga@example.com' } });
    const plan = buildPlan({ ...found, endpoints: { ...found.endpoints, flexApi: 'https://flex-api.twilio.com' } }, { flexUserDeprovision: true });
    expect(kinds(plan)).toEqual(['twilio.worker-offline', 'flex.deprovision-user', 'twilio.verify-seat']);
    const flex = plan.steps[1]!;
    expect(flex.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://flex-api.twilio.com/v4/Instances/${GO}/Users/${FU}`,
      `POST https://flex-api.twilio.com/v4/Instances/${GO}/Users/Deprovision`,
      `GET ${TR}/v1/Workspaces/${WS}/Workers/${WK}`,
    ]);
    expect(flex.requests[1]!.body).toBe(JSON.stringify({ flex_user_sid: FU }));
    expect(flex.detail).toContain('Flex Insights user');
    expect(flex).toMatchObject({ irreversible: true, reversible: false, params: { instanceSid: GO, flexUserSid: FU, workerSid: WK } });
    expect(plan.omitted).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'twilio.delete-worker', reason: expect.stringContaining('deletes the worker') })]));
    expect(plan.confirmation).toEqual({ kind: 'typeEmail', expected: 'helga@example.com' });
    expect(planSchema.parse(plan)).toEqual(plan);
  });

  it('with Flex user deprovisioning on but no Flex user for the worker, deletes the worker and says why', () => {
    const reason = 'No Flex user of worker WK… has the username helga@example.com.';
    const plan = buildPlan(preview({ flexUser: { found: false, reason } }), { flexUserDeprovision: true });
    expect(kinds(plan)).toContain('twilio.delete-worker');
    expect(kinds(plan)).not.toContain('flex.deprovision-user');
    expect(plan.omitted).toEqual([expect.objectContaining({ kind: 'flex.deprovision-user', reason: expect.stringMatching(/^No Flex user of worker .* the worker is deleted instead/) })]);
  });

  it('with Flex user deprovisioning off, neither looks at nor mentions a Flex user', () => {
    const plan = buildPlan(preview({ flexUser: { found: true, instanceSid: 'GO' + 'e'.repeat(32), flexUserSid: 'FU' + 'f'.repeat(32), username: 'helga@example.com' } }));
    expect(kinds(plan)).not.toContain('flex.deprovision-user');
    expect(plan.omitted.map((o) => o.kind)).not.toContain('flex.deprovision-user');
  });

  it('describes the offline step by what it changes', () => {
    expect(offlineDetail('Kai', 'Offline', 'Offline', 0)).toBe('Keeps Kai in Offline, so no new task reaches them.');
    expect(offlineDetail('Kai', 'Available', 'Offline', 1)).toBe('Moves Kai from Available to Offline and rejects its pending reservation, so no new task reaches them.');
    expect(offlineDetail('Kai', null, 'Offline', 3)).toBe('Moves Kai from its activity to Offline and rejects its 3 pending reservations, so no new task reaches them.');
  });

  it('blocks a busy worker until the override, then notes what happens to its work', () => {
    const busy = preview({ busy: true, reservations: { pending: 1, accepted: 2 } });
    expect(buildPlan(busy).blocked).toMatch(/busy/);
    const overridden = buildPlan(busy, { overrideBusy: true });
    expect(overridden.blocked).toBeNull();
    expect(overridden.notes.join(' ')).toContain('2 task(s) in progress and 1 reservation(s) pending');
  });

  it('blocks a refused preview with the refusal’s words', () => {
    const refusal = { reason: 'several-okta-users' as const, message: '2 Okta users have helga@example.com as email or login.' };
    expect(buildPlan(preview({ refusal, person: null })).blocked).toBe(refusal.message);
  });

  it('deletes straight away with the preview’s ETag when the workspace has no offline activity', () => {
    const plan = buildPlan(preview({ offlineActivity: null }));
    expect(kinds(plan)).not.toContain('twilio.worker-offline');
    expect(plan.steps.find((s) => s.kind === 'twilio.delete-worker')!.requests[0]!.headers).toEqual({ 'If-Match': '"e0"' });
    expect(plan.notes.join(' ')).toContain('no offline activity');
  });

  it('takes the optional steps from Settings', () => {
    expect(planOptionsFrom(parseSettings({ runs: { suspend: true } }), true)).toEqual({ suspend: true, deactivate: false, flexUserDeprovision: false, overrideBusy: true });
  });
});

describe('confirmation', () => {
  it('accepts the email in any case and spelling of its domain, and nothing else', () => {
    const typeEmail = { kind: 'typeEmail' as const, expected: 'José@Bücher.example' };
    expect(confirms(typeEmail, ' josé@xn--bcher-kva.example ')).toBe(true);
    expect(confirms(typeEmail, 'jose@bucher.example')).toBe(false);
    expect(confirms(typeEmail, undefined)).toBe(false);
    expect(confirms({ kind: 'none' }, undefined)).toBe(true);
  });

  it('asks a bulk run for the number of people', () => {
    const plan = buildPlan(preview());
    expect(bulkConfirmation([plan, plan, plan])).toEqual({ kind: 'typeCount', expected: '3' });
    expect(bulkConfirmation([plan])).toEqual(plan.confirmation);
    expect(confirms({ kind: 'typeCount', expected: '3' }, '3')).toBe(true);
    expect(confirms({ kind: 'typeCount', expected: '3' }, 'three')).toBe(false);
  });
});

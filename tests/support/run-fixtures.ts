import type { Plan, Run, Snapshot } from '../../lib/runs/types';

/**
 * A small deprovisioning plan and run as the background would send them, for component tests of the
 * deprovision window and the run history: one reversible step, the person's email to type.
 */
const nothingBefore: Snapshot = { worker: null, person: null, flexApp: null, assignment: null, offlineActivity: null, reservations: { pending: 0, accepted: 0 } };

export function planFor(email: string, patch: Partial<Plan> = {}): Plan {
  return {
    kind: 'deprovision',
    preview: null,
    options: {},
    subject: { email, name: 'Sam Roe', workerSid: `WK${'1'.repeat(32)}`, oktaUserId: '00u1' },
    before: nothingBefore,
    steps: [
      {
        kind: 'okta.clear-sessions',
        title: 'Clear Okta sessions',
        detail: 'Signs the person out everywhere.',
        requests: [{ method: 'DELETE', url: 'https://acme.okta.com/api/v1/users/00u1/sessions' }],
        reversible: false,
        undo: 'Sessions cannot be restored.',
        irreversible: false,
        params: { userId: '00u1' },
      },
    ],
    omitted: [],
    irreversible: false,
    confirmation: { kind: 'typeEmail', expected: email },
    blocked: null,
    notes: [],
    ...patch,
  };
}

export function runOf(plan: Plan, patch: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    kind: plan.kind,
    operator: 'me@example.com',
    state: 'running',
    pause: null,
    createdAt: '2026-12-02T10:42:00Z',
    updatedAt: '2026-12-02T10:42:00Z',
    finishedAt: null,
    subject: plan.subject,
    before: plan.before,
    plan,
    steps: plan.steps.map((step) => ({ step, status: 'pending', attempts: 0, startedAt: null, finishedAt: null, result: null, requestIds: [], exchanges: [] })),
    lease: null,
    outcome: null,
    ...patch,
  };
}

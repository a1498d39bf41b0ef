import { STEP_TITLES } from './plan';
import type { OmittedStep, Plan, Run, Step, StepKind } from './types';

/**
 * Undo from the ledger: a plan that puts back what a run changed and can be put back, run like any
 * other plan and kept in the ledger as its own run (`undoOf`). Only changes the run itself made
 * (`done`, not `already`) are undone, so an undo never un-suspends someone who was suspended
 * before, or re-assigns an app someone else had removed.
 */

const seg = encodeURIComponent;

/** Why a step the run carried out cannot be put back. */
const CANNOT_UNDO: Partial<Record<StepKind, string>> = {
  'okta.clear-sessions': 'Ended Okta sessions cannot be restored; the person signs in again once they have access.',
  'okta.deactivate-user': 'Deactivation is irreversible here: reactivate the person in the Okta Admin Console, which starts a new activation.',
  'flex.deprovision-user': 'A deprovisioned Flex user cannot be restored through the API.',
};

export function planUndo(run: Run): Plan {
  const status = (kind: StepKind) => run.steps.find((s) => s.step.kind === kind)?.status;
  const did = (kind: StepKind) => status(kind) === 'done';
  const stepOf = <K extends StepKind>(kind: K) => run.steps.find((s) => s.step.kind === kind)?.step as Extract<Step, { kind: K }> | undefined;
  const steps: Step[] = [];
  const omitted: OmittedStep[] = [];
  const cannot = (kind: StepKind, reason: string) => omitted.push({ kind, title: STEP_TITLES[kind], reason });
  const deactivated = did('okta.deactivate-user');
  const { worker, person, assignment, offlineActivity, flexApp } = run.before;
  const endpoints = run.plan.preview?.endpoints;

  const deleted = stepOf('twilio.delete-worker');
  if (deleted && did('twilio.delete-worker')) {
    if (worker?.friendlyName && worker.attributes !== null && endpoints) {
      const workers = `${endpoints.taskrouter}/v1/Workspaces/${seg(deleted.params.workspaceSid)}/Workers`;
      const body = new URLSearchParams({ FriendlyName: worker.friendlyName, Attributes: worker.attributes });
      if (offlineActivity) body.set('ActivitySid', offlineActivity.sid);
      steps.push({
        kind: 'undo.recreate-worker',
        title: STEP_TITLES['undo.recreate-worker'],
        detail: `Creates ${worker.friendlyName} again in the same workspace with the same attributes, offline. It gets a new SID; the old SID's statistics and past reservations are not restored.`,
        requests: [
          { method: 'GET', url: `${workers}?FriendlyName=${seg(worker.friendlyName)}`, note: 'Checks no worker has that name already.' },
          { method: 'POST', url: workers, body: body.toString() },
        ],
        reversible: true,
        undo: 'Delete the worker again with a new run.',
        irreversible: false,
        params: { workspaceSid: deleted.params.workspaceSid, friendlyName: worker.friendlyName, attributes: worker.attributes, activitySid: offlineActivity?.sid ?? null },
      });
    } else {
      cannot('twilio.delete-worker', 'The ledger has no friendly name and attributes for this worker, so it cannot be re-created as it was.');
    }
  } else if (did('twilio.worker-offline') && !did('flex.deprovision-user')) {
    cannot('twilio.worker-offline', 'The worker stays offline; the agent picks an activity when they next sign in to Flex.');
  }

  const suspended = stepOf('okta.suspend-user');
  if (suspended && did('okta.suspend-user')) {
    if (deactivated) {
      cannot('okta.suspend-user', 'The person was deactivated afterwards, and a deactivated user cannot be unsuspended.');
    } else if (endpoints?.okta) {
      steps.push({
        kind: 'undo.unsuspend-user',
        title: STEP_TITLES['undo.unsuspend-user'],
        detail: `Unsuspends ${person?.login ?? suspended.params.userId} in Okta.`,
        requests: [{ method: 'POST', url: `${endpoints.okta}/api/v1/users/${seg(suspended.params.userId)}/lifecycle/unsuspend` }],
        reversible: true,
        undo: 'Suspend them again with a new run.',
        irreversible: false,
        params: { userId: suspended.params.userId },
      });
    }
  }

  const unassigned = stepOf('okta.unassign-flex-app');
  if (unassigned && did('okta.unassign-flex-app')) {
    const userName = assignment?.userName ?? person?.login;
    if (deactivated) {
      cannot('okta.unassign-flex-app', 'The person was deactivated, so the Flex app cannot be re-assigned to them.');
    } else if (!userName) {
      cannot('okta.unassign-flex-app', 'The ledger has no app user name for this assignment, so it cannot be re-made as it was.');
    } else if (endpoints?.okta) {
      const app = `${endpoints.okta}/api/v1/apps/${seg(unassigned.params.appId)}/users`;
      steps.push({
        kind: 'undo.assign-flex-app',
        title: STEP_TITLES['undo.assign-flex-app'],
        detail: `Assigns ${person?.login ?? unassigned.params.userId} to ${flexApp?.label ?? 'the Flex app'} again, with the app user name ${userName}.`,
        requests: [
          { method: 'GET', url: `${app}/${seg(unassigned.params.userId)}`, note: 'Checks whether they are assigned already.' },
          { method: 'POST', url: app, body: JSON.stringify({ id: unassigned.params.userId, scope: 'USER', credentials: { userName } }) },
        ],
        reversible: true,
        undo: 'Remove the assignment again with a new run.',
        irreversible: false,
        params: { appId: unassigned.params.appId, userId: unassigned.params.userId, userName },
      });
    }
  }

  for (const { step, status: state } of run.steps) {
    const reason = CANNOT_UNDO[step.kind];
    if (state === 'done' && reason) cannot(step.kind, reason);
    if (state === 'already' && step.reversible) cannot(step.kind, 'Already in that state before the run, so there is nothing of this run’s to undo.');
  }

  return {
    kind: 'undo',
    preview: null,
    undoOf: run.id,
    options: {},
    subject: run.subject,
    before: run.before,
    steps,
    omitted,
    irreversible: false,
    // Confirmed like a run: an undo re-creates a worker and re-assigns an app, which hands a seat back.
    confirmation: { kind: 'typeEmail', expected: run.subject.email ?? run.before.worker?.friendlyName ?? run.id },
    blocked: undoBlocked(run, steps.length),
    notes: [],
  };
}

function undoBlocked(run: Run, steps: number): string | null {
  if (run.kind === 'undo') return 'An undo is not undone from the ledger; start a new deprovisioning run instead.';
  if (run.state === 'running' || run.state === 'paused') return 'This run has not ended yet: let it finish, or abort it, before undoing it.';
  if (steps === 0) return 'Nothing this run changed can be undone.';
  return null;
}

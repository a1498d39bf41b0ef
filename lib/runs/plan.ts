import { lookalikeSentence } from '../identity/lookalike';
import { NEVER_ACTIONABLE, STATUS_INFO } from '../identity/statuses';
import { emailKey } from '../identity/worker-email';
import type { Settings } from '../settings/settings';
import type { Confirmation, OktaSnapshot, OmittedStep, Plan, PlanOptions, Preview, Snapshot, Step, StepKind, Subject } from './types';

/**
 * Turns a preview into the ordered steps of a run. Pure: the same preview and options always give
 * the same plan, so the dry run the admin reads is exactly what the runner sends.
 *
 * Order: the Flex app assignment goes first, because while it stands the person's next SSO sign-in
 * re-creates the worker; then the Okta account (suspend or deactivate before clearing sessions, so
 * no new session can start in between); then the worker is put offline and deleted.
 */

export const STEP_TITLES: Record<StepKind, string> = {
  'okta.unassign-flex-app': 'Remove the Flex app assignment in Okta',
  'okta.suspend-user': 'Suspend the Okta user',
  'okta.deactivate-user': 'Deactivate the Okta user',
  'okta.clear-sessions': 'Clear Okta sessions and OAuth tokens',
  'twilio.worker-offline': 'Put the worker offline and reject pending reservations',
  'twilio.delete-worker': 'Delete the worker',
  'flex.deprovision-user': 'Deprovision the Flex user (Flex Users API)',
  'twilio.verify-seat': 'Check that no worker holds a seat for this person',
  'undo.recreate-worker': 'Re-create the worker',
  'undo.assign-flex-app': 'Re-assign the Flex app in Okta',
  'undo.unsuspend-user': 'Unsuspend the Okta user',
};

/** The optional steps as Settings has them; the busy override is the admin's choice per run. */
export function planOptionsFrom(settings: Settings, overrideBusy = false, acceptWithoutUnassign = false): PlanOptions {
  const { suspend, deactivate, flexUserDeprovision } = settings.runs;
  return { suspend, deactivate, flexUserDeprovision, overrideBusy, ...(acceptWithoutUnassign ? { acceptWithoutUnassign } : {}) };
}

const seg = encodeURIComponent;

export function personName(person: Pick<OktaSnapshot, 'firstName' | 'lastName'> | null): string | null {
  const name = person ? `${person.firstName} ${person.lastName}`.trim() : '';
  return name || null;
}

export function subjectOf(preview: Preview): Subject {
  return {
    email: preview.email,
    name: personName(preview.person) ?? preview.worker?.friendlyName ?? null,
    workerSid: preview.worker?.sid ?? null,
    oktaUserId: preview.person?.id ?? null,
  };
}

export function snapshotOf(preview: Preview): Snapshot {
  const { worker, person, flexApp, assignment, offlineActivity, reservations } = preview;
  return { worker, person, flexApp, assignment, offlineActivity, reservations };
}

/** The string the admin types to confirm: the email, else the Okta login, else the worker's name. */
function confirmationFor(preview: Preview): string {
  return preview.email ?? preview.person?.login ?? preview.worker?.friendlyName ?? preview.worker?.sid ?? '';
}

function oktaSteps(preview: Preview, options: PlanOptions, okta: string, person: OktaSnapshot): { steps: Step[]; omitted: OmittedStep[] } {
  const steps: Step[] = [];
  const omitted: OmittedStep[] = [];
  const user = `${okta}/api/v1/users/${seg(person.id)}`;
  const who = person.login;

  const { flexApp, assignment } = preview;
  if (flexApp) {
    steps.push({
      kind: 'okta.unassign-flex-app',
      title: STEP_TITLES['okta.unassign-flex-app'],
      detail:
        assignment?.assigned === false
          ? `${who} is not assigned to ${flexApp.label} now; the request is sent anyway in case that changes before the run, and counts as done if they are still unassigned.`
          : `Removes ${who} from ${flexApp.label}, so their next SSO sign-in cannot re-create the worker.`,
      requests: [{ method: 'DELETE', url: `${okta}/api/v1/apps/${seg(flexApp.id)}/users/${seg(person.id)}` }],
      reversible: true,
      undo: `Re-assigned to ${flexApp.label} with the same user name (${assignment?.userName ?? who}).`,
      irreversible: false,
      params: { appId: flexApp.id, userId: person.id },
    });
  } else {
    omitted.push({
      kind: 'okta.unassign-flex-app',
      title: STEP_TITLES['okta.unassign-flex-app'],
      reason: 'The Flex app was not found in Okta, so Flex Steward cannot remove the assignment. Without it, the next SSO sign-in re-creates the worker: choose the Flex app in Settings (Test connection lists the candidates).',
    });
  }

  if (options.deactivate) {
    if (person.status === 'DEPROVISIONED') {
      omitted.push({ kind: 'okta.deactivate-user', title: STEP_TITLES['okta.deactivate-user'], reason: `${who} is already deactivated in Okta.` });
    } else {
      steps.push({
        kind: 'okta.deactivate-user',
        title: STEP_TITLES['okta.deactivate-user'],
        detail: `Deactivates ${who} in Okta (status ${person.status} now). Okta deprovisions them from every app; this cannot be undone.`,
        requests: [{ method: 'POST', url: `${user}/lifecycle/deactivate?sendEmail=false` }],
        reversible: false,
        undo: 'Cannot be undone: a deactivated Okta user must be reactivated in the Okta Admin Console, which starts a new activation and does not restore app assignments.',
        irreversible: true,
        params: { userId: person.id },
      });
    }
    if (options.suspend) omitted.push({ kind: 'okta.suspend-user', title: STEP_TITLES['okta.suspend-user'], reason: 'Deactivation is set too, and goes further than suspending.' });
  } else if (options.suspend) {
    if (person.status === 'ACTIVE' || person.status === 'SUSPENDED') {
      steps.push({
        kind: 'okta.suspend-user',
        title: STEP_TITLES['okta.suspend-user'],
        detail:
          person.status === 'SUSPENDED'
            ? `${who} is already suspended; the step confirms it and counts as done.`
            : `Suspends ${who} in Okta, so they cannot sign in anywhere until unsuspended.`,
        requests: [{ method: 'POST', url: `${user}/lifecycle/suspend` }],
        reversible: true,
        undo: 'Unsuspended from the ledger (only if this run suspended them).',
        irreversible: false,
        params: { userId: person.id },
      });
    } else {
      omitted.push({
        kind: 'okta.suspend-user',
        title: STEP_TITLES['okta.suspend-user'],
        reason: person.status === 'DEPROVISIONED' ? `${who} is already deactivated in Okta, which goes further than suspending.` : `Okta only suspends active users, and ${who} is ${person.status}.`,
      });
    }
  }

  steps.push({
    kind: 'okta.clear-sessions',
    title: STEP_TITLES['okta.clear-sessions'],
    detail: `Ends every Okta session of ${who} and revokes the OAuth tokens issued in them, so an open Flex tab cannot renew itself.`,
    requests: [{ method: 'DELETE', url: `${user}/sessions?oauthTokens=true` }],
    reversible: false,
    undo: 'Cannot be undone: ended sessions are gone; the person signs in again if they are given access back.',
    irreversible: true,
    params: { userId: person.id },
  });
  return { steps, omitted };
}

const NOT_LOOKED_UP = { found: false, reason: 'The preview did not look for a Flex user (Flex user deprovisioning was off when it was made).' } as const;

function twilioSteps(preview: Preview, options: PlanOptions): { steps: Step[]; omitted: OmittedStep[]; notes: string[] } {
  const { worker, offlineActivity, etag } = preview;
  if (!worker) return { steps: [], omitted: [], notes: [] };
  const steps: Step[] = [];
  const omitted: OmittedStep[] = [];
  const notes: string[] = [];
  const url = `${preview.endpoints.taskrouter}/v1/Workspaces/${seg(worker.workspaceSid)}/Workers/${seg(worker.sid)}`;
  const name = worker.friendlyName ?? worker.sid;
  const ref = { workspaceSid: worker.workspaceSid, workerSid: worker.sid };

  if (offlineActivity) {
    const body = new URLSearchParams({ ActivitySid: offlineActivity.sid, RejectPendingReservations: 'true' }).toString();
    steps.push({
      kind: 'twilio.worker-offline',
      title: STEP_TITLES['twilio.worker-offline'],
      detail: offlineDetail(name, worker.activityName, offlineActivity.name ?? 'the offline activity', preview.reservations.pending),
      requests: [{ method: 'POST', url, headers: etag ? { 'If-Match': etag } : undefined, body, note: 'Fails if the worker changed since this preview.' }],
      reversible: true,
      undo: 'Undone by re-creating the worker, which starts offline; the agent picks an activity when they sign in.',
      irreversible: false,
      params: { ...ref, activitySid: offlineActivity.sid, ifMatch: etag },
    });
  }

  const flexUser = options.flexUserDeprovision ? (preview.flexUser ?? NOT_LOOKED_UP) : null;
  if (flexUser?.found) {
    const users = `${preview.endpoints.flexApi ?? 'https://flex-api.twilio.com'}/v4/Instances/${seg(flexUser.instanceSid)}/Users`;
    steps.push({
      kind: 'flex.deprovision-user',
      title: STEP_TITLES['flex.deprovision-user'],
      detail: `Instead of deleting the worker, asks Flex to deprovision its Flex user ${flexUser.flexUserSid} (username ${flexUser.username}) through the Flex Users API (public beta). Flex deletes ${name}, freeing its seat, and — what the plain delete does not do — also removes the person's Flex Insights user and marks the Flex user deactivated.`,
      requests: [
        { method: 'GET', url: `${users}/${seg(flexUser.flexUserSid)}`, note: `Checks the Flex user still belongs to ${worker.sid} and is not deactivated already.` },
        { method: 'POST', url: `${users}/Deprovision`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ flex_user_sid: flexUser.flexUserSid }) },
        { method: 'GET', url, note: 'Checks the worker is gone; if Flex left it, it is deleted as the plain delete would.' },
      ],
      reversible: false,
      undo: "Cannot be undone: Twilio's API cannot reactivate a deprovisioned Flex user or restore its Insights user. Once given access again, the person's next SSO sign-in provisions them anew.",
      irreversible: true,
      params: { ...ref, instanceSid: flexUser.instanceSid, flexUserSid: flexUser.flexUserSid, ifMatch: etag },
    });
    omitted.push({ kind: 'twilio.delete-worker', title: STEP_TITLES['twilio.delete-worker'], reason: "Flex's own deprovisioning deletes the worker." });
  } else {
    steps.push({
      kind: 'twilio.delete-worker',
      title: STEP_TITLES['twilio.delete-worker'],
      detail: `Deletes ${name}, freeing its Flex seat.`,
      requests: [
        {
          method: 'DELETE',
          url,
          headers: { 'If-Match': offlineActivity ? '(the ETag the offline step returns)' : (etag ?? '*') },
          // The offline step changes the worker, so the ETag read at preview no longer matches by then.
          note: offlineActivity ? 'Sends the ETag returned by the offline step, so any other change since this preview stops the delete.' : 'Fails if the worker changed since this preview.',
        },
      ],
      reversible: true,
      undo: 'Re-created from the ledger with the same friendly name and attributes, in the same workspace. It gets a new SID: its statistics and past reservations stay with the old one.',
      irreversible: false,
      params: { ...ref, ifMatch: etag },
    });
    if (flexUser) {
      omitted.push({
        kind: 'flex.deprovision-user',
        title: STEP_TITLES['flex.deprovision-user'],
        reason: `${flexUser.reason} So the worker is deleted instead, which leaves the person's Flex Insights user, if any, in place.`,
      });
    }
  }

  steps.push({
    kind: 'twilio.verify-seat',
    title: STEP_TITLES['twilio.verify-seat'],
    detail: preview.email
      ? `Lists the workspace's workers again for ${preview.email}: an SSO sign-in after this preview, or a duplicate, may hold a seat the delete did not free. The run says "Seat freed" only if none is left.`
      : `Reads ${name} again: the run says "Seat freed" only if it is gone.`,
    requests: [
      preview.email
        ? { method: 'GET', url: `${preview.endpoints.taskrouter}/v1/Workspaces/${seg(worker.workspaceSid)}/Workers?PageSize=1000`, note: `Every page; each worker's email is compared with ${preview.email}.` }
        : { method: 'GET', url },
    ],
    reversible: false,
    undo: 'Only reads.',
    irreversible: false,
    params: { ...ref, email: preview.email },
  });

  if (preview.busy) {
    notes.push(
      `${name} is busy: ${preview.reservations.accepted} task(s) in progress and ${preview.reservations.pending} reservation(s) pending. Pending reservations are rejected; tasks in progress lose their agent when the worker is deleted.`,
    );
  }
  return { steps, omitted, notes };
}

/** A plan for a person in Okta without the step that stops their next SSO sign-in re-creating the worker. */
export const lacksUnassign = (preview: Preview) => preview.person !== null && preview.flexApp === null;

/** What the offline step does, saying only what it changes: no move to where the worker already is, no zero reservations. */
export function offlineDetail(name: string, from: string | null, to: string, pending: number): string {
  const move = from === to ? `Keeps ${name} in ${to}` : `Moves ${name} from ${from ?? 'its activity'} to ${to}`;
  const reject = pending === 0 ? '' : ` and rejects ${pending === 1 ? 'its pending reservation' : `its ${pending} pending reservations`}`;
  return `${move}${reject}, so no new task reaches them.`;
}

function whyBlocked(preview: Preview, options: PlanOptions): string | null {
  if (preview.refusal) return preview.refusal.message;
  // Unlike a refusal, nothing the admin picks settles these: the address itself is not what it seems.
  if (NEVER_ACTIONABLE.has(preview.identityStatus)) {
    const info = STATUS_INFO[preview.identityStatus];
    const detail = preview.email === null ? null : lookalikeSentence(preview.email);
    return `${info.explanation}${detail ? ` ${detail}` : ''}${info.action ? ` ${info.action}` : ''}`;
  }
  if (lacksUnassign(preview) && !options.acceptWithoutUnassign) {
    return 'This plan cannot remove the Flex app assignment (the Flex app was not found in Okta), so the person’s next SSO sign-in would re-create the worker. Choose the Flex app in Settings, or accept a plan without that step.';
  }
  if (preview.busy && !options.overrideBusy) return 'The worker is busy (a task in progress or reservations pending). Confirm the override to deprovision them anyway.';
  return null;
}

export function buildPlan(preview: Preview, options: PlanOptions = {}): Plan {
  const steps: Step[] = [];
  const omitted: OmittedStep[] = [];
  const notes: string[] = [];

  if (preview.person && preview.endpoints.okta) {
    const okta = oktaSteps(preview, options, preview.endpoints.okta, preview.person);
    steps.push(...okta.steps);
    omitted.push(...okta.omitted);
  } else if (!preview.refusal && !NEVER_ACTIONABLE.has(preview.identityStatus)) {
    const reason = preview.email
      ? `No Okta user has ${preview.email} as email or login (Not in Okta), so there is nothing to change in Okta. Only the worker is deleted: check that nobody signs in to Flex with this address some other way.`
      : 'The worker has no email address, so there is no Okta person to act on. Only the worker is deleted.';
    for (const kind of ['okta.unassign-flex-app', 'okta.clear-sessions'] as const) omitted.push({ kind, title: STEP_TITLES[kind], reason });
    if (options.suspend && !options.deactivate) omitted.push({ kind: 'okta.suspend-user', title: STEP_TITLES['okta.suspend-user'], reason });
    if (options.deactivate) omitted.push({ kind: 'okta.deactivate-user', title: STEP_TITLES['okta.deactivate-user'], reason });
  }

  const twilio = twilioSteps(preview, options);
  steps.push(...twilio.steps);
  omitted.push(...twilio.omitted);
  notes.push(...twilio.notes);
  if (lacksUnassign(preview) && options.acceptWithoutUnassign) {
    notes.push('Accepted without removing the Flex app assignment: the person’s next SSO sign-in re-creates the worker. This choice is recorded with the run.');
  }
  if (preview.worker && !preview.offlineActivity) notes.push('The workspace has no offline activity, so the worker is deleted without being put offline first.');

  const irreversible = steps.some((s) => s.irreversible && !s.unavailable);
  const confirmation: Confirmation = irreversible ? { kind: 'typeEmail', expected: confirmationFor(preview) } : { kind: 'none' };
  return {
    kind: 'deprovision',
    preview,
    options,
    subject: subjectOf(preview),
    before: snapshotOf(preview),
    steps,
    omitted,
    irreversible,
    confirmation,
    blocked: whyBlocked(preview, options),
    notes,
  };
}

/** How many requests a plan sends if every step runs: what a batch preview shows per person and in total. */
export const requestCount = (plan: Pick<Plan, 'steps'>) => plan.steps.reduce((n, step) => n + step.requests.length, 0);

/** Several people at once: the count is typed, whatever each plan would ask on its own. */
export function bulkConfirmation(plans: readonly Plan[]): Confirmation {
  return plans.length > 1 ? { kind: 'typeCount', expected: String(plans.length) } : (plans[0]?.confirmation ?? { kind: 'none' });
}

/** Whether what the admin typed confirms; addresses compare as the rest of the product compares them. */
export function confirms(confirmation: Confirmation, typed: string | undefined): boolean {
  if (confirmation.kind === 'none') return true;
  const given = (typed ?? '').trim();
  if (!given) return false;
  const expected = confirmation.expected.trim();
  if (confirmation.kind === 'typeEmail' && expected.includes('@') && given.includes('@')) return emailKey(given) === emailKey(expected);
  return given === expected;
}

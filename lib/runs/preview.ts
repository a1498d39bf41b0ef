import { classify, type OktaPerson } from '../identity/classify';
import { isLookalike, LOOKALIKE_NEXT_STEP, lookalikeSentence } from '../identity/lookalike';
import { emailKey, searchForms, workerEmail } from '../identity/worker-email';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/schemas';
import { problemOf } from '../okta/transport';
import { problem, ProblemError } from '../problem';
import type { Settings } from '../settings/settings';
import { usersByAddress } from '../status/okta-people';
import type { TwilioClient } from '../twilio/client';
import type { TwilioActivity, TwilioWorker } from '../twilio/schemas';
import { lookUpFlexUser } from './flex-user-lookup';
import type { AssignmentSnapshot, OktaSnapshot, Preview, Refusal, Target, WorkerSnapshot } from './types';
import { workersForEmail } from './workers-for-email';

/**
 * The dry run's reading: the person, the worker, what state each is in, and whether anything makes
 * the run unsafe to start. Reads only; failures to read throw their ProblemError, while an
 * ambiguity is a `refusal` the admin settles by picking explicitly.
 */

export interface PreviewDeps {
  settings: () => Promise<Settings>;
  /** Throws a ProblemError when Twilio is not configured or the vault is locked. */
  twilio: () => Promise<TwilioClient>;
  /** Throws a ProblemError when Okta is not configured or the vault is locked. */
  okta: () => Promise<OktaClient>;
  now?: () => Date;
  signal?: AbortSignal;
}

type Located = { worker: TwilioWorker; etag: string | null; workspaceName: string | null } | null;

function snapshotWorker(worker: TwilioWorker, workspaceName: string | null): WorkerSnapshot {
  return {
    sid: worker.sid,
    workspaceSid: worker.workspace_sid,
    workspaceName,
    friendlyName: worker.friendly_name,
    attributes: worker.attributes,
    activitySid: worker.activity_sid,
    activityName: worker.activity_name,
    available: worker.available,
    dateCreated: worker.date_created,
  };
}

function snapshotUser(user: OktaUser): OktaSnapshot {
  const { id, status, lastLogin, profile } = user;
  return { id, status, login: profile.login, email: profile.email, firstName: profile.firstName ?? '', lastName: profile.lastName ?? '', lastLogin };
}

/** Flex's own offline activity is named Offline; any unavailable one does the job in other workspaces. */
export function offlineActivityOf(activities: readonly TwilioActivity[]): TwilioActivity | null {
  return activities.find((a) => a.available === false && a.friendly_name?.toLowerCase() === 'offline') ?? activities.find((a) => a.available === false) ?? null;
}

const isWorkerTarget = (target: Target): target is Extract<Target, { workerSid: string; workspaceSid: string }> => !('email' in target);

/** An Okta user id the preview was handed that is not one of the people the worker's email found. */
function notACandidate(oktaUserId: string, email: string | null): ProblemError {
  const whose = email === null ? 'This worker has no email address, so no Okta user can be matched to it' : `Okta user ${oktaUserId} does not have ${email} as email or login`;
  return new ProblemError(
    problem('invalid-request', `${whose}; Flex Steward deprovisions only a person the worker's own email finds.`, 'Preview again and pick one of the Okta users listed for this worker.', { service: 'extension' }),
  );
}

async function workspacesToSearch(twilio: TwilioClient, target: { workspaceSid?: string }, settings: Settings, signal?: AbortSignal): Promise<{ sid: string; name: string | null }[]> {
  if (target.workspaceSid) return [{ sid: target.workspaceSid, name: target.workspaceSid === settings.twilio.workspaceSid ? (settings.twilio.workspaceName ?? null) : null }];
  if (settings.twilio.workspaceSid) return [{ sid: settings.twilio.workspaceSid, name: settings.twilio.workspaceName ?? null }];
  return (await twilio.listWorkspaces({ signal })).map((w) => ({ sid: w.sid, name: w.friendly_name }));
}

async function readWorker(twilio: TwilioClient, workspaceSid: string, workerSid: string, workspaceName: string | null, signal?: AbortSignal): Promise<Located> {
  try {
    const { worker, etag } = await twilio.getWorker(workspaceSid, workerSid, { signal });
    return { worker, etag, workspaceName };
  } catch (error) {
    if (problemOf(error)?.httpStatus === 404) return null;
    throw error;
  }
}

export async function previewDeprovision(deps: PreviewDeps, target: Target): Promise<Preview> {
  const { signal } = deps;
  const now = deps.now ?? (() => new Date());
  const [settings, twilio] = await Promise.all([deps.settings(), deps.twilio()]);
  let refusal: Refusal | null = null;
  let located: Located = null;
  let workerCandidates: WorkerSnapshot[] = [];

  if (isWorkerTarget(target)) {
    const name = target.workspaceSid === settings.twilio.workspaceSid ? (settings.twilio.workspaceName ?? null) : null;
    located = await readWorker(twilio, target.workspaceSid, target.workerSid, name, signal);
    if (!located) refusal = { reason: 'no-worker', message: `Twilio has no worker ${target.workerSid} in workspace ${target.workspaceSid}; it may have been deleted already.` };
  } else {
    // A look-alike address is never looked up, in Twilio or in Okta (lib/identity/lookalike.ts).
    const lookalike = lookalikeSentence(target.email);
    if (lookalike) throw new ProblemError(problem('invalid-request', `${target.email} is a look-alike address: ${lookalike}`, LOOKALIKE_NEXT_STEP, { service: 'extension' }));
    const workspaces = await workspacesToSearch(twilio, target, settings, signal);
    const found = (await Promise.all(workspaces.map(async (ws) => (await workersForEmail(twilio, ws.sid, target.email, signal)).map((worker) => ({ worker, ws }))))).flat();
    workerCandidates = found.map(({ worker, ws }) => snapshotWorker(worker, ws.name));
    const picked = target.workerSid === undefined ? (found.length === 1 ? found[0] : undefined) : found.find((f) => f.worker.sid === target.workerSid);
    if (picked) located = await readWorker(twilio, picked.ws.sid, picked.worker.sid, picked.ws.name, signal);
    if (target.workerSid !== undefined && !located) {
      refusal = { reason: 'no-worker', message: `Worker ${target.workerSid} is not among the workers for ${target.email}; preview again and pick one of those listed.` };
    } else if (found.length === 0) {
      refusal = { reason: 'no-worker', message: `No Flex worker has the email ${target.email}, so there is no seat to free.` };
    } else if (!picked) {
      refusal = { reason: 'several-workers', message: `${found.length} workers have the email ${target.email}. Pick the one to deprovision; Flex Steward never guesses.` };
    } else if (!located) {
      refusal = { reason: 'no-worker', message: `Worker ${picked.worker.sid} was deleted while the preview was being read.` };
    }
  }

  const worker = located ? snapshotWorker(located.worker, located.workspaceName) : null;
  if (worker && workerCandidates.length === 0) workerCandidates = [worker];
  const email = isWorkerTarget(target) ? (located ? workerEmail({ attributes: located.worker.attributes ?? '', friendlyName: located.worker.friendly_name }).email : null) : target.email;

  let reservations = { pending: 0, accepted: 0 };
  let offlineActivity: Preview['offlineActivity'] = null;
  if (located) {
    const [list, activities] = await Promise.all([
      twilio.listReservations(located.worker.workspace_sid, located.worker.sid, { signal }),
      twilio.listActivities(located.worker.workspace_sid, { signal }),
    ]);
    reservations = { pending: list.filter((r) => r.reservation_status === 'pending').length, accepted: list.filter((r) => r.reservation_status === 'accepted').length };
    const offline = offlineActivityOf(activities);
    offlineActivity = offline ? { sid: offline.sid, name: offline.friendly_name } : null;
  }

  // Okta is asked only when there is an address to ask about. A look-alike one is matched to nobody,
  // so Okta is not asked about it at all.
  let person: OktaSnapshot | null = null;
  let personCandidates: OktaSnapshot[] = [];
  let flexApp: Preview['flexApp'] = null;
  let assignment: AssignmentSnapshot | null = null;
  let oktaOrigin: string | null = null;
  if (email && !isLookalike(email)) {
    const okta = await deps.okta();
    oktaOrigin = okta.org.origin;
    const key = emailKey(email);
    const found = await okta.findUsersByEmail(searchForms(email), { signal });
    personCandidates = (usersByAddress([key], [...found.values()].flat()).get(key) ?? []).map(snapshotUser);
    if (target.oktaUserId) {
      person = personCandidates.find((p) => p.id === target.oktaUserId) ?? null;
    } else if (personCandidates.length > 1) {
      refusal ??= { reason: 'several-okta-users', message: `${personCandidates.length} Okta users have ${email} as email or login. Pick the person to deprovision; Flex Steward never guesses.` };
    } else {
      person = personCandidates[0] ?? null;
    }
    const appId = settings.okta.flexAppId;
    if (person && appId) {
      const [app, appUser] = await Promise.all([okta.getApp(appId, { signal }), okta.getAppUser(appId, person.id, { signal })]);
      flexApp = { id: app.id, label: app.label };
      assignment = { assigned: appUser !== null, userName: appUser?.credentials?.userName ?? null, status: appUser?.status ?? null };
    }
  }
  // A picked person settles an ambiguity among the people the worker's email found, never more:
  // an id from elsewhere would deprovision someone this worker does not stand for.
  if (target.oktaUserId && !person) throw notACandidate(target.oktaUserId, email);

  // Only looked up when Flex's own deprovisioning is on: it decides which path the delete takes.
  const flexUser =
    settings.runs.flexUserDeprovision && located && !refusal
      ? await lookUpFlexUser(twilio, { workerSid: located.worker.sid, usernames: [assignment?.userName, email, located.worker.friendly_name] }, signal)
      : undefined;

  const asPerson = (p: OktaSnapshot, flexAssigned: boolean | null): OktaPerson => ({ ...p, flexAssigned });
  const people = person ? [asPerson(person, assignment?.assigned ?? null)] : personCandidates.map((p) => asPerson(p, null));
  return {
    createdAt: now().toISOString(),
    target,
    email,
    identityStatus: classify(email, { ok: true, people }).status,
    worker,
    etag: located?.etag ?? null,
    reservations,
    busy: reservations.pending + reservations.accepted > 0,
    offlineActivity,
    workerCandidates,
    person,
    personCandidates,
    flexApp,
    assignment,
    endpoints: { taskrouter: `https://${twilio.hosts.taskrouter}`, okta: oktaOrigin, flexApi: `https://${twilio.hosts.flexApi}` },
    refusal,
    ...(flexUser ? { flexUser } : {}),
  };
}

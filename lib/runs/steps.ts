import type { HttpClient } from '../http/fetch-core';
import type { OktaClient } from '../okta/client';
import { problemOf } from '../okta/transport';
import { ProblemError, toProblem, type Problem } from '../problem';
import type { TwilioClient } from '../twilio/client';
import type { Exchange, Run, Step, StepOf, StepOutcome, StepOutput } from './types';
import { workersForEmail } from './workers-for-email';

/**
 * One step of a run, sent and judged. Every step is idempotent: run twice, the second time finds
 * the work done and says `already`, which is what makes resuming a stopped run safe (a step found
 * `running` in the journal is simply run again).
 */

export interface StepDeps {
  http: HttpClient;
  /** Clients over the given HttpClient, so every request a step sends is seen with its request id. */
  twilio(http: HttpClient): Promise<TwilioClient>;
  okta(http: HttpClient): Promise<OktaClient>;
  signal?: AbortSignal;
}

export interface StepResult {
  outcome: StepOutcome;
  requestIds: string[];
  exchanges: Exchange[];
  /** One sentence for the run's progress and the ledger. */
  detail: string;
  output?: StepOutput;
}

/** A failed step: the Problem, plus the requests sent before it failed, for the ledger. */
export class StepFailure extends ProblemError {
  constructor(
    problem: Problem,
    readonly exchanges: Exchange[],
  ) {
    super(problem);
    this.name = 'StepFailure';
  }
}

/** An HttpClient that notes every request's method, URL, status and request id, failed ones included. */
function recording(http: HttpClient): { http: HttpClient; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  return {
    exchanges,
    http: {
      async request(req) {
        const method = req.method.toUpperCase();
        try {
          const result = await http.request(req);
          exchanges.push({ method, url: req.url, status: result.status, requestId: result.requestId ?? null });
          return result;
        } catch (error) {
          const problem = problemOf(error);
          exchanges.push({ method, url: req.url, status: problem?.httpStatus ?? null, requestId: problem?.requestId ?? null });
          throw error;
        }
      },
    },
  };
}

interface Context {
  twilio: () => Promise<TwilioClient>;
  okta: () => Promise<OktaClient>;
  run: Run;
  signal?: AbortSignal;
}

type Done = Omit<StepResult, 'requestIds' | 'exchanges'>;
type Executor<K extends Step['kind']> = (step: StepOf<K>, ctx: Context) => Promise<Done>;

/**
 * Whether an earlier attempt of this step may have been applied without us learning so: the
 * service worker stopped mid-step, or the request got no answer. Only then is "the worker changed
 * since the preview" possibly our own change.
 */
function mayHaveApplied(run: Run, kind: Step['kind']): boolean {
  return run.steps.find((s) => s.step.kind === kind)?.outcomeUnknown === true;
}

/** The ETag the delete must match: the one the offline step's update returned, when it ran. */
export function deleteEtag(run: Run, step: StepOf<'twilio.delete-worker'> | StepOf<'flex.deprovision-user'>): string | null {
  const offline = run.steps.find((s) => s.step.kind === 'twilio.worker-offline');
  if (offline && (offline.status === 'done' || offline.status === 'already') && offline.output && offline.output.etag !== undefined) return offline.output.etag;
  return step.params.ifMatch ?? null;
}

const CHANGED_SINCE_PREVIEW = 'Abort this run and preview again: the worker changed after the preview (someone edited it, or the agent signed in), so what the preview showed may no longer hold.';

function changedSincePreview(error: unknown): unknown {
  const problem = problemOf(error);
  return problem?.code === 'precondition-failed' ? new ProblemError({ ...problem, nextStep: CHANGED_SINCE_PREVIEW }) : error;
}

const EXECUTORS: { [K in Step['kind']]: Executor<K> } = {
  async 'okta.unassign-flex-app'(step, { okta, signal }) {
    const outcome = await (await okta()).unassignUser(step.params.appId, step.params.userId, { signal });
    return { outcome, detail: outcome === 'done' ? 'Removed the Flex app assignment.' : 'Was not assigned to the Flex app.' };
  },

  async 'okta.suspend-user'(step, { okta, signal }) {
    const outcome = await (await okta()).suspendUser(step.params.userId, { signal });
    return { outcome, detail: outcome === 'done' ? 'Suspended in Okta.' : 'Was already suspended in Okta.' };
  },

  async 'okta.deactivate-user'(step, { okta, signal }) {
    const outcome = await (await okta()).deactivateUser(step.params.userId, { sendEmail: false, signal });
    return { outcome, detail: outcome === 'done' ? 'Deactivated in Okta.' : 'Was already deactivated in Okta.' };
  },

  async 'okta.clear-sessions'(step, { okta, signal }) {
    // Clearing no sessions is not an error in Okta, so the request itself is the idempotent step.
    await (await okta()).clearSessions(step.params.userId, { oauthTokens: true, signal });
    return { outcome: 'done', detail: 'Cleared Okta sessions and revoked OAuth tokens.' };
  },

  async 'twilio.worker-offline'(step, { twilio, run, signal }) {
    const { workspaceSid, workerSid, activitySid, ifMatch } = step.params;
    const client = await twilio();
    try {
      const { etag } = await client.updateWorker(workspaceSid, workerSid, { activitySid, rejectPendingReservations: true }, { ifMatch: ifMatch ?? undefined, signal });
      return { outcome: 'done', detail: 'Put offline; pending reservations rejected.', output: { etag } };
    } catch (error) {
      const problem = problemOf(error);
      if (problem?.httpStatus === 404) {
        // Twilio says 404 for a missing workspace too; reading it makes a wrong workspace fail loudly.
        await client.getWorkspace(workspaceSid, { signal });
        return { outcome: 'already', detail: 'The worker no longer exists.', output: { etag: null } };
      }
      if (problem?.code === 'precondition-failed' && mayHaveApplied(run, step.kind)) {
        const current = await client.getWorker(workspaceSid, workerSid, { signal });
        if (current.worker.activity_sid === activitySid) return { outcome: 'already', detail: 'Was already offline (an earlier attempt went through).', output: { etag: current.etag } };
      }
      throw changedSincePreview(error);
    }
  },

  async 'twilio.delete-worker'(step, { twilio, run, signal }) {
    const { workspaceSid, workerSid } = step.params;
    // Without any ETag (Twilio sent none), `*` still refuses to act on a worker that is gone.
    const ifMatch = deleteEtag(run, step) ?? '*';
    try {
      const outcome = await (await twilio()).deleteWorker(workspaceSid, workerSid, { ifMatch, signal });
      return outcome === 'deleted' ? { outcome: 'done', detail: 'Deleted the worker.' } : { outcome: 'already', detail: 'The worker was already deleted.' };
    } catch (error) {
      throw changedSincePreview(error);
    }
  },

  async 'flex.deprovision-user'(step, { twilio, run, signal }) {
    const { workspaceSid, workerSid, instanceSid, flexUserSid } = step.params;
    // Runs journaled before this step could run carry no Flex user (and are skipped by the runner).
    if (!instanceSid || !flexUserSid) return { outcome: 'skipped', detail: step.unavailable ?? 'No Flex user was found at preview.' };
    const client = await twilio();
    // https://www.twilio.com/docs/flex/developer/user-management/flex-users-api: a deprovisioned user is `deactivated`, its `worker_sid` null.
    const user = await client.getFlexUser(instanceSid, flexUserSid, { signal });
    let outcome: StepOutcome = 'already';
    let detail: string;
    if (!user) {
      detail = `Flex user ${flexUserSid} no longer exists.`;
    } else if (user.deactivated) {
      detail = `Flex user ${flexUserSid} was already deprovisioned.`;
    } else if (user.worker_sid && user.worker_sid !== workerSid) {
      throw new ProblemError({
        code: 'conflict',
        message: `Flex user ${flexUserSid} now belongs to worker ${user.worker_sid}, not to ${workerSid} as at preview; nothing was sent.`,
        nextStep: 'Abort this run and preview again: Flex Steward never deprovisions the Flex user of another worker.',
        service: 'twilio',
        retryable: false,
      });
    } else {
      outcome = (await client.deprovisionFlexUser(instanceSid, flexUserSid, { signal })) === 'deleted' ? 'done' : 'already';
      detail = outcome === 'done' ? `Deprovisioned Flex user ${flexUserSid}: Flex deleted the worker and the Insights user.` : `Flex user ${flexUserSid} no longer exists.`;
    }
    // The worker must be gone whichever way this went; if Flex left it, it is deleted as the plain delete would.
    try {
      await client.getWorker(workspaceSid, workerSid, { signal });
    } catch (error) {
      if (problemOf(error)?.httpStatus === 404) return { outcome, detail };
      throw error;
    }
    try {
      await client.deleteWorker(workspaceSid, workerSid, { ifMatch: deleteEtag(run, step) ?? '*', signal });
    } catch (error) {
      throw changedSincePreview(error);
    }
    return { outcome: 'done', detail: `${detail} The worker was still there, so Flex Steward deleted it.` };
  },

  async 'twilio.verify-seat'(step, { twilio, signal }) {
    const { workspaceSid, workerSid, email } = step.params;
    const client = await twilio();
    const remainingWorkerSids = email ? (await workersForEmail(client, workspaceSid, email, signal)).map((w) => w.sid) : (await workerStillThere(client, workspaceSid, workerSid, signal));
    if (remainingWorkerSids.length === 0) {
      return { outcome: 'done', detail: email ? `No worker in the workspace has ${email}: the seat is free.` : 'The worker is gone: the seat is free.', output: { seat: { kind: 'seat-freed', remainingWorkerSids } } };
    }
    const who = remainingWorkerSids.join(', ');
    return { outcome: 'done', detail: `${who} still ${remainingWorkerSids.length === 1 ? 'holds a seat' : 'hold seats'} for ${email ?? 'this person'}.`, output: { seat: { kind: 'seat-still-held', remainingWorkerSids } } };
  },

  async 'undo.recreate-worker'(step, { twilio, signal }) {
    const { workspaceSid, friendlyName, attributes, activitySid } = step.params;
    const client = await twilio();
    // Friendly names are unique per workspace, so a worker already there under this name is either
    // this undo's own earlier attempt (same attributes) or someone else's worker, never touched.
    const [existing] = await client.listWorkers(workspaceSid, { friendlyName, signal });
    if (existing) {
      const current = existing.attributes ?? (await client.getWorker(workspaceSid, existing.sid, { signal })).worker.attributes;
      if (current === attributes) return { outcome: 'already', detail: `A worker named ${friendlyName} with the same attributes already exists (${existing.sid}).`, output: { workerSid: existing.sid } };
      throw new ProblemError({
        code: 'conflict',
        message: `Another worker named ${friendlyName} already exists in the workspace (${existing.sid}), with different attributes.`,
        nextStep: 'The person may have signed in to Flex again, which re-creates the worker; check that worker before re-creating anything.',
        service: 'twilio',
        retryable: false,
      });
    }
    const created = await client.createWorker(workspaceSid, { friendlyName, attributes, activitySid: activitySid ?? undefined }, { signal });
    return { outcome: 'done', detail: `Re-created the worker as ${created.worker.sid}.`, output: { workerSid: created.worker.sid } };
  },

  async 'undo.assign-flex-app'(step, { okta, signal }) {
    const { appId, userId, userName } = step.params;
    const client = await okta();
    const current = await client.getAppUser(appId, userId, { signal });
    if (current?.credentials?.userName === userName) return { outcome: 'already', detail: 'Was already assigned to the Flex app.' };
    await client.assignUser(appId, userId, userName, { signal });
    return { outcome: 'done', detail: `Re-assigned to the Flex app as ${userName}.` };
  },

  async 'undo.unsuspend-user'(step, { okta, signal }) {
    const outcome = await (await okta()).unsuspendUser(step.params.userId, { signal });
    return { outcome, detail: outcome === 'done' ? 'Unsuspended in Okta.' : 'Was not suspended in Okta.' };
  },
};

/** `[workerSid]` while the worker exists, `[]` once it is gone (its workspace still there). */
async function workerStillThere(client: TwilioClient, workspaceSid: string, workerSid: string, signal?: AbortSignal): Promise<string[]> {
  try {
    await client.getWorker(workspaceSid, workerSid, { signal });
    return [workerSid];
  } catch (error) {
    if (problemOf(error)?.httpStatus !== 404) throw error;
    await client.getWorkspace(workspaceSid, { signal });
    return [];
  }
}

/**
 * Sends one step. Resolves with the outcome and every request id the APIs returned; rejects with
 * a StepFailure (a ProblemError) carrying the requests sent before the failure.
 */
export async function executeStep(step: Step, run: Run, deps: StepDeps): Promise<StepResult> {
  const { http, exchanges } = recording(deps.http);
  const ctx: Context = { twilio: () => deps.twilio(http), okta: () => deps.okta(http), run, signal: deps.signal };
  const requestIdsOf = () => exchanges.flatMap((e) => (e.requestId ? [e.requestId] : []));
  try {
    const done = await (EXECUTORS[step.kind] as Executor<Step['kind']>)(step, ctx);
    return { ...done, requestIds: requestIdsOf(), exchanges };
  } catch (error) {
    throw new StepFailure(toProblem(error), exchanges);
  }
}

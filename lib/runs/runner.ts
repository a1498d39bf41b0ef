import { problem, ProblemError, toProblem } from '../problem';
import type { Settings } from '../settings/settings';
import type { KeyValueArea } from '../vault/storage-area';
import { createJournal, type Journal } from './journal';
import { isUnderWay, runRow } from './ledger';
import { startConflict } from './locks';
import { checkOperator, type OperatorCheck } from './operators';
import type { LockClaim, LockRenewal } from '../team/locks';
import { bulkConfirmation, confirms } from './plan';
import { executeStep, StepFailure, type StepDeps, type StepResult } from './steps';
import { planSchema, type Confirmation, type Plan, type Run, type RunStep, type Subject } from './types';

/**
 * Runs plans in the background from the journal. Each step is written `running` before its
 * requests go out and `done`/`already`/`skipped`/`failed` after, so:
 * - a service worker stopped mid-run is resumed by `resumeRuns()` (on start and from the alarm)
 *   exactly where it was; a step found `running` is sent again, which is safe because steps are
 *   idempotent;
 * - a browser restart leaves the run `paused` for the admin to look at, never continued by itself;
 * - a failure pauses the run with its Problem, for Retry, Skip or Abort.
 * One loop drives a run at a time: in this context by a map of loops, across contexts by a lease
 * with an expiry written to the run. A `sole` runner (the service worker's) takes leases over at
 * once, since whoever else holds one has stopped.
 */

/** The alarm that wakes the service worker while a run is under way; the background calls `resumeRuns()` on it. */
export const RUNS_ALARM = 'flex-steward.runs.resume';
/** In `storage.session`: present for as long as this browser session lasts. */
export const BROWSER_SESSION_KEY = 'runs.browserSession';

export interface RunAlarm {
  /** e.g. `browser.alarms.create(RUNS_ALARM, { periodInMinutes: 0.5 })`: repeats until cleared, waking a stopped service worker. */
  schedule(): Promise<void> | void;
  clear(): Promise<void> | void;
}

/**
 * Team mode's part in runs (lib/team/): the shared approved operators, the team-wide lock on the
 * person, and the shared ledger. `RunnerDeps.team` answers null while team mode is off, and the
 * runner then behaves exactly as without it.
 */
export interface RunnerTeam {
  checkOperator(operator: string | null): Promise<OperatorCheck>;
  claim(subject: Subject, runId: string, operator: string): Promise<LockClaim>;
  renew(subject: Subject, runId: string, operator: string): Promise<LockRenewal>;
  release(subject: Subject, runId: string): Promise<void>;
  /** Every change to a run, as written: queued for the team ledger. */
  record(run: Run): Promise<void>;
}

export interface RunnerDeps extends Omit<StepDeps, 'signal'> {
  /** The extension store (lib/storage/extension-store.ts): the journal, which is also the ledger. */
  area: KeyValueArea;
  /**
   * `storage.session`, which the browser empties when it quits. With it, the first `resumeRuns()`
   * of a browser session pauses runs instead of continuing them, whichever of the service worker's
   * start and `runtime.onStartup` comes first.
   */
  session?: KeyValueArea;
  settings: () => Promise<Settings>;
  /** Every change to a run, as written: for the side panel's live progress. */
  onChange?: (run: Run) => void;
  alarm?: RunAlarm;
  /** Epoch milliseconds. */
  now?: () => number;
  newId?: () => string;
  /** How long a loop's claim on a run lasts without renewal; renewed at every step. Default 60 s. */
  leaseMs?: number;
  /**
   * Stops this runner the way a stopped service worker stops: nothing more is written, and a step
   * in flight stays `running` in the journal, to be resumed by another runner.
   */
  signal?: AbortSignal;
  /** Names this runner's loops in leases; default a random id. */
  owner?: string;
  /**
   * This runner is the only one alive for its journal, as an extension's service worker is (the
   * browser runs one instance at a time). A lease another owner holds then belongs to an instance
   * that has stopped, and is taken over at once instead of waited out for up to `leaseMs` plus an
   * alarm period.
   */
  sole?: boolean;
  /** Team mode, asked at every use; null (or absent) while it is off. */
  team?: () => Promise<RunnerTeam | null>;
}

export interface StartOptions {
  /** What the admin typed to confirm, when the plan asks for it. */
  typed?: string;
  /** Team mode with Sync unreachable: start without the team lock, recorded on the run as `teamLock: 'skipped'`. */
  withoutTeamLock?: boolean;
}

export interface Runner {
  readonly journal: Journal;
  /** Checks the plan, the confirmation and the operator, writes the run and starts it in the background. */
  startRun(plan: Plan, options?: StartOptions): Promise<Run>;
  /** Several people at once, confirmed by typing their count; each is its own run, sharing a `bulkId`. */
  startBulk(plans: Plan[], options?: StartOptions): Promise<Run[]>;
  /** On service-worker start and on the alarm: continues runs in state `running`. */
  resumeRuns(): Promise<void>;
  /** On browser startup: every `running` run becomes `paused`, never continued automatically. */
  onBrowserStartup(): Promise<Run[]>;
  /**
   * Stops a running run at the next step boundary: a step in flight finishes and is recorded,
   * nothing after it is sent until Continue (`retryStep`).
   */
  pauseRun(runId: string): Promise<Run>;
  /** Continues a paused run from where it stopped, sending the failed (or interrupted) step again. */
  retryStep(runId: string): Promise<Run>;
  /** Continues a paused run past the step it stopped at, recording that step as skipped. */
  skipStep(runId: string): Promise<Run>;
  /** Ends a run; a step already in flight finishes and is recorded, nothing after it is sent. */
  abortRun(runId: string): Promise<Run>;
  /** Resolves once every loop this runner started has stopped. */
  idle(): Promise<void>;
}

const DEFAULT_LEASE_MS = 60_000;

const invalid = (message: string, nextStep: string) => new ProblemError(problem('invalid-request', message, nextStep, { service: 'extension' }));

/** The step a loop works on next: the first not finished. */
const nextIndex = (run: Run) => run.steps.findIndex((s) => s.status === 'pending' || s.status === 'running' || s.status === 'failed');

function newRunStep(step: Plan['steps'][number]): RunStep {
  return { step, status: 'pending', attempts: 0, startedAt: null, finishedAt: null, result: null, requestIds: [], exchanges: [] };
}

/** A run about to start: every step pending. */
export function newRun(plan: Plan, { id, operator, at, bulkId }: { id: string; operator: string | null; at: string; bulkId?: string }): Run {
  return {
    id,
    kind: plan.kind,
    ...(plan.undoOf === undefined ? {} : { undoOf: plan.undoOf }),
    ...(bulkId === undefined ? {} : { bulkId }),
    operator,
    state: 'running',
    pause: null,
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
    subject: plan.subject,
    before: plan.before,
    plan,
    steps: plan.steps.map(newRunStep),
    lease: null,
    outcome: null,
  };
}

export function createRunner(deps: RunnerDeps): Runner {
  const nowMs = deps.now ?? Date.now;
  const iso = () => new Date(nowMs()).toISOString();
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const owner = deps.owner ?? crypto.randomUUID();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const journal = createJournal(deps.area, () => new Date(nowMs()));
  const loops = new Map<string, Promise<void>>();
  const stopped = () => deps.signal?.aborted === true;
  /** Team ledger records and lock releases under way, which `idle()` waits for too. */
  const teamWork = new Set<Promise<void>>();
  const team = async () => (deps.team ? deps.team() : null);

  function notify(run: Run | null): void {
    if (!run) return;
    if (deps.team) track(toTeam(structuredClone(run)));
    if (!deps.onChange) return;
    try {
      deps.onChange(structuredClone(run));
    } catch {
      // A listener's failure must not stop the run it is watching.
    }
  }

  function track(work: Promise<void>): void {
    const settled = work.catch(() => undefined);
    teamWork.add(settled);
    void settled.finally(() => teamWork.delete(settled));
  }

  /** The ledger gets every change; a run that has ended lets go of its person. */
  async function toTeam(run: Run): Promise<void> {
    const current = await team();
    if (!current) return;
    await current.record(run);
    if (run.teamLock === 'held' && (run.state === 'done' || run.state === 'aborted')) await current.release(run.subject, run.id);
  }

  /**
   * Claims the team lock for each new run before any is written. Of two admins starting one person
   * at once exactly one gets it; Sync unreachable refuses unless the admin chose to run without it.
   * All or nothing: a batch that cannot lock everyone lets go of the locks it took.
   */
  async function claimTeamLocks(runs: Run[], operatorName: string | null, withoutTeamLock: boolean): Promise<void> {
    const current = await team();
    if (!current) return;
    const claimed: Run[] = [];
    try {
      for (const run of runs) {
        const outcome = await current.claim(run.subject, run.id, operatorName ?? '');
        if (outcome.kind === 'taken') throw new ProblemError(problem('conflict', outcome.sentence, 'Open the run history to follow it; start again once it has ended.', { service: 'extension' }));
        if (outcome.kind === 'unreachable') {
          if (!withoutTeamLock) throw new ProblemError(outcome.problem);
          run.teamLock = 'skipped';
          continue;
        }
        run.teamLock = 'held';
        claimed.push(run);
      }
    } catch (error) {
      await releaseTeamLocks(claimed);
      throw error;
    }
  }

  async function releaseTeamLocks(runs: Run[]): Promise<void> {
    const current = await team();
    for (const run of runs) if (current && run.teamLock === 'held') await current.release(run.subject, run.id).catch(() => undefined);
  }

  /**
   * Renews a run's team lock; when it was lost (a colleague holds the person now), pauses the run
   * so nothing more is sent. Sync unreachable changes nothing: a run holding its lock keeps going.
   */
  async function renewTeamLock(run: Run): Promise<boolean> {
    if (run.teamLock !== 'held') return true;
    const current = await team();
    if (!current) return true;
    const renewal = await current.renew(run.subject, run.id, run.operator ?? '');
    if (renewal.kind !== 'lost') return true;
    const paused = await journal.update(run.id, (latest) => {
      if (latest.state !== 'running') return false;
      latest.state = 'paused';
      latest.pause = { reason: 'step-failed', message: renewal.problem.message, problem: renewal.problem };
      latest.lease = null;
      const step = latest.steps.find((s) => s.status === 'running');
      // Marked running by this loop's claim a moment ago and never sent: back to waiting.
      if (step) {
        step.status = 'pending';
        step.attempts = Math.max(0, step.attempts - 1);
      }
    });
    notify(paused);
    return false;
  }

  const heldByOther = (run: Run) => !deps.sole && run.lease !== null && run.lease.owner !== owner && run.lease.expiresAt > nowMs();

  async function operator(): Promise<string | null> {
    const settings = await deps.settings();
    const current = await team();
    const check = current ? await current.checkOperator(settings.runs.operator?.trim() || null) : checkOperator(settings);
    if (!check.ok) throw new ProblemError(check.problem);
    return check.operator;
  }

  /** Keeps the alarm set while any run is `running`, and clears it once none is. */
  async function settleAlarm(): Promise<void> {
    if (!deps.alarm || stopped()) return;
    const rows = await journal.rows();
    // A paused run keeps its team lock, renewed from the alarm, until it is continued or aborted.
    const locked = deps.team !== undefined && rows.some((row) => row.state === 'paused' && row.teamLock === 'held') && (await team()) !== null;
    const running = rows.some((row) => row.state === 'running');
    await (running || locked ? deps.alarm.schedule() : deps.alarm.clear());
  }

  /** Marks the next step running (renewing the lease), or finishes the run; null when this loop should stop. */
  async function claim(id: string): Promise<{ run: Run; index: number } | null> {
    let index = -1;
    let mine = false;
    let written = true;
    const run = await journal.update(id, (run) => {
      if (run.state !== 'running' || heldByOther(run)) {
        if (run.lease?.owner !== owner) return (written = false);
        run.lease = null;
        return;
      }
      mine = true;
      index = nextIndex(run);
      if (index === -1) {
        run.state = 'done';
        run.finishedAt = iso();
        run.lease = null;
        return;
      }
      const current = run.steps[index]!;
      // Found `running`: the loop that sent it stopped before writing what happened.
      if (current.status === 'running') current.outcomeUnknown = true;
      current.status = 'running';
      current.attempts += 1;
      current.startedAt = iso();
      delete current.problem;
      run.lease = { owner, expiresAt: nowMs() + leaseMs };
    });
    if (written) notify(run);
    return run && mine && index !== -1 ? { run, index } : null;
  }

  async function send(run: Run, index: number): Promise<StepResult | StepFailure> {
    const { step } = run.steps[index]!;
    if (step.unavailable) return { outcome: 'skipped', requestIds: [], exchanges: [], detail: step.unavailable };
    try {
      return await executeStep(step, run, { http: deps.http, twilio: deps.twilio, okta: deps.okta, signal: deps.signal });
    } catch (error) {
      return error instanceof StepFailure ? error : new StepFailure(toProblem(error), []);
    }
  }

  async function record(id: string, index: number, outcome: StepResult | StepFailure): Promise<Run | null> {
    const run = await journal.update(id, (run) => {
      const current = run.steps[index]!;
      current.finishedAt = iso();
      current.exchanges.push(...outcome.exchanges);
      if (outcome instanceof StepFailure) {
        const { problem } = outcome;
        current.requestIds.push(...outcome.exchanges.flatMap((e) => (e.requestId ? [e.requestId] : [])));
        current.status = 'failed';
        current.problem = problem;
        current.result = problem.message;
        // No answer, or the server failing, leaves open whether the change was made.
        current.outcomeUnknown = problem.httpStatus === undefined || problem.httpStatus >= 500;
        if (run.state === 'running') {
          run.state = 'paused';
          run.pause = { reason: 'step-failed', message: `${current.step.title}: ${problem.message}`, problem };
        }
        run.lease = null;
        return;
      }
      current.requestIds.push(...outcome.requestIds);
      current.status = outcome.outcome;
      current.result = outcome.detail;
      if (outcome.output) current.output = outcome.output;
      // The seat check's finding is the run's outcome: what "done" may claim.
      if (outcome.output?.seat) run.outcome = outcome.output.seat;
      if (outcome.outcome === 'skipped') current.skippedBy = 'unavailable';
      delete current.outcomeUnknown;
      // Aborted while the step was in flight: this loop stops here, so it lets go of the run.
      if (run.state !== 'running') run.lease = null;
    });
    notify(run);
    return run;
  }

  async function drive(id: string): Promise<void> {
    while (!stopped()) {
      const claimed = await claim(id);
      if (!claimed || stopped()) return;
      if (!(await renewTeamLock(claimed.run)) || stopped()) return;
      const outcome = await send(claimed.run, claimed.index);
      // A stopped service worker could not have written what happened; neither does a stopped runner.
      if (stopped()) return;
      const run = await record(id, claimed.index, outcome);
      if (!run || run.state !== 'running') return;
    }
  }

  function launch(id: string): void {
    if (loops.has(id) || stopped()) return;
    const loop = drive(id)
      // A journal that could not be written leaves the run `running`: the next alarm tries again.
      .catch(() => undefined)
      .finally(() => {
        loops.delete(id);
        return settleAlarm().catch(() => undefined);
      });
    loops.set(id, loop);
  }

  async function begin(run: Run): Promise<Run> {
    // Checked against the rows inside the journal's write: two starts for one person, one run.
    try {
      await journal.create(run, (rows) => {
        const conflict = startConflict(run.plan, rows);
        if (conflict) throw new ProblemError(conflict);
      });
    } catch (error) {
      await releaseTeamLocks([run]);
      throw error;
    }
    notify(run);
    await deps.alarm?.schedule();
    launch(run.id);
    return run;
  }

  function checked(raw: Plan): Plan {
    const parsed = planSchema.safeParse(raw);
    if (!parsed.success) throw invalid('That plan is not one Flex Steward can run.', 'Preview again and start the run from the new preview.');
    const plan = parsed.data;
    if (plan.blocked) throw invalid(plan.blocked, 'Settle what the preview shows, then preview again.');
    return plan;
  }

  function unconfirmed(confirmation: Confirmation): ProblemError {
    const expected = confirmation.kind === 'none' ? '' : confirmation.expected;
    const message =
      confirmation.kind === 'typeCount' ? `To start these runs, type the number of people: ${expected}.` : `This run has steps that cannot be undone: to start it, type ${expected}.`;
    return invalid(message, 'Type it exactly as shown, then start again.');
  }

  async function whilePaused(id: string, change: (run: Run) => void): Promise<Run> {
    const run = await journal.update(id, (run) => {
      if (run.state !== 'paused') throw invalid(`This run is ${run.state}, not paused.`, 'Refresh the run to see where it is.');
      change(run);
      run.state = 'running';
      run.pause = null;
    });
    if (!run) throw new ProblemError(problem('not-found', `There is no run ${id}.`, 'Refresh the ledger.', { service: 'extension' }));
    notify(run);
    await deps.alarm?.schedule();
    launch(id);
    return run;
  }

  /**
   * From the alarm: every run under way keeps its person locked for the team, a paused one too
   * (until it is continued or aborted), and a running one whose step takes longer than a renewal
   * period. A lost lock is acted on at the run's next step.
   */
  async function renewTeamLocks(): Promise<void> {
    if (!deps.team) return;
    const current = await team();
    if (!current) return;
    for (const row of await journal.rows()) {
      if (!isUnderWay(row) || row.teamLock !== 'held') continue;
      await current.renew(row.subject, row.id, row.operator ?? '').catch(() => undefined);
    }
    await settleAlarm();
  }

  async function onBrowserStartup(): Promise<Run[]> {
    const paused: Run[] = [];
    for (const { id, state } of await journal.rows()) {
      if (state !== 'running') continue;
      const run = await journal.update(id, (run) => {
        if (run.state !== 'running') return false;
        run.state = 'paused';
        run.pause = { reason: 'browser-restart', message: 'The browser closed while this run was under way. Check the step it stopped at, then Retry to continue or Abort.' };
        run.lease = null;
      });
      if (run?.state === 'paused') {
        paused.push(run);
        notify(run);
      }
    }
    await settleAlarm();
    return paused;
  }

  return {
    journal,

    async startRun(raw, { typed, withoutTeamLock = false } = {}) {
      const plan = checked(raw);
      if (!confirms(plan.confirmation, typed)) throw unconfirmed(plan.confirmation);
      const who = await operator();
      const run = newRun(plan, { id: newId(), operator: who, at: iso() });
      // The local rule first: a run of this browser on the person is refused without asking Sync.
      const conflict = startConflict(plan, await journal.rows());
      if (conflict) throw new ProblemError(conflict);
      await claimTeamLocks([run], who, withoutTeamLock);
      return begin(run);
    },

    async startBulk(raws, { typed, withoutTeamLock = false } = {}) {
      const plans = raws.map(checked);
      const confirmation = bulkConfirmation(plans);
      if (!confirms(confirmation, typed)) throw unconfirmed(confirmation);
      const who = await operator();
      // Every person is checked before any run starts, against the journal and the batch itself,
      // so a conflict refuses the whole batch rather than leaving it half started.
      const seen = await journal.rows();
      for (const plan of plans) {
        const conflict = startConflict(plan, seen);
        if (conflict) throw new ProblemError(conflict);
        seen.unshift(runRow(newRun(plan, { id: `bulk-${seen.length}`, operator: who, at: iso() })));
      }
      const bulkId = newId();
      const fresh = plans.map((plan) => newRun(plan, { id: newId(), operator: who, at: iso(), bulkId }));
      await claimTeamLocks(fresh, who, withoutTeamLock);
      const runs: Run[] = [];
      for (const [i, run] of fresh.entries()) {
        try {
          runs.push(await begin(run));
        } catch (error) {
          // Those not started let go of their people; those started keep running, as before.
          await releaseTeamLocks(fresh.slice(i + 1));
          throw error;
        }
      }
      return runs;
    },

    async resumeRuns() {
      if (stopped()) return;
      if (deps.session && (await deps.session.get(BROWSER_SESSION_KEY))[BROWSER_SESSION_KEY] === undefined) {
        await deps.session.set({ [BROWSER_SESSION_KEY]: iso() });
        await onBrowserStartup();
        return;
      }
      const running: Run[] = [];
      for (const row of await journal.rows()) {
        if (row.state !== 'running') continue;
        const run = await journal.get(row.id);
        // A record that no longer parses is never acted on: it is paused, and the history says so.
        if (run) running.push(run);
        else await journal.pauseUnreadable(row.id);
      }
      for (const run of running) if (!heldByOther(run)) launch(run.id);
      await renewTeamLocks();
      // A run another loop holds is looked at again on the next alarm, once its lease may have expired.
      if (running.length > 0) await deps.alarm?.schedule();
    },

    onBrowserStartup,

    async retryStep(id) {
      await operator();
      return whilePaused(id, (run) => {
        const index = nextIndex(run);
        const current = index === -1 ? undefined : run.steps[index];
        if (current?.status === 'failed') current.status = 'pending';
      });
    },

    async skipStep(id) {
      await operator();
      return whilePaused(id, (run) => {
        const current = run.steps[nextIndex(run)];
        if (!current) return;
        current.status = 'skipped';
        current.skippedBy = 'operator';
        current.finishedAt = iso();
        current.result = 'Skipped by the operator.';
      });
    },

    async pauseRun(id) {
      const who = await operator();
      const run = await journal.update(id, (run) => {
        if (run.state !== 'running') throw invalid(`This run is ${run.state}, not running.`, 'Refresh the run to see where it is.');
        run.state = 'paused';
        // A loop here sees the state after its step and lets go of the lease then (see record());
        // a lease with no loop here is a stopped instance's, which must not hold up Continue.
        if (!loops.has(id)) run.lease = null;
        run.pause = { reason: 'operator', message: `Paused by ${who ?? 'the admin'}: nothing more is sent until Continue.` };
      });
      if (!run) throw new ProblemError(problem('not-found', `There is no run ${id}.`, 'Refresh the ledger.', { service: 'extension' }));
      notify(run);
      if (!loops.has(id)) await settleAlarm();
      return run;
    },

    async abortRun(id) {
      const run = await journal.update(id, (run) => {
        if (run.state === 'done' || run.state === 'aborted') throw invalid(`This run is already ${run.state}.`, 'Nothing more to do; undo it from the ledger if needed.');
        if (run.state === 'paused') run.lease = null;
        run.state = 'aborted';
        run.pause = null;
        run.finishedAt = iso();
      });
      if (!run) throw new ProblemError(problem('not-found', `There is no run ${id}.`, 'Refresh the ledger.', { service: 'extension' }));
      notify(run);
      if (!loops.has(id)) await settleAlarm();
      return run;
    },

    async idle() {
      while (loops.size > 0 || teamWork.size > 0) await Promise.all([...loops.values(), ...teamWork]);
    },
  };
}

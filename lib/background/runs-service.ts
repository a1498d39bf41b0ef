import { ProblemError, problem } from '../problem';
import { buildPlan, planOptionsFrom } from '../runs/plan';
import { previewDeprovision, type PreviewDeps } from '../runs/preview';
import type { Runner } from '../runs/runner';
import { ledgerRow, type LedgerRow } from '../runs/ledger';
import { planSchema, type Plan, type Run, type SeatOutcome, type Target } from '../runs/types';
import { planUndo } from '../runs/undo';
import type { KeyValueArea } from '../vault/storage-area';

/**
 * What the extension's windows may ask of runs. A plan is made here and kept here: pages get a
 * preview id to start it with, so what runs is exactly what the background previewed, never a
 * plan a page handed back.
 */
export interface RunsService {
  preview(target: Target, overrideBusy: boolean): Promise<{ previewId: string; plan: Plan }>;
  previewUndo(runId: string): Promise<{ previewId: string; plan: Plan }>;
  start(previewId: string, typed: string | undefined): Promise<Run>;
  get(runId: string): Promise<Run>;
  list(): Promise<LedgerRow[]>;
  retry(runId: string): Promise<Run>;
  skip(runId: string): Promise<Run>;
  abort(runId: string): Promise<Run>;
  /** The latest run on each of these workers, for their badges. */
  forWorkers(workerSids: string[]): Promise<WorkerRun[]>;
  /** On every service-worker start and on the runs alarm: continue what was running. */
  resume(): Promise<void>;
  /** On browser start: running runs pause, never continue unattended. */
  onBrowserStartup(): Promise<void>;
}

/** Previews are kept this long: long enough to read and confirm, short enough to stay true. */
const PREVIEW_TTL_MS = 15 * 60_000;
const previewKey = (id: string) => `runs.preview.${id}`;

export interface WorkerRun {
  workerSid: string;
  state: Run['state'];
  stepsDone: number;
  stepsTotal: number;
  /** The seat check's finding, or null when it has not run: only `seat-freed` lets a badge say "Seat freed". */
  outcome: SeatOutcome | null;
}

export interface RunsServiceDeps extends PreviewDeps {
  runner: Runner;
  /** storage.session: previews survive a service-worker restart but not the browser. */
  session: KeyValueArea;
  newId: () => string;
}

const notFound = (what: string) => new ProblemError(problem('not-found', `That ${what} is no longer available.`, 'Open the worker again to make a fresh preview.', { service: 'extension' }));

export function createRunsService(deps: RunsServiceDeps): RunsService {
  const { runner } = deps;
  const now = deps.now ?? (() => new Date());

  const keep = async (plan: Plan) => {
    const previewId = deps.newId();
    await deps.session.set({ [previewKey(previewId)]: { plan, expiresAt: now().getTime() + PREVIEW_TTL_MS } });
    return { previewId, plan };
  };

  const getRun = async (runId: string) => {
    const run = await runner.journal.get(runId);
    if (!run) throw notFound('run');
    return run;
  };

  return {
    async preview(target, overrideBusy) {
      const preview = await previewDeprovision(deps, target);
      return keep(buildPlan(preview, planOptionsFrom(await deps.settings(), overrideBusy)));
    },
    async previewUndo(runId) {
      return keep(planUndo(await getRun(runId)));
    },
    async start(previewId, typed) {
      const key = previewKey(previewId);
      const stored = (await deps.session.get(key))[key] as { plan: unknown; expiresAt: number } | undefined;
      if (!stored || stored.expiresAt < now().getTime()) throw notFound('preview');
      await deps.session.remove(key);
      return runner.startRun(planSchema.parse(stored.plan), { typed });
    },
    get: getRun,
    async list() {
      return (await runner.journal.list()).map(ledgerRow);
    },
    retry: (id) => runner.retryStep(id),
    skip: (id) => runner.skipStep(id),
    abort: (id) => runner.abortRun(id),
    async forWorkers(workerSids) {
      const wanted = new Set(workerSids);
      const latest = new Map<string, WorkerRun>();
      // The journal lists newest first, so the first run seen for a worker is its latest.
      for (const run of await runner.journal.list()) {
        const sid = run.subject.workerSid;
        if (run.kind !== 'deprovision' || !sid || !wanted.has(sid) || latest.has(sid)) continue;
        const stepsDone = run.steps.filter((s) => s.status === 'done' || s.status === 'already' || s.status === 'skipped').length;
        latest.set(sid, { workerSid: sid, state: run.state, stepsDone, stepsTotal: run.steps.length, outcome: run.outcome });
      }
      return [...latest.values()];
    },
    resume: () => runner.resumeRuns(),
    async onBrowserStartup() {
      await runner.onBrowserStartup();
    },
  };
}


import { ProblemError, problem } from '../problem';
import { z } from 'zod';
import { buildPlan, bulkConfirmation, planOptionsFrom, requestCount } from '../runs/plan';
import { previewDeprovision, type PreviewDeps } from '../runs/preview';
import type { Runner } from '../runs/runner';
import type { JournalEntry } from '../runs/journal';
import { runInProgressFor, inProgressSentence, undoRefusal } from '../runs/locks';
import { planSchema, type Confirmation, type Plan, type Run, type SeatOutcome, type Target, type WorkerTarget } from '../runs/types';
import type { RunRow } from '../runs/ledger';
import { planUndo } from '../runs/undo';
import { BULK_PREVIEW_CONCURRENCY, mapBounded, overMaximumReason, selectBulk, type BulkExcluded } from '../runs/bulk';
import type { KeyValueArea } from '../vault/storage-area';
import { prunableRuns, type RetentionLimits } from '../runs/retention';

import type { RunFilter, TeamLock, TeamLockView } from '../team/types';
import type { TeamCore } from '../team/team-service';
import { hasFilter, mergeHistory, workersHeld, type HistoryRow } from '../team/history';

/**
 * What the extension's windows may ask of runs. A plan is made here and kept here: pages get a
 * preview id to start it with, so what runs is exactly what the background previewed, never a
 * plan a page handed back.
 */
export interface RunsService {
  /** With the person's team lock in team mode (`teamLock` absent means off). */
  preview(target: Target, choices: { overrideBusy: boolean; acceptWithoutUnassign: boolean }): Promise<{ previewId: string; plan: Plan; teamLock?: TeamLockView }>;
  previewUndo(runId: string): Promise<{ previewId: string; plan: Plan }>;
  start(previewId: string, typed: string | undefined, options?: { withoutTeamLock?: boolean }): Promise<Run>;
  /** The run, and the undo of it if one was started. */
  get(runId: string): Promise<{ run: Run; undo: UndoMark | null }>;
  /** A page of the run history, newest first, with what the retention limits would remove; in team mode colleagues' runs too. */
  list(offset: number, limit: number, filter?: RunFilter): Promise<HistoryPage>;
  /** The runs beyond the retention limits, as a JSON export; `prune` then removes exactly these. */
  exportPrunable(): Promise<{ json: string; ids: string[] }>;
  prune(ids: string[]): Promise<{ removed: number }>;
  retry(runId: string): Promise<Run>;
  /** Stops a running run at the next step boundary; `retry` continues it. */
  pause(runId: string): Promise<Run>;
  skip(runId: string): Promise<Run>;
  abort(runId: string): Promise<Run>;
  /**
   * One preview for a batch (the licence audit's selection): each person previewed as a single run
   * would be; the ambiguous, look-alike, busy and blocked, and those beyond the per-run maximum in
   * Settings, are left out with the reason. Kept under one id like a single preview.
   */
  previewBulk(targets: WorkerTarget[]): Promise<BulkPreview>;
  /** Starts exactly the previewed batch, confirmed by typing its count: one run per person, sharing a `bulkId`. */
  startBulk(previewId: string, typed: string | undefined): Promise<{ bulkId: string; runs: Run[] }>;
  /** The runs of one batch, in the order they were started. */
  bulk(bulkId: string): Promise<RunRow[]>;
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
const bulkPreviewKey = (id: string) => `runs.bulkPreview.${id}`;

export interface BulkPreview {
  previewId: string;
  plans: Plan[];
  excluded: BulkExcluded[];
  requests: number;
  confirmation: Confirmation;
  maxPerRun: number;
}

export interface UndoMark {
  runId: string;
  state: Run['state'];
  at: string;
}

export interface HistoryPage {
  /** In team mode colleagues' runs too, marked `origin: 'team'`. */
  entries: Array<JournalEntry | HistoryRow>;
  total: number;
  /** Finished runs beyond the limits in Settings: offered for export before they are removed. */
  prunable: number;
  limits: RetentionLimits;
}

export interface WorkerRun {
  workerSid: string;
  state: Run['state'];
  stepsDone: number;
  stepsTotal: number;
  /** The seat check's finding, or null when it has not run: only `seat-freed` lets a badge say "Seat freed". */
  outcome: SeatOutcome | null;
  /** A colleague's live team lock on this worker's person. */
  heldBy?: TeamLock;
}

export interface RunsServiceDeps extends PreviewDeps {
  runner: Runner;
  /** storage.session: previews survive a service-worker restart but not the browser. */
  session: KeyValueArea;
  newId: () => string;
  /** Team mode (lib/team/team-service.ts): locks for previews and badges, colleagues' runs for the history. */
  team?: Pick<TeamCore, 'lockView' | 'ledger' | 'locks' | 'wake'>;
}

/** Never more than this many runs in one history page: the page is sent whole to the side panel. */
export const HISTORY_PAGE_MAX = 200;

const retentionOf = (settings: Awaited<ReturnType<PreviewDeps['settings']>>): RetentionLimits => ({ runs: settings.runs.keepRuns, days: settings.runs.keepDays });

const notFound = (what: string) => new ProblemError(problem('not-found', `That ${what} is no longer available.`, 'Open the worker again to make a fresh preview.', { service: 'extension' }));

export function createRunsService(deps: RunsServiceDeps): RunsService {
  const { runner } = deps;
  const now = deps.now ?? (() => new Date());

  // Preview ids being started right now. Checked and set before the first await, so of two starts
  // with one id (a double click, two windows) exactly one gets past; the other is refused.
  const starting = new Set<string>();

  /** Claims a preview id for one start; of two starts with one id, the second is refused. */
  const claimPreview = async <T>(previewId: string, key: string, use: (stored: unknown) => Promise<T>): Promise<T> => {
    if (starting.has(previewId)) throw new ProblemError(problem('conflict', 'This preview is already being started.', 'Wait for the run to appear; each preview starts one run.', { service: 'extension' }));
    starting.add(previewId);
    try {
      const stored = (await deps.session.get(key))[key] as { expiresAt: number } | undefined;
      if (!stored || stored.expiresAt < now().getTime()) throw notFound('preview');
      await deps.session.remove(key);
      return await use(stored);
    } finally {
      starting.delete(previewId);
    }
  };

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
    async preview(target, { overrideBusy, acceptWithoutUnassign }) {
      const preview = await previewDeprovision(deps, target);
      const plan = buildPlan(preview, planOptionsFrom(await deps.settings(), overrideBusy, acceptWithoutUnassign));
      // Shown before anyone types a confirmation; the runner checks again as it writes the run.
      const busy = runInProgressFor(plan, await runner.journal.rows());
      const teamLock = deps.team ? await deps.team.lockView(plan.subject) : undefined;
      const blocked = busy ? inProgressSentence(busy) : teamLock?.state === 'held' ? teamLock.sentence : plan.blocked;
      const kept = await keep({ ...plan, blocked });
      return teamLock && teamLock.state !== 'off' ? { ...kept, teamLock } : kept;
    },
    async previewUndo(runId) {
      const plan = planUndo(await getRun(runId));
      const refusal = plan.blocked ?? undoRefusal(runId, await runner.journal.rows());
      return keep({ ...plan, blocked: refusal });
    },
    start: (previewId, typed, { withoutTeamLock } = {}) =>
      claimPreview(previewId, previewKey(previewId), (stored) => runner.startRun(planSchema.parse((stored as { plan: unknown }).plan), { typed, withoutTeamLock })),
    async get(runId) {
      const run = await getRun(runId);
      const undo = (await runner.journal.rows()).find((row) => row.undoOf === runId && row.state !== 'aborted');
      return { run, undo: undo ? { runId: undo.id, state: undo.state, at: undo.createdAt } : null };
    },
    async list(offset, limit, filter) {
      const size = Math.min(limit, HISTORY_PAGE_MAX);
      const [rows, settings, team] = await Promise.all([runner.journal.rows(), deps.settings(), deps.team?.ledger() ?? []]);
      const limits = retentionOf(settings);
      const prunable = prunableRuns(rows, limits, now()).length;
      if (team.length === 0 && !hasFilter(filter)) return { ...(await runner.journal.page(offset, size)), prunable, limits };
      // Merged or filtered, the history is built from the rows: records that cannot be read are listed in the plain history only.
      const merged = mergeHistory(rows, team, filter);
      return { entries: merged.slice(offset, offset + size), total: merged.length, prunable, limits };
    },
    async exportPrunable() {
      const ids = prunableRuns(await runner.journal.rows(), retentionOf(await deps.settings()), now());
      const runs = await runner.journal.runs(ids);
      return { json: JSON.stringify({ format: 'flex-steward-runs', version: 1, exportedAt: now().toISOString(), runs }, null, 2), ids };
    },
    async prune(ids) {
      // Only runs that are still beyond the limits: an id list from an old export cannot remove a run in progress.
      const allowed = new Set(prunableRuns(await runner.journal.rows(), retentionOf(await deps.settings()), now()));
      const removable = ids.filter((id) => allowed.has(id));
      await runner.journal.remove(removable);
      return { removed: removable.length };
    },
    retry: (id) => runner.retryStep(id),
    pause: (id) => runner.pauseRun(id),
    skip: (id) => runner.skipStep(id),
    abort: (id) => runner.abortRun(id),
    async forWorkers(workerSids) {
      const wanted = new Set(workerSids);
      const latest = new Map<string, WorkerRun>();
      // The rows are newest first, so the first run seen for a worker is its latest.
      for (const row of await runner.journal.rows()) {
        const sid = row.subject.workerSid;
        if (row.kind !== 'deprovision' || !sid || !wanted.has(sid) || latest.has(sid)) continue;
        latest.set(sid, { workerSid: sid, state: row.state, stepsDone: row.stepsDone, stepsTotal: row.stepsTotal, outcome: row.outcome });
      }
      if (deps.team) {
        const locks = deps.team.locks();
        const held = locks.length === 0 ? new Map() : workersHeld(locks, await deps.team.ledger(), new Set((await runner.journal.rows()).map((row) => row.id)));
        for (const [sid, { lock, row }] of held) {
          if (!wanted.has(sid)) continue;
          const mine = latest.get(sid);
          // A colleague's run in progress is what the badge shows, with who holds the person.
          const shown = mine && mine.state !== 'done' && mine.state !== 'aborted' ? mine : row ? { workerSid: sid, state: row.state, stepsDone: row.stepsDone, stepsTotal: row.stepsTotal, outcome: row.outcome } : { workerSid: sid, state: 'running' as const, stepsDone: 0, stepsTotal: 0, outcome: null };
          latest.set(sid, { ...shown, heldBy: lock });
        }
      }
      return [...latest.values()];
    },
    async previewBulk(targets) {
      const settings = await deps.settings();
      const maxPerRun = settings.runs.maxPerBulk;
      // Exactly the plan a single run would get with no choice made: no busy override, no plan without the unassign step.
      const options = planOptionsFrom(settings);
      const previewed = await mapBounded(targets.slice(0, maxPerRun), BULK_PREVIEW_CONCURRENCY, async (target) => {
        try {
          return { target, plan: buildPlan(await previewDeprovision(deps, target), options) };
        } catch (error) {
          return { target, plan: null, error };
        }
      });
      const { plans, excluded } = selectBulk(previewed, await runner.journal.rows(), now().toISOString());
      for (const target of targets.slice(maxPerRun)) excluded.push({ ...target, name: target.workerSid, reason: overMaximumReason(maxPerRun) });
      const previewId = deps.newId();
      await deps.session.set({ [bulkPreviewKey(previewId)]: { plans, expiresAt: now().getTime() + PREVIEW_TTL_MS } });
      const requests = plans.reduce((sum, plan) => sum + requestCount(plan), 0);
      return { previewId, plans, excluded, requests, confirmation: bulkConfirmation(plans), maxPerRun };
    },
    startBulk: (previewId, typed) =>
      claimPreview(previewId, bulkPreviewKey(previewId), async (stored) => {
        const plans = z.array(planSchema).parse((stored as { plans: unknown }).plans);
        if (plans.length === 0) throw new ProblemError(problem('invalid-request', 'Nobody in this preview can be deprovisioned in bulk.', 'Deprovision the people left out from their own windows.', { service: 'extension' }));
        const runs = await runner.startBulk(plans, { typed });
        return { bulkId: runs[0]!.bulkId!, runs };
      }),
    async bulk(bulkId) {
      // The rows are newest first; a batch is read in the order it was started.
      return (await runner.journal.rows()).filter((row) => row.bulkId === bulkId).reverse();
    },
    async resume() {
      await runner.resumeRuns();
      // The same wake-ups keep team mode going: the live feed connected, what it missed read, the outbox flushed.
      await deps.team?.wake().catch(() => undefined);
    },
    async onBrowserStartup() {
      await runner.onBrowserStartup();
    },
  };
}


import { z } from 'zod';
import { pauseSchema, RUN_STATES, seatOutcomeSchema, subjectSchema, teamLockUseSchema, type Run } from './types';

/**
 * The ledger is the journal (lib/runs/journal.ts): every run kept with who ran it, when, what the
 * worker and the Okta person looked like before, and what each step did with the request ids the
 * APIs returned. This file is its index row: enough to list runs, badge workers and find a
 * person's run in progress without reading every record.
 */
export const runRowSchema = z.object({
  id: z.string(),
  kind: z.enum(['deprovision', 'undo']),
  undoOf: z.string().optional(),
  bulkId: z.string().optional(),
  state: z.enum(RUN_STATES),
  operator: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  subject: subjectSchema,
  /** Every worker the run acts on: the subject's, and for an undo the one it re-created. */
  workerSids: z.array(z.string()),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  /** What the seat check found, once the run has made it (null before, and for older runs). */
  outcome: seatOutcomeSchema.nullable().default(null),
  /** Why a paused run stopped, with its Problem: what a batch's progress shows per person (absent in older rows). */
  pause: pauseSchema.nullable().optional(),
  /** See `Run.teamLock`. */
  teamLock: teamLockUseSchema.optional(),
});
export type RunRow = z.infer<typeof runRowSchema>;

const finishedStep = (status: string) => status === 'done' || status === 'already' || status === 'skipped';

export function runRow(run: Run): RunRow {
  const workerSids = new Set<string>();
  if (run.subject.workerSid) workerSids.add(run.subject.workerSid);
  for (const step of run.steps) if (step.output?.workerSid) workerSids.add(step.output.workerSid);
  return {
    id: run.id,
    kind: run.kind,
    ...(run.undoOf === undefined ? {} : { undoOf: run.undoOf }),
    ...(run.bulkId === undefined ? {} : { bulkId: run.bulkId }),
    state: run.state,
    operator: run.operator,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    subject: run.subject,
    workerSids: [...workerSids],
    stepsDone: run.steps.filter((s) => finishedStep(s.status)).length,
    stepsTotal: run.steps.length,
    outcome: run.outcome,
    pause: run.pause,
    ...(run.teamLock === undefined ? {} : { teamLock: run.teamLock }),
  };
}

/** A run not yet over: it holds its person until it is done or aborted. */
export const isUnderWay = (row: Pick<RunRow, 'state'>) => row.state === 'running' || row.state === 'paused';

/** Whether two runs are about the same person: the same worker, Okta user or email. */
export function samePerson(a: RunRow['subject'] & { workerSids?: string[] }, b: RunRow): boolean {
  const workers = new Set([...(a.workerSids ?? []), ...(a.workerSid ? [a.workerSid] : [])]);
  if (b.workerSids.some((sid) => workers.has(sid))) return true;
  if (a.oktaUserId && a.oktaUserId === b.subject.oktaUserId) return true;
  return Boolean(a.email && b.subject.email && a.email.toLowerCase() === b.subject.email.toLowerCase());
}

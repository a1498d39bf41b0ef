import { z } from 'zod';
import type { KeyValueArea } from '../vault/storage-area';
import { createJournal } from './journal';
import { RUN_STATES, STEP_KINDS, STEP_STATUSES, subjectSchema, type Run } from './types';

/**
 * Every run, kept: who ran it, when, what the worker and the Okta person looked like before, and
 * what each step did with the request ids the APIs returned. Local for now; the records are the
 * runs themselves, so a team-wide ledger later only needs to copy them.
 */

export interface Ledger {
  /** Newest first. */
  list(options?: { limit?: number }): Promise<Run[]>;
  get(id: string): Promise<Run | null>;
  /** The undo runs of a run, newest first. */
  undosOf(id: string): Promise<Run[]>;
}

export function createLedger(area: KeyValueArea): Ledger {
  const journal = createJournal(area);
  return {
    async list({ limit } = {}) {
      const runs = await journal.list();
      return limit === undefined ? runs : runs.slice(0, limit);
    },
    get: (id) => journal.get(id),
    async undosOf(id) {
      return (await journal.list()).filter((run) => run.undoOf === id);
    },
  };
}

/** A ledger row: enough to list runs without sending every step's requests to the page. */
export const ledgerRowSchema = z.object({
  id: z.string(),
  kind: z.enum(['deprovision', 'undo']),
  undoOf: z.string().optional(),
  state: z.enum(RUN_STATES),
  operator: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  subject: subjectSchema,
  steps: z.array(z.object({ kind: z.enum(STEP_KINDS), title: z.string(), status: z.enum(STEP_STATUSES), result: z.string().nullable(), requestIds: z.array(z.string()) })),
});
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

export function ledgerRow(run: Run): LedgerRow {
  return {
    id: run.id,
    kind: run.kind,
    ...(run.undoOf === undefined ? {} : { undoOf: run.undoOf }),
    state: run.state,
    operator: run.operator,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    subject: run.subject,
    steps: run.steps.map((s) => ({ kind: s.step.kind, title: s.step.title, status: s.status, result: s.result, requestIds: s.requestIds })),
  };
}

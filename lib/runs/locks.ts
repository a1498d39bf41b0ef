import { problem, type Problem } from '../problem';
import { isUnderWay, samePerson, type RunRow } from './ledger';
import type { Plan } from './types';
import { formatTime } from '../ui/format-time';

/**
 * One person, one run at a time, and an undo only while nothing later touched the person. These
 * read the journal's rows only, so the runner can apply them inside the journal's write of the new
 * run (`Journal.create`'s guard): of two starts racing for one person, exactly one is written.
 */

const by = (row: RunRow) => (row.operator ? `by ${row.operator} ` : '');

/** The run under way on this plan's person, if any. */
export function runInProgressFor(plan: Pick<Plan, 'subject'>, rows: RunRow[]): RunRow | null {
  return rows.find((row) => isUnderWay(row) && samePerson(plan.subject, row)) ?? null;
}

export const inProgressSentence = (row: RunRow) => `A run on this person is in progress (started ${by(row)}at ${formatTime(row.createdAt)}).`;

/** Why this undo plan may not start now, or null. */
export function undoRefusal(undoOf: string, rows: RunRow[]): string | null {
  const undone = rows.find((row) => row.id === undoOf);
  if (!undone) return 'That run is no longer in the run history.';
  const undo = rows.find((row) => row.undoOf === undoOf && row.state !== 'aborted');
  if (undo) return `This run was already undone at ${formatTime(undo.createdAt)}${undo.operator ? ` by ${undo.operator}` : ''}; a run is undone once.`;
  const later = rows.find((row) => row.id !== undoOf && row.undoOf !== undoOf && row.createdAt > undone.createdAt && samePerson({ ...undone.subject, workerSids: undone.workerSids }, row));
  if (later) return `A later run (${later.kind === 'undo' ? 'an undo' : 'a deprovisioning'} started ${by(later)}at ${formatTime(later.createdAt)}) touched this person since; undoing this one would reverse its work.`;
  return null;
}

/** Why this plan may not start given the journal's rows, as a Problem; null when it may. */
export function startConflict(plan: Pick<Plan, 'subject' | 'kind' | 'undoOf'>, rows: RunRow[]): Problem | null {
  const busy = runInProgressFor(plan, rows);
  if (busy) return problem('conflict', inProgressSentence(busy), 'Open the run history to follow it; start again once it has ended.', { service: 'extension' });
  if (plan.kind === 'undo' && plan.undoOf) {
    const refusal = undoRefusal(plan.undoOf, rows);
    if (refusal) return problem('conflict', refusal, 'Open the run history to see the runs on this person.', { service: 'extension' });
  }
  return null;
}

import { isFreeable, NEVER_ACTIONABLE, STATUS_INFO } from '../identity/statuses';
import { toProblem } from '../problem';
import { runRow, type RunRow } from './ledger';
import { inProgressSentence, runInProgressFor } from './locks';
import { newRun } from './runner';
import type { Plan, WorkerTarget } from './types';

/**
 * Who of a bulk selection is run and who is left out, and why in one sentence each. A batch runs
 * only people a single run would take without any choice made for them: nobody ambiguous,
 * look-alike or busy (those need their own window, where a choice is made for one person), nobody
 * whose status frees no seat, and nobody a run is already under way on.
 */

export interface BulkExcluded {
  workerSid: string;
  workspaceSid: string;
  name: string;
  reason: string;
}

/** How many people of a batch are previewed at once: a few, so a batch of 200 does not burst the APIs. */
export const BULK_PREVIEW_CONCURRENCY = 4;

/** `work` over `items`, at most `limit` at a time, results in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export const overMaximumReason = (max: number) => `Over this run’s maximum of ${max} (Settings → Deprovisioning).`;

/** Why this person's plan is left out of a batch, or null when it may run with the others. */
export function bulkExclusion(plan: Plan, underWay: RunRow[]): string | null {
  const preview = plan.preview;
  if (!preview) return 'Only a deprovisioning can be part of a batch.';
  if (preview.refusal?.reason === 'several-workers' || preview.refusal?.reason === 'several-okta-users') {
    return `Ambiguous: ${preview.refusal.message} Deprovision them from their own window, where you choose who is meant.`;
  }
  if (preview.refusal) return preview.refusal.message;
  if (NEVER_ACTIONABLE.has(preview.identityStatus)) return `${STATUS_INFO[preview.identityStatus].label}: Flex Steward never acts on a look-alike address.`;
  if (preview.busy) {
    const { pending, accepted } = preview.reservations;
    return `Busy: ${pending} pending and ${accepted} accepted reservations. Deprovision them from their own window once they are free.`;
  }
  const info = STATUS_INFO[preview.identityStatus];
  if (preview.identityStatus === 'not-in-okta') return `${info.label}: check who this is first (a typo or a local account), then deprovision them from their own window.`;
  if (!isFreeable(preview.identityStatus)) return `${info.label}: their status frees no seat, so a bulk run leaves them alone.`;
  const busy = runInProgressFor(plan, underWay);
  if (busy) return inProgressSentence(busy);
  if (plan.blocked) return plan.blocked;
  return null;
}

const SAME_PERSON_IN_BATCH = 'Already in this batch through another of their workers; one run per person.';

export interface BulkSelection {
  plans: Plan[];
  excluded: BulkExcluded[];
}

/**
 * Splits previewed people into the batch and the left out. `previewed` is in the targets' order,
 * each a plan or the Problem its preview met; `rows` are the journal's, so a run under way, or a
 * person already earlier in this batch (two workers of one person), is left out here rather than
 * refusing the whole batch at start.
 */
export function selectBulk(previewed: { target: WorkerTarget; plan: Plan | null; error?: unknown }[], rows: RunRow[], at: string): BulkSelection {
  const batch: RunRow[] = [];
  const plans: Plan[] = [];
  const excluded: BulkExcluded[] = [];
  for (const { target, plan, error } of previewed) {
    const name = plan?.subject.name ?? plan?.subject.email ?? target.workerSid;
    const failed = plan ? null : toProblem(error);
    const reason = plan ? (bulkExclusion(plan, rows) ?? (runInProgressFor(plan, batch) ? SAME_PERSON_IN_BATCH : null)) : `${failed!.message} ${failed!.nextStep}`;
    if (reason !== null || !plan) {
      excluded.push({ workspaceSid: target.workspaceSid, workerSid: target.workerSid, name, reason: reason ?? '' });
      continue;
    }
    plans.push(plan);
    batch.push(runRow(newRun(plan, { id: `batch-${plans.length}`, operator: null, at })));
  }
  return { plans, excluded };
}

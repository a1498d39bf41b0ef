import type { CommandResponse } from '../../lib/messages/commands';
import { requestCount } from '../../lib/runs/plan';
import { StatusPill } from '../StatusPill';
import { PlanSteps } from '../runs/PlanPreview';

type BulkPreview = CommandResponse<'runs.previewBulk'>;

/**
 * One preview for the whole batch: every person with their status, their steps and the requests
 * each step sends, then who is left out and why, then the totals the confirmation is about.
 */
export function BulkPlanPreview({ preview }: { preview: BulkPreview }) {
  const { plans, excluded, requests, maxPerRun } = preview;
  return (
    <section aria-label="What will happen">
      <h2>
        {plans.length} {plans.length === 1 ? 'person' : 'people'} · {requests} {requests === 1 ? 'request' : 'requests'}
      </h2>
      <p className="muted small">
        Each person is deprovisioned in their own run, exactly as a single run would do it. At most {maxPerRun} people per run (Settings → Deprovisioning).
      </p>
      <ul className="bulk-people" aria-label="People in this run">
        {plans.map((plan) => {
          const who = plan.subject.name ?? plan.subject.email ?? plan.subject.workerSid ?? '?';
          const count = requestCount(plan);
          return (
            <li key={plan.subject.workerSid ?? who} aria-label={who}>
              <details>
                <summary>
                  <strong>{who}</strong> {plan.subject.email ? <span>{plan.subject.email}</span> : null} <code>{plan.subject.workerSid}</code>{' '}
                  {plan.preview ? <StatusPill status={plan.preview.identityStatus} /> : null}{' '}
                  <span className="muted">
                    {plan.steps.length} steps · {count} {count === 1 ? 'request' : 'requests'}
                  </span>
                </summary>
                <PlanSteps plan={plan} />
              </details>
            </li>
          );
        })}
      </ul>
      {excluded.length ? (
        <section aria-label="Left out">
          <h3>
            Left out ({excluded.length})
          </h3>
          <ul>
            {excluded.map((person) => (
              <li key={person.workerSid} aria-label={person.name}>
                <strong>{person.name}</strong> <code>{person.workerSid}</code>: <span className="muted">{person.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

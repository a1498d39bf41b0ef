import type { Plan } from '../../lib/runs/types';

/** The dry run: every step with the requests it will send, what can be undone, and what is left out. */
export function PlanPreview({ plan }: { plan: Plan }) {
  return (
    <section aria-label="What will happen">
      <h2>{plan.kind === 'undo' ? 'What the undo will do' : 'What the run will do'}</h2>
      <PlanSteps plan={plan} />
    </section>
  );
}

/** A plan's steps, left-out steps and notes, without a heading: one person's part of a batch preview too. */
export function PlanSteps({ plan }: { plan: Plan }) {
  return (
    <>
      <ol className="plan">
        {plan.steps.map((step, i) => (
          <li key={i}>
            <strong>{step.title}</strong>{' '}
            {step.unavailable ? <span className="pill">Skipped: {step.unavailable}</span> : step.irreversible ? <span className="pill danger">Cannot be undone</span> : step.reversible ? <span className="pill ok">Can be undone</span> : null}
            <p className="muted small">
              {step.detail} {step.reversible || step.irreversible ? step.undo : ''}
            </p>
            <ul className="requests">
              {step.requests.map((r, j) => (
                <li key={j}>
                  <code>
                    {r.method} {r.url}
                  </code>
                  {r.note ? <span className="muted small"> — {r.note}</span> : null}
                  {r.body ? (
                    <pre className="request-body" aria-label={`Body of ${r.method} ${r.url}`}>
                      {r.body}
                    </pre>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {plan.omitted.length ? (
        <>
          <h3>Left out</h3>
          <ul>
            {plan.omitted.map((o, i) => (
              <li key={i}>
                {o.title}: <span className="muted">{o.reason}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.notes.map((note, i) => (
        <p className="notice warn" key={i}>
          {note}
        </p>
      ))}
    </>
  );
}

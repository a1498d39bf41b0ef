import { useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import { confirms } from '../../lib/runs/plan';
import type { Plan, Run } from '../../lib/runs/types';

/** The typed confirmation a plan asks for, and the button that starts exactly the previewed plan. */
export function ConfirmAndStart({
  plan,
  previewId,
  actionLabel,
  onStarted,
  onProblem,
  onStale,
  onCancel,
}: {
  plan: Plan;
  previewId: string;
  actionLabel: string;
  onStarted: (run: Run) => void;
  onProblem: (p: Problem) => void;
  onStale: () => void;
  /** Leaves without sending anything. */
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [starting, setStarting] = useState(false);
  const needsTyping = plan.confirmation.kind !== 'none';
  const ready = !plan.blocked && plan.steps.length > 0 && confirms(plan.confirmation, typed);

  const start = async () => {
    setStarting(true);
    try {
      const { run } = await askBackground('runs.start', { previewId, typed: needsTyping ? typed : undefined });
      onStarted(run);
    } catch (error) {
      const problem = toProblem(error);
      onProblem(problem);
      // A preview that expired or was already used is made again rather than left dead.
      if (problem.code === 'not-found') onStale();
    }
    setStarting(false);
  };

  return (
    <form
      className="panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void start();
      }}
    >
      {needsTyping ? (
        <>
          <label htmlFor="confirm-typed">
            Type {plan.confirmation.kind === 'typeEmail' ? <code>{plan.confirmation.expected}</code> : `the number of people (${plan.confirmation.kind === 'typeCount' ? plan.confirmation.expected : ''})`} to confirm
          </label>
          <input id="confirm-typed" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          <p className="hint">Some of these steps cannot be undone, so Flex Steward asks you to type it out.</p>
        </>
      ) : null}
      <div className="actions">
        <button type="submit" className="danger-button" disabled={!ready || starting}>
          {starting ? 'Starting…' : actionLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={starting}>
          Cancel
        </button>
      </div>
    </form>
  );
}

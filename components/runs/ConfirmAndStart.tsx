import { useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import { confirms } from '../../lib/runs/plan';
import type { Confirmation, Plan, Run } from '../../lib/runs/types';

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
  return (
    <ConfirmForm
      confirmation={plan.confirmation}
      startable={!plan.blocked && plan.steps.length > 0}
      actionLabel={actionLabel}
      start={async (typed) => onStarted((await askBackground('runs.start', { previewId, typed })).run)}
      onProblem={onProblem}
      onStale={onStale}
      onCancel={onCancel}
    />
  );
}

/**
 * The confirmation form itself, for one plan or a batch: the field to type what the confirmation
 * asks for (an email, or the number of people), and the start button, enabled once it matches.
 */
export function ConfirmForm({
  confirmation,
  startable,
  actionLabel,
  start,
  onProblem,
  onStale,
  onCancel,
}: {
  confirmation: Confirmation;
  startable: boolean;
  actionLabel: string;
  /** Sends the start with what was typed (undefined when nothing is asked). */
  start: (typed: string | undefined) => Promise<void>;
  onProblem: (p: Problem) => void;
  onStale: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [starting, setStarting] = useState(false);
  const needsTyping = confirmation.kind !== 'none';
  const ready = startable && confirms(confirmation, typed);

  const submit = async () => {
    setStarting(true);
    try {
      await start(needsTyping ? typed : undefined);
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
        if (ready) void submit();
      }}
    >
      {needsTyping ? (
        <>
          <label htmlFor="confirm-typed">
            Type {confirmation.kind === 'typeEmail' ? <code>{confirmation.expected}</code> : `the number of people (${confirmation.kind === 'typeCount' ? confirmation.expected : ''})`} to confirm
          </label>
          <input id="confirm-typed" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          <p className="hint">
            {confirmation.kind === 'typeCount' ? 'Each of these people is deprovisioned in their own run, so Flex Steward asks you to type how many.' : 'Some of these steps cannot be undone, so Flex Steward asks you to type it out.'}
          </p>
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

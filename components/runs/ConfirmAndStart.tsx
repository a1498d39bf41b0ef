import { useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import { confirms } from '../../lib/runs/plan';
import type { Confirmation, Plan, Run } from '../../lib/runs/types';
import type { TeamLockView } from '../../lib/team/types';

/**
 * The typed confirmation a plan asks for, and the button that starts exactly the previewed plan.
 * In team mode a colleague's lock on the person leaves no Start, only "Preview again"; with Sync
 * unreachable, Start waits for the admin to choose to run without the team lock, and says so on start.
 */
export function ConfirmAndStart({
  plan,
  previewId,
  actionLabel,
  teamLock,
  withoutTeamLock = false,
  onStarted,
  onProblem,
  onStale,
  onCancel,
}: {
  plan: Plan;
  previewId: string;
  actionLabel: string;
  /** What the preview said about the person's team lock; absent outside team mode. */
  teamLock?: TeamLockView;
  /** The admin ticked "Run without team lock" (only offered while Sync is unreachable). */
  withoutTeamLock?: boolean;
  onStarted: (run: Run) => void;
  onProblem: (p: Problem) => void;
  onStale: () => void;
  /** Leaves without sending anything. */
  onCancel: () => void;
}) {
  const skipLock = teamLock?.state === 'unreachable' && withoutTeamLock;
  return (
    <ConfirmForm
      confirmation={plan.confirmation}
      startable={!plan.blocked && plan.steps.length > 0 && (teamLock?.state !== 'unreachable' || withoutTeamLock)}
      heldElsewhere={teamLock?.state === 'held'}
      previewId={previewId}
      actionLabel={actionLabel}
      start={async (typed) => onStarted((await askBackground('runs.start', { previewId, typed, ...(skipLock ? { withoutTeamLock: true } : {}) })).run)}
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
  heldElsewhere = false,
  previewId,
  actionLabel,
  start,
  onProblem,
  onStale,
  onCancel,
}: {
  confirmation: Confirmation;
  startable: boolean;
  /** Someone else's run holds the person: nothing to start here, only a fresh preview to see whether it has ended. */
  heldElsewhere?: boolean;
  /** The preview a start would use: a refusal to start is about this one, and a new one may start again. */
  previewId: string;
  actionLabel: string;
  /** Sends the start with what was typed (undefined when nothing is asked). */
  start: (typed: string | undefined) => Promise<void>;
  onProblem: (p: Problem) => void;
  onStale: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [starting, setStarting] = useState(false);
  /** The preview whose start was refused because another run claimed the person after it was made (a colleague won the race). */
  const [racedOn, setRacedOn] = useState<string>();
  const raced = racedOn === previewId;
  const needsTyping = confirmation.kind !== 'none' && !heldElsewhere && !raced;
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
      if (problem.code === 'conflict') setRacedOn(previewId);
    }
    setStarting(false);
  };

  return (
    <form
      className="panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !heldElsewhere && !raced) void submit();
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
        {heldElsewhere || raced ? (
          <button type="button" onClick={onStale}>
            Preview again
          </button>
        ) : (
          <button type="submit" className="danger-button" disabled={!ready || starting}>
            {starting ? 'Starting…' : actionLabel}
          </button>
        )}
        <button type="button" className="secondary" onClick={onCancel} disabled={starting}>
          Cancel
        </button>
      </div>
    </form>
  );
}

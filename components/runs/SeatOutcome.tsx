import { askBackground } from '../../lib/messages/ask-background';
import type { Run } from '../../lib/runs/types';

/** "A, B and C": the SIDs a sentence names. */
function listed(sids: readonly string[]): string {
  return sids.length < 2 ? (sids[0] ?? '') : `${sids.slice(0, -1).join(', ')} and ${sids.at(-1)}`;
}

/**
 * How a finished deprovisioning run ended, as its seat check found it: "Seat freed" only when no
 * worker is left for the person; otherwise which worker still holds a seat, with a button that
 * opens that worker's own window to deprovision it too.
 */
export function SeatOutcome({ run }: { run: Run }) {
  if (run.kind !== 'deprovision' || run.state !== 'done') return null;
  const check = run.steps.find((s) => s.step.kind === 'twilio.verify-seat');
  const { outcome } = run;
  if (!outcome || !check || check.step.kind !== 'twilio.verify-seat') {
    return <p className="notice warn">Done, but the seat check did not run: look the person up in the popup to be sure no worker still holds a seat for them.</p>;
  }
  if (outcome.kind === 'seat-freed') return <p className="notice ok">Seat freed: no worker in the workspace holds a seat for this person any more.</p>;

  const { workspaceSid, workerSid } = check.step.params;
  const others = outcome.remainingWorkerSids.filter((sid) => sid !== workerSid);
  const own = outcome.remainingWorkerSids.includes(workerSid);
  return (
    <div className="notice warn" role="alert">
      <p>
        {own ? `The worker ${workerSid} was not deleted and still holds a seat.` : null}
        {others.length ? `${own ? ' And' : 'The worker was deleted, but'} ${listed(others)} now ${others.length === 1 ? 'holds a seat' : 'hold seats'} for this person.` : null}
      </p>
      <div className="actions">
        {others.map((sid) => (
          <button type="button" key={sid} onClick={() => void askBackground('ui.openWorker', { workspaceSid, workerSid: sid }).catch(() => undefined)}>
            Deprovision {sid}…
          </button>
        ))}
      </div>
    </div>
  );
}

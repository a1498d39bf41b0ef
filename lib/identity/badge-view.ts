import type { Problem } from '../problem';
import type { SeatOutcome } from '../runs/types';
import type { WorkerStatus } from '../status/views';
import type { TeamLock } from '../team/types';
import { lockHeldSentence } from '../ui/team-text';
import type { Tone } from '../ui/tone';
import { lookalikeSentence } from './lookalike';
import { NEVER_ACTIONABLE, STATUS_INFO } from './statuses';

export interface BadgeView {
  tone: Tone;
  icon: string;
  label: string;
  /** Shown on hover and read by screen readers: what it means, then what to do. */
  explanation: string;
  /** What a click does: open the worker in Flex Steward, or Settings when the connection is the problem. */
  onClick: 'worker' | 'settings' | 'none';
}

/** Problems the admin fixes in Settings rather than by retrying. */
const SETTINGS_PROBLEMS = new Set<Problem['code']>(['not-configured', 'locked', 'bad-credentials', 'missing-scope', 'permission-denied', 'clock-skew', 'no-flex-app']);

/** The latest deprovisioning run on a worker, as badges show it. */
export interface BadgeRun {
  state: 'running' | 'paused' | 'done' | 'aborted';
  stepsDone: number;
  stepsTotal: number;
  /** The run's seat check; absent or null when it did not run. */
  outcome?: SeatOutcome | null;
  /** Team mode: a colleague's run holds the person (their lock in Sync). */
  heldBy?: Pick<TeamLock, 'operator' | 'since'>;
}

/** A finished run says "Seat freed" only when its seat check found no worker left for the person. */
function doneView(outcome: SeatOutcome | null | undefined): BadgeView {
  if (outcome?.kind === 'seat-freed') return { tone: 'ok', icon: '✓', label: 'Seat freed', explanation: 'Flex Steward deprovisioned this person and found no worker left holding a seat for them; the row goes away when the page reloads. Undo is in Run history.', onClick: 'none' };
  if (outcome?.kind === 'seat-still-held') {
    const held = outcome.remainingWorkerSids.join(', ');
    return { tone: 'warn', icon: '!', label: 'Seat still held', explanation: `This worker was deprovisioned, but ${held} now ${outcome.remainingWorkerSids.length === 1 ? 'holds a seat' : 'hold seats'} for this person. Open that worker to deprovision it.`, onClick: 'none' };
  }
  return { tone: 'neutral', icon: '✓', label: 'Deprovisioned', explanation: 'Flex Steward deprovisioned this person but did not check that no other worker holds a seat for them. Look them up in the popup to be sure.', onClick: 'none' };
}

function runView(run: BadgeRun): BadgeView | undefined {
  const progress = `${run.stepsDone}/${run.stepsTotal}`;
  if (run.heldBy && (run.state === 'running' || run.state === 'paused')) {
    const held = lockHeldSentence(run.heldBy);
    return { tone: 'info', icon: '◐', label: held, explanation: `${held}: another admin is deprovisioning this person (${progress} steps done). Their run shows live in Run history, in the Flex Steward side panel.`, onClick: 'none' };
  }
  if (run.state === 'running') return { tone: 'info', icon: '◐', label: `Deprovisioning ${progress}`, explanation: `Flex Steward is deprovisioning this person: ${progress} steps done.`, onClick: 'none' };
  if (run.state === 'paused') return { tone: 'warn', icon: '!', label: `Run paused ${progress}`, explanation: 'The deprovisioning run paused on a failure. Open Run history in the Flex Steward side panel to retry, skip or abort it.', onClick: 'none' };
  if (run.state === 'done') return doneView(run.outcome);
  return undefined;
}

export const CHECKING: BadgeView = { tone: 'neutral', icon: '…', label: 'Checking', explanation: 'Looking this worker up in Okta.', onClick: 'none' };

function problemView(problem: Problem): BadgeView {
  const settings = SETTINGS_PROBLEMS.has(problem.code);
  const label = problem.code === 'not-configured' ? 'Not connected' : problem.code === 'locked' ? 'Vault locked' : problem.code === 'no-flex-app' ? 'Flex app not found' : 'Unavailable';
  return { tone: settings ? 'neutral' : 'warn', icon: settings ? '⚙' : '?', label, explanation: `${problem.message} ${problem.nextStep}`, onClick: settings ? 'settings' : 'none' };
}

/**
 * What a worker's badge shows: its status in the shared vocabulary, or why there is none. A badge
 * never disappears: with no status it says what is wrong and how to fix it.
 */
export function badgeView(status: WorkerStatus | undefined, batchProblem?: Problem, run?: BadgeRun): BadgeView {
  const running = run && runView(run);
  if (running) return running;
  if (!status) return batchProblem ? problemView(batchProblem) : CHECKING;
  if (status.status === 'unknown' && status.problem) {
    // A connection the admin must fix says so; a passing failure (rate limit, outage) is "Unknown".
    const view = problemView(status.problem);
    return view.onClick === 'settings' ? view : { ...view, label: STATUS_INFO.unknown.label };
  }
  const info = STATUS_INFO[status.status];
  const who = status.people.length === 1 ? ` (${status.people[0]!.login})` : status.people.length > 1 ? ` (${status.people.map((p) => p.login).join(', ')})` : '';
  const lookalike = status.email === null ? null : lookalikeSentence(status.email);
  return {
    tone: info.tone,
    icon: info.icon,
    label: info.label,
    explanation: `${info.explanation}${lookalike ? ` ${lookalike}` : ''}${who ? ` Okta: ${who.slice(2, -1)}.` : ''}${info.action ? ` ${info.action}` : ''}`,
    // The worker's window is where a run starts; a worker nothing is offered for does not open it.
    onClick: NEVER_ACTIONABLE.has(status.status) ? 'none' : 'worker',
  };
}

import type { TeamLock, TeamStatus } from '../team/types';
import { formatTime } from './format-time';

/**
 * Team mode's sentences, worded once for every surface that shows them: Settings, the run history,
 * the deprovision window and the worker badges. Type-only imports, so a content script that shows a
 * lock on a badge pulls no schema code in.
 */

/** "Team ledger is behind by 3 runs": runs recorded here whose latest state has not reached Sync. */
export const behindSentence = (runs: number) => `Team ledger is behind by ${runs} ${runs === 1 ? 'run' : 'runs'}`;

/** "In progress by ana@example.com since 2026-12-02 10:42 UTC": a colleague's run holds the person. */
export const lockHeldSentence = (lock: Pick<TeamLock, 'operator' | 'since'>) => `In progress by ${lock.operator} since ${formatTime(lock.since)}`;

/** A sentence without its closing full stop, to carry on after it. */
const clause = (sentence: string) => sentence.replace(/[.\s]+$/, '');

/**
 * Where team mode stands, in one line; `tone` says how loudly to show it. Offline, runs still
 * record here and flush when Sync returns, so the line says that rather than sounding like a failure.
 */
export function teamStatusLine(status: TeamStatus): { tone: 'ok' | 'info' | 'warn'; text: string } {
  if (status.state === 'off') return { tone: 'info', text: 'Team mode is off: runs, locks and approved operators stay in this browser.' };
  if (status.state === 'needs-setup') return { tone: 'warn', text: 'Needs a Sync Service SID' };
  if (status.state === 'offline') {
    const since = status.lastSyncedAt ? ` since ${formatTime(status.lastSyncedAt)}` : '';
    const why = status.problem ? `: ${clause(status.problem.message)}` : '';
    const behind = status.behindBy > 0 ? ` ${behindSentence(status.behindBy)}.` : '';
    return { tone: 'warn', text: `Offline${since}${why}. Runs are recorded here and sent when Sync returns.${behind}` };
  }
  if (status.behindBy > 0) return { tone: 'warn', text: behindSentence(status.behindBy) };
  if (status.state === 'connecting') return { tone: 'info', text: 'Connecting to Sync…' };
  return { tone: 'ok', text: 'Live — team ledger up to date' };
}

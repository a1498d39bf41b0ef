import { emailKey } from '../identity/worker-email';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { Subject } from '../runs/types';
import { lockHeldSentence } from '../ui/team-text';
import type { SyncMapItem, SyncRest } from './sync-rest';
import { LOCK_TTL_SECONDS, TEAM_LOCKS_MAP, teamLockSchema, type TeamLock, type TeamLockView } from './types';

/**
 * Team-wide run locks: one item per person in the Sync Map `flex-steward-locks`, created when a
 * run starts, renewed (with `If-Match` and a new TTL) while it lives and deleted when it ends.
 * Claiming *creates* the item, and Sync answers 409 (54208) to every create of a key that exists,
 * so of two admins racing for one person exactly one gets it. A lock that dies with its browser
 * expires after `LOCK_TTL_SECONDS`.
 */

/** The lock's key: the person's normalised email, else their worker, else their Okta user. */
export function personKey(subject: Pick<Subject, 'email' | 'workerSid' | 'oktaUserId'>): string {
  if (subject.email) return `email:${emailKey(subject.email.trim())}`;
  if (subject.workerSid) return `worker:${subject.workerSid}`;
  return `okta:${subject.oktaUserId ?? 'unknown'}`;
}

/** "In progress by ana@example.com since 2026-01-01 10:42 UTC." — the badge's words, as a sentence. */
export const heldSentence = (lock: TeamLock) => `${lockHeldSentence(lock)}.`;

export type LockClaim = { kind: 'held' } | { kind: 'taken'; lock: TeamLock; sentence: string } | { kind: 'unreachable'; problem: Problem };
export type LockRenewal = { kind: 'renewed' } | { kind: 'lost'; problem: Problem } | { kind: 'unreachable'; problem: Problem };

export interface TeamLocks {
  claim(subject: Subject, runId: string, operator: string): Promise<LockClaim>;
  renew(subject: Subject, runId: string, operator: string): Promise<LockRenewal>;
  /** Lets go of the person if the lock is still this run's; a lock already gone is fine. */
  release(subject: Subject, runId: string): Promise<void>;
  /** What a preview shows: free, held by whom, or unreachable. */
  peek(subject: Subject): Promise<TeamLockView>;
}

export interface TeamLocksDeps {
  rest: SyncRest;
  serviceSid: string;
  /** Epoch milliseconds. */
  now?: () => number;
}

const readLock = (item: SyncMapItem | null): TeamLock | null => (item ? (teamLockSchema.safeParse(item.data).data ?? null) : null);

export function unreachableProblem(cause: Problem): Problem {
  return problem('network-unreachable', `Twilio Sync could not be reached to check the team lock on this person (${cause.message.replace(/\.$/, '')}).`, 'Try again once Sync is reachable, or choose Run without team lock.', {
    service: 'twilio',
    retryable: true,
    ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
  });
}

const lostProblem = (lock: TeamLock | null) =>
  problem('conflict', lock ? `This run lost its team lock: ${heldSentence(lock)}` : 'This run lost its team lock on this person.', 'Check the run history to see who is working on this person before continuing.', { service: 'extension' });

/** Whether a Problem means Sync answered "no such item" rather than failing. */
const isMissing = (error: unknown) => error instanceof ProblemError && error.problem.code === 'not-found';
const isStale = (error: unknown) => error instanceof ProblemError && error.problem.code === 'precondition-failed';

export function createTeamLocks({ rest, serviceSid, now = Date.now }: TeamLocksDeps): TeamLocks {
  /** The revision each of our locks was last written at, for `If-Match`; re-read when unknown (a restarted worker). */
  const revisions = new Map<string, string>();

  const item = (subject: Subject, runId: string, operator: string, since: string): TeamLock => ({ runId, operator, since, person: subject.email ?? subject.name ?? subject.workerSid ?? 'this person' });

  async function claim(subject: Subject, runId: string, operator: string): Promise<LockClaim> {
    const key = personKey(subject);
    try {
      await rest.ensureMap(serviceSid, TEAM_LOCKS_MAP);
      const outcome = await rest.createMapItem(serviceSid, TEAM_LOCKS_MAP, key, item(subject, runId, operator, new Date(now()).toISOString()), LOCK_TTL_SECONDS);
      if ('created' in outcome) {
        revisions.set(runId, outcome.created.revision);
        return { kind: 'held' };
      }
      const holder = readLock(outcome.exists);
      // Our own run's lock (a retried create whose first answer was lost, or a resumed run) is ours.
      if (holder?.runId === runId) {
        revisions.set(runId, outcome.exists.revision);
        return { kind: 'held' };
      }
      const lock = holder ?? { runId: '?', operator: 'another admin', since: outcome.exists.dateUpdated ?? new Date(now()).toISOString(), person: subject.email ?? 'this person' };
      return { kind: 'taken', lock, sentence: heldSentence(lock) };
    } catch (error) {
      return { kind: 'unreachable', problem: unreachableProblem(toProblem(error)) };
    }
  }

  async function renewOnce(subject: Subject, runId: string, operator: string): Promise<LockRenewal> {
    const key = personKey(subject);
    let revision = revisions.get(runId);
    let since = new Date(now()).toISOString();
    if (revision === undefined) {
      const current = await rest.getMapItem(serviceSid, TEAM_LOCKS_MAP, key);
      const lock = readLock(current);
      // Expired while no one renewed it: the person is free again, so it is claimed anew.
      if (!current) return toRenewal(await claim(subject, runId, operator));
      if (lock?.runId !== runId) return { kind: 'lost', problem: lostProblem(lock) };
      revision = current.revision;
      since = lock.since;
    }
    const updated = await rest.updateMapItem(serviceSid, TEAM_LOCKS_MAP, key, item(subject, runId, operator, since), { ifMatch: revision, ttlSeconds: LOCK_TTL_SECONDS });
    revisions.set(runId, updated.revision);
    return { kind: 'renewed' };
  }

  const toRenewal = (claimed: LockClaim): LockRenewal =>
    claimed.kind === 'held' ? { kind: 'renewed' } : claimed.kind === 'taken' ? { kind: 'lost', problem: lostProblem(claimed.lock) } : claimed;

  return {
    claim,

    async renew(subject, runId, operator) {
      try {
        try {
          return await renewOnce(subject, runId, operator);
        } catch (error) {
          if (!isStale(error) && !isMissing(error)) throw error;
          // The revision moved (a retried renewal of ours, or someone else's write) or the item
          // expired: read it again; still ours → renew once more, otherwise the lock was lost.
          revisions.delete(runId);
          return await renewOnce(subject, runId, operator);
        }
      } catch (error) {
        if (isStale(error)) return { kind: 'lost', problem: lostProblem(null) };
        return { kind: 'unreachable', problem: unreachableProblem(toProblem(error)) };
      }
    },

    async release(subject, runId) {
      const key = personKey(subject);
      const current = await rest.getMapItem(serviceSid, TEAM_LOCKS_MAP, key);
      revisions.delete(runId);
      // Only our own run's lock is ours to delete; If-Match keeps a colleague's new lock from being removed under us.
      if (!current || readLock(current)?.runId !== runId) return;
      try {
        await rest.deleteMapItem(serviceSid, TEAM_LOCKS_MAP, key, { ifMatch: current.revision });
      } catch (error) {
        if (!isStale(error)) throw error;
      }
    },

    async peek(subject) {
      try {
        const lock = readLock(await rest.getMapItem(serviceSid, TEAM_LOCKS_MAP, personKey(subject)));
        return lock ? { state: 'held', holder: lock, sentence: heldSentence(lock) } : { state: 'free' };
      } catch (error) {
        return { state: 'unreachable', problem: unreachableProblem(toProblem(error)) };
      }
    },
  };
}

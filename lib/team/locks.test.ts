import { describe, expect, it } from 'vitest';
import type { Subject } from '../runs/types';
import { createTeamLocks, personKey } from './locks';
import { syncDown, syncRest, useSyncSandbox } from './test-fixtures';
import { TEAM_LOCKS_MAP } from './types';

const env = useSyncSandbox(13);

const ana: Subject = { email: 'Ana@Example.com', name: 'Ana', workerSid: 'WK' + 'a'.repeat(32), oktaUserId: '00u1' };
const at = Date.parse('2026-03-04T10:42:00Z');
/** Two admins' browsers: each its own client and memory of revisions. */
const admin = () => createTeamLocks({ rest: syncRest(env.sandbox), serviceSid: env.serviceSid, now: () => at });

describe('team locks', () => {
  it('keys a person by their normalised email, else their worker', () => {
    expect(personKey(ana)).toBe('email:ana@example.com');
    expect(personKey({ ...ana, email: null })).toBe(`worker:${ana.workerSid}`);
  });

  it('gives the person to one admin; the other is told who has them since when', async () => {
    expect(await admin().claim(ana, 'run-1', 'ana.admin@example.com')).toEqual({ kind: 'held' });
    const other = await admin().claim(ana, 'run-2', 'ben@example.com');
    expect(other).toMatchObject({ kind: 'taken', lock: { runId: 'run-1', operator: 'ana.admin@example.com' }, sentence: 'In progress by ana.admin@example.com since 2026-03-04 10:42 UTC.' });
  });

  it('of two admins claiming at the same moment, exactly one holds the person', async () => {
    const outcomes = await Promise.all([admin().claim(ana, 'run-1', 'a@example.com'), admin().claim(ana, 'run-2', 'b@example.com')]);
    expect(outcomes.filter((o) => o.kind === 'held')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(1);
  });

  it("counts a lock with our own run's id as ours (a resumed run, a retried claim)", async () => {
    await admin().claim(ana, 'run-1', 'a@example.com');
    expect(await admin().claim(ana, 'run-1', 'a@example.com')).toEqual({ kind: 'held' });
  });

  it('renews with a new TTL, and says when a colleague took the person after ours expired', async () => {
    const locks = admin();
    await locks.claim(ana, 'run-1', 'a@example.com');
    const before = (await env.rest.getMapItem(env.serviceSid, TEAM_LOCKS_MAP, personKey(ana)))!;
    expect(await locks.renew(ana, 'run-1', 'a@example.com')).toEqual({ kind: 'renewed' });
    const after = (await env.rest.getMapItem(env.serviceSid, TEAM_LOCKS_MAP, personKey(ana)))!;
    expect(after.revision).not.toBe(before.revision);
    // Ours expired and a colleague claimed the person: the next renewal must not take it back.
    await env.rest.deleteMapItem(env.serviceSid, TEAM_LOCKS_MAP, personKey(ana));
    await admin().claim(ana, 'run-9', 'ben@example.com');
    expect(await locks.renew(ana, 'run-1', 'a@example.com')).toMatchObject({ kind: 'lost', problem: { code: 'conflict', message: expect.stringContaining('ben@example.com') } });
  });

  it('renews after a service-worker restart, knowing no revision, by reading the lock first', async () => {
    await admin().claim(ana, 'run-1', 'a@example.com');
    expect(await admin().renew(ana, 'run-1', 'a@example.com')).toEqual({ kind: 'renewed' });
  });

  it("releases only its own run's lock", async () => {
    const locks = admin();
    await locks.claim(ana, 'run-1', 'a@example.com');
    await admin().release(ana, 'run-2');
    expect(await locks.peek(ana)).toMatchObject({ state: 'held' });
    await locks.release(ana, 'run-1');
    expect(await locks.peek(ana)).toEqual({ state: 'free' });
    await locks.release(ana, 'run-1');
  });

  it('says Sync is unreachable, with the way out, rather than guessing', async () => {
    syncDown(env.sandbox);
    const outcome = await admin().claim(ana, 'run-1', 'a@example.com');
    expect(outcome).toMatchObject({ kind: 'unreachable', problem: { nextStep: 'Try again once Sync is reachable, or choose Run without team lock.' } });
    expect(await admin().peek(ana)).toMatchObject({ state: 'unreachable' });
  });
});

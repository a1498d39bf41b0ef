import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import type { ProblemError } from '../problem';
import type { Settings } from '../settings/settings';
import { createTeamService } from '../team/team-service';
import { SYNC, syncDown, syncRest, syncUp, useSyncSandbox } from '../team/test-fixtures';
import { TEAM_LEDGER_LIST, teamLedgerItemSchema } from '../team/types';
import { harness, person } from './test-fixtures';

/**
 * The runner in team mode against the sandbox's Sync: two admins are two "browsers" (each its own
 * journal, extension store and Sync client) on one Twilio account.
 */

const env = useSyncSandbox(5);

/** One admin's browser: its harness (journal), its team service, and a runner wired as browser-services wires it. */
function admin(operator: string, { enabled = true }: { enabled?: boolean } = {}) {
  const h = harness(env.sandbox);
  const settings: Settings = { ...h.settings, runs: { ...h.settings.runs, operator }, team: { enabled, serviceSid: env.serviceSid } };
  const rest = syncRest(env.sandbox);
  let ledgerChanges = 0;
  const team = createTeamService({ settings: async () => settings, area: h.area, rest: async () => rest, oktaLogin: async () => null, onLedgerChanged: () => (ledgerChanges += 1) });
  const runner = h.runner({ settings: async () => settings, team: () => team.runner() });
  return { h, team, runner, settings, ledgerChanges: () => ledgerChanges };
}

function suspended() {
  const p = person(env.sandbox, 'suspended');
  env.sandbox.state.okta.sessions.push({ id: '102live', userId: p.user!.id, hasOAuthTokens: true });
  return p;
}

/** The team ledger as Sync holds it: one `id:state` per item, oldest first. */
async function ledger(): Promise<string[]> {
  const items = await syncRest(env.sandbox).newestListItems(env.serviceSid, TEAM_LEDGER_LIST, 100);
  return items.reverse().flatMap((item) => {
    const data = teamLedgerItemSchema.parse(item.data);
    return data.type === 'run' ? [`${data.row.id}:${data.row.state}`] : [];
  });
}

describe('runs in team mode', () => {
  it('with team mode off, runs exactly as before and never asks Sync', async () => {
    const p = suspended();
    const ana = admin('ana@example.com', { enabled: false });
    env.sandbox.clearRequests();
    const started = await ana.runner.startRun(await ana.h.plan(p.target), { typed: p.email! });
    await ana.runner.idle();
    expect((await ana.runner.journal.get(started.id))!.state).toBe('done');
    expect(started.teamLock).toBeUndefined();
    expect(env.sandbox.requestsMatching({ host: SYNC })).toHaveLength(0);
  });

  it('holds the person for the team while the run lives, records it in the ledger, and lets go when it is done', async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const started = await ana.runner.startRun(await ana.h.plan(p.target), { typed: p.email! });
    expect(started.teamLock).toBe('held');
    await ana.runner.idle();
    expect(await ledger()).toEqual([`${started.id}:done`]);
    expect(await ana.team.lockView(started.subject)).toEqual({ state: 'free' });
    expect(await ana.team.status()).toMatchObject({ state: 'live', behindBy: 0, identity: 'ana@example.com', serviceSid: env.serviceSid });
  });

  it("refuses a person a colleague's run holds, with who and since when, and writes nothing", async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    const plan = await ana.h.plan(p.target);
    // Ana's run pauses at its first step, keeping the person.
    env.sandbox.faults.rules.push({ method: 'DELETE', path: '/apps/.*/users/', respond: 400, times: 1 });
    const first = await ana.runner.startRun(plan, { typed: p.email! });
    await ana.runner.idle();
    expect((await ana.runner.journal.get(first.id))!.state).toBe('paused');
    const refused = await problemOf(ben.runner.startRun(await ben.h.plan(p.target), { typed: p.email! }));
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^In progress by ana@example\.com since \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/) });
    expect(await ben.runner.journal.rows()).toEqual([]);
  });

  it('of two admins starting the same person at the same moment, exactly one run starts', async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    const [planA, planB] = await Promise.all([ana.h.plan(p.target), ben.h.plan(p.target)]);
    const outcomes = await Promise.allSettled([ana.runner.startRun(planA, { typed: p.email! }), ben.runner.startRun(planB, { typed: p.email! })]);
    await Promise.all([ana.runner.idle(), ben.runner.idle()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as ProblemError).problem).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^In progress by (ana|ben)@example\.com since/) });
    expect((await ana.runner.journal.rows()).length + (await ben.runner.journal.rows()).length).toBe(1);
  });

  it('with Sync unreachable, refuses to start unless the admin chooses to run without the team lock, which the run records', async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const plan = await ana.h.plan(p.target);
    // The shared operators were read a moment ago (as the live feed keeps them), so they still decide.
    await ana.team.operators();
    syncDown(env.sandbox);
    const refused = await problemOf(ana.runner.startRun(plan, { typed: p.email! }));
    expect(refused.nextStep).toBe('Try again once Sync is reachable, or choose Run without team lock.');
    expect(await ana.runner.journal.rows()).toEqual([]);
    const started = await ana.runner.startRun(plan, { typed: p.email!, withoutTeamLock: true });
    await ana.runner.idle();
    const run = (await ana.runner.journal.get(started.id))!;
    expect(run).toMatchObject({ state: 'done', teamLock: 'skipped' });
  });

  it('a run holding its lock completes while Sync is down; the ledger catches up once it returns, without duplicates', async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const plan = await ana.h.plan(p.target);
    const started = await ana.runner.startRun(plan, { typed: p.email! });
    syncDown(env.sandbox);
    await ana.runner.idle();
    expect((await ana.runner.journal.get(started.id))!.state).toBe('done');
    expect(await ana.team.status()).toMatchObject({ state: 'offline', behindBy: 1 });
    syncUp(env.sandbox);
    await ana.team.wake();
    expect(await ana.team.status()).toMatchObject({ state: 'live', behindBy: 0 });
    expect(await ledger()).toEqual([`${started.id}:done`]);
    // The lock it could not let go of while Sync was down is let go of now, not left to expire.
    expect(await ana.team.lockView(started.subject)).toEqual({ state: 'free' });
  });

  it('an operator removed from the shared list cannot start a run', async () => {
    const p = suspended();
    const lead = admin('lead@example.com');
    const ben = admin('ben@example.com');
    await lead.team.setOperators(['lead@example.com', 'ben@example.com']);
    await lead.team.setOperators(['lead@example.com']);
    const refused = await problemOf(ben.runner.startRun(await ben.h.plan(p.target), { typed: p.email! }));
    expect(refused).toMatchObject({ code: 'permission-denied', message: 'ben@example.com is not on the approved operators list, so they cannot run deprovisioning.' });
    expect(await ben.runner.journal.rows()).toEqual([]);
  });

  it("shows a colleague's run in the history once it reaches the ledger", async () => {
    const p = suspended();
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    const started = await ana.runner.startRun(await ana.h.plan(p.target), { typed: p.email! });
    await ana.runner.idle();
    await ben.team.wake();
    expect((await ben.team.ledger()).map((entry) => entry.row.id)).toEqual([started.id]);
    expect(ben.ledgerChanges()).toBeGreaterThan(0);
  });

  it('a paused run keeps its lock and the alarm that renews it; a lock lost meanwhile pauses the run instead of continuing', async () => {
    const p = suspended();
    const schedules: string[] = [];
    const h = harness(env.sandbox);
    const settings: Settings = { ...h.settings, runs: { ...h.settings.runs, operator: 'ana@example.com' }, team: { enabled: true, serviceSid: env.serviceSid } };
    const team = createTeamService({ settings: async () => settings, area: h.area, rest: async () => syncRest(env.sandbox), oktaLogin: async () => null, onLedgerChanged: () => undefined });
    const runner = h.runner({ settings: async () => settings, team: () => team.runner(), alarm: { schedule: () => void schedules.push('set'), clear: () => void schedules.push('clear') } });
    env.sandbox.faults.rules.push({ method: 'DELETE', path: '/apps/.*/users/', respond: 400, times: 1 });
    const started = await runner.startRun(await h.plan(p.target), { typed: p.email! });
    await runner.idle();
    expect((await runner.journal.get(started.id))!.state).toBe('paused');
    expect(schedules.at(-1)).toBe('set');

    // The lock expired unrenewed and a colleague took the person: Retry must not act on them.
    await syncRest(env.sandbox).deleteMapItem(env.serviceSid, 'flex-steward-locks', 'email:' + p.email!.toLowerCase());
    const ben = admin('ben@example.com');
    // Ben's run stops at its first step too, so it keeps the person.
    env.sandbox.faults.rules.push({ method: 'DELETE', path: '/apps/.*/users/', respond: 400, times: 1 });
    const theirs = await ben.runner.startRun(await ben.h.plan(p.target), { typed: p.email! });
    await ben.runner.idle();
    expect(theirs.teamLock).toBe('held');
    await runner.retryStep(started.id);
    await runner.idle();
    const after = (await runner.journal.get(started.id))!;
    expect(after).toMatchObject({ state: 'paused', pause: { problem: { code: 'conflict', message: expect.stringContaining('lost its team lock') } } });
    expect(after.steps[0]!.status).toBe('pending');
  });

  it("refuses a whole batch when a colleague holds one of its people, letting go of the others' locks", async () => {
    const a = suspended();
    const b = person(env.sandbox, 'deprovisioned');
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    env.sandbox.faults.rules.push({ method: 'DELETE', path: '/apps/.*/users/', respond: 400, times: 1 });
    await ben.runner.startRun(await ben.h.plan(b.target), { typed: b.email! });
    await ben.runner.idle();
    const plans = [await ana.h.plan(a.target), await ana.h.plan(b.target)];
    const refused = await problemOf(ana.runner.startBulk(plans, { typed: '2' }));
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^In progress by ben@example\.com/) });
    expect(await ana.runner.journal.rows()).toEqual([]);
    expect(await ana.team.lockView(plans[0]!.subject)).toEqual({ state: 'free' });
  });
});

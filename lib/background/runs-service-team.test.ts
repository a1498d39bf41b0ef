import { describe, expect, it } from 'vitest';
import { harness, person } from '../runs/test-fixtures';
import type { Settings } from '../settings/settings';
import { createTeamService } from '../team/team-service';
import { syncDown, syncRest, useSyncSandbox } from '../team/test-fixtures';
import { createRunsService } from './runs-service';

/** The runs service in team mode: two admins (two "browsers") on one account's Sync. */

const env = useSyncSandbox(35);

const choices = { overrideBusy: false, acceptWithoutUnassign: false };

function admin(operator: string) {
  const h = harness(env.sandbox);
  const settings: Settings = { ...h.settings, runs: { ...h.settings.runs, operator }, team: { enabled: true, serviceSid: env.serviceSid } };
  const rest = syncRest(env.sandbox);
  const team = createTeamService({ settings: async () => settings, area: h.area, rest: async () => rest, oktaLogin: async () => null, onLedgerChanged: () => undefined });
  const runner = h.runner({ sole: true, settings: async () => settings, team: () => team.runner() });
  let n = 0;
  const runs = createRunsService({ ...h.previewDeps, settings: async () => settings, runner, team, session: h.session, newId: () => `preview-${(n += 1)}` });
  return { h, team, runner, runs };
}

describe('runs service in team mode', () => {
  it("previews a person a colleague holds as blocked, with the lock; the badge says who holds the worker", async () => {
    const p = person(env.sandbox, 'suspended');
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    expect((await ben.runs.preview(p.target, choices)).teamLock).toEqual({ state: 'free' });
    // Ana's run stops at its first step and keeps the person.
    env.sandbox.faults.rules.push({ method: 'DELETE', path: '/apps/.*/users/', respond: 400, times: 1 });
    const { previewId } = await ana.runs.preview(p.target, choices);
    const started = await ana.runs.start(previewId, p.email!);
    await ana.runner.idle();

    const preview = await ben.runs.preview(p.target, choices);
    expect(preview.teamLock).toMatchObject({ state: 'held', holder: { operator: 'ana@example.com', runId: started.id } });
    expect(preview.plan.blocked).toMatch(/^In progress by ana@example\.com since /);
    await ben.team.wake();
    expect(await ben.runs.forWorkers([p.worker.sid])).toEqual([expect.objectContaining({ workerSid: p.worker.sid, state: 'paused', heldBy: expect.objectContaining({ operator: 'ana@example.com' }) })]);
  });

  it("lists colleagues' runs beside this browser's, newest first, filtered by operator and person", async () => {
    const ana = admin('ana@example.com');
    const ben = admin('ben@example.com');
    const suspended = person(env.sandbox, 'suspended');
    const a = await ana.runs.start((await ana.runs.preview(suspended.target, choices)).previewId, suspended.email!);
    await ana.runner.idle();
    const other = person(env.sandbox, 'deprovisioned');
    const b = await ben.runs.start((await ben.runs.preview(other.target, choices)).previewId, other.email!);
    await ben.runner.idle();
    await ben.team.wake();

    const all = await ben.runs.list(0, 50);
    expect(all.entries.map((e) => [e.id, 'origin' in e ? e.origin : 'here'])).toEqual([
      [b.id, 'here'],
      [a.id, 'team'],
    ]);
    expect((await ben.runs.list(0, 50, { operator: 'ANA@' })).entries.map((e) => e.id)).toEqual([a.id]);
    expect((await ben.runs.list(0, 50, { person: other.email!.toUpperCase() })).entries.map((e) => e.id)).toEqual([b.id]);
    expect((await ben.runs.list(0, 50, { status: 'running' })).total).toBe(0);
  });

  it('previews an unreachable Sync as such, and starts only without the team lock', async () => {
    const p = person(env.sandbox, 'suspended');
    const ana = admin('ana@example.com');
    await ana.team.operators();
    syncDown(env.sandbox);
    const preview = await ana.runs.preview(p.target, choices);
    expect(preview.teamLock).toMatchObject({ state: 'unreachable' });
    const run = await ana.runs.start(preview.previewId, p.email!, { withoutTeamLock: true });
    expect(run.teamLock).toBe('skipped');
    await ana.runner.idle();
  });
});

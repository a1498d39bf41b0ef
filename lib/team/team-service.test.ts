import { describe, expect, it } from 'vitest';
import { buildPlan } from '../runs/plan';
import { newRun } from '../runs/runner';
import { harness, nobodyPreview } from '../runs/test-fixtures';
import type { Settings } from '../settings/settings';
import { oktaAdminLogin } from './connect';
import { createTeamService, type ConnectTeamLive } from './team-service';
import { syncDown, syncRest, syncUp, useSyncSandbox } from './test-fixtures';
import type { SyncTokenInput } from './token';
import { runEntry } from './outbox';

const env = useSyncSandbox(5);

/** A stand-in for lib/team/live.ts: the test plays the feed's callbacks. */
function fakeFeed() {
  const feed = { options: null as Parameters<ConnectTeamLive>[0] | null, closed: 0 };
  const connect: ConnectTeamLive = async (options) => {
    feed.options = options;
    options.onState('connecting');
    return { close: async () => void (feed.closed += 1) };
  };
  return { feed, connect };
}

function team(overrides: Partial<Settings['team']> & { operator?: string | null } = {}, connectLive?: ConnectTeamLive) {
  const h = harness(env.sandbox);
  const { operator = 'ana@example.com', ...teamSettings } = overrides;
  const settings: Settings = { ...h.settings, runs: { ...h.settings.runs, operator: operator ?? undefined }, team: { enabled: true, serviceSid: env.serviceSid, ...teamSettings } };
  let changes = 0;
  const minted: SyncTokenInput[] = [];
  const service = createTeamService({
    settings: async () => settings,
    area: h.area,
    rest: async () => syncRest(env.sandbox),
    connectLive,
    tokenInput: async () => ({ accountSid: settings.twilio.accountSid!, apiKeySid: settings.twilio.apiKeySid, apiKeySecret: 'secret' }),
    mintToken: async (input) => {
      minted.push(input);
      return 'token';
    },
    oktaLogin: async () => null,
    onLedgerChanged: () => (changes += 1),
  });
  return { h, service, changes: () => changes, minted };
}

const colleagueRun = (id: string) => runEntry(newRun(buildPlan(nobodyPreview(), {}), { id, operator: 'ben@example.com', at: '2026-03-04T10:00:00.000Z' }));

describe('team service status', () => {
  it('is off until turned on, and asks for a Sync Service and an operator before anything else', async () => {
    expect((await team({ enabled: false }).service.status()).state).toBe('off');
    expect(await team({ serviceSid: undefined }).service.status()).toMatchObject({ state: 'needs-setup', problem: { nextStep: expect.stringContaining('Sync Service') } });
    expect(await team({ operator: null }).service.status()).toMatchObject({ state: 'needs-setup', problem: { message: expect.stringContaining('who you are') } });
  });

  it('without the live feed, is live or offline as the last flush found Sync, with how far behind', async () => {
    const { service } = team();
    await service.wake();
    expect(await service.status()).toMatchObject({ state: 'live', behindBy: 0, identity: 'ana@example.com', serviceSid: env.serviceSid });
    syncDown(env.sandbox);
    const port = (await service.runner())!;
    await port.record(newRun(buildPlan(nobodyPreview(), {}), { id: 'r1', operator: 'ana@example.com', at: '2026-03-04T10:00:00.000Z' }));
    expect(await service.status()).toMatchObject({ state: 'offline', behindBy: 1, problem: { code: 'server-error' } });
    syncUp(env.sandbox);
    await service.wake();
    expect(await service.status()).toMatchObject({ state: 'live', behindBy: 0 });
  });

  it("previews a person's lock as off, unreachable with why while not set up, or free", async () => {
    const subject = { email: 'kai@example.com', name: null, workerSid: null, oktaUserId: null };
    expect(await team({ enabled: false }).service.lockView(subject)).toEqual({ state: 'off' });
    expect(await team({ serviceSid: undefined }).service.lockView(subject)).toMatchObject({ state: 'unreachable', problem: { code: 'not-configured' } });
    expect(await team().service.lockView(subject)).toEqual({ state: 'free' });
  });

  it('creates a Sync Service named Flex Steward', async () => {
    const { serviceSid: made } = await team().service.createService();
    expect(env.sandbox.state.twilio.sync?.services.find((s) => s.sid === made)?.friendlyName).toBe('Flex Steward');
  });
});

describe('team live feed', () => {
  it("connects as the operator with a token for the service; keeps colleagues' runs and tells the history", async () => {
    const { feed, connect } = fakeFeed();
    const { service, changes, minted } = team({}, connect);
    await service.wake();
    expect(feed.options).toMatchObject({ serviceSid: env.serviceSid, identity: 'ana@example.com' });
    expect(await feed.options!.token()).toBe('token');
    expect(minted[0]).toMatchObject({ identity: 'ana@example.com', serviceSid: env.serviceSid, apiKeySecret: 'secret' });
    expect((await service.status()).state).toBe('connecting');

    // Delivered back to back, as the feed does on connecting: none is lost.
    feed.options!.onLedgerItem(7, colleagueRun('ben-1'));
    feed.options!.onLedgerItem(8, { v: 1, type: 'run', row: { id: 'forged' } });
    feed.options!.onLedgerItem(9, colleagueRun('ben-2'));
    await expect.poll(() => changes()).toBe(2);
    expect((await service.ledger()).map((entry) => entry.row.id)).toEqual(['ben-2', 'ben-1']);

    feed.options!.onLockChanged('email:kai@example.com', { runId: 'ben-1', operator: 'ben@example.com', since: '2026-03-04T10:00:00.000Z', person: 'kai@example.com' });
    expect(service.locks()).toEqual([{ key: 'email:kai@example.com', lock: expect.objectContaining({ operator: 'ben@example.com' }) }]);
    feed.options!.onLockChanged('email:kai@example.com', null);
    expect(service.locks()).toEqual([]);
  });

  it('flushes what queued while offline as soon as the feed is live again', async () => {
    const { feed, connect } = fakeFeed();
    const { service } = team({}, connect);
    syncDown(env.sandbox);
    await service.wake();
    feed.options!.onState('offline');
    const port = (await service.runner())!;
    await port.record(newRun(buildPlan(nobodyPreview(), {}), { id: 'r1', operator: 'ana@example.com', at: '2026-03-04T10:00:00.000Z' }));
    expect(await service.status()).toMatchObject({ state: 'offline', behindBy: 1 });
    syncUp(env.sandbox);
    feed.options!.onState('live');
    await expect.poll(async () => (await service.status()).behindBy).toBe(0);
    expect((await service.status()).state).toBe('live');
  });
});

describe('operator suggestion', () => {
  it("suggests the Okta login of the admin who owns the API token; an OAuth service app names nobody", async () => {
    const h = harness(env.sandbox);
    const adminUser = env.sandbox.state.okta.users.find((u) => u.status === 'ACTIVE')!;
    env.sandbox.state.okta.apiTokenOwners = { [env.sandbox.state.okta.apiTokens[0]!]: adminUser.id };
    const okta = () => h.okta(h.http);
    expect(await oktaAdminLogin({ ...h.settings.okta, authMethod: 'api-token' }, okta)).toBe(adminUser.profile.login);
    expect(await oktaAdminLogin({ ...h.settings.okta, authMethod: 'oauth' }, okta)).toBeNull();
    env.sandbox.state.okta.apiTokenOwners = {};
    expect(await oktaAdminLogin({ ...h.settings.okta, authMethod: 'api-token' }, okta)).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import {
  addSyncListItem,
  createSyncList,
  createSyncMap,
  createSyncMapItem,
  getSyncList,
  getSyncMap,
  REST_IDENTITY,
  removeSyncMapItem,
  updateSyncMapItem,
  type SyncActor,
} from '../../sandbox/twilio/sync-store';
import { useTwilsockSandbox } from '../../sandbox/twilio/twilsock-test-fixtures';
import { mintTestSyncToken } from '../../sandbox/twilio/twilsock-token';
import { connectTeamLive, liveStateOf, type TeamLive, type TeamLiveOptions } from './live';
import { TEAM_LEDGER_LIST, TEAM_LOCKS_MAP, TEAM_OPERATORS_MAP } from './types';

describe('liveStateOf', () => {
  it('shows the SDK connection states as connecting, live or offline', () => {
    expect(['connecting', 'connected', 'disconnecting', 'disconnected', 'denied', 'error'].map((s) => liveStateOf(s as never))).toEqual(['connecting', 'live', 'offline', 'offline', 'offline', 'offline']);
  });
});

describe('connectTeamLive against the sandbox', () => {
  const env = useTwilsockSandbox(17);
  const open: TeamLive[] = [];

  afterEach(async () => {
    await Promise.all(open.splice(0).map((live) => live.close()));
  });

  /** A colleague writing the shared state, as the REST API does. */
  const colleague = (): SyncActor => ({ state: env.sandbox.state, now: env.sandbox.now(), identity: REST_IDENTITY, random: Math.random });

  /** Everything the feed reported, in order. */
  function recorder(tokenTtlSeconds = 3600) {
    const calls: Array<[string, ...unknown[]]> = [];
    const options: TeamLiveOptions = {
      serviceSid: env.serviceSid,
      identity: 'ana@example.com',
      token: vi.fn(() => mintTestSyncToken(env.sandbox.state.twilio.credentials, env.sandbox.now(), { serviceSid: env.serviceSid, identity: 'ana@example.com', ttlSeconds: tokenTtlSeconds })),
      onLedgerItem: (index, data) => calls.push(['ledger', index, data]),
      onLockChanged: (key, data) => calls.push(['lock', key, data]),
      onOperators: (items) => calls.push(['operators', items]),
      onState: (state) => calls.push(['state', state]),
    };
    const of = (kind: string) => calls.filter((c) => c[0] === kind).map((c) => c.slice(1));
    return { calls, options, of };
  }

  const connect = async (options: TeamLiveOptions) => {
    const live = await connectTeamLive(options);
    open.push(live);
    return live;
  };

  it('creates the ledger, locks and operators objects when the service has none, and goes live', async () => {
    const { options, of } = recorder();
    await connect(options);
    expect(getSyncList(colleague(), env.serviceSid, TEAM_LEDGER_LIST).ok).toBe(true);
    expect(getSyncMap(colleague(), env.serviceSid, TEAM_LOCKS_MAP).ok).toBe(true);
    expect(getSyncMap(colleague(), env.serviceSid, TEAM_OPERATORS_MAP).ok).toBe(true);
    expect(of('state')).toEqual([['connecting'], ['live']]);
    expect(of('operators')).toEqual([[[]]]);
  });

  it('delivers every current item first (the ledger over several pages, in index order), then each change', async () => {
    createSyncList(colleague(), env.serviceSid, { uniqueName: TEAM_LEDGER_LIST });
    createSyncMap(colleague(), env.serviceSid, { uniqueName: TEAM_LOCKS_MAP });
    createSyncMap(colleague(), env.serviceSid, { uniqueName: TEAM_OPERATORS_MAP });
    for (let run = 0; run < 130; run += 1) addSyncListItem(colleague(), env.serviceSid, TEAM_LEDGER_LIST, { data: { run } });
    createSyncMapItem(colleague(), env.serviceSid, TEAM_LOCKS_MAP, { key: 'email:bo@example.com', data: { runId: 'r1' } });
    createSyncMapItem(colleague(), env.serviceSid, TEAM_OPERATORS_MAP, { key: 'ana@example.com', data: { email: 'ana@example.com' } });

    const { options, of } = recorder();
    await connect(options);
    expect(of('ledger')).toEqual(Array.from({ length: 130 }, (_, run) => [run, { run }]));
    expect(of('lock')).toEqual([['email:bo@example.com', { runId: 'r1' }]]);
    expect(of('operators')).toEqual([[[{ key: 'ana@example.com', data: { email: 'ana@example.com' } }]]]);

    addSyncListItem(colleague(), env.serviceSid, TEAM_LEDGER_LIST, { data: { run: 130 } });
    updateSyncMapItem(colleague(), env.serviceSid, TEAM_LOCKS_MAP, 'email:bo@example.com', { data: { runId: 'r1', renewed: true } });
    createSyncMapItem(colleague(), env.serviceSid, TEAM_OPERATORS_MAP, { key: 'bo@example.com', data: { email: 'bo@example.com' } });
    await vi.waitFor(() => expect(of('ledger').at(-1)).toEqual([130, { run: 130 }]));
    await vi.waitFor(() => expect(of('lock').at(-1)).toEqual(['email:bo@example.com', { runId: 'r1', renewed: true }]));
    await vi.waitFor(() => expect(of('operators').at(-1)?.[0]).toHaveLength(2));

    removeSyncMapItem(colleague(), env.serviceSid, TEAM_LOCKS_MAP, 'email:bo@example.com');
    await vi.waitFor(() => expect(of('lock').at(-1)).toEqual(['email:bo@example.com', null]));
  });

  it('asks token() again when the SDK is told its token is about to expire, and stays live', async () => {
    const { options, of } = recorder(3 * 60 + 1);
    await connect(options);
    await vi.waitFor(() => expect(options.token).toHaveBeenCalledTimes(2), { timeout: 5000 });
    addSyncListItem(colleague(), env.serviceSid, TEAM_LEDGER_LIST, { data: { run: 'after-refresh' } });
    await vi.waitFor(() => expect(of('ledger').at(-1)).toEqual([0, { run: 'after-refresh' }]));
    expect(of('state').at(-1)).toEqual(['live']);
  });

  it('says connecting while the connection is down and live again after, with what changed meanwhile', async () => {
    const { options, of } = recorder();
    await connect(options);
    env.sandbox.faults.rules.push({ host: SANDBOX_HOSTS.tsock, respond: 503, times: 1 });
    env.sandbox.realtime.dropConnections();
    await vi.waitFor(() => expect(of('state').at(-1)).toEqual(['connecting']));
    addSyncListItem(colleague(), env.serviceSid, TEAM_LEDGER_LIST, { data: { run: 'while-away' } });
    await vi.waitFor(() => expect(of('ledger').at(-1)).toEqual([0, { run: 'while-away' }]), { timeout: 10_000 });
    expect(of('state').at(-1)).toEqual(['live']);
  }, 15_000);

  it('fails, leaving nothing open, when the token is refused', async () => {
    const { options } = recorder(-10);
    await expect(connectTeamLive(options)).rejects.toThrow();
    expect(env.sandbox.realtime.sessionCount()).toBe(0);
  });
});

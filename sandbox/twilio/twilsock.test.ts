import { SyncClient, type SyncListItem, type SyncMapItem } from 'twilio-sync';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_LEDGER_LIST, TEAM_LOCKS_MAP } from '../../lib/team/types';
import { SANDBOX_HOSTS } from '../hosts';
import type { Sandbox } from '../server';
import { getSyncMap, REST_IDENTITY, type SyncActor } from './sync-store';
import { mintTestSyncToken, type TestTokenOptions } from './twilsock-token';
import { decodeFrame, encodeFrame } from './twilsock-frame';
import { useTwilsockSandbox } from './twilsock-test-fixtures';
import { sandboxWebSocket } from './twilsock-websocket';

/**
 * The real `twilio-sync` SDK, unchanged, against the sandbox's Twilsock and CDS: what it connects
 * to is `wss://tsock.us1.twilio.com/v3/wsconnect` (its default for region us1), resolved to the
 * sandbox by `sandboxWebSocket`.
 */

const mintToken = (sandbox: Sandbox, options: TestTokenOptions) => mintTestSyncToken(sandbox.state.twilio.credentials, sandbox.now(), options);

/** Resolves when `emitter` emits `event` for which `accept` holds. */
function nextEvent<T>(source: object, event: string, accept: (value: T) => boolean = () => true): Promise<T> {
  // The SDK's objects are EventEmitters whose typings list each event's listener; this helper takes any.
  const emitter = source as { on(event: string, listener: (value: T) => void): unknown; off(event: string, listener: (value: T) => void): unknown };
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!accept(value)) return;
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}

describe('Twilsock with the real twilio-sync SDK', () => {
  const env = useTwilsockSandbox(13);
  const clients: SyncClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
  });

  const connect = (token: string) => {
    const client = new SyncClient(token);
    clients.push(client);
    return client;
  };

  /** Another party writing through the Sync REST API (sync.twilio.com), as the extension's runner does. */
  async function rest(path: string, fields: Record<string, string>, expected = [200, 201]) {
    const response = await env.syncPost(`/${env.serviceSid}${path}`, fields);
    expect(expected).toContain(response.status);
  }
  const colleagueAdds = (data: object) => rest(`/Lists/${TEAM_LEDGER_LIST}/Items`, { Data: JSON.stringify(data) });
  const colleague = (): SyncActor => ({ state: env.sandbox.state, now: env.sandbox.now(), identity: REST_IDENTITY, random: Math.random });

  it('opens the ledger list (creating it), pages items a colleague added through the REST API, and pushes', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const list = await client.list(TEAM_LEDGER_LIST);
    expect(list.uniqueName).toBe(TEAM_LEDGER_LIST);
    for (let i = 0; i < 7; i += 1) await colleagueAdds({ run: i });

    const seen: unknown[] = [];
    let page = await list.getItems({ pageSize: 3 });
    seen.push(...page.items.map((item) => item.data));
    while (page.hasNextPage) {
      page = await page.nextPage();
      seen.push(...page.items.map((item) => item.data));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((run) => ({ run })));
    const newestFirst = await list.getItems({ order: 'desc', pageSize: 2 });
    expect(newestFirst.items.map((item) => item.index)).toEqual([6, 5]);

    const pushed = await list.push({ run: 7 });
    expect(pushed.index).toBe(7);
    expect(env.sandbox.state.twilio.sync?.services[0]?.lists[0]?.items.at(-1)).toMatchObject({ index: 7, data: { run: 7 }, createdBy: 'ana@example.com' });
  });

  it('tells a subscribed client of items a colleague adds and updates through the REST API, in order', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const list = await client.list(TEAM_LEDGER_LIST);
    const added = nextEvent<{ item: SyncListItem; isLocal: boolean }>(list, 'itemAdded');
    const subscribed = nextEvent<string>(list, '_subscriptionStateChanged', (state) => state === 'established');
    await subscribed;

    await colleagueAdds({ run: 'r1', status: 'running' });
    expect(await added).toMatchObject({ isLocal: false, item: { index: 0, data: { run: 'r1', status: 'running' } } });
    const updated = nextEvent<{ item: SyncListItem; previousItemData: unknown }>(list, 'itemUpdated');
    await rest(`/Lists/${TEAM_LEDGER_LIST}/Items/0`, { Data: JSON.stringify({ run: 'r1', status: 'done' }) });
    expect(await updated).toMatchObject({ item: { index: 0, data: { status: 'done' } }, previousItemData: { status: 'running' } });
  });

  it('tells of map items added through the REST API, and removed when their TTL runs out', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const locks = await client.map(TEAM_LOCKS_MAP);
    await nextEvent<string>(locks, '_subscriptionStateChanged', (state) => state === 'established');

    const added = nextEvent<{ item: SyncMapItem }>(locks, 'itemAdded');
    await rest(`/Maps/${TEAM_LOCKS_MAP}/Items`, { Key: 'email:bo@example.com', Data: JSON.stringify({ runId: 'r2' }), ItemTtl: '1' });
    expect((await added).item).toMatchObject({ key: 'email:bo@example.com', data: { runId: 'r2' } });
    const removed = await nextEvent<{ key: string; previousItemData: unknown }>(locks, 'itemRemoved');
    expect(removed).toMatchObject({ key: 'email:bo@example.com', previousItemData: { runId: 'r2' } });
    const map = getSyncMap(colleague(), env.serviceSid, TEAM_LOCKS_MAP);
    expect(map.ok && map.value.items).toEqual([]);
  });

  it("writes through the SDK land in the REST API's state: map.set creates once, then updates", async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const locks = await client.map(TEAM_LOCKS_MAP);
    await locks.set('email:cy@example.com', { runId: 'r3' }, { ttl: 300 });
    await locks.update('email:cy@example.com', { operator: 'ana@example.com' });
    const stored = env.sandbox.state.twilio.sync?.services[0]?.maps[0]?.items[0];
    expect(stored).toMatchObject({ key: 'email:cy@example.com', data: { runId: 'r3', operator: 'ana@example.com' }, revision: 1 });
    expect(stored?.dateExpires).not.toBeNull();
  });

  it('asks for a new token three minutes before expiry and keeps the connection with the one it is given', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid, ttlSeconds: 3 * 60 + 1 }));
    const list = await client.list(TEAM_LEDGER_LIST);
    await nextEvent<void>(client, 'tokenAboutToExpire');
    await client.updateToken(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const added = nextEvent<{ item: SyncListItem }>(list, 'itemAdded');
    await colleagueAdds({ run: 'after-update' });
    expect((await added).item.data).toEqual({ run: 'after-update' });
    expect(client.connectionState).toBe('connected');
  });

  it('refuses an updated token for another identity', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    await client.list(TEAM_LEDGER_LIST);
    await expect(client.updateToken(await mintToken(env.sandbox, { serviceSid: env.serviceSid, identity: 'eve@example.com' }))).rejects.toThrow();
  });

  it('when the server drops the connection, the SDK reconnects and replays what changed meanwhile', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    const list = await client.list(TEAM_LEDGER_LIST);
    await nextEvent<string>(list, '_subscriptionStateChanged', (state) => state === 'established');
    env.sandbox.clearRequests();
    const reconnecting = nextEvent<string>(client, 'connectionStateChanged', (state) => state === 'connecting');
    // Keep the handshake out until the colleague has written, so the change is made while the client is away.
    env.sandbox.faults.rules.push({ host: SANDBOX_HOSTS.tsock, respond: 503, times: 1 });
    expect(env.sandbox.realtime.dropConnections()).toBe(1);
    await reconnecting;
    await colleagueAdds({ run: 'while-away' });

    const added = nextEvent<{ item: SyncListItem; isLocal: boolean }>(list, 'itemAdded');
    await nextEvent<string>(client, 'connectionStateChanged', (state) => state === 'connected');
    expect((await added).item).toMatchObject({ index: 0, data: { run: 'while-away' } });
    expect(env.sandbox.requestsMatching({ host: SANDBOX_HOSTS.tsock }).map((r) => r.status)).toEqual([503, 101]);
  }, 15_000);

  it('lets a client with a valid token in', async () => {
    const client = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid }));
    await nextEvent<string>(client, 'connectionStateChanged', (state) => state === 'connected');
    expect(env.sandbox.realtime.sessionCount()).toBe(1);
  });

  it('refuses a token signed with another secret with 20101, and an expired one with 20104 and tokenExpired', async () => {
    const forged = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid, secret: 'not-the-secret-of-this-api-key-x' }));
    const denied = nextEvent<string>(forged, 'connectionStateChanged', (state) => state === 'denied');
    const refusal = await nextEvent<{ terminal: boolean; errorCode: number | null; httpStatusCode: number | null }>(forged, 'connectionError');
    expect(refusal).toMatchObject({ terminal: true, httpStatusCode: 401, errorCode: 20101 });
    await denied;

    const expired = connect(await mintToken(env.sandbox, { serviceSid: env.serviceSid, ttlSeconds: -10 }));
    const expiredEvent = nextEvent<void>(expired, 'tokenExpired');
    expect(await nextEvent<{ errorCode: number | null }>(expired, 'connectionError')).toMatchObject({ errorCode: 20104 });
    await expiredEvent;
  });

  it('closes with 406 on a frame that is not Twilsock v3, and answers a tunnelled request sent before init with 401', async () => {
    const Socket = sandboxWebSocket(env.sandbox);
    const raw = new Socket(`wss://${SANDBOX_HOSTS.tsock}/v3/wsconnect`);
    await new Promise((resolve) => raw.once('open', resolve));
    const replies: unknown[] = [];
    raw.on('message', (data: Buffer) => replies.push(decodeFrame(data)));
    raw.send(encodeFrame({ method: 'message', id: 'TM1', http_request: { host: SANDBOX_HOSTS.cds, path: '/v3/Lists/x', method: 'GET' } }));
    raw.send(Buffer.from('HELLO V1.0 2\r\n{}\r\n'));
    await new Promise((resolve) => raw.once('close', resolve));
    expect(replies).toMatchObject([
      { header: { method: 'reply', id: 'TM1', status: { code: 401, errorCode: 20101 } } },
      { header: { method: 'close', status: { code: 406 } } },
    ]);
  });

  it('refuses a WebSocket upgrade anywhere but /v3/wsconnect on the Twilsock host', async () => {
    const Socket = sandboxWebSocket(env.sandbox);
    const wrong = new Socket(`wss://${SANDBOX_HOSTS.tsock}/v2/wsconnect`);
    const status = await new Promise((resolve) => wrong.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(404);
  });
});

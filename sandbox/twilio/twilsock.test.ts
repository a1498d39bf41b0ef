import { SignJWT } from 'jose';
import { SyncClient } from 'twilio-sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../server';
import { sandboxWebSocket } from './twilsock-websocket';

/**
 * The real `twilio-sync` SDK, unchanged, against the sandbox's Twilsock and CDS: what it connects
 * to is `wss://tsock.us1.twilio.com/v3/wsconnect` (its default for region us1), resolved to the
 * sandbox by `sandboxWebSocket`.
 */

/** A Sync Access Token as Twilio's helper libraries mint one (https://www.twilio.com/docs/iam/access-tokens). */
async function mintToken(sandbox: Sandbox, options: { serviceSid: string; identity?: string; ttlSeconds?: number; secret?: string }): Promise<string> {
  const { accountSid, apiKeySid, apiKeySecret } = sandbox.state.twilio.credentials;
  const now = Math.floor(sandbox.now().getTime() / 1000);
  return new SignJWT({ grants: { identity: options.identity ?? 'ana@example.com', data_sync: { service_sid: options.serviceSid } } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
    .setJti(`${apiKeySid}-${now}`)
    .setIssuer(apiKeySid)
    .setSubject(accountSid)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? apiKeySecret));
}

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
  let sandbox: Sandbox;
  const previousWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  const clients: SyncClient[] = [];
  const serviceSid = 'IS00000000000000000000000000000001';

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 13 });
    (globalThis as { WebSocket?: unknown }).WebSocket = sandboxWebSocket(sandbox);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
  });
  afterAll(async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = previousWebSocket;
    await sandbox.close();
  });

  const connect = (token: string) => {
    const client = new SyncClient(token);
    clients.push(client);
    return client;
  };

  it('lets a client with a valid token in', async () => {
    const client = connect(await mintToken(sandbox, { serviceSid }));
    await nextEvent<string>(client, 'connectionStateChanged', (state) => state === 'connected');
    expect(sandbox.realtime.sessionCount()).toBe(1);
  });

  it('refuses a token signed with another secret with 20101, and an expired one with 20104 and tokenExpired', async () => {
    const forged = connect(await mintToken(sandbox, { serviceSid, secret: 'not-the-secret-of-this-api-key-x' }));
    const denied = nextEvent<string>(forged, 'connectionStateChanged', (state) => state === 'denied');
    const refusal = await nextEvent<{ terminal: boolean; errorCode: number | null; httpStatusCode: number | null }>(forged, 'connectionError');
    expect(refusal).toMatchObject({ terminal: true, httpStatusCode: 401, errorCode: 20101 });
    await denied;

    const expired = connect(await mintToken(sandbox, { serviceSid, ttlSeconds: -10 }));
    const expiredEvent = nextEvent<void>(expired, 'tokenExpired');
    expect(await nextEvent<{ errorCode: number | null }>(expired, 'connectionError')).toMatchObject({ errorCode: 20104 });
    await expiredEvent;
  });
});

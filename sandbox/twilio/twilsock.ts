import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { SandboxResponse } from '../http';
import type { TwilioCredentials } from '../state';
import { decodeFrame, encodeFrame, type TwilsockHeader } from './twilsock-frame';
import { checkSyncToken, type SyncTokenClaims } from './twilsock-token';

/**
 * wss://tsock.us1.twilio.com/v3/wsconnect: the Twilsock v3 endpoint the `twilio-sync` SDK connects
 * to, played from the published client (twilsock@1.0.2 `builds/lib.js`; twilio-sync@4.0.1 is its
 * only user here). What the client sends and what it expects back, with the client code it was
 * read from:
 *
 * - URL: `Configuration` (l. 375) `wss://tsock.<region>.twilio.com/v3/wsconnect`; no query, no
 *   subprotocol, no auth header: the token travels in the first frame.
 * - Framing: see twilsock-frame.ts (`Parser`, l. 675-770).
 * - `init` (`Init`, l. 441; sent by `PacketInterface.sendInit`, l. 2034): `{method:'init', id,
 *   token, continuation_token, metadata, registrations, tweaks, capabilities:['client_update',
 *   'offline_storage','telemetry.v1']}`. Reply (read in `sendInit`, l. 2047, and
 *   `TwilsockChannel.sendInit`, l. 1623): `{method:'reply', id, status:{code:200,status:'OK'},
 *   continuation_token, continuation_token_status, capabilities, offline_storage:{<product>:
 *   {storage_id}}, init_registrations, debug_info}`. A refusal is a reply with
 *   `status:{code:401, status, errorCode, description}` (l. 1650-1665): 401/403 are terminal
 *   ("rejected"), and `errorCode` 20104 also emits `tokenExpired`.
 * - `update` (`Update`, l. 497; `sendUpdate`, l. 1700): `{method:'update', id, token}`; the same
 *   reply shapes as `init`. The SDK's `updateToken` resolves on a 2xx reply.
 * - `message` (`Message`, l. 520; `Upstream.actualSend`, l. 2650): `{method:'message', id,
 *   active_grant:'data_sync', payload_type, http_request:{host, path, method, params, headers}}`
 *   with the HTTP body as payload; `params` are the query's raw `name=value` pairs (`parseUri`,
 *   l. 2510). Reply: `{method:'reply', id, status:{code:200}, http_status:{code, status},
 *   http_headers}` with the HTTP body as payload; a non-2xx `http_status` becomes a
 *   `TwilsockUpstreamError(code, status, body)` the SDK maps to a SyncError (twilio-sync
 *   `mapTransportError`, l. 1280), so bodies carry Twilio's `{code, message, status}`.
 * - `notification` (server → client; `onIncomingMessage`, l. 1560): `{method:'notification', id,
 *   message_type}` with the event as payload. The client acknowledges every non-reply frame with
 *   `{method:'reply', id}` (`confirmReceiving`, l. 1800).
 * - `client_update` (server → client, l. 1576): `client_update_type:'token_about_to_expire'`
 *   makes the SDK emit `tokenAboutToExpire` — the server's timer, not the client's: "three minutes
 *   before the JWT access token expiry" (https://unpkg.com/twilio-sync@3.3.7/docs/classes/SyncClient.html).
 * - `close` (both ways, l. 1585-1610; client's `Close`, l. 580): status 410 = token expired (the
 *   SDK emits `tokenExpired` and closes), 401 = authentication failed, 406 = unparseable frame,
 *   308 = offload (reconnect later); any other code makes the client reconnect.
 * - Not played: `telemetry.v1` (not confirmed as a capability, so the client never sends it),
 *   `put_notification_ctx`/`delete_notification_ctx` (push registrations, used by Twilio
 *   Notifications, not by Sync) are answered 200 and ignored, and offload (308) is never sent.
 *   Twilsock v3 has no application-level ping in the client; the sandbox sends none either.
 */

export const TWILSOCK_PATH = '/v3/wsconnect';
/** The SDK is told this long before its token expires (see the doc link above). */
export const TOKEN_ABOUT_TO_EXPIRE_MS = 3 * 60 * 1000;

/** One HTTP request the client tunnels through the socket. */
export interface UpstreamRequest {
  method: string;
  host: string;
  path: string;
  /** The query, decoded. */
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface UpstreamResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A connected, authenticated client. */
export interface TwilsockSession {
  readonly id: string;
  readonly claims: SyncTokenClaims;
  /** Pushes a notification of `messageType` (e.g. `com.twilio.rtd.cds.list`). */
  notify(messageType: string, payload: unknown): void;
  /** Runs when the socket closes, whoever closed it. */
  onClose(listener: () => void): void;
}

export interface TwilsockOptions {
  host: string;
  credentials: () => TwilioCredentials;
  now: () => Date;
  upstream: (session: TwilsockSession, request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>;
  /** The sandbox's fault rules for the handshake: an HTTP answer, 'drop', or undefined to let it through. */
  fault?: (req: IncomingMessage) => SandboxResponse | 'drop' | undefined;
}

export interface TwilsockServer {
  /** Closes every socket without a `close` frame, as a network failure would; returns how many. */
  dropConnections(): number;
  /** Sessions that passed `init` and are still open. */
  sessionCount(): number;
  close(): void;
}

const statusLine = (code: number) => ({ code, status: STATUS_CODES[code] ?? 'Unknown' });

function upstreamRequest(header: TwilsockHeader, payload: unknown): UpstreamRequest | undefined {
  const http = header.http_request as { host?: unknown; path?: unknown; method?: unknown; params?: unknown; headers?: unknown } | undefined;
  if (!http || typeof http.host !== 'string' || typeof http.path !== 'string' || typeof http.method !== 'string') return undefined;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries((http.params ?? {}) as Record<string, string | string[] | undefined>)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) query.append(decodeURIComponent(name), decodeURIComponent(one));
  }
  return { method: http.method.toUpperCase(), host: http.host.toLowerCase(), path: http.path, query, headers: (http.headers ?? {}) as Record<string, string>, body: payload };
}

function refuseHandshake(socket: Duplex, response: SandboxResponse) {
  const body = response.body ?? '';
  const headers = Object.entries({ ...response.headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n${headers.join('')}\r\n${body}`);
}

export function attachTwilsock(server: Server, options: TwilsockOptions): TwilsockServer {
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', `https://${host}`).pathname;
    if (host !== options.host || path !== TWILSOCK_PATH) {
      refuseHandshake(socket, { status: 404, body: '' });
      return;
    }
    const fault = options.fault?.(req);
    if (fault === 'drop') {
      socket.destroy();
      return;
    }
    if (fault) {
      refuseHandshake(socket, fault);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket) {
    let claims: SyncTokenClaims | undefined;
    let timers: NodeJS.Timeout[] = [];
    const closeListeners: Array<() => void> = [];
    const send = (header: TwilsockHeader, payload?: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeFrame(header, payload), { binary: true });
    };
    const session: TwilsockSession = {
      id: `TS${randomUUID().replace(/-/g, '')}`,
      get claims() {
        return claims!;
      },
      notify: (messageType, payload) => send({ method: 'notification', id: `TM${randomUUID()}`, message_type: messageType, payload_type: 'application/json' }, payload),
      onClose: (listener) => closeListeners.push(listener),
    };

    /** Tells the client three minutes ahead, then closes with 410 when the token runs out. */
    const armTokenTimers = (exp: number) => {
      timers.forEach(clearTimeout);
      const left = exp * 1000 - options.now().getTime();
      timers = [
        setTimeout(() => send({ method: 'client_update', id: `TM${randomUUID()}`, client_update_type: 'token_about_to_expire' }), Math.max(0, left - TOKEN_ABOUT_TO_EXPIRE_MS)),
        setTimeout(() => {
          send({ method: 'close', id: `TM${randomUUID()}`, status: { code: 410, status: 'Token expired', errorCode: 20104 } });
          ws.close();
        }, Math.max(0, left)),
      ];
    };

    const authenticate = async (header: TwilsockHeader, extra: Record<string, unknown>) => {
      const check = await checkSyncToken(header.token, options.credentials(), options.now());
      if (!check.ok) {
        send({ method: 'reply', id: header.id, status: { ...statusLine(401), errorCode: check.errorCode, description: check.description } });
        return;
      }
      if (claims && (claims.serviceSid !== check.claims.serviceSid || claims.identity !== check.claims.identity)) {
        send({ method: 'reply', id: header.id, status: { ...statusLine(403), errorCode: 20101, description: 'An updated token must name the same identity and Sync service' } });
        return;
      }
      const first = !claims;
      claims = check.claims;
      armTokenTimers(claims.exp);
      if (first) sessions.add(ws);
      send({ method: 'reply', id: header.id, status: statusLine(200), ...extra });
    };

    const handle = async (header: TwilsockHeader, payload: unknown) => {
      switch (header.method) {
        case 'init':
          await authenticate(header, {
            continuation_token: `CT${randomUUID().replace(/-/g, '')}`,
            continuation_token_status: { reissued: true },
            // telemetry.v1 is left out on purpose: an unconfirmed capability keeps the client from sending it.
            capabilities: ['client_update', 'offline_storage'],
            offline_storage: { data_sync: { storage_id: session.id } },
            init_registrations: header.registrations ?? null,
          });
          return;
        case 'update':
          await authenticate(header, {});
          return;
        case 'message': {
          if (!claims) {
            send({ method: 'reply', id: header.id, status: { ...statusLine(401), errorCode: 20101, description: 'Send init first' } });
            return;
          }
          const request = upstreamRequest(header, payload);
          if (!request) {
            send({ method: 'reply', id: header.id, status: { ...statusLine(400), description: 'http_request needs host, path and method' } });
            return;
          }
          const response = await options.upstream(session, request);
          send(
            { method: 'reply', id: header.id, status: statusLine(200), http_status: statusLine(response.status), http_headers: { 'Content-Type': 'application/json', ...response.headers }, payload_type: 'application/json' },
            response.body === undefined ? undefined : response.body,
          );
          return;
        }
        case 'put_notification_ctx':
        case 'delete_notification_ctx':
          send({ method: 'reply', id: header.id, status: statusLine(200) });
          return;
        case 'reply':
          // The client's acknowledgement of a notification: nothing to do.
          return;
        case 'close':
          ws.close();
          return;
        default:
          send({ method: 'reply', id: header.id, status: { ...statusLine(400), description: `Unknown method ${header.method}` } });
      }
    };

    // Frames are handled one after another, as Twilsock orders a connection's messages.
    let queue = Promise.resolve();
    ws.on('message', (data: RawData) => {
      const frame = decodeFrame(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
      if ('error' in frame) {
        send({ method: 'close', id: `TM${randomUUID()}`, status: { ...statusLine(406), description: frame.error } });
        ws.close();
        return;
      }
      queue = queue.then(() => handle(frame.header, frame.payload)).catch((error: unknown) => {
        send({ method: 'reply', id: frame.header.id, status: { ...statusLine(500), description: String(error) } });
      });
    });
    ws.on('close', () => {
      timers.forEach(clearTimeout);
      sessions.delete(ws);
      for (const listener of closeListeners.splice(0)) listener();
    });
  }

  return {
    dropConnections() {
      const count = wss.clients.size;
      for (const ws of wss.clients) ws.terminate();
      return count;
    },
    sessionCount: () => sessions.size,
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

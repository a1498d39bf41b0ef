import tls from 'node:tls';
import WebSocket from 'ws';
import type { Sandbox } from '../server';

/**
 * The `WebSocket` Node tests give the `twilio-sync` SDK: the `ws` package twilsock falls back to in
 * Node (twilsock@1.0.2 `WebSocketChannel`: `global.WebSocket || require("ws")`), connecting to the
 * sandbox's port while keeping the real host name for TLS SNI and the `Host` header, as Chromium's
 * `--host-resolver-rules` does and as `sandboxFetch` does for HTTP. The SDK still dials
 * `wss://tsock.us1.twilio.com/v3/wsconnect` itself; only name resolution is the sandbox's.
 */
export function sandboxWebSocket(sandbox: Pick<Sandbox, 'port'>): new (address: string | URL, protocols?: string | string[]) => WebSocket {
  return class SandboxWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const servername = new URL(String(address)).hostname;
      super(address, protocols, {
        createConnection: () => tls.connect({ host: '127.0.0.1', port: sandbox.port, servername, rejectUnauthorized: false }),
      });
    }
  };
}

/** Makes `sandboxWebSocket` the global `WebSocket` (twilsock prefers it to `ws`); returns the undo. */
export function useSandboxWebSocket(sandbox: Pick<Sandbox, 'port'>): () => void {
  const scope = globalThis as { WebSocket?: unknown };
  const previous = scope.WebSocket;
  scope.WebSocket = sandboxWebSocket(sandbox);
  return () => {
    scope.WebSocket = previous;
  };
}

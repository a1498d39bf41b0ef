import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { decideFault, emptyFaults, errorResponse, type FaultConfig } from './faults';
import { generateState, type GenerateOptions } from './generate';
import { ALL_SANDBOX_HOSTS, OTHER_REGION_TWILIO_HOSTS, SANDBOX_HOSTS, hostResolverRules, isOktaHost } from './hosts';
import { json, type HostHandler, type SandboxContext, type SandboxRequest, type SandboxResponse } from './http';
import { seededRandom } from './random';
import type { SandboxState } from './state';
import { controlRoutes } from './control';
import { taskrouterRoutes } from './twilio/taskrouter';
import { flexApiRoutes } from './twilio/flex-api';
import { otherRegionRoutes } from './twilio/other-regions';
import { syncRoutes } from './twilio/sync';
import { flexAuthenticationRoutes } from './twilio/flex-authentication';
import { oktaApiRoutes } from './okta/api';
import { oktaIdpLoginRoutes } from './okta/idp-login';
import { flexAcsRoutes, flexUiRoutes } from './twilio/flex-acs';
import { elsewhereOrgRoutes } from './okta/elsewhere';
import { consoleRoutes } from './pages/console';
import { legacyConsoleRoutes } from './pages/legacy-console';
import { oktaAdminRoutes } from './pages/okta-admin';
import { otherSiteRoutes } from './pages/other-site';
import { attachTwilsock, type TwilsockServer } from './twilio/twilsock';
import { cdsUpstream } from './twilio/cds';

export interface SandboxOptions extends Partial<GenerateOptions> {
  /** 0 picks a free port. */
  port?: number;
  /** The sandbox clock; defaults to the real one. */
  now?: () => Date;
}

export interface LoggedRequest {
  seq: number;
  at: string;
  host: string;
  method: string;
  path: string;
  query: string;
  status: number | 'dropped';
  /** The SAMLResponse form field (base64) of a POST that carried one, as posted: what Flex's ACS received. */
  samlResponse?: string;
}

export interface RequestFilter {
  host?: string;
  method?: string;
  /** Tested against the path without the query. */
  path?: RegExp;
}

export interface Sandbox {
  port: number;
  /** Pass as `--host-resolver-rules=` to Chromium. */
  hostResolverRules: string;
  state: SandboxState;
  faults: FaultConfig;
  requests: LoggedRequest[];
  /** Moves the sandbox's clock against the browser's, to test what clock skew does to signed tokens. */
  clockOffsetMs: number;
  /** The sandbox's clock, offset included. */
  now(): Date;
  reseed(options?: Partial<GenerateOptions>): void;
  requestsMatching(filter: RequestFilter): LoggedRequest[];
  clearRequests(): void;
  /** The Twilsock WebSocket endpoint: tests drop its connections to play a network failure. */
  realtime: Pick<TwilsockServer, 'dropConnections' | 'sessionCount'>;
  close(): Promise<void>;
}

const HOST_ROUTES: Record<string, HostHandler> = {
  [SANDBOX_HOSTS.taskrouter]: taskrouterRoutes,
  [SANDBOX_HOSTS.flexApi]: flexApiRoutes,
  [SANDBOX_HOSTS.sync]: syncRoutes,
  [SANDBOX_HOSTS.services]: flexAuthenticationRoutes,
  // The API answers undefined outside /api/v1/ and its metadata and token paths; the app logins live beside it.
  [SANDBOX_HOSTS.okta]: async (req, ctx) => (await oktaApiRoutes(req, ctx)) ?? oktaIdpLoginRoutes(req, ctx),
  [SANDBOX_HOSTS.oktaAdmin]: oktaAdminRoutes,
  [SANDBOX_HOSTS.otherOktaAdmin]: oktaAdminRoutes,
  [SANDBOX_HOSTS.otherSite]: otherSiteRoutes,
  [SANDBOX_HOSTS.oktaElsewhere]: elsewhereOrgRoutes,
  [SANDBOX_HOSTS.console]: consoleRoutes,
  [SANDBOX_HOSTS.www]: legacyConsoleRoutes,
  [SANDBOX_HOSTS.iam]: flexAcsRoutes,
  [SANDBOX_HOSTS.flexLogin]: flexAcsRoutes,
  [SANDBOX_HOSTS.preview]: flexAcsRoutes,
  [SANDBOX_HOSTS.flex]: flexUiRoutes,
  ...Object.fromEntries(OTHER_REGION_TWILIO_HOSTS.map((host) => [host, otherRegionRoutes])),
};

export const DEFAULT_GENERATE: GenerateOptions = { seed: 1, workers: 60, oktaUsers: 80 };

/** A throwaway certificate for every sandbox host; Chromium runs with `--ignore-certificate-errors`. */
async function makeCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'flex-steward-sandbox' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [...ALL_SANDBOX_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7 as const, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

async function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const url = new URL(req.url ?? '/', `https://${host || 'localhost'}`);
  const type = req.headers['content-type'] ?? '';
  let parsed: unknown;
  if (type.includes('json') && body) {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host,
    url,
    headers,
    body,
    form: type.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams(),
    json: parsed,
  };
}

function send(res: ServerResponse, response: SandboxResponse) {
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? '');
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const baseNow = options.now ?? (() => new Date());
  let clockOffsetMs = 0;
  const now = () => new Date(baseNow().getTime() + clockOffsetMs);
  let generateOptions: GenerateOptions = { ...DEFAULT_GENERATE, ...options };
  const faultRandom = seededRandom(generateOptions.seed ^ 0x5eed);
  const idRandom = seededRandom(generateOptions.seed ^ 0x1d5);
  let seq = 0;

  const sandbox: Sandbox = {
    port: 0,
    hostResolverRules: '',
    state: generateState(generateOptions, now()),
    faults: emptyFaults(),
    requests: [],
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    set clockOffsetMs(ms: number) {
      clockOffsetMs = ms;
    },
    now,
    reseed(next = {}) {
      generateOptions = { ...generateOptions, ...next };
      sandbox.state = generateState(generateOptions, now());
      sandbox.faults = emptyFaults();
      sandbox.clockOffsetMs = 0;
      sandbox.requests.length = 0;
    },
    requestsMatching(filter) {
      return sandbox.requests.filter(
        (r) =>
          (filter.host === undefined || r.host === filter.host) &&
          (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
          (filter.path === undefined || filter.path.test(r.path)),
      );
    },
    clearRequests() {
      sandbox.requests.length = 0;
    },
    get realtime() {
      return twilsock;
    },
    close: () =>
      new Promise((resolve) => {
        // Upgraded sockets are no longer the HTTP server's: they would hold it open.
        twilsock.close();
        server.close(() => resolve());
        // A browser's keep-alive connections would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const request = await readRequest(req);
    const path = request.url.pathname;
    if (path.startsWith('/__sandbox/')) {
      send(res, controlRoutes(request, sandbox));
      return;
    }
    const entry: LoggedRequest = { seq: ++seq, at: now().toISOString(), host: request.host, method: request.method, path, query: request.url.search, status: 0 };
    const samlResponse = request.form.get('SAMLResponse');
    if (samlResponse !== null) entry.samlResponse = samlResponse;
    sandbox.requests.push(entry);

    const latency = sandbox.faults.hosts[request.host]?.latencyMs;
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = decideFault(sandbox.faults, request.host, request.method, path, faultRandom, now());
    if (fault.kind === 'drop') {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    let response: SandboxResponse;
    if (fault.kind === 'respond') {
      // Injected failures carry a request id like real ones, so the ledger can record them too.
      const requestIdHeader = isOktaHost(request.host) ? 'x-okta-request-id' : 'twilio-request-id';
      response = { ...fault.response, headers: { ...fault.response.headers, [requestIdHeader]: `fault-${entry.seq}` } };
    } else {
      const routes = HOST_ROUTES[request.host];
      const ctx: SandboxContext = { state: sandbox.state, now, random: idRandom };
      try {
        response = (routes && (await routes(request, ctx))) || errorResponse(request.host, 404);
      } catch (error) {
        response = json(500, { message: 'sandbox route failed', detail: String(error) });
      }
    }
    entry.status = response.status;
    send(res, response);
  };

  const server = https.createServer(await makeCertificate(), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, json(500, { message: String(error) }));
    });
  });
  const twilsock = attachTwilsock(server, {
    host: SANDBOX_HOSTS.tsock,
    credentials: () => sandbox.state.twilio.credentials,
    now,
    upstream: (session, request) => cdsUpstream(session, request, { state: sandbox.state, now, random: idRandom }),
    // The handshake meets the same fault rules as any request to the host, and is logged like one.
    fault: (req) => {
      const path = new URL(req.url ?? '/', `https://${SANDBOX_HOSTS.tsock}`).pathname;
      const entry: LoggedRequest = { seq: ++seq, at: now().toISOString(), host: SANDBOX_HOSTS.tsock, method: 'GET', path, query: '', status: 101 };
      sandbox.requests.push(entry);
      const fault = decideFault(sandbox.faults, SANDBOX_HOSTS.tsock, 'GET', path, faultRandom, now());
      if (fault.kind === 'none') return undefined;
      entry.status = fault.kind === 'drop' ? 'dropped' : fault.response.status;
      return fault.kind === 'drop' ? 'drop' : fault.response;
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  sandbox.port = (server.address() as AddressInfo).port;
  sandbox.hostResolverRules = hostResolverRules(sandbox.port);
  return sandbox;
}

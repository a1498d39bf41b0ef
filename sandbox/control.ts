import type { FaultConfig } from './faults';
import type { GenerateOptions } from './generate';
import { json, type SandboxRequest, type SandboxResponse } from './http';
import type { Sandbox } from './server';
import type { SandboxSwitches } from './state';

/**
 * `/__sandbox/*` on any sandbox host: lets tests, the demo and benchmarks that run in another
 * process reseed, inject faults, flip switches and read the request log. Never logged itself.
 */
export function controlRoutes(req: SandboxRequest, sandbox: Sandbox): SandboxResponse {
  const route = `${req.method} ${req.url.pathname}`;
  const body = (req.json ?? {}) as Record<string, unknown>;
  switch (route) {
    case 'GET /__sandbox/state':
      return json(200, sandbox.state);
    case 'POST /__sandbox/reseed':
      sandbox.reseed(body as Partial<GenerateOptions>);
      return json(200, { ok: true });
    case 'GET /__sandbox/requests': {
      const q = req.url.searchParams;
      const path = q.get('path');
      return json(200, sandbox.requestsMatching({ host: q.get('host') ?? undefined, method: q.get('method') ?? undefined, path: path ? new RegExp(path) : undefined }));
    }
    case 'DELETE /__sandbox/requests':
      sandbox.clearRequests();
      return json(200, { ok: true });
    case 'PUT /__sandbox/faults':
      sandbox.faults = { hosts: {}, rules: [], ...(body as Partial<FaultConfig>) };
      return json(200, sandbox.faults);
    case 'PUT /__sandbox/switches':
      Object.assign(sandbox.state.switches, body as Partial<SandboxSwitches>);
      return json(200, sandbox.state.switches);
    case 'PUT /__sandbox/clock':
      sandbox.clockOffsetMs = Number(body.offsetMs ?? 0);
      return json(200, { offsetMs: sandbox.clockOffsetMs });
    default:
      return json(404, { message: `no control route ${route}` });
  }
}

import type { FaultConfig } from './faults';
import { SANDBOX_HOSTS } from './hosts';
import type { GenerateOptions } from './generate';
import { json, type SandboxRequest, type SandboxResponse } from './http';
import { h, page } from './pages/layout';
import type { Sandbox } from './server';
import { applySamlResponseSwitch, isSamlResponseSwitchId, SAML_RESPONSE_SWITCHES } from './saml-response-switches';
import { isSsoSwitchId, migrate, SSO_SWITCHES, type Migration } from './sso-switches';
import type { SandboxSwitches } from './state';

/**
 * `/__sandbox/*` on any sandbox host: lets tests, the demo, benchmarks and a developer with curl
 * reseed, inject faults, flip switches and read the request log. Never logged itself.
 * `GET /__sandbox/` lists the routes below.
 */

interface ControlRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** One line for the index, with an example body where the route takes one. */
  does: string;
  handle: (sandbox: Sandbox, body: Record<string, unknown>, req: SandboxRequest) => SandboxResponse;
}

export const CONTROL_ROUTES: ControlRoute[] = [
  { method: 'GET', path: '/__sandbox/state', does: 'The whole generated world: Twilio account, workspaces, workers, Okta users and apps, credentials.', handle: (sandbox) => json(200, sandbox.state) },
  {
    method: 'POST',
    path: '/__sandbox/reseed',
    does: 'Generates a fresh world, e.g. {"seed": 7, "workers": 1000, "oktaUsers": 1200}.',
    handle: (sandbox, body) => {
      sandbox.reseed(body as Partial<GenerateOptions>);
      return json(200, { ok: true });
    },
  },
  {
    method: 'GET',
    path: '/__sandbox/requests',
    does: 'The request log, filtered by ?host=, ?method= and ?path= (a regular expression).',
    handle: (sandbox, _, req) => {
      const q = req.url.searchParams;
      const path = q.get('path');
      return json(200, sandbox.requestsMatching({ host: q.get('host') ?? undefined, method: q.get('method') ?? undefined, path: path ? new RegExp(path) : undefined }));
    },
  },
  {
    method: 'DELETE',
    path: '/__sandbox/requests',
    does: 'Empties the request log.',
    handle: (sandbox) => {
      sandbox.clearRequests();
      return json(200, { ok: true });
    },
  },
  {
    method: 'PUT',
    path: '/__sandbox/faults',
    does: 'Replaces the faults: per host {"hosts": {"steward-sandbox.okta.com": {"latencyMs": 200, "ratio429": 0.1}}} and counted rules {"rules": [{"method": "DELETE", "respond": 500, "times": 2}]}.',
    handle: (sandbox, body) => {
      sandbox.faults = { hosts: {}, rules: [], ...(body as Partial<FaultConfig>) };
      return json(200, sandbox.faults);
    },
  },
  {
    method: 'PUT',
    path: '/__sandbox/switches',
    does: 'Flips behaviour switches, e.g. {"nullListAttributes": true} (worker lists without attributes).',
    handle: (sandbox, body) => {
      Object.assign(sandbox.state.switches, body as Partial<SandboxSwitches>);
      return json(200, sandbox.state.switches);
    },
  },
  {
    method: 'POST',
    path: '/__sandbox/sso',
    does: 'Plants SSO mistakes and broken SAML responses (ids below) and/or a finished migration, on top of the current state: {"switches": ["okta-response-unsigned", "flex-certificate-expired"], "responseSwitches": ["response-expired"], "migrated": {"daysAgo": 25, "setupType": "create"}}. Reseed to undo.',
    handle: (sandbox, body) => {
      const switches: unknown[] = Array.isArray(body.switches) ? body.switches : [];
      const responseSwitches: unknown[] = Array.isArray(body.responseSwitches) ? body.responseSwitches : [];
      const unknown = switches.filter((id) => !isSsoSwitchId(id));
      if (unknown.length > 0) return json(400, { message: `unknown SSO switch ${unknown.map(String).join(', ')}; known: ${Object.keys(SSO_SWITCHES).join(', ')}` });
      const unknownResponse = responseSwitches.filter((id) => !isSamlResponseSwitchId(id));
      if (unknownResponse.length > 0) {
        return json(400, { message: `unknown SAML response switch ${unknownResponse.map(String).join(', ')}; known: ${Object.keys(SAML_RESPONSE_SWITCHES).join(', ')}` });
      }
      const migrated = parseMigration(body.migrated);
      if (migrated === 'invalid') return json(400, { message: 'migrated must be {"daysAgo": a number ≥ 0, "setupType": "modify" or "create"}' });
      if (migrated) migrate(sandbox.state, migrated, sandbox.now());
      for (const id of switches.filter(isSsoSwitchId)) SSO_SWITCHES[id].apply(sandbox.state);
      for (const id of responseSwitches.filter(isSamlResponseSwitchId)) applySamlResponseSwitch(sandbox.state, id);
      return json(200, { applied: switches, appliedResponseSwitches: responseSwitches, flexSso: sandbox.state.twilio.flexSso ?? null, samlResponseFaults: sandbox.state.okta.samlResponseFaults ?? null });
    },
  },
  {
    method: 'PUT',
    path: '/__sandbox/clock',
    does: 'Moves the sandbox clock, e.g. {"offsetMs": 600000} to test signed-token clock skew.',
    handle: (sandbox, body) => {
      sandbox.clockOffsetMs = Number(body.offsetMs ?? 0);
      return json(200, { offsetMs: sandbox.clockOffsetMs });
    },
  },
];

function parseMigration(value: unknown): Migration | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const { daysAgo, setupType } = (value ?? {}) as Record<string, unknown>;
  if (typeof daysAgo !== 'number' || !Number.isFinite(daysAgo) || daysAgo < 0 || (setupType !== 'modify' && setupType !== 'create')) return 'invalid';
  return { daysAgo, setupType };
}

const OKTA_HOST = SANDBOX_HOSTS.okta;

const INDEX_STYLE = 'body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}code{font-size:14px}td{padding:.3rem .8rem .3rem 0;vertical-align:top}th{text-align:left}';

function index(host: string, port: number): SandboxResponse {
  const rows = CONTROL_ROUTES.map((route) => {
    const path = route.method === 'GET' ? h`<a href="${route.path}">${route.path}</a>` : h`${route.path}`;
    return h`<tr><td><code>${route.method}</code></td><td><code>${path}</code></td><td>${route.does}</td></tr>`;
  });
  const switchRow = ([id, { does }]: [string, { does: string }]) => h`<tr><td><code>${id}</code></td><td>${does}</td></tr>`;
  const switchRows = Object.entries(SSO_SWITCHES).map(switchRow);
  const responseSwitchRows = Object.entries(SAML_RESPONSE_SWITCHES).map(switchRow);
  return page({
    title: 'Sandbox control',
    style: INDEX_STYLE,
    body: h`<h1>Sandbox control</h1>
<p>The same routes answer on every sandbox host. Bodies are JSON; from a terminal, for example:</p>
<pre><code>curl -k --connect-to ${host}:443:127.0.0.1:${port} -X PUT -H 'content-type: application/json' \\
  -d '{"nullListAttributes": true}' https://${host}/__sandbox/switches</code></pre>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>${rows}</tbody></table>
<h2>SSO switches</h2>
<p>For <code>POST /__sandbox/sso</code>; each plants one mistake the SSO checks must report.</p>
<table><thead><tr><th>Switch</th><th>What it does</th></tr></thead><tbody>${switchRows}</tbody></table>
<h2>SAML response switches</h2>
<p>For <code>POST /__sandbox/sso</code> <code>responseSwitches</code>; each breaks the SAMLResponse Okta's IdP-initiated login
(<code>https://${OKTA_HOST}/app/&lt;name&gt;/exk…/sso/saml?login=&lt;Okta login&gt;</code>) posts to Flex, in a way no Okta app setting can.</p>
<table><thead><tr><th>Switch</th><th>What it does</th></tr></thead><tbody>${responseSwitchRows}</tbody></table>`,
  });
}

export function controlRoutes(req: SandboxRequest, sandbox: Sandbox): SandboxResponse {
  const path = req.url.pathname;
  if (req.method === 'GET' && path === '/__sandbox/') return index(req.host, sandbox.port);
  const route = CONTROL_ROUTES.find((candidate) => candidate.method === req.method && candidate.path === path);
  if (!route) return json(404, { message: `no control route ${req.method} ${path}; GET /__sandbox/ lists them` });
  return route.handle(sandbox, (req.json ?? {}) as Record<string, unknown>, req);
}

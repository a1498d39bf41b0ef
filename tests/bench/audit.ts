/**
 * The licence audit benchmark (part of `npm run bench`): the audit engine against the sandbox with
 * 50 ms added to each Okta and TaskRouter request and the sandbox's models of the vendors' rate
 * limits in force (TaskRouter `TargetWorkersExpression` lists 3/s, Okta `/api/v1/users` 600/min,
 * app users 500/min), at 1,000, 10,000 and 20,000 workers with an Okta org 1.2× as large, beside
 * the seed recipe (one Okta search and one `TargetWorkersExpression` list per worker, as the Okta
 * Workflows flow does it). Each audit runs in a child process of its own, so the peak memory
 * reported is that audit's alone. Run alone: `npx tsx tests/bench/audit.ts [sizes…]`; `AUDIT_CHILD_NODE_ARGS="--cpu-prof"`
 * passes flags to the audit's process, for profiling it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { parseSettings } from '../../lib/settings/settings';
import { emailEquals } from '../../lib/twilio/target-workers-expression';
import { workerEmail } from '../../lib/identity/worker-email';
import { clients, type AuditRun, type Wiring } from './audit-wiring';

export const AUDIT_SIZES = [1000, 10_000, 20_000];
const LATENCY_MS = 50;
/** Workers the recipe is run for at each size; its per-worker cost is then extrapolated. */
const RECIPE_SAMPLE = 60;
const DIRECTORY_PAGE = 200;
const WORKER_PAGE = 1000;
const APP_USER_PAGE = 500;

function wiring(sandbox: Sandbox): Wiring {
  const { state } = sandbox;
  const flexApp = state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
  const { accountSid, apiKeySid, apiKeySecret } = state.twilio.credentials;
  const orgUrl = `https://${SANDBOX_HOSTS.okta}`;
  return {
    port: sandbox.port,
    settings: parseSettings({
      okta: { orgUrl, authMethod: 'api-token', flexAppId: flexApp.id },
      twilio: { accountSid, apiKeySid, workspaceSid: state.twilio.flex!.taskrouterWorkspaceSid, workspaceName: 'Flex Task Assignment' },
    }),
    okta: { orgUrl, token: state.okta.apiTokens[0]! },
    twilio: { username: apiKeySid, password: apiKeySecret, accountSid },
  };
}

/**
 * The child's entry bundled once with esbuild and run with plain `node`: the audit's process holds
 * the engine and its dependencies as the extension's bundle does, not a TypeScript loader.
 */
let childBundle: Promise<string> | undefined;
function bundledChild(): Promise<string> {
  return (childBundle ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'flex-steward-bench-')), 'audit-child.mjs');
    await build({ entryPoints: [fileURLToPath(new URL('./audit-child.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
    return outfile;
  })());
}

async function inChild(w: Wiring): Promise<AuditRun> {
  const entry = await bundledChild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.AUDIT_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), entry], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as AuditRun) : reject(new Error(`bench: audit child exited ${code}`))));
    child.stdin.end(JSON.stringify(w));
  });
}

interface RecipeRun {
  sample: number;
  ms: number;
  requests: number;
  retries: number;
}

/**
 * The seed recipe for a sample of workers: per worker, one Okta search by email and one
 * TaskRouter list by `TargetWorkersExpression`, four at a time (the fetch core's default per host),
 * retrying 429s as told, with no pacing of its own.
 */
async function recipe(sandbox: Sandbox, w: Wiring, sample: number): Promise<RecipeRun> {
  const c = clients(w);
  const [twilio, okta] = await Promise.all([c.twilio(), c.okta()]);
  const workspaceSid = w.settings.twilio.workspaceSid!;
  const emails = sandbox.state.twilio.workers
    .filter((worker) => worker.workspaceSid === workspaceSid)
    .flatMap((worker) => workerEmail({ attributes: worker.attributes, friendlyName: worker.friendlyName }).email ?? [])
    .filter((email) => /^[\w.+-]+@[\w.-]+$/.test(email))
    .slice(0, sample);
  const started = performance.now();
  let next = 0;
  const one = async () => {
    while (next < emails.length) {
      const email = emails[next++]!;
      await okta.findUsersByEmail([email]);
      await twilio.listWorkers(workspaceSid, { targetWorkersExpression: emailEquals(email) });
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  const snapshot = c.counter.snapshot();
  return { sample: emails.length, ms: performance.now() - started, requests: snapshot.total, retries: snapshot.retries };
}

interface SizeResult {
  workers: number;
  oktaUsers: number;
  assigned: number;
  audit: AuditRun;
  recipe: RecipeRun;
  lowerBoundMs: number;
  chains: { twilio: number; directory: number; appUsers: number };
}

async function measure(workers: number): Promise<SizeResult> {
  const oktaUsers = Math.round(workers * 1.2);
  const sandbox = await startSandbox({ seed: 1, workers, oktaUsers });
  try {
    const w = wiring(sandbox);
    for (const host of [SANDBOX_HOSTS.okta, SANDBOX_HOSTS.taskrouter]) sandbox.faults.hosts[host] = { latencyMs: LATENCY_MS };
    const flexWorkers = sandbox.state.twilio.workers.filter((x) => x.workspaceSid === w.settings.twilio.workspaceSid).length;
    if (flexWorkers !== workers) throw new Error(`bench: expected ${workers} Flex workers, the sandbox made ${flexWorkers}`);
    const assigned = sandbox.state.okta.assignments.filter((a) => a.appId === w.settings.okta.flexAppId).length;
    const audit = await inChild(w);
    // A fresh minute of Okta's budget for the recipe, as if run on its own.
    sandbox.reseed({ seed: 1, workers, oktaUsers });
    for (const host of [SANDBOX_HOSTS.okta, SANDBOX_HOSTS.taskrouter]) sandbox.faults.hosts[host] = { latencyMs: LATENCY_MS };
    const sample = await recipe(sandbox, wiring(sandbox), RECIPE_SAMPLE);
    const chains = { twilio: Math.ceil(workers / WORKER_PAGE), directory: Math.ceil(oktaUsers / DIRECTORY_PAGE), appUsers: Math.max(1, Math.ceil(assigned / APP_USER_PAGE)) };
    // The chains run side by side, so the longest sets the bound; Okta's 600 user-list requests a minute never bind at these sizes.
    const rateFloorMs = Math.max(0, Math.ceil(chains.directory / 600) - 1) * 60_000;
    const lowerBoundMs = Math.max(Math.max(chains.twilio, chains.directory, chains.appUsers) * LATENCY_MS, rateFloorMs);
    return { workers, oktaUsers, assigned, audit, recipe: sample, lowerBoundMs, chains };
  } finally {
    await sandbox.close();
  }
}

const memoryLine = (m: AuditRun['memory']) =>
  `${m.maxRssMb.toFixed(0)} MB (after start-up ${m.startRssMb.toFixed(0)}; heap used ${m.heapUsedMb.toFixed(0)} of ${m.heapTotalMb.toFixed(0)}, external ${m.externalMb.toFixed(0)}, array buffers ${m.arrayBuffersMb.toFixed(0)}; store ${m.storeMb.toFixed(0)})`;
const megabytes = (x: number) => `${x.toFixed(0)} MB`;
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(0)} min`);
const times = (x: number) => `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)}×`;

export async function benchAudit(log: (line: string) => void = console.log, sizes = AUDIT_SIZES): Promise<string> {
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const result = await measure(size);
    results.push(result);
    const total = result.audit.requests.okta + result.audit.requests.twilio;
    log(`audit ${String(size).padStart(6)} workers: ${total} requests, ${seconds(result.audit.ms)} (bound ${seconds(result.lowerBoundMs)}), peak ${memoryLine(result.audit.memory)}; recipe ${result.recipe.sample} workers in ${seconds(result.recipe.ms)}`);
  }
  const rows = results.map((r) => {
    const auditRequests = r.audit.requests.okta + r.audit.requests.twilio;
    const recipeRequests = (r.recipe.requests / r.recipe.sample) * r.workers;
    const recipeMs = (r.recipe.ms / r.recipe.sample) * r.workers;
    return `| ${r.workers.toLocaleString('en-US')} | ${r.oktaUsers.toLocaleString('en-US')} | ${auditRequests} (Okta ${r.audit.requests.okta}, Twilio ${r.audit.requests.twilio}) | ${Math.round(recipeRequests).toLocaleString('en-US')} | ${times(recipeRequests / auditRequests)} | ${seconds(r.audit.ms)} | ${seconds(recipeMs)} | ${times(recipeMs / r.audit.ms)} | ${seconds(r.lowerBoundMs)} (${Math.max(r.chains.twilio, r.chains.directory, r.chains.appUsers)} pages) | ${(r.audit.ms / r.lowerBoundMs).toFixed(2)}× | ${r.audit.memory.maxRssMb.toFixed(0)} MB |`;
  });
  const at = (n: number) => results.find((r) => r.workers === n)!;
  const ten = at(10_000);
  const twenty = at(20_000);
  const tenRatio = ((ten.recipe.requests / ten.recipe.sample) * ten.workers) / (ten.audit.requests.okta + ten.audit.requests.twilio);
  const tenBound = ten.audit.ms / ten.lowerBoundMs;
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  return `
## Licence audit

Written by \`npm run bench\` (tests/bench/audit.ts); numbers from ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.

The audit engine (lib/audit/engine.ts) scans the Flex workspace through the production fetch core and API clients,
against the sandbox with ${LATENCY_MS} ms added to every Okta and TaskRouter request and the sandbox's rate-limit models in force:
TaskRouter \`TargetWorkersExpression\` lists 3/s (plain worker lists and fetches 1,000/s), Okta \`/api/v1/users\` 600/min and
app users 500/min in fixed windows, as on a Workforce org. The Okta org is 1.2× the workers (seed 1). Each audit runs in a
child process of its own: the engine and the production clients bundled with esbuild and run with plain \`node\` (no TypeScript
loader), the sandbox in the parent. "Peak memory" is that process's \`process.resourceUsage().maxRSS\`. The extension store
(IndexedDB in the browser, kept on disk by the browser) is played by one JSON file per key in a temporary directory, with the same
JSON semantics as the unit tests' in-memory area; what it held at the end is in the memory table, not in the process.

The **seed recipe** is one Okta search and one \`TargetWorkersExpression\` list per worker, as the Okta Workflows flow does it,
four at a time, 429s retried as the vendor says. At 3 lists a second it would take hours at these sizes, so it was run for
real on the first ${RECIPE_SAMPLE} workers at each size and its requests and time **extrapolated from ${RECIPE_SAMPLE}** per worker
(columns marked *). The **lower bound** is the longest chain of sequential pages (TaskRouter 1,000 workers a page, the
Okta directory 200 users a page, the Flex app's assignments 500 a page; the chains run side by side) × ${LATENCY_MS} ms;
Okta's 600 list requests a minute would only raise it above ${600 * DIRECTORY_PAGE} users.

| workers | Okta users | audit requests | recipe requests* | fewer | audit wall time | recipe wall time* | faster | lower bound | audit / bound | peak memory |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Targets: at 10,000 workers ≥ 100× fewer requests than the recipe (${times(tenRatio)}: ${verdict(tenRatio >= 100)}) and wall time
within 1.5× of the lower bound (${tenBound.toFixed(2)}×: ${verdict(tenBound <= 1.5)}); 20,000 workers under 150 MB peak
(${twenty.audit.memory.maxRssMb.toFixed(0)} MB: ${verdict(twenty.audit.memory.maxRssMb < 150)}). One run each, on a 2-core machine shared with other
work (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')} when this section was written): times move with the machine's load.

What the audit process's memory was made of: resident memory after start-up (Node and the bundle, before the audit), then the
largest of each \`process.memoryUsage()\` figure sampled every 20 ms while the audit ran (they need not peak together), and the
peak resident memory. "Array buffers" are mostly answers' bytes between the socket and \`Response.text()\`.

| workers | after start-up | heap used | heap total | external | of which array buffers | peak resident | store on disk |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.workers.toLocaleString('en-US')} | ${megabytes(r.audit.memory.startRssMb)} | ${megabytes(r.audit.memory.heapUsedMb)} | ${megabytes(r.audit.memory.heapTotalMb)} | ${megabytes(r.audit.memory.externalMb)} | ${megabytes(r.audit.memory.arrayBuffersMb)} | ${megabytes(r.audit.memory.maxRssMb)} | ${megabytes(r.audit.memory.storeMb)} |`).join('\n')}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number);
  console.log(await benchAudit(console.log, sizes.length > 0 ? sizes : AUDIT_SIZES));
}

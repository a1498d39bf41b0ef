/**
 * `npm run bench`: how many requests, and how long, it takes to badge every worker of a 1,000-worker
 * Flex workspace, under each Okta lookup strategy side by side, against the sandbox with latency
 * added to every request; and how long the SAML login test takes to diagnose a signed response
 * (tests/bench/saml.ts); and the licence audit at 1,000 to 20,000 workers beside the seed recipe
 * (tests/bench/audit.ts). Prints tables and writes docs/bench-results.md, which the README quotes.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox } from '../../sandbox/server';
import { oktaClientFrom, twilioClientFrom } from '../../lib/connections/clients';
import { createHttpClient } from '../../lib/http/fetch-core';
import { createRequestCounter } from '../../lib/http/request-counter';
import { IDENTITY_STATUSES, STATUS_INFO } from '../../lib/identity/statuses';
import { parseSettings } from '../../lib/settings/settings';
import { DEFAULT_LOOKUP_STRATEGY, LOOKUP_STRATEGIES, type LookupStrategy } from '../../lib/status/lookup-strategies';
import { createTtlCache } from '../../lib/status/ttl-cache';
import type { StatusService } from '../../lib/status/service';
import type { WorkerStatus } from '../../lib/status/views';
import { createStatusService } from '../../lib/status/worker-status-service';
import { createMemoryArea, createMemoryDeviceKeyStore } from '../../lib/vault/storage-area';
import { createVault } from '../../lib/vault/vault';
import { configureExtension } from '../e2e/configure';
import { EXTENSION_PATH } from '../../sandbox/chromium';
import { launchWithExtension } from '../e2e/fixtures';
import { contentScriptWorld } from '../e2e/isolated-world';
import { benchAudit } from './audit';
import { benchAuditTable, tableBenchReport } from './audit-table';
import { benchSamlDiagnosis, samlBenchReport } from './saml';

const WORKERS = 1000;
const OKTA_USERS = 1200;
const LATENCY_MS = 20;
/** The sandbox's model of Okta's default org limits, per minute: user searches, and app-user requests. */
const OKTA_BUDGET = { searches: 600, appUsers: 500 };
const OUTPUT = resolve(import.meta.dirname, '../../docs/bench-results.md');

// First, on a machine not yet busy with the sandbox: pure CPU work, timed per run.
const samlBench = await benchSamlDiagnosis();
console.log(samlBenchReport(samlBench));

const sandbox = await startSandbox({ seed: 1, workers: WORKERS, oktaUsers: OKTA_USERS });
const workspaceSid = sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const flexApp = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
const workerSids = sandbox.state.twilio.workers.filter((w) => w.workspaceSid === workspaceSid).map((w) => w.sid);
if (workerSids.length !== WORKERS) throw new Error(`bench: expected ${WORKERS} Flex workers, the sandbox made ${workerSids.length}`);

for (const host of [SANDBOX_HOSTS.okta, SANDBOX_HOSTS.taskrouter]) sandbox.faults.hosts[host] = { latencyMs: LATENCY_MS };
// Lifted so that request counts and latency alone decide the times; the budget column says what the real limits would do.
const unlimited = { limit: 1_000_000, windowSeconds: 60 };
sandbox.state.okta.rateLimits = { usersList: unlimited, user: unlimited, appUsers: unlimited, apps: unlimited };

const vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() }, pbkdf2Iterations: 1000 });
await vault.setup({});
await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
await vault.setSecret('twilio.apiKeySecret', sandbox.state.twilio.credentials.apiKeySecret);
const { accountSid, apiKeySid } = sandbox.state.twilio.credentials;
const settings = parseSettings({
  okta: { orgUrl: `https://${SANDBOX_HOSTS.okta}`, authMethod: 'api-token', flexAppId: flexApp.id },
  twilio: { accountSid, apiKeySid, workspaceSid, workspaceName: 'Flex Task Assignment' },
});

const counter = createRequestCounter();
// The production fetch core: its default of 4 requests in flight per host, its retries and backoff.
const http = createHttpClient({ fetch: sandboxFetch(sandbox), counter });

function service(strategy: LookupStrategy): StatusService {
  return createStatusService({
    settings: async () => settings,
    twilio: () => twilioClientFrom(settings.twilio, vault, http),
    okta: () => oktaClientFrom(settings.okta, vault, http),
    cache: createTtlCache({ area: createMemoryArea() }),
    strategy,
  });
}

const inBatches = (size: number) => Array.from({ length: Math.ceil(workerSids.length / size) }, (_, i) => workerSids.slice(i * size, (i + 1) * size));

interface Row {
  lists: string;
  strategy: string;
  batches: string;
  okta: number;
  searches: number;
  appUsers: number;
  twilio: number;
  workerFetches: number;
  ms: number;
  sameStatuses: boolean;
  statuses: WorkerStatus[];
}

const bySid = (statuses: WorkerStatus[]) => JSON.stringify([...statuses].sort((a, b) => a.worker.sid.localeCompare(b.worker.sid)));

/** One page load: every batch sent at once, as a page does while it renders, and all of them answered. */
async function run(target: StatusService, batchSize: number): Promise<Omit<Row, 'lists' | 'strategy' | 'batches' | 'sameStatuses'>> {
  counter.reset();
  sandbox.clearRequests();
  const started = performance.now();
  const answers = await Promise.all(inBatches(batchSize).map((batch) => target.forWorkers(workspaceSid, batch)));
  const ms = performance.now() - started;
  const problems = answers.flatMap((a) => (a.problem ? [a.problem.message] : []));
  if (problems.length > 0) throw new Error(`bench: ${problems.join('; ')}`);
  const counts = counter.snapshot().byService;
  const logged = (path: RegExp) => sandbox.requestsMatching({ path }).length;
  return {
    okta: counts.okta ?? 0,
    searches: logged(/^\/api\/v1\/users$/),
    appUsers: logged(/^\/api\/v1\/apps\/[^/]+\/users/),
    twilio: counts.twilio ?? 0,
    workerFetches: logged(/\/Workers\/WK/),
    ms,
    statuses: answers.flatMap((a) => a.statuses),
  };
}

/** The default and the strategy it improves on get every batching and a cached rerun; the baselines get fewer. */
const FULLY_MEASURED: readonly LookupStrategy[] = ['app-list-and-search', DEFAULT_LOOKUP_STRATEGY];

const rows: Row[] = [];
const BATCHINGS: [label: string, size: number][] = [
  ['1 × 1000', 1000],
  ['40 × 25', 25],
];

for (const nullListAttributes of [false, true]) {
  sandbox.state.switches.nullListAttributes = nullListAttributes;
  const lists = nullListAttributes ? 'attributes: null' : 'with attributes';
  let reference: string | undefined;
  for (const strategy of LOOKUP_STRATEGIES) {
    // Fetching each worker costs every strategy the same, so with null attributes the slow baselines run once, to keep the bench short.
    const measuredFully = FULLY_MEASURED.includes(strategy);
    const batchings = nullListAttributes && !measuredFully ? BATCHINGS.slice(0, 1) : BATCHINGS;
    for (const [batches, size] of batchings) {
      const target = service(strategy);
      const measured = await run(target, size);
      reference ??= bySid(measured.statuses);
      rows.push({ lists, strategy, batches, ...measured, sameStatuses: bySid(measured.statuses) === reference });
      console.log(`${lists.padEnd(16)} ${strategy.padEnd(20)} ${batches.padEnd(9)} okta ${String(measured.okta).padStart(5)}  twilio ${String(measured.twilio).padStart(5)}  ${Math.round(measured.ms)} ms`);
      if (!measuredFully || size !== 25) continue;
      // The same page again within the cache's lifetime: a re-render, or coming back to the list.
      const again = await run(target, size);
      rows.push({ lists, strategy: `${strategy}, cached`, batches, ...again, sameStatuses: bySid(again.statuses) === reference });
    }
  }
}
await sandbox.close();

// ---- report ----

const assigned = sandbox.state.okta.assignments.filter((a) => a.appId === flexApp.id).length;
const tally = new Map<string, number>();
for (const status of rows[0]!.statuses) tally.set(status.status, (tally.get(status.status) ?? 0) + 1);
const distribution = IDENTITY_STATUSES.filter((s) => tally.has(s))
  .map((s) => `${s} ${tally.get(s)}`)
  .join(', ');

/** How many minutes of Okta's default limits the run's requests would take. */
function budget(row: Row): string {
  const minutes = Math.max(Math.ceil(row.searches / OKTA_BUDGET.searches), Math.ceil(row.appUsers / OKTA_BUDGET.appUsers));
  return minutes <= 1 ? 'fits' : `${minutes} min`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const table = [
  '| worker lists | strategy | page batches | Okta requests | of which searches / app users | Twilio requests | of which single-worker fetches | wall time | Okta default limits | same statuses |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map((r) => `| ${r.lists} | ${r.strategy} | ${r.batches} | ${r.okta} | ${r.searches} / ${r.appUsers} | ${r.twilio} | ${r.workerFetches} | ${seconds(r.ms)} | ${budget(r)} | ${r.sameStatuses ? 'yes' : '**no**'} |`),
];

const report = `# Status lookup benchmark

Written by \`npm run bench\` (tests/bench/run.ts); numbers from ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.

Badging every worker of a Flex workspace: ${WORKERS} workers, ${OKTA_USERS} Okta users (${assigned} assigned to the Flex app).
The sandbox adds ${LATENCY_MS} ms to every Okta and TaskRouter request; the fetch core keeps its production default of
4 requests in flight per host. Each run starts with an empty cache and sends the page's batches all at once, as a
page does while it renders: one batch of 1,000, or 40 batches of 25. "attributes: null" is TaskRouter leaving worker
attributes out of its lists, as its spec warns it may, so each requested worker is fetched on its own; that costs
every strategy the same 1,000 requests, so there the two baselines run only with one batch. "cached" is the same
page asked again within the cache's two minutes.

Strategies (lib/status/lookup-strategies.ts); all match \`profile.email\` and \`profile.login\` as Okta's \`search\` does:
- **search-each**: one search per address and one assignment check per person found, as a per-user automation does it.
- **search-batched**: addresses \`or\`-ed into as few searches as fit in a 3,500-character query; one assignment check per person.
- **app-list-and-search**: the same batched searches, with Flex app assignment read from the app's user list (500 per page) alongside.
- **auto** (the default): as app-list-and-search, but it first reads the whole directory (\`search=status pr\`, 200 users per page)
  when that takes no more requests than the batched searches would, and searches only if the directory turns out larger.
  Its directory pages are \`GET /api/v1/users\` requests like the searches, and are counted with them.

Okta's rate limits are lifted in the sandbox for these runs; "Okta default limits" says how many minutes of the
sandbox's model of Okta's default limits (${OKTA_BUDGET.searches} user searches, ${OKTA_BUDGET.appUsers} app-user requests per minute) the run would need.
"same statuses" compares every worker's status, people and facts with the first run of its kind. Okta requests
beyond searches and app users are \`GET /apps/{id}\`: Okta answers the assignment check of an unassigned person with
404, and the client then reads the app to tell "not assigned" from "no such app".

${table.join('\n')}

Statuses found: ${distribution}.
`;

writeFileSync(OUTPUT, report);
appendFileSync(OUTPUT, samlBenchReport(samlBench));
console.log(`\n${table.join('\n')}\n\nStatuses found: ${distribution}.\nWrote ${OUTPUT}`);

// ---- the licence audit at 1,000, 10,000 and 20,000 workers, beside the seed recipe ----

const auditReport = await benchAudit();
appendFileSync(OUTPUT, auditReport);
console.log(auditReport);
const tableReport = tableBenchReport(await benchAuditTable());
appendFileSync(OUTPUT, tableReport);
console.log(tableReport);

// ---- Chromium: the built extension badging the same workspace on one page ----

/*
 * The runs above time the status service alone; this times what an admin waits for: the production
 * build in Chromium, connected through its Settings page, loading the worker list with all 1,000
 * workers on one page until the last badge shows its label. The badges' shadow roots are closed, so
 * the content script's own world (which may open them) watches them, on the page's clock.
 */
if (!existsSync(EXTENSION_PATH)) throw new Error(`bench: no extension build at ${EXTENSION_PATH}; run \`npx wxt build\` first`);

interface BrowserRow {
  load: string;
  /** From navigation start to every badge labelled, on the page's clock. */
  ms: number;
  badges: number;
  labels: Record<string, number>;
  okta: number;
  twilio: number;
}

const POLL_MS = 25;
const TWILIO_API_HOSTS = new Set<string>([SANDBOX_HOSTS.taskrouter, SANDBOX_HOSTS.flexApi, SANDBOX_HOSTS.sync]);
const browserSandbox = await startSandbox({ seed: 1, workers: WORKERS, oktaUsers: OKTA_USERS });
browserSandbox.state.okta.rateLimits = { usersList: unlimited, user: unlimited, appUsers: unlimited, apps: unlimited };
const launched = await launchWithExtension(browserSandbox);
const browserRows: BrowserRow[] = [];
let chromiumVersion = '';
try {
  await configureExtension(launched.context, launched.extensionId, browserSandbox);
  for (const host of [SANDBOX_HOSTS.okta, SANDBOX_HOSTS.taskrouter]) browserSandbox.faults.hosts[host] = { latencyMs: LATENCY_MS };
  const page = await launched.context.newPage();
  chromiumVersion = await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '');
  const url = `https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${browserSandbox.state.twilio.flex!.taskrouterWorkspaceSid}/workers?perPage=${WORKERS}`;
  // The second load falls within the cache's two minutes, as coming back to the list does.
  for (const load of ['empty cache', 'cached']) {
    browserSandbox.clearRequests();
    await page.goto(url, { waitUntil: 'commit' });
    const world = await contentScriptWorld(page, launched.extensionId);
    // Each root is opened once: the check itself must not slow the page it times.
    const labelled = await world.attempt<Omit<BrowserRow, 'load' | 'okta' | 'twilio'>>(`new Promise((resolve) => {
      const roots = new WeakMap();
      const rootOf = (host) => roots.get(host) ?? roots.set(host, chrome.dom.openOrClosedShadowRoot(host)).get(host);
      const check = () => {
        const labels = [...document.querySelectorAll('flex-steward-badge')].map((host) => rootOf(host)?.querySelector('button')?.textContent ?? '');
        if (labels.length < ${WORKERS} || labels.some((label) => label === '' || label.endsWith('Checking'))) return setTimeout(check, ${POLL_MS});
        const counts = {};
        for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
        resolve({ ms: performance.now(), badges: labels.length, labels: counts });
      };
      check();
    })`);
    await world.detach();
    if (!labelled.ok) throw new Error(`bench: could not watch the badges: ${labelled.error}`);
    const okta = browserSandbox.requestsMatching({ host: SANDBOX_HOSTS.okta }).length;
    const twilio = browserSandbox.requests.filter((r) => TWILIO_API_HOSTS.has(r.host)).length;
    browserRows.push({ load, ...labelled.value, okta, twilio });
    console.log(`chromium ${load.padEnd(12)} ${labelled.value.badges} badges  okta ${String(okta).padStart(5)}  twilio ${String(twilio).padStart(5)}  ${Math.round(labelled.value.ms)} ms`);
  }
} finally {
  await launched.close();
  await browserSandbox.close();
}

const browserTable = [
  '| page load | badges labelled | navigation to last label | Okta requests | Twilio requests |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...browserRows.map((r) => `| ${r.load} | ${r.badges} | ${seconds(r.ms)} | ${r.okta} | ${r.twilio} |`),
];
/** A badge shows its status's glyph before the label; the report names the label alone. */
const labelOf = (shown: string) => Object.values(STATUS_INFO).find((info) => shown === `${info.icon}${info.label}`)?.label ?? shown;
const browserLabels = Object.entries(browserRows[0]!.labels)
  .map(([shown, n]) => `${labelOf(shown)} ${n}`)
  .join(', ');

appendFileSync(
  OUTPUT,
  `
## In Chromium

The production build in headless Chromium ${chromiumVersion}, connected through its Settings page, loads
the worker list with all ${WORKERS} workers on one page (\`?perPage=${WORKERS}\`), against the same sandbox, ${LATENCY_MS} ms added to each
Okta and TaskRouter request.
The time runs on the page's clock from navigation start until every badge shows its label, checked every ${POLL_MS} ms from
the content script's world, the only one that may open the badges' closed shadow roots. Request counts are the sandbox's log
for that load. The second load is the same list again within the cache's two minutes. One run each: times move with the
machine's load.

${browserTable.join('\n')}

Labels shown: ${browserLabels}.
`,
);
console.log(`\n${browserTable.join('\n')}\n\nLabels shown: ${browserLabels}.\nAppended to ${OUTPUT}`);

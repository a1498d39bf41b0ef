/**
 * One licence audit, start to finish, in a process of its own (spawned by tests/bench/audit.ts,
 * which bundles this file with esbuild and runs it with plain `node`, as the engine ships: no
 * TypeScript loader in the memory measured). Reads its `Wiring` on stdin, prints an `AuditRun`.
 */
import { createAuditEngine } from '../../lib/audit/engine';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileArea } from './file-area';
import { clients, mb, type AuditRun, type Wiring } from './audit-wiring';

const POLL_MS = 20;

async function childAudit(w: Wiring): Promise<AuditRun> {
  const c = clients(w);
  // The extension's IndexedDB store, on disk as in the browser: one JSON file per key in a directory of its own.
  const dir = mkdtempSync(join(tmpdir(), 'flex-steward-audit-store-'));
  const area = createFileArea(dir);
  const audit = createAuditEngine({ area, settings: async () => w.settings, twilio: c.twilio, okta: c.okta, http: c.http, counter: c.counter });
  const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], now[key]);
  };
  const startRssMb = mb(process.memoryUsage().rss);
  const started = performance.now();
  await audit.start('flex-workspace');
  let view = await audit.view();
  while (view.progress?.state === 'running') {
    sample();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    view = await audit.view();
  }
  const ms = performance.now() - started;
  sample();
  if (view.progress?.state !== 'done') throw new Error(`bench: the audit ended ${view.progress?.state}: ${view.progress?.problem?.message}`);
  const stored = area.bytes();
  rmSync(dir, { recursive: true, force: true });
  return {
    ms,
    requests: view.progress.requests,
    retries: c.counter.snapshot().retries,
    memory: {
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb,
      heapUsedMb: mb(peak.heapUsed),
      heapTotalMb: mb(peak.heapTotal),
      externalMb: mb(peak.external),
      arrayBuffersMb: mb(peak.arrayBuffers),
      storeMb: mb(stored),
    },
    rows: view.rowCount,
    freeable: view.totals?.freeable ?? 0,
  };
}

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
console.log(JSON.stringify(await childAudit(JSON.parse(input) as Wiring)));

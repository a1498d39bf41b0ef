import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { FREEABLE_STATUSES, type IdentityStatus } from '../../lib/identity/statuses';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { parseCsv } from '../support/parse-csv';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { stopServiceWorker } from './service-worker';
import { renderedText, shadowHosts } from './shadow';

/**
 * The licence audit end to end in the production build: started from the side panel, scanning a
 * sandbox workspace of a few hundred workers through a 429 storm, exported, and summed up on the
 * Console's worker list; and cancelled, cut off by a stopped service worker and resumed without
 * losing or repeating work.
 */

const flexWorkspace = (sandbox: Sandbox) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const flexWorkers = (sandbox: Sandbox) => sandbox.state.twilio.workers.filter((w) => w.workspaceSid === flexWorkspace(sandbox));

async function openAudit(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html#audit`);
  return page;
}

const auditSection = (panel: Page) => panel.getByRole('region', { name: 'Licence audit' });

/** The 200 answers to each list page, by URL: a page answered twice was read twice. */
function pagesAnsweredMoreThanOnce(sandbox: Sandbox): string[] {
  const seen = new Map<string, number>();
  for (const r of sandbox.requests) {
    if (r.status !== 200 || r.method !== 'GET') continue;
    if (!/^\/(api\/v1\/users|api\/v1\/apps\/[^/]+\/users|v1\/Workspaces\/[^/]+\/Workers)$/.test(r.path)) continue;
    const key = `${r.host}${r.path}?${r.query}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

test('an audit of 300 workers reaches its totals through a 429 storm midway; the CSV holds every worker once, formula-looking names defused; the seats that can be freed go to the bulk window within the per-run maximum; the Console line agrees', async ({ context, extensionId, sandbox, extensionErrors }) => {
  sandbox.reseed({ workers: 300, oktaUsers: 360 });
  const [formula, plus] = flexWorkers(sandbox);
  formula!.friendlyName = '=HYPERLINK("https://evil.example/","Click")';
  plus!.attributes = JSON.stringify({ ...JSON.parse(plus!.attributes), full_name: '@SUM(1+1)' });
  await configureExtension(context, extensionId, sandbox);
  // The storm starts after the first directory page: six 429s in a row on Okta's users list (more
  // than the fetch core retries alone), three on TaskRouter's worker list.
  sandbox.faults.rules.push(
    { host: SANDBOX_HOSTS.okta, method: 'GET', path: '^/api/v1/users$', respond: 429, skip: 1, times: 6 },
    { host: SANDBOX_HOSTS.taskrouter, method: 'GET', path: '/Workers$', respond: 429, times: 3 },
  );

  const panel = await openAudit(context, extensionId);
  const audit = auditSection(panel);
  await audit.getByRole('button', { name: 'Start audit' }).click();
  await expect(audit.getByRole('progressbar', { name: 'Audit progress' })).toBeVisible();
  await expect(audit.getByText(/seats? can be freed/)).toBeVisible({ timeout: 45_000 });
  expect(sandbox.requests.filter((r) => r.status === 429).length).toBe(9);
  expect(pagesAnsweredMoreThanOnce(sandbox)).toEqual([]);
  await expect(audit).toContainText(`300 workers in the Flex workspace of ${sandbox.state.twilio.credentials.accountSid}`);
  const freeable = Number((await audit.locator('.freeable strong').innerText()).replace(/,/g, ''));
  const check = Number((await audit.locator('.check strong').innerText()).replace(/,/g, ''));
  await expect(audit.getByRole('table', { name: 'Audited workers' })).toHaveAttribute('aria-rowcount', '301');

  const downloading = panel.waitForEvent('download');
  await audit.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^flex-steward-audit-${sandbox.state.twilio.credentials.accountSid}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const [header, ...records] = parseCsv((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''));
  const column = (name: string) => header!.indexOf(name);
  expect(records.map((r) => r[column('Worker SID')]).sort()).toEqual(flexWorkers(sandbox).map((w) => w.sid).sort());
  expect(new Set(records.map((r) => r[column('Account SID')]))).toEqual(new Set([sandbox.state.twilio.credentials.accountSid]));
  expect(records.find((r) => r[column('Worker SID')] === formula!.sid)![column('Friendly name')]).toBe(`'${formula!.friendlyName}`);
  expect(records.find((r) => r[column('Worker SID')] === plus!.sid)![column('Full name')]).toBe(`'@SUM(1+1)`);
  expect(records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  const statuses = records.map((r) => r[column('Status id')] as IdentityStatus);
  expect(statuses.filter((s) => FREEABLE_STATUSES.has(s)).length).toBe(freeable);
  expect(statuses.filter((s) => s === 'not-in-okta').length).toBe(check);

  // All that can be freed, trimmed to Settings' per-run maximum, go to the bulk window, which previews them again.
  await audit.getByRole('button', { name: `Select all ${freeable} shown that can be freed` }).click();
  await expect(audit.getByRole('alert')).toContainText(`${freeable} people are selected; Settings allows at most 25 in one bulk run.`);
  await audit.getByRole('button', { name: 'Keep the first 25' }).click();
  const opening = context.waitForEvent('page');
  await audit.getByRole('button', { name: 'Deprovision 25 selected…' }).click();
  const bulk = await opening;
  expect(bulk.url()).toContain(`chrome-extension://${extensionId}/bulk.html?w=`);
  const plan = bulk.getByRole('region', { name: 'What will happen' });
  await expect(plan.getByRole('heading', { level: 2 })).toHaveText(/^\d+ people · \d+ requests$/);
  // Everyone named is either in the run or left out with a reason (a busy worker, which only the preview can see).
  const inRun = await plan.getByRole('list', { name: 'People in this run' }).getByRole('listitem').count();
  const leftOut = await plan.getByRole('region', { name: 'Left out' }).getByRole('listitem').count();
  expect([inRun + leftOut, inRun > 0]).toEqual([25, true]);

  // The Console's worker list says the same, from the audit just finished.
  const list = await context.newPage();
  const listPath = `/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
  await list.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers?frameUrl=${encodeURIComponent(listPath)}`);
  const line = async () => {
    const [summary] = (await shadowHosts(list, 'flex-steward-card')).filter((c) => c.attributes['data-feature'] === 'worker-list-summary');
    return summary ? renderedText(list, summary) : '';
  };
  await expect.poll(line).toMatch(new RegExp(`300 workers · ${freeable} seats? can be freed · ${check} to check · audited (just now|\\d+ min ago)`));
  expect(extensionErrors).toEqual([]);
});

test('a running audit goes on after its service worker is stopped; cancelled, it resumes where it stopped, and every worker is in it once', async ({ context, extensionId, sandbox }) => {
  // Several pages on every chain (TaskRouter 2, the Flex app's people 2, the directory 5), each Okta one slow enough to be caught midway.
  sandbox.reseed({ workers: 1200, oktaUsers: 1000 });
  await configureExtension(context, extensionId, sandbox);
  sandbox.faults.hosts[SANDBOX_HOSTS.okta] = { latencyMs: 600 };
  let panel = await openAudit(context, extensionId);
  await auditSection(panel).getByRole('button', { name: 'Start audit' }).click();
  await expect(auditSection(panel).getByRole('button', { name: 'Cancel' })).toBeVisible();

  await stopServiceWorker(panel);
  await panel.close();
  panel = await openAudit(context, extensionId);
  const audit = auditSection(panel);
  // Reopened, the panel finds the audit still running: the restarted worker took it up from its checkpoint.
  await expect(audit.getByRole('progressbar', { name: 'Audit progress' })).toBeVisible();
  await audit.getByRole('button', { name: 'Cancel' }).click();
  await expect(audit).toContainText('Cancelled. Resume continues where it stopped');

  sandbox.faults.hosts[SANDBOX_HOSTS.okta] = {};
  await audit.getByRole('button', { name: 'Resume' }).click();
  await expect(audit.getByText(/seats? can be freed/)).toBeVisible({ timeout: 30_000 });
  // Only what was in flight when the worker stopped may have been read twice: one page per chain at most.
  expect(pagesAnsweredMoreThanOnce(sandbox).length).toBeLessThanOrEqual(3);
  await expect(audit.getByRole('table', { name: 'Audited workers' })).toHaveAttribute('aria-rowcount', String(flexWorkers(sandbox).length + 1));
});

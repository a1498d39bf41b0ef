import type { Page } from '@playwright/test';
import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { RUN_RECORD_VERSION } from '../../lib/runs/journal';
import { runRow } from '../../lib/runs/ledger';
import { buildPlan } from '../../lib/runs/plan';
import { newRun } from '../../lib/runs/runner';
import { nobodyPreview } from '../../lib/runs/test-fixtures';
import { configureExtension } from './configure';
import { expect, test as base } from './fixtures';
import { contentScriptWorld, dumpExtensionStore } from './isolated-world';
import { stopServiceWorker } from './service-worker';
import { SettingsPage } from './settings-page';
import { shadowHosts } from './shadow';

const test = base.extend<{ configured: void }>({
  configured: async ({ context, extensionId, sandbox }, use) => {
    await configureExtension(context, extensionId, sandbox);
    await use();
  },
});
test.use({ actionTimeout: 10_000 });

const ORG = `https://${SANDBOX_HOSTS.okta}`;
const flexWorkspace = (sandbox: Sandbox) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const listUrl = (sandbox: Sandbox) => `https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
const writes = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.host} ${r.path}`);

/** The badges' visible labels once every one has its answer. */
async function settledLabels(page: Page): Promise<string[]> {
  let labels: string[] = [];
  await expect
    .poll(async () => {
      labels = (await shadowHosts(page, 'flex-steward-badge')).map((b) => b.text);
      return labels.length > 0 && labels.every((text) => text !== '' && !text.endsWith('Checking'));
    })
    .toBe(true);
  return labels;
}

/** What an attacker holding a content script would write, in the shapes older versions read. */
function forgeries(sandbox: Sandbox) {
  const victim = caseOf(sandbox.state, 'activeAssigned');
  return {
    settings: { okta: { orgUrl: 'https://attacker-tenant.okta.com', authMethod: 'api-token' }, twilio: { accountSid: sandbox.state.twilio.credentials.accountSid }, runs: { approvedOperators: [] } },
    'vault.idleLockMinutes': 1440,
    'runs.index': ['forged'],
    'runs.forged': {
      id: 'forged',
      kind: 'deprovision',
      state: 'running',
      subject: { email: victim.email, workerSid: victim.workerSids[0], oktaUserId: victim.oktaUserIds[0] },
      steps: [{ step: { kind: 'okta.deactivate-user', params: { userId: victim.oktaUserIds[0] } }, status: 'pending' }],
    },
  };
}

test('what a content script writes to storage.local moves no credential and runs nothing, on the Console and on Okta admin pages', async ({ context, extensionId, sandbox, configured }) => {
  void configured;
  const targets = [
    `https://${SANDBOX_HOSTS.console}/us1/develop/flex/users-and-access/single-sign-on`,
    `https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]}`,
  ];
  for (const url of targets) {
    const page = await context.newPage();
    await page.goto(url);
    const world = await contentScriptWorld(page, extensionId);
    expect(await world.attempt(`chrome.storage.local.set(${JSON.stringify(forgeries(sandbox))})`)).toEqual({ ok: true });
    await world.detach();
    await page.close();
  }

  // Wake the service worker afresh, as a browser would after idling it out, then use everything.
  const settings = await SettingsPage.open(context, extensionId);
  await stopServiceWorker(settings.page);
  const list = await context.newPage();
  await list.goto(listUrl(sandbox));
  await settledLabels(list);
  await settings.page.reload();
  await settings.testConnection('Okta');
  await expect(settings.report('Okta')).toContainText('Connection works.');

  await expect(settings.page.getByLabel('Okta org URL')).toHaveValue(ORG);
  // Every Okta request went to the configured org; nothing was changed anywhere.
  const oktaHosts = new Set(sandbox.requests.filter((r) => r.host.endsWith('.okta.com') && /^\/(api|oauth2)\//.test(r.path)).map((r) => r.host));
  expect([...oktaHosts]).toEqual([SANDBOX_HOSTS.okta]);
  expect(writes(sandbox)).toEqual([]);
  const store = await settings.page.evaluate(dumpExtensionStore);
  expect(store['runs.forged']).toBeUndefined();
  expect(store['vault.idleLockMinutes']).toBeUndefined();
  const history = await context.newPage();
  await history.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(history.getByRole('region', { name: 'Run history' })).toContainText('No runs yet.');
});

test('the idle lock fires on time while a Console tab keeps rendering badges, and the badges then say "Vault locked"', async ({ context, extensionId, sandbox, configured }) => {
  void configured;
  const list = await context.newPage();
  await list.goto(listUrl(sandbox));
  expect((await settledLabels(list)).some((label) => label.includes('Vault locked'))).toBe(false);

  // The last admin action was 14 minutes ago; the page then looks workers up again.
  const extension = await context.newPage();
  await extension.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rewind = (ms: number) =>
    extension.evaluate(async (by) => {
      const { 'vault.session': session } = (await chrome.storage.session.get('vault.session')) as { 'vault.session': { lastUsedAt: number } };
      await chrome.storage.session.set({ 'vault.session': { ...session, lastUsedAt: session.lastUsedAt - by } });
    }, ms);
  await rewind(14 * 60_000);
  await list.reload();
  expect((await settledLabels(list)).some((label) => label.includes('Vault locked'))).toBe(false);

  // Two more minutes: had those lookups counted as activity, the vault would stay open.
  await rewind(2 * 60_000);
  // The alarm the background set, brought forward to now.
  await extension.evaluate(() => chrome.alarms.create('flex-steward.vault.idle', { when: Date.now() + 50, periodInMinutes: 1 }));
  await expect.poll(async () => (await shadowHosts(list, 'flex-steward-badge')).every((b) => b.text.endsWith('Vault locked'))).toBe(true);
  const badge = (await shadowHosts(list, 'flex-steward-badge'))[0]!;
  expect(badge.buttons[0]?.attributes.title).toContain('The credential vault is locked. Unlock it in Settings.');
});


test('a history of 2,000 runs opens a page at a time, offers the runs beyond the limits for export, and lists a corrupted record as unreadable', async ({ context, extensionId }) => {
  // Writing 2,000 records and exporting 1,000 of them is the slow part, not the history.
  test.setTimeout(120_000);
  const plan = buildPlan(nobodyPreview());
  const runs = Array.from({ length: 2000 }, (_, i) => {
    const run = newRun(plan, { id: `run-${String(i).padStart(4, '0')}`, operator: 'lead@example.com', at: new Date(Date.UTC(2026, 10, 30) - i * 60_000).toISOString() });
    run.state = 'done';
    run.subject = { ...run.subject, name: `Person ${i}`, email: `person${i}@example.com` };
    return run;
  });
  const items: Record<string, unknown> = { 'runs.index': runs.map(runRow) };
  for (const run of runs) items[`runs.${run.id}`] = { ...run, v: RUN_RECORD_VERSION };
  items['runs.run-0002'] = { v: RUN_RECORD_VERSION, id: 'run-0002', damaged: true };

  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await page.evaluate(async (all) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('flex-steward', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('items');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const transaction = db.transaction('items', 'readwrite');
    for (const [key, value] of Object.entries(all)) transaction.objectStore('items').put(value, key);
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
  }, items);

  const started = Date.now();
  await page.reload();
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByText('Runs 1–50 of 2,000')).toBeVisible();
  const opened = Date.now() - started;
  test.info().annotations.push({ type: 'history of 2,000 runs, reload to first page shown (ms)', description: String(opened) });
  console.log(`history of 2,000 runs: first page shown ${opened} ms after reload`);

  const rows = history.getByRole('list', { name: 'Runs' }).getByRole('listitem');
  await expect(rows).toHaveCount(50);
  await expect(rows.nth(2)).toHaveText(/^Unreadable run \(run-0002, 2026-11-29 23:58 UTC\)$/);
  await expect(rows.nth(0)).toContainText('Person 0 done');
  await expect(history).toContainText('1,000 finished runs are beyond what Settings keeps (the newest 1,000 runs, none older than 180 days).');

  await history.getByRole('button', { name: 'Older →' }).click();
  await expect(history.getByText('Runs 51–100 of 2,000')).toBeVisible();
  await expect(rows.nth(0)).toContainText('Person 50 done');

  const downloading = page.waitForEvent('download');
  await history.getByRole('button', { name: 'Export 1,000 runs' }).click();
  const file = JSON.parse(await (await (await downloading).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(file.runs).toHaveLength(1000);
  expect(file.runs[0].id).toBe('run-1000');
  await history.getByRole('button', { name: 'Remove the exported runs' }).click();
  await expect(history.getByText('Runs 51–100 of 1,000')).toBeVisible();
  await expect(history).not.toContainText('beyond what Settings keeps');
});

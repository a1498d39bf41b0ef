import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { configureExtension } from './configure';
import { SettingsPage } from './settings-page';
import { expect, launchWithExtension, test as base } from './fixtures';
import { stopServiceWorker } from './service-worker';
import { clickNode, shadowHosts, untrustedClick } from './shadow';

/** A test that asks for `configured` starts with Okta and Twilio connected through the Settings page. */
const test = base.extend<{ configured: void }>({
  configured: async ({ context, extensionId, sandbox }, use) => {
    await configureExtension(context, extensionId, sandbox);
    await use();
  },
});

// A control that never appears fails at its own line, not at the test's timeout.
test.use({ actionTimeout: 10_000 });
const TR = SANDBOX_HOSTS.taskrouter;
const OKTA = SANDBOX_HOSTS.okta;

const flexWorkspace = (sandbox: Sandbox) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const listPath = (sandbox: Sandbox) => `/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
const detailUrl = (sandbox: Sandbox, workerSid: string) => `https://${SANDBOX_HOSTS.www}${listPath(sandbox)}/${workerSid}`;
const oktaProfileUrl = (userId: string) => `https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${userId}`;

/** A generated case's worker and Okta person, with the requests a run for them must send. */
function personOf(sandbox: Sandbox, name: CaseName) {
  const found = caseOf(sandbox.state, name);
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === found.workerSids[0])!;
  const user = sandbox.state.okta.users.find((u) => u.id === found.oktaUserIds[0])!;
  const flexApp = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
  const workerPath = `/v1/Workspaces/${worker.workspaceSid}/Workers/${worker.sid}`;
  return {
    worker,
    user,
    flexApp,
    email: found.email!,
    name: `${user.profile.firstName} ${user.profile.lastName}`,
    /** The four writes of a default run, in plan order. */
    runWrites: [`DELETE ${OKTA} /api/v1/apps/${flexApp.id}/users/${user.id}`, `DELETE ${OKTA} /api/v1/users/${user.id}/sessions`, `POST ${TR} ${workerPath}`, `DELETE ${TR} ${workerPath}`],
    assigned: () => sandbox.state.okta.assignments.some((a) => a.appId === flexApp.id && a.userId === user.id),
    sessions: () => sandbox.state.okta.sessions.filter((s) => s.userId === user.id),
    workerExists: () => sandbox.state.twilio.workers.some((w) => w.sid === worker.sid),
  };
}

type Person = ReturnType<typeof personOf>;

/** The suspended person, given a live Okta session so that clearing sessions has something to clear. */
function suspendedPerson(sandbox: Sandbox) {
  const p = personOf(sandbox, 'suspended');
  sandbox.state.okta.sessions.push({ id: '102livesession', userId: p.user.id, hasOAuthTokens: true });
  return p;
}

/** Every request that could change something anywhere, as `METHOD host path`, in the order sent. */
const writes = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.host} ${r.path}`);

/** Flex Steward's deprovision window, read and driven by role and label. */
class DeprovisionWindow {
  readonly heading: Locator;
  readonly plan: Locator;
  readonly progress: Locator;
  readonly state: Locator;
  readonly start: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.plan = page.getByRole('region', { name: 'What will happen' });
    this.progress = page.getByRole('region', { name: 'Run progress' });
    this.state = this.progress.getByRole('status');
    this.start = page.getByRole('button', { name: 'Deprovision', exact: true });
  }

  /** Waits for the window a click opens, and for its dry run. */
  static async openedBy(context: BrowserContext, click: () => Promise<void>): Promise<DeprovisionWindow> {
    const opening = context.waitForEvent('page');
    await click();
    const window = new DeprovisionWindow(await opening);
    expect(new URL(window.page.url()).pathname).toBe('/deprovision.html');
    await expect(window.plan).toBeVisible();
    return window;
  }

  worker(): string | null {
    return new URL(this.page.url()).searchParams.get('worker');
  }

  /** Types the confirmation the plan asks for and starts the run. */
  async confirmAndStart(typed: string): Promise<void> {
    await expect(this.start).toBeDisabled();
    await this.page.getByLabel(/^Type .+ to confirm$/).pressSequentially(typed);
    await this.start.click();
    await expect(this.progress).toBeVisible();
  }

  step(title: string): Locator {
    return this.progress.getByRole('listitem', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `) });
  }
}

const deprovisionWindows = (context: BrowserContext) => context.pages().filter((p) => p.url().includes('/deprovision.html'));

/** The "Deprovision…" button of a Flex Steward card, once the card shows what it found (`shows`). */
async function cardButton(page: Page, feature: string, shows: string) {
  const card = async () => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === feature);
  await expect.poll(async () => (await card())?.text ?? '').toContain(shows);
  const button = (await card())!.buttons.find((b) => b.name === 'Deprovision…');
  expect(button, `the ${feature} offers Deprovision…`).toBeDefined();
  return button!;
}

/** The worker's own page in the legacy Console, and a trusted click on its card's "Deprovision…". */
async function openFromWorkerPage(context: BrowserContext, sandbox: Sandbox, p: Person): Promise<DeprovisionWindow> {
  const page = await context.newPage();
  await page.goto(detailUrl(sandbox, p.worker.sid));
  const button = await cardButton(page, 'worker-detail-card', p.user.profile.login);
  const window = await DeprovisionWindow.openedBy(context, () => clickNode(page, button.backendNodeId));
  expect(window.worker()).toBe(p.worker.sid);
  return window;
}

/**
 * Holds the first update of this worker in the browser, before it leaves for Twilio, the way a slow
 * network would; `held` resolves once it is. Later requests pass.
 */
async function holdWorkerUpdate(context: BrowserContext, workerSid: string): Promise<{ held: Promise<void> }> {
  let hold!: () => void;
  const held = new Promise<void>((resolve) => (hold = resolve));
  let first = true;
  await context.route(new RegExp(`^https://${TR}/v1/Workspaces/[^/]+/Workers/${workerSid}$`), async (route) => {
    if (first && route.request().method() === 'POST') {
      first = false;
      hold();
      return;
    }
    await route.continue();
  });
  // Wrapped: an async function returning the promise itself would wait for it.
  return { held };
}

/** A run on the suspended person, started from the worker's page, paused on a 500 from the delete. */
async function runPausedOnDelete(context: BrowserContext, sandbox: Sandbox): Promise<{ p: Person; window: DeprovisionWindow }> {
  const p = suspendedPerson(sandbox);
  sandbox.faults.rules.push({ host: TR, method: 'DELETE', path: `/Workers/${p.worker.sid}$`, respond: 500, times: 1 });
  const window = await openFromWorkerPage(context, sandbox, p);
  await window.confirmAndStart(p.email);
  await expect(window.state).toHaveText('Paused');
  return { p, window };
}

/** The side panel's run history, opened as a tab. */
async function runHistory(context: BrowserContext, extensionId: string): Promise<Locator> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  return page.getByRole('region', { name: 'Run history' });
}

test('a trusted click on a worker’s badge in the Console frame opens the dry run; typing the email runs exactly the four requests it showed', async ({ context, sandbox, configured, extensionErrors }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const page = await context.newPage();
  const framePath = `${listPath(sandbox)}?friendlyName=${encodeURIComponent(p.worker.friendlyName)}`;
  await page.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers?frameUrl=${encodeURIComponent(framePath)}`);
  await expect.poll(async () => (await shadowHosts(page, 'flex-steward-badge')).map((b) => [b.attributes['data-worker-sid'], b.text])).toEqual([[p.worker.sid, expect.stringMatching(/Suspended/)]]);
  const [badge] = await shadowHosts(page, 'flex-steward-badge');

  const window = await DeprovisionWindow.openedBy(context, () => clickNode(page, badge!.buttons[0]!.backendNodeId));
  expect(window.worker()).toBe(p.worker.sid);
  await expect(window.heading).toHaveText(`Deprovision ${p.name}`);
  // The dry run shows every request the run will send.
  for (const request of [`DELETE https://${OKTA}/api/v1/apps/${p.flexApp.id}/users/${p.user.id}`, `DELETE https://${OKTA}/api/v1/users/${p.user.id}/sessions?oauthTokens=true`, `POST https://${TR}/v1/Workspaces/${p.worker.workspaceSid}/Workers/${p.worker.sid}`]) {
    await expect(window.plan).toContainText(request);
  }
  expect(writes(sandbox)).toEqual([]);

  await window.confirmAndStart(p.email);
  await expect(window.state).toHaveText('Done');
  await expect(window.step('Delete the worker')).toContainText('Deleted the worker.');

  expect(p.assigned()).toBe(false);
  expect(p.sessions()).toEqual([]);
  expect(p.workerExists()).toBe(false);
  expect(writes(sandbox)).toEqual(p.runWrites);
  expect(extensionErrors).toEqual([]);
});

test('the worker’s card, the Okta user’s card and the popup each open the window for their own worker; a run from the Okta card frees the seat', async ({ context, extensionId, sandbox, configured, extensionErrors }) => {
  void configured;
  const helga = personOf(sandbox, 'suspended');
  const fromWorkerPage = await openFromWorkerPage(context, sandbox, helga);
  await expect(fromWorkerPage.heading).toHaveText(`Deprovision ${helga.name}`);
  await expect(fromWorkerPage.page.getByRole('main')).toContainText(helga.user.profile.login);

  const marcus = personOf(sandbox, 'deprovisioned');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('combobox', { name: 'Find a person' }).fill(marcus.email);
  await popup.getByRole('button', { name: 'Look up' }).click();
  const results = popup.getByRole('region', { name: `Results for ${marcus.email}` });
  const fromPopup = await DeprovisionWindow.openedBy(context, () => results.getByRole('button', { name: 'Deprovision…' }).click());
  expect(fromPopup.worker()).toBe(marcus.worker.sid);
  await expect(fromPopup.heading).toHaveText(`Deprovision ${marcus.name}`);

  const priya = personOf(sandbox, 'activeAssigned');
  expect(priya.sessions().length).toBeGreaterThan(0);
  const oktaPage = await context.newPage();
  await oktaPage.goto(oktaProfileUrl(priya.user.id));
  const button = await cardButton(oktaPage, 'okta-user-flex-card', priya.worker.sid);
  const fromOkta = await DeprovisionWindow.openedBy(context, () => clickNode(oktaPage, button.backendNodeId));
  expect(fromOkta.worker()).toBe(priya.worker.sid);
  await expect(fromOkta.heading).toHaveText(`Deprovision ${priya.name}`);
  expect(writes(sandbox)).toEqual([]);

  await fromOkta.confirmAndStart(priya.email);
  await expect(fromOkta.state).toHaveText('Done');
  expect([priya.assigned(), priya.sessions(), priya.workerExists()]).toEqual([false, [], false]);
  expect(writes(sandbox)).toEqual(priya.runWrites);
  expect(deprovisionWindows(context)).toHaveLength(3);
  expect(extensionErrors).toEqual([]);
});

test('a service worker stopped between steps is picked up by the next one, which sends each request once', async ({ context, extensionId, sandbox, configured }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const { held } = await holdWorkerUpdate(context, p.worker.sid);
  const window = await openFromWorkerPage(context, sandbox, p);
  await window.confirmAndStart(p.email);
  await held;

  // The run is at its third step: the Okta steps are done, the worker update has not left the browser.
  await expect(window.step('Remove the Flex app assignment in Okta')).toHaveAccessibleName(/: done$/);
  await expect(window.step('Clear Okta sessions and OAuth tokens')).toHaveAccessibleName(/: done$/);
  await expect(window.step('Put the worker offline and reject pending reservations')).toHaveAccessibleName(/: running$/);
  expect(writes(sandbox)).toEqual(p.runWrites.slice(0, 2));

  // The held update goes with the worker that sent it; the route lets every later request through.
  await stopServiceWorker(window.page);

  // Anything that talks to the background starts a new service worker; opening the run history does.
  const history = await runHistory(context, extensionId);
  await expect(window.state).toHaveText('Done');
  await expect(window.step('Delete the worker')).toContainText('Deleted the worker.');
  expect(writes(sandbox)).toEqual(p.runWrites);
  expect(p.workerExists()).toBe(false);
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history.getByRole('listitem')).toContainText(`${p.name} done`);
});

test('a 500 from Twilio pauses the run on that step with the problem; Retry sends the delete again and finishes', async ({ context, sandbox, configured }) => {
  void configured;
  const { p, window } = await runPausedOnDelete(context, sandbox);
  await expect(window.progress).toContainText('Delete the worker: ');
  await expect(window.step('Delete the worker')).toHaveAccessibleName(/: failed$/);
  await expect(window.step('Delete the worker')).toContainText(/Request ids?: fault-\d+/);
  expect(p.workerExists()).toBe(true);

  await window.page.getByRole('button', { name: 'Retry' }).click();
  await expect(window.state).toHaveText('Done');
  await expect(window.page.getByRole('button', { name: 'Retry' })).toBeHidden();
  expect(p.workerExists()).toBe(false);
  expect(writes(sandbox)).toEqual([...p.runWrites, p.runWrites[3]]);
});

test('after a failure, Skip this step carries on past it and Abort stops the run with nothing more sent', async ({ context, sandbox, configured }) => {
  void configured;
  const ingrid = personOf(sandbox, 'recovery');
  sandbox.faults.rules.push({ host: TR, method: 'POST', path: `/Workers/${ingrid.worker.sid}$`, respond: 500, times: 1 });
  const skipping = await openFromWorkerPage(context, sandbox, ingrid);
  await skipping.confirmAndStart(ingrid.email);
  await expect(skipping.state).toHaveText('Paused');
  await skipping.page.getByRole('button', { name: 'Skip this step' }).click();
  await expect(skipping.state).toHaveText('Done');
  await expect(skipping.step('Put the worker offline and reject pending reservations')).toHaveAccessibleName(/: skipped$/);
  await expect(skipping.step('Put the worker offline and reject pending reservations')).toContainText('Skipped by the operator.');
  expect(ingrid.workerExists()).toBe(false);
  expect(writes(sandbox)).toEqual(ingrid.runWrites);

  sandbox.clearRequests();
  const dev = personOf(sandbox, 'passwordExpired');
  sandbox.faults.rules.push({ host: TR, method: 'POST', path: `/Workers/${dev.worker.sid}$`, respond: 500, times: 1 });
  const aborting = await openFromWorkerPage(context, sandbox, dev);
  await aborting.confirmAndStart(dev.email);
  await expect(aborting.state).toHaveText('Paused');
  await aborting.page.getByRole('button', { name: 'Abort' }).click();
  await expect(aborting.state).toHaveText('Aborted');
  await expect(aborting.page.getByRole('button', { name: 'Retry' })).toBeHidden();
  await expect(aborting.step('Delete the worker')).toHaveAccessibleName(/: pending$/);
  expect(dev.workerExists()).toBe(true);
  expect(writes(sandbox)).toEqual(dev.runWrites.slice(0, 3));
});

test('a worker whose email matches two Okta people cannot be deprovisioned until the admin picks one; the plan is then for that person only', async ({ context, sandbox, configured }) => {
  void configured;
  const found = caseOf(sandbox.state, 'ambiguous');
  const [sam, samantha] = found.oktaUserIds.map((id) => sandbox.state.okta.users.find((u) => u.id === id)!);
  const p = personOf(sandbox, 'ambiguous');
  const window = await openFromWorkerPage(context, sandbox, p);

  const choice = window.page.getByRole('group', { name: /2 Okta users have sam\.taylor@example\.com as email or login/ });
  await expect(choice.getByRole('radio')).toHaveCount(2);
  await expect(choice.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(window.page.getByRole('alert')).toHaveText(/Pick the person to deprovision; Flex Steward never guesses\./);
  // Until someone is picked, the plan has no Okta steps and cannot start.
  await expect(window.plan).not.toContainText('/api/v1/');
  await expect(window.start).toBeDisabled();

  await choice.getByRole('radio', { name: `${sam!.profile.firstName} ${sam!.profile.lastName} · ${sam!.profile.login} · ACTIVE` }).check();
  await expect(window.plan).toContainText(`/api/v1/users/${sam!.id}/sessions`);
  await expect(window.page.getByRole('alert')).toBeHidden();
  await expect(window.plan).not.toContainText(samantha!.id);
  await expect(window.heading).toHaveText(`Deprovision ${sam!.profile.firstName} ${sam!.profile.lastName}`);
  await window.confirmAndStart(p.email);
  await expect(window.state).toHaveText('Done');
  expect(writes(sandbox)).toEqual(p.runWrites);
  expect(writes(sandbox).join('\n')).not.toContain(samantha!.id);
});

test('a busy worker is deprovisioned only once the admin ticks the override', async ({ context, sandbox, configured }) => {
  void configured;
  const p = personOf(sandbox, 'busyDeprovisioned');
  expect(p.worker.pendingReservations + p.worker.tasksInProgress).toBeGreaterThan(0);
  const window = await openFromWorkerPage(context, sandbox, p);
  const override = window.page.getByRole('checkbox', { name: /^This worker is busy .* Deprovision anyway/ });
  await expect(override).not.toBeChecked();
  await expect(window.page.getByRole('alert')).toContainText('busy');
  await window.page.getByLabel(/^Type .+ to confirm$/).pressSequentially(p.email);
  await expect(window.start).toBeDisabled();

  await override.check();
  await expect(window.start).toBeEnabled();
  await window.start.click();
  await expect(window.state).toHaveText('Done');
  expect(p.workerExists()).toBe(false);
  expect(writes(sandbox)).toEqual(p.runWrites);
});

test('clicks a page’s own scripts make on the card or a badge open no window and send nothing; one trusted click opens exactly one', async ({ context, sandbox, configured }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const opened: string[] = [];
  context.on('page', (page) => opened.push(page.url()));

  const list = await context.newPage();
  await list.goto(`https://${SANDBOX_HOSTS.www}${listPath(sandbox)}?friendlyName=${encodeURIComponent(p.worker.friendlyName)}`);
  await expect.poll(async () => (await shadowHosts(list, 'flex-steward-badge')).map((b) => b.text)).toEqual([expect.stringMatching(/Suspended/)]);
  const [badge] = await shadowHosts(list, 'flex-steward-badge');
  await list.evaluate(() => {
    const host = document.querySelector('flex-steward-badge')!;
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    HTMLElement.prototype.click.call(host);
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  });
  await untrustedClick(list, badge!.buttons[0]!.backendNodeId);

  const page = await context.newPage();
  await page.goto(detailUrl(sandbox, p.worker.sid));
  const button = await cardButton(page, 'worker-detail-card', p.user.profile.login);
  await page.evaluate(() => {
    const host = document.querySelector('flex-steward-card')!;
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    HTMLElement.prototype.click.call(host);
  });
  await untrustedClick(page, button.backendNodeId);

  const window = await DeprovisionWindow.openedBy(context, () => clickNode(page, button.backendNodeId));
  expect(window.worker()).toBe(p.worker.sid);
  // The background opens windows in the order it is asked: a window the page's clicks had asked for would be open by now.
  expect(opened.filter((url) => url.includes('/deprovision.html'))).toEqual([window.page.url()]);
  expect(deprovisionWindows(context)).toHaveLength(1);
  expect(writes(sandbox)).toEqual([]);
  expect(p.workerExists()).toBe(true);
});

test('Undo re-creates the worker with its name and attributes and re-assigns the Flex app; the run history lists both runs with their steps and request ids', async ({ context, extensionId, sandbox, configured }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const { friendlyName, attributes, workspaceSid } = p.worker;
  const window = await openFromWorkerPage(context, sandbox, p);
  await window.confirmAndStart(p.email);
  await expect(window.state).toHaveText('Done');
  expect([p.assigned(), p.workerExists()]).toEqual([false, false]);
  sandbox.clearRequests();

  await window.page.getByRole('button', { name: 'Undo…' }).click();
  await expect(window.page.getByRole('heading', { name: 'The undo will' })).toBeVisible();
  await expect(window.plan).toContainText('Re-create the worker');
  await expect(window.plan).toContainText('Re-assign the Flex app in Okta');
  // An undo hands a seat back, so it is confirmed like a run.
  await expect(window.page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
  await window.page.getByLabel(/^Type .+ to confirm$/).pressSequentially(p.email);
  await window.page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(window.step('Re-create the worker')).toHaveAccessibleName(/: done$/);
  await expect(window.state).toHaveText('Done');

  const recreated = sandbox.state.twilio.workers.filter((w) => w.friendlyName === friendlyName);
  expect(recreated.map((w) => ({ workspaceSid: w.workspaceSid, attributes: w.attributes }))).toEqual([{ workspaceSid, attributes }]);
  expect(recreated[0]!.sid).not.toBe(p.worker.sid);
  expect(p.assigned()).toBe(true);
  expect(writes(sandbox)).toEqual([`POST ${TR} /v1/Workspaces/${workspaceSid}/Workers`, `POST ${OKTA} /api/v1/apps/${p.flexApp.id}/users`]);

  const history = await runHistory(context, extensionId);
  const runs = history.getByRole('list', { name: 'Runs' }).getByRole('listitem');
  await expect(runs).toHaveCount(2);
  await expect(runs.nth(0)).toContainText(`Undo: ${p.name} done`);
  await expect(runs.nth(1)).toContainText(`${p.name} done`);
  await expect(runs.nth(1)).toContainText('5/5 steps');
  await runs.nth(1).getByRole('button', { name: p.name }).click();
  await expect(history.getByRole('heading', { name: p.name })).toBeVisible();
  // A run is undone once: the undone run says when, and offers no second Undo.
  await expect(history.getByText(/^Undone at \d{4}-\d\d-\d\d \d\d:\d\d UTC; a run is undone once\.$/)).toBeVisible();
  await expect(history.getByRole('button', { name: 'Undo…' })).toHaveCount(0);
  const steps = history.getByRole('region', { name: 'Run progress' }).getByRole('listitem');
  await expect(steps).toHaveCount(5);
  for (const step of await steps.all()) await expect(step).toContainText(/Request ids?: \S+/);
  await expect(history.getByRole('listitem', { name: /^Delete the worker: done$/ })).toContainText(/Request ids?: RQ[0-9a-f]{32}/);
});

test('a worker an SSO sign-in re-creates between the preview and the delete is found at the end: the run does not say "Seat freed" and offers to deprovision that worker', async ({ context, sandbox, configured, extensionErrors }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const window = await openFromWorkerPage(context, sandbox, p);
  // After the preview, the person signs in to Flex once more: Flex makes them a new worker with the same email.
  const again = { ...structuredClone(p.worker), sid: 'WK' + 'a1'.repeat(16), friendlyName: `${p.worker.friendlyName} (2)`, revision: 1 };
  sandbox.state.twilio.workers.push(again);

  await window.confirmAndStart(p.email);
  await expect(window.state).toHaveText('Done');
  await expect(window.step('Delete the worker')).toContainText('Deleted the worker.');
  expect(p.workerExists()).toBe(false);
  const main = window.page.getByRole('main');
  await expect(main.getByRole('alert')).toContainText(`The worker was deleted, but ${again.sid} now holds a seat for this person.`);
  await expect(main).not.toContainText('Seat freed');

  const next = await DeprovisionWindow.openedBy(context, () => main.getByRole('button', { name: `Deprovision ${again.sid}…` }).click());
  expect(next.worker()).toBe(again.sid);
  await expect(next.heading).toHaveText(`Deprovision ${p.name}`);
  expect(extensionErrors).toEqual([]);
});

test('a browser restart mid-run leaves the run paused with the reason, sends nothing more, and Retry finishes it', async ({ sandbox }) => {
  // Two browser starts, Settings and a vault unlock: close to a minute alone, over it on a loaded 2-core machine.
  test.slow();
  sandbox.reseed();
  const profile = mkdtempSync(join(tmpdir(), 'flex-steward-restart-'));
  try {
    const before = await launchWithExtension(sandbox, { userDataDir: profile });
    await configureExtension(before.context, before.extensionId, sandbox);
    const p = suspendedPerson(sandbox);
    const window = await openFromWorkerPage(before.context, sandbox, p);
    const { held } = await holdWorkerUpdate(before.context, p.worker.sid);
    await window.confirmAndStart(p.email);
    await held;
    await expect(window.step('Put the worker offline and reject pending reservations')).toHaveAccessibleName(/: running$/);
    // Quit with the worker update still held in the browser: it never reaches Twilio.
    await before.close();
    expect(writes(sandbox)).toEqual(p.runWrites.slice(0, 2));

    const after = await launchWithExtension(sandbox, { userDataDir: profile });
    try {
      const history = await runHistory(after.context, after.extensionId);
      await expect(history.getByRole('listitem')).toContainText(`${p.name} paused`);
      await history.getByRole('button', { name: p.name }).click();
      await expect(history.getByRole('region', { name: 'Run progress' }).getByRole('status')).toHaveText('Paused');
      await expect(history).toContainText('The browser closed while this run was under way.');
      expect(writes(sandbox)).toEqual(p.runWrites.slice(0, 2));

      // A restart also locks the vault, device key or not: the admin unlocks it before going on.
      const settings = await SettingsPage.open(after.context, after.extensionId);
      await settings.security.getByRole('button', { name: 'Unlock' }).click();
      await expect(settings.security).toContainText('Unlocked Protected by a device key.');
      await history.getByRole('button', { name: 'Retry' }).click();
      await expect(history.getByRole('region', { name: 'Run progress' }).getByRole('status')).toHaveText('Done');
      expect(writes(sandbox)).toEqual(p.runWrites);
      expect(p.workerExists()).toBe(false);
    } finally {
      await after.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('with one deprovision window open, Deprovision on a second worker opens that worker’s own plan', async ({ context, sandbox, configured }) => {
  void configured;
  const first = await openFromWorkerPage(context, sandbox, personOf(sandbox, 'ambiguous'));
  await expect(first.page.getByRole('alert')).toContainText('Flex Steward never guesses');
  const second = suspendedPerson(sandbox);
  const window = await openFromWorkerPage(context, sandbox, second);
  await expect(window.heading).toHaveText(`Deprovision ${second.name}`);
  await expect(window.plan).toContainText(`/Workers/${second.worker.sid}`);
  expect(deprovisionWindows(context)).toHaveLength(2);
});

test('one preview started twice at the same moment gives one run, each request sent once', async ({ context, extensionId, sandbox, configured }) => {
  void configured;
  const p = suspendedPerson(sandbox);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const target = { workspaceSid: p.worker.workspaceSid, workerSid: p.worker.sid };
  const answers = await page.evaluate(
    async ({ target, email }) => {
      const ask = (command: string, payload: unknown) => chrome.runtime.sendMessage({ command, payload });
      const preview = await ask('runs.preview', { target });
      const start = () => ask('runs.start', { previewId: preview.data.previewId, typed: email });
      return Promise.all([start(), start()]);
    },
    { target, email: p.email },
  );
  expect(answers.map((a: { ok: boolean }) => a.ok).sort()).toEqual([false, true]);
  const history = await runHistory(context, extensionId);
  await expect(history.getByRole('listitem')).toContainText(`${p.name} done`);
  await expect(history.getByRole('list', { name: 'Runs' }).getByRole('listitem')).toHaveCount(1);
  expect(writes(sandbox)).toEqual(p.runWrites);
});

test('a second window on a person whose run is paused says who started it when, and cannot start another', async ({ context, sandbox, configured }) => {
  void configured;
  const { p } = await runPausedOnDelete(context, sandbox);

  const second = await openFromWorkerPage(context, sandbox, p);
  await expect(second.page.getByRole('alert')).toHaveText(/^A run on this person is in progress \(started at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/);
  await second.page.getByLabel(/^Type .+ to confirm$/).pressSequentially(p.email);
  await expect(second.start).toBeDisabled();
  expect(writes(sandbox)).toEqual(p.runWrites);
});

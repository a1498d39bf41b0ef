import type { Locator, Page } from '@playwright/test';
import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { TEAM_LEDGER_LIST } from '../../lib/team/types';
import { configureExtension } from './configure';
import { expect, launchWithExtension, test } from './fixtures';
import { SettingsPage } from './settings-page';
import { turnOnTeamMode, type Admin } from './team';

/**
 * Team mode with two admins: two Chromium profiles with the production build, each connected to
 * the same sandbox account through its own Settings page, sharing one Sync Service. Everything
 * between them goes through the sandbox's Sync: the REST API the background writes with, and the
 * Twilsock endpoint the real twilio-sync SDK in each service worker listens on.
 */

test.use({ actionTimeout: 10_000 });

const ANA = 'ana@example.com';
const BEN = 'ben@example.com';
const TSOCK = 'tsock.us1.twilio.com';

/** The side panel's run history, opened as a tab, with the list of runs. */
async function runHistory({ context, extensionId }: Admin): Promise<{ page: Page; region: Locator; runs: Locator }> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const region = page.getByRole('region', { name: 'Run history' });
  return { page, region, runs: region.getByRole('list', { name: 'Runs', exact: true }) };
}

function personOf(sandbox: Sandbox, name: CaseName) {
  const found = caseOf(sandbox.state, name);
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === found.workerSids[0])!;
  const user = sandbox.state.okta.users.find((u) => u.id === found.oktaUserIds[0])!;
  return { worker, email: found.email!, name: `${user.profile.firstName} ${user.profile.lastName}` };
}

type Person = ReturnType<typeof personOf>;

/** Flex Steward's deprovision window for a worker, opened the way the badge opens it, with its preview shown. */
async function deprovisionWindow({ context, extensionId }: Admin, p: Person): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/deprovision.html?workspace=${p.worker.workspaceSid}&worker=${p.worker.sid}`);
  await expect(page.getByRole('region', { name: 'What will happen' })).toBeVisible();
  return page;
}

const startButton = (page: Page) => page.getByRole('button', { name: 'Deprovision', exact: true });
const progress = (page: Page) => page.getByRole('region', { name: 'Run progress' });

/** The deletes of this worker Twilio received: what "exactly one run proceeded" means. */
const workerDeletes = (sandbox: Sandbox, p: Person) => sandbox.requests.filter((r) => r.method === 'DELETE' && r.host === SANDBOX_HOSTS.taskrouter && r.path.endsWith(`/Workers/${p.worker.sid}`)).length;

/** The team ledger's items as Sync holds them, by run id. */
function ledgerRuns(sandbox: Sandbox, serviceSid: string): Array<{ id: string; state: string }> {
  const service = sandbox.state.twilio.sync?.services.find((s) => s.sid === serviceSid);
  const list = service?.lists.find((l) => l.uniqueName === TEAM_LEDGER_LIST);
  return (list?.items ?? []).flatMap((item) => {
    const data = item.data as { type?: string; row?: { id: string; state: string } };
    return data.type === 'run' && data.row ? [{ id: data.row.id, state: data.row.state }] : [];
  });
}

test('two admins: a run one starts appears live in the other’s history; of two starts on one person at the same moment exactly one proceeds; a removed operator cannot start', async ({ context, extensionId, sandbox }) => {
  const ana: Admin = { context, extensionId };
  const second = await launchWithExtension(sandbox);
  const ben: Admin = { context: second.context, extensionId: second.extensionId };
  try {
    await configureExtension(ana.context, ana.extensionId, sandbox);
    await configureExtension(ben.context, ben.extensionId, sandbox);
    const serviceSid = await turnOnTeamMode(ana, ANA);
    await turnOnTeamMode(ben, BEN, serviceSid);

    // Ben watches his history; Ana deprovisions someone.
    const benHistory = await runHistory(ben);
    await expect(benHistory.region).toContainText('No runs yet.');
    const first = personOf(sandbox, 'deprovisioned');
    const anaWindow = await deprovisionWindow(ana, first);
    await anaWindow.getByLabel(/^Type .+ to confirm$/).pressSequentially(first.email);
    await startButton(anaWindow).click();
    await expect(progress(anaWindow).getByRole('status')).toHaveText('Done', { timeout: 30_000 });
    const colleagueRow = benHistory.runs.getByRole('listitem').filter({ hasText: first.name });
    await expect(colleagueRow).toContainText(`by ${ANA}`);
    await expect(colleagueRow).toContainText('team');
    await expect(colleagueRow).toContainText('done');

    // Both preview the same person, both confirm, both press Deprovision at once.
    const contested = personOf(sandbox, 'suspended');
    const windows = await Promise.all([deprovisionWindow(ana, contested), deprovisionWindow(ben, contested)]);
    for (const page of windows) await page.getByLabel(/^Type .+ to confirm$/).pressSequentially(contested.email);
    await Promise.all(windows.map((page) => startButton(page).click()));
    const outcomes = await Promise.all(
      windows.map(async (page) => {
        const started = progress(page);
        const refused = page.getByText(/In progress by (ana|ben)@example\.com since/);
        await expect(started.or(refused).first()).toBeVisible({ timeout: 20_000 });
        return (await started.isVisible()) ? 'started' : 'refused';
      }),
    );
    expect([...outcomes].sort()).toEqual(['refused', 'started']);
    const winner = windows[outcomes.indexOf('started')]!;
    await expect(progress(winner).getByRole('status')).toHaveText('Done', { timeout: 30_000 });
    expect(workerDeletes(sandbox, contested)).toBe(1);

    // Ana keeps only herself on the shared list; Ben can no longer start a run.
    const settings = await SettingsPage.open(ana.context, ana.extensionId);
    const operators = settings.page.getByRole('group', { name: 'Approved operators (team)' }).or(settings.page.getByLabel('Approved operators (team)'));
    await operators.getByLabel('Approved operators (shared with the team)').fill(ANA);
    await operators.getByRole('button', { name: /^Save approved operators/ }).click();
    await expect(operators.getByText(/^Saved at/)).toBeVisible();
    const third = personOf(sandbox, 'staged');
    const benWindow = await deprovisionWindow(ben, third);
    await benWindow.getByLabel(/^Type .+ to confirm$/).pressSequentially(third.email);
    await startButton(benWindow).click();
    await expect(benWindow.getByText(`${BEN} is not on the approved operators list`, { exact: false })).toBeVisible({ timeout: 20_000 });
    await expect(progress(benWindow)).toHaveCount(0);
    expect(workerDeletes(sandbox, third)).toBe(0);
  } finally {
    await second.close();
  }
});

test('Sync unreachable during a run: the run completes here, the history says the team ledger is behind, and it catches up once Sync returns with one item for the run', async ({ context, extensionId, sandbox }) => {
  const ana: Admin = { context, extensionId };
  await configureExtension(ana.context, ana.extensionId, sandbox);
  const serviceSid = await turnOnTeamMode(ana, ANA);
  const p = personOf(sandbox, 'suspended');

  // The run's worker update is held in the browser until Sync has gone away.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  await context.route(new RegExp(`^https://${SANDBOX_HOSTS.taskrouter}/v1/Workspaces/[^/]+/Workers/${p.worker.sid}$`), async (route) => {
    if (route.request().method() === 'POST') {
      held();
      await released;
    }
    await route.continue();
  });

  const history = await runHistory(ana);
  const window = await deprovisionWindow(ana, p);
  await window.getByLabel(/^Type .+ to confirm$/).pressSequentially(p.email);
  await startButton(window).click();
  await holding;
  // The run has its lock and its first ledger item; now Sync is cut off, socket and REST alike.
  await expect.poll(() => ledgerRuns(sandbox, serviceSid).length).toBe(1);
  sandbox.faults.rules.push({ host: SANDBOX_HOSTS.sync, respond: 'drop' }, { host: TSOCK, respond: 'drop' });
  sandbox.realtime.dropConnections();
  release();

  await expect(progress(window).getByRole('status')).toHaveText('Done', { timeout: 30_000 });
  await expect(history.region.getByRole('status', { name: 'Team ledger' })).toContainText('Team ledger is behind by 1 run', { timeout: 20_000 });
  expect(ledgerRuns(sandbox, serviceSid).map((r) => r.state)).toEqual(['running']);

  // Sync returns: the ledger catches up, the banner goes, and the run is one item, done.
  sandbox.faults.rules.length = 0;
  await expect(history.region.getByRole('status', { name: 'Team ledger' })).toHaveCount(0, { timeout: 40_000 });
  expect(ledgerRuns(sandbox, serviceSid).map((r) => r.state)).toEqual(['done']);
});

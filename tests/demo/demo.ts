/**
 * `npm run demo`: builds the extension, starts the sandbox with a seeded org, configures the
 * extension for it and opens Chromium on the Console. With a display, Chromium stays open for you
 * to explore (Ctrl-C ends it). Without one (or with `--headless`), it walks through every surface
 * and writes screenshots to .output/demo-screenshots/, an ignored folder, so running the demo
 * leaves the checkout clean. `npm run demo -- --screenshots docs/screenshots` refreshes the ones
 * the README shows; `--skip-build` uses the build already in .output.
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { consoleWorkersUrl } from '../../sandbox/chromium';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { caseOf } from '../../sandbox/generate';
import { samlSsoUrl } from '../../sandbox/okta/saml';
import { findFlexApp } from '../../sandbox/pages/console';
import { appPath } from '../../sandbox/pages/okta-admin';
import { startSandbox } from '../../sandbox/server';
import { launchWithExtension } from '../e2e/fixtures';
import { shadowHosts } from '../e2e/shadow';
import { configureExtension } from './configure';
import { configureExtension as configureAsAdmin } from '../e2e/configure';
import { turnOnTeamMode } from '../e2e/team';
import { plantSso } from '../e2e/sso-switches';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: !process.env.DISPLAY },
    screenshots: { type: 'string', default: '.output/demo-screenshots' },
    /** Use the build already in .output (CI's second run, right after the first built it). */
    'skip-build': { type: 'boolean', default: false },
  },
});
const SCREENSHOTS = resolve(ROOT, values.screenshots);
const headless = values.headless;

if (!values['skip-build']) {
  console.log('Building the extension…');
  execSync('npx wxt build', { stdio: 'inherit' });
}

const sandbox = await startSandbox({ seed: 1, workers: 60, oktaUsers: 80 });
const browser = await launchWithExtension(sandbox, { headless });
const { context, extensionId } = browser;
console.log('Connecting the extension through its Settings page…');
const settingsPage = await configureExtension(context, extensionId, sandbox);

const ws = sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const consoleWorkers = consoleWorkersUrl(ws);

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`demo: gave up waiting for ${what}`);
}

async function shoot(page: Page, name: string, fullPage = false) {
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(`  ${relative(ROOT, path)}`);
}

if (!headless) {
  const page = await context.newPage();
  await page.goto(consoleWorkers);
  console.log('Chromium is open on the Console with the sandbox. Press Ctrl-C to stop.');
  await new Promise(() => undefined);
}

mkdirSync(SCREENSHOTS, { recursive: true });
console.log('Walking through every surface:');
await settingsPage.setViewportSize({ width: 900, height: 900 });
await shoot(settingsPage, 'options', true);
await settingsPage.close();
const page = await context.newPage();
const labelled = async (tag: string, min: number) => (await shadowHosts(page, tag)).filter((h) => !/Checking|Looking/.test(h.text)).length >= min;

const suspended = caseOf(sandbox.state, 'suspended');
await page.goto(`https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${ws}/workers/${suspended.workerSids[0]}`);
await until(() => labelled('flex-steward-card', 1), 'the worker detail card');
await shoot(page, 'console-worker-detail');

// The broken variant: its ACS URL names a neighbouring account, so the hints have something to say.
await page.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/flex/users-and-access/single-sign-on?variant=broken`);
await until(() => labelled('flex-steward-hint', 8), 'the SSO hints');
await shoot(page, 'flex-sso', true);

await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}${appPath(findFlexApp(sandbox.state)!)}`);
await until(() => labelled('flex-steward-card', 1), 'the Okta app card');
await shoot(page, 'okta-app');

await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${suspended.oktaUserIds[0]}`);
await until(() => labelled('flex-steward-card', 1), 'the Okta user card');
await shoot(page, 'okta-user');

await page.setViewportSize({ width: 512, height: 900 });
await page.goto(`chrome-extension://${extensionId}/popup.html`);
await page.getByRole('combobox', { name: 'Find a person' }).fill(suspended.email!);
await page.getByRole('button', { name: 'Look up' }).click();
await page.getByRole('region', { name: /Results for/ }).waitFor();
await shoot(page, 'popup');

await page.setViewportSize({ width: 900, height: 1100 });
await page.goto(`chrome-extension://${extensionId}/deprovision.html?workspace=${ws}&worker=${suspended.workerSids[0]}`);
await page.getByRole('region', { name: 'What will happen' }).waitFor();
await shoot(page, 'deprovision');
await page.getByLabel(/to confirm/).fill(suspended.email!);
await page.getByRole('button', { name: 'Deprovision', exact: true }).click();
await page.getByRole('region', { name: 'Run progress' }).getByRole('status').filter({ hasText: 'Done' }).waitFor();
await shoot(page, 'deprovision-done');

await page.setViewportSize({ width: 420, height: 760 });
await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
await page.getByRole('heading', { name: 'Run history' }).scrollIntoViewIfNeeded();
await shoot(page, 'sidepanel');

// The checker with the Flex SSO page open in a tab and one planted mistake in the Okta app.
plantSso(sandbox, { switches: ['okta-assertion-unsigned'] });
const ssoTab = await context.newPage();
await ssoTab.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/flex/users-and-access/single-sign-on?variant=legacy`);
await page.bringToFront();
await page.setViewportSize({ width: 480, height: 1200 });
await page.getByRole('button', { name: 'Re-check' }).click();
await page.locator('[data-rule="okta.assertion-signed"][data-severity="error"]').waitFor();
// From step 2 on: this account's values under the IdP's labels, then the Okta app's live check.
await page.getByLabel('Step 2: Update your identity provider').evaluate((step) => step.scrollIntoView({ block: 'start' }));
await shoot(page, 'sidepanel-sso');

// The login test: a working login, then one with the roles attribute statement removed in Okta.
sandbox.reseed();
const loginTest = page.getByLabel('Step 4: Validate').getByRole('region', { name: 'Login test' });
async function diagnoseLogin(name: string, verdict: 'pass' | 'fail') {
  await page.reload();
  await loginTest.getByRole('button', { name: 'Test a login' }).click();
  const okta = await context.newPage();
  await okta.goto(samlSsoUrl(findFlexApp(sandbox.state)!));
  await okta.waitForURL(/flex\.twilio\.com|twilio\.com/);
  await okta.close();
  await page.bringToFront();
  const diagnosis = loginTest.getByRole('region', { name: 'Diagnosis' });
  await diagnosis.and(page.locator(`[data-verdict="${verdict}"]`)).waitFor();
  await diagnosis.evaluate((region) => region.scrollIntoView({ block: 'start' }));
  await shoot(page, name);
  await loginTest.getByRole('button', { name: 'Disarm' }).click();
}
await diagnoseLogin('login-test-pass', 'pass');
plantSso(sandbox, { switches: ['okta-roles-missing'] });
await diagnoseLogin('login-test-fail', 'fail');

// The licence audit of the same workspace, with a seat price set in Settings so the totals say what they cost.
sandbox.reseed();
const options = await context.newPage();
await options.goto(`chrome-extension://${extensionId}/options.html#audit`);
await options.getByLabel('Seat price per month').fill('150');
await options.getByRole('region', { name: 'Licence audit' }).getByRole('button', { name: 'Save licence audit settings' }).click();
await options.getByRole('region', { name: 'Licence audit' }).getByRole('status').waitFor();
await options.close();
const panel = await context.newPage();
await panel.setViewportSize({ width: 720, height: 1200 });
await panel.goto(`chrome-extension://${extensionId}/sidepanel.html#audit`);
const audit = panel.getByRole('region', { name: 'Licence audit' });
await audit.getByRole('button', { name: 'Start audit' }).click();
await audit.getByRole('table', { name: 'Audited workers' }).waitFor();
await audit.evaluate((section) => section.scrollIntoView({ block: 'start' }));
await shoot(panel, 'sidepanel-audit');
const bulkOpening = context.waitForEvent('page');
await audit.getByRole('button', { name: /^Select all \d+ shown that can be freed$/ }).click();
await audit.getByRole('button', { name: /^Deprovision \d+ selected…$/ }).click();
const bulk = await bulkOpening;
await bulk.setViewportSize({ width: 680, height: 900 });
await bulk.getByRole('region', { name: 'What will happen' }).getByRole('heading', { level: 2 }).waitFor();
await shoot(bulk, 'bulk-preview');

// The worker list last, so its line above the list speaks of the audit just finished.
await page.setViewportSize({ width: 1280, height: 860 });
await page.goto(consoleWorkers);
await until(() => labelled('flex-steward-badge', 20), 'worker badges');
await until(async () => (await shadowHosts(page, 'flex-steward-card')).some((c) => c.attributes['data-feature'] === 'worker-list-summary' && c.text.includes('can be freed')), 'the licence audit line');
await shoot(page, 'console-worker-list');

// Team mode: a second admin (another Chromium profile) deprovisions someone; the first admin's
// history shows it live, and Settings shows the team's state.
await page.setViewportSize({ width: 900, height: 1100 });
const serviceSid = await turnOnTeamMode({ context, extensionId }, 'ana.admin@example.com');
const colleague = await launchWithExtension(sandbox, { headless });
await configureAsAdmin(colleague.context, colleague.extensionId, sandbox);
await turnOnTeamMode({ context: colleague.context, extensionId: colleague.extensionId }, 'ben.admin@example.com', serviceSid);
await page.setViewportSize({ width: 420, height: 760 });
await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
const staged = caseOf(sandbox.state, 'staged');
const theirs = await colleague.context.newPage();
await theirs.goto(`chrome-extension://${colleague.extensionId}/deprovision.html?workspace=${ws}&worker=${staged.workerSids[0]}`);
await theirs.getByLabel(/to confirm/).fill(staged.email!);
await theirs.getByRole('button', { name: 'Deprovision', exact: true }).click();
await theirs.getByRole('region', { name: 'Run progress' }).getByRole('status').filter({ hasText: 'Done' }).waitFor();
await page.getByRole('list', { name: 'Runs', exact: true }).getByText('by ben.admin@example.com').waitFor({ timeout: 20_000 });
await page.getByRole('heading', { name: 'Run history' }).scrollIntoViewIfNeeded();
await shoot(page, 'sidepanel-team');
await page.setViewportSize({ width: 900, height: 900 });
await page.goto(`chrome-extension://${extensionId}/options.html#team`);
const teamSection = page.getByRole('region', { name: 'Team mode' });
await teamSection.getByRole('status', { name: 'Team status' }).filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
await teamSection.evaluate((section) => section.scrollIntoView({ block: 'start' }));
await shoot(page, 'settings-team');
await colleague.close();

await browser.close();
await sandbox.close();
console.log('Demo done.');

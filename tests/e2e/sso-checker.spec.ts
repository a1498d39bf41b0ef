import type { BrowserContext, Page } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { samlIdpIssuer, samlSsoUrl } from '../../sandbox/okta/saml';
import { SSO_PATH } from '../../sandbox/pages/console';
import type { Sandbox } from '../../sandbox/server';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { plantSso } from './sso-switches';

/**
 * The side panel's SSO migration checker against the sandbox: this account's values, the Okta Flex
 * app's live check with its fix, the Flex SSO page's values read from an open Console tab, and the
 * migration date driving the icon's switch-back reminder.
 */

const flexApp = (sandbox: Sandbox) => sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;

async function openChecker(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(page.getByRole('button', { name: 'Re-check' })).toBeEnabled();
  return page;
}

test('with the legacy setup, the checker shows this account’s exact values, the Okta app check, Okta’s metadata and the open Flex SSO page, reading Okta three times', async ({ context, extensionId, sandbox, extensionErrors }) => {
  await configureExtension(context, extensionId, sandbox);
  const { accountSid } = sandbox.state.twilio.credentials;
  const app = flexApp(sandbox);
  const console = await context.newPage();
  await console.goto(`https://${SANDBOX_HOSTS.console}${SSO_PATH}`);
  const ssoFormValue = await console.getByLabel('SSO URL').inputValue();

  const panel = await openChecker(context, extensionId);
  const checker = panel.getByRole('region', { name: 'SSO migration checker' });
  await expect(checker).toContainText(`Account ${accountSid} (US1)`);

  const values = checker.getByRole('table', { name: 'This account’s values' });
  await expect(values.getByRole('row', { name: /Single sign on URL/ })).toContainText(`https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`);
  await expect(values.getByRole('row', { name: /Audience URI \(SP Entity ID\)/ })).toContainText(`https://iam.twilio.com/v1/Accounts/${accountSid}/saml2/metadata`);
  await expect(values.getByRole('button', { name: 'Copy legacy Single sign on URL' })).toBeVisible();

  const oktaCheck = checker.getByRole('region', { name: 'Okta app check' });
  await expect(oktaCheck).toContainText('Okta app Twilio Flex');
  await expect(oktaCheck.getByRole('link', { name: 'Open the Sign On tab' }).first()).toHaveAttribute('href', `https://${SANDBOX_HOSTS.oktaAdmin}/admin/app/${app.name}/instance/${app.id}/#tab-signon`);
  await expect(checker.getByLabel('Step 1: Select setup type')).toContainText('Recommended: Modify existing SSO connection. Okta admin access: yes');

  const step3 = checker.getByLabel('Step 3: Enter identity provider data');
  await expect(step3).toContainText(samlIdpIssuer(app));
  await expect(step3).toContainText(samlSsoUrl(app));
  await expect(step3).toContainText('-----BEGIN CERTIFICATE-----');
  await expect(checker.getByLabel('Step 4: Validate')).toContainText('Login test: not available yet.');

  // The values on the Console tab, read and shown, and the page itself left as it was.
  const onPage = checker.getByRole('region', { name: 'Flex single-sign-on page' });
  await expect(onPage).toContainText('Read from the legacy SAML form');
  await expect(onPage).toContainText(ssoFormValue);
  await expect(console.getByLabel('SSO URL')).toHaveValue(ssoFormValue);

  // Salesforce's checklist has seed 004's values for this account.
  await checker.getByRole('combobox', { name: 'Identity provider' }).selectOption('salesforce');
  const salesforce = checker.getByRole('list', { name: 'Salesforce checklist' });
  await expect(salesforce).toContainText('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
  await expect(values.getByRole('row', { name: /^ACS URL/ })).toContainText(`https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`);

  const oktaReads = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: new RegExp(`^/api/v1/apps/${app.id}`) }).map((r) => `${r.method} ${r.path}`);
  expect(oktaReads.sort()).toEqual([`GET /api/v1/apps/${app.id}`, `GET /api/v1/apps/${app.id}/credentials/keys`, `GET /api/v1/apps/${app.id}/sso/saml/metadata`].sort());
  expect(extensionErrors).toEqual([]);
});

test('without Okta, the Twilio side still shows and the panel says how to check the Flex app', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox, { okta: false });
  const panel = await openChecker(context, extensionId);
  const checker = panel.getByRole('region', { name: 'SSO migration checker' });
  await expect(checker.getByRole('table', { name: 'This account’s values' })).toContainText(sandbox.state.twilio.credentials.accountSid);
  await expect(checker.getByLabel('Step 2: Update your identity provider')).toContainText('Connect Okta in Settings to check the Flex app.');
  await expect(checker.getByLabel('Step 1: Select setup type')).toContainText('Recommended: Create new SSO connection.');
});

/**
 * Plants SSO mistakes through the sandbox's own control route (`POST /__sandbox/sso`, ids listed at
 * `GET /__sandbox/`), as a developer with curl would.
 */
test('planted misconfigurations of the Okta Flex app are reported with the exact value to set, after Re-check', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const { accountSid } = sandbox.state.twilio.credentials;
  const panel = await openChecker(context, extensionId);
  const oktaCheck = panel.getByRole('region', { name: 'Okta app check' });
  await expect(oktaCheck).toContainText('Okta app Twilio Flex');
  // Before: both signed and the ACS URL this account's (the legacy setup past Twilio's deadline is reported too, rightly).
  await expect(oktaCheck.locator('[data-rule="okta.assertion-signed"][data-severity="ok"]')).toHaveCount(1);
  await expect(oktaCheck.locator('[data-rule="okta.acs-url"][data-severity="ok"]')).toHaveCount(1);

  plantSso(sandbox, { switches: ['okta-assertion-unsigned', 'okta-acs-other-account'] });
  await panel.getByRole('button', { name: 'Re-check' }).click();
  const unsigned = oktaCheck.locator('[data-rule="okta.assertion-signed"][data-severity="error"]');
  await expect(unsigned).toContainText('not Signed');
  await expect(unsigned).toContainText('Expected: Signed');
  await expect(unsigned.getByRole('link', { name: 'Open the Sign On tab' })).toBeVisible();
  const acs = oktaCheck.locator('[data-rule="okta.acs-url"][data-severity="error"]');
  await expect(acs).toContainText(`Expected: https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`);
  await expect(acs.getByRole('button', { name: `Copy https://iam.twilio.com/v1/Accounts/${accountSid}/saml2` })).toBeVisible();
});

test('the migration date set in the panel shows the switch-back deadline, and the icon counts down its last week', async ({ context, extensionId, sandbox, serviceWorker }) => {
  await configureExtension(context, extensionId, sandbox);
  const panel = await openChecker(context, extensionId);
  const dates = panel.getByRole('region', { name: 'Migration date' });
  await expect(dates).toContainText('No migration recorded.');

  const migratedOn = new Date(Date.now() - 26 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await dates.getByLabel('Migrated on').fill(migratedOn);
  await dates.getByLabel('Setup type').selectOption('modify');
  await dates.getByRole('button', { name: 'Save date' }).click();
  await expect(dates).toContainText(`Migrated ${migratedOn} 00:00 UTC (set by you, modified the existing connection).`);
  await expect(dates).toContainText(/Switch-back window closes .*: [45] days left\./);
  const badge = () => serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
  await expect.poll(badge).toMatch(/^[45]d$/);

  await dates.getByRole('button', { name: 'Forget' }).click();
  await expect(dates).toContainText('No migration recorded.');
  await expect.poll(badge).toBe('');
});

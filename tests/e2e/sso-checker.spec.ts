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
  await expect(checker.getByLabel('Step 4: Validate').getByRole('button', { name: 'Test a login' })).toBeEnabled();

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

/**
 * Every planted mistake the sandbox offers, and the rule that must report it with a fix: the Okta
 * ones in the live Okta app check, the Flex page ones among the values read from the open Console tab.
 */
const PLANTED: readonly { switchId: string; where: 'Okta app check' | 'Flex single-sign-on page'; rule: string }[] = [
  { switchId: 'okta-acs-other-account', where: 'Okta app check', rule: 'okta.acs-url' },
  { switchId: 'okta-preview-urls', where: 'Okta app check', rule: 'okta.acs-url' },
  { switchId: 'okta-audience-other-generation', where: 'Okta app check', rule: 'okta.audience' },
  { switchId: 'okta-recipient-mismatch', where: 'Okta app check', rule: 'okta.recipient' },
  { switchId: 'okta-response-unsigned', where: 'Okta app check', rule: 'okta.response-signed' },
  { switchId: 'okta-assertion-unsigned', where: 'Okta app check', rule: 'okta.assertion-signed' },
  { switchId: 'okta-sha1', where: 'Okta app check', rule: 'okta.signature-algorithm' },
  { switchId: 'okta-assertion-encrypted', where: 'Okta app check', rule: 'okta.encryption' },
  { switchId: 'okta-roles-missing', where: 'Okta app check', rule: 'okta.attribute.roles' },
  { switchId: 'okta-roles-namespaced', where: 'Okta app check', rule: 'okta.attribute.roles' },
  { switchId: 'okta-role-typo', where: 'Okta app check', rule: 'okta.attribute.roles-values' },
  { switchId: 'okta-name-id-x509', where: 'Okta app check', rule: 'okta.name-id-format' },
  { switchId: 'okta-acs-override', where: 'Okta app check', rule: 'okta.acs-url' },
  { switchId: 'flex-certificate-expired', where: 'Flex single-sign-on page', rule: 'certificate.expiry' },
  { switchId: 'flex-certificate-1024', where: 'Flex single-sign-on page', rule: 'certificate.key-size' },
  { switchId: 'flex-certificate-sha1', where: 'Flex single-sign-on page', rule: 'certificate.signature-algorithm' },
  { switchId: 'flex-certificate-inactive', where: 'Flex single-sign-on page', rule: 'certificate.okta-match' },
  { switchId: 'flex-issuer-trailing-space', where: 'Flex single-sign-on page', rule: 'issuer.whitespace' },
  { switchId: 'flex-sso-url-trailing-slash', where: 'Flex single-sign-on page', rule: 'sso-url.okta-metadata' },
  { switchId: 'flex-sso-url-http', where: 'Flex single-sign-on page', rule: 'sso-url.scheme' },
  { switchId: 'flex-sso-url-other-app', where: 'Flex single-sign-on page', rule: 'sso-url.okta-metadata' },
];

test('each mistake the sandbox can plant is reported in the checker with its fix', async ({ context, extensionId, sandbox }) => {
  test.setTimeout(120_000);
  await configureExtension(context, extensionId, sandbox);
  const consoleTab = await context.newPage();
  await consoleTab.goto(`https://${SANDBOX_HOSTS.console}${SSO_PATH}?variant=legacy`);
  const panel = await openChecker(context, extensionId);
  const checker = panel.getByRole('region', { name: 'SSO migration checker' });
  const recheck = async (switches: string[]) => {
    sandbox.reseed();
    plantSso(sandbox, { switches });
    await consoleTab.reload();
    await panel.getByRole('button', { name: 'Re-check' }).click();
  };
  for (const { switchId, where, rule } of PLANTED) {
    const reported = checker.getByRole('region', { name: where }).locator(`[data-rule="${rule}"]:is([data-severity="error"], [data-severity="warning"])`);
    // Clean world first: the rule is silent, so what follows cannot be left over from the last switch.
    await recheck([]);
    await expect(reported, `${rule} is silent without ${switchId}`).toHaveCount(0);
    await recheck([switchId]);
    await expect(reported, `${switchId} → ${rule}`).not.toHaveCount(0);
    await expect(reported.first().locator('.fix'), `${switchId} → ${rule} has a fix`).not.toBeEmpty();
  }
});

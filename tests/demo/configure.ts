import { expect, type BrowserContext } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';

/**
 * Connects the extension to the sandbox the way an admin does: through the Settings page, by the
 * labels a person reads. Leaves the page open on Settings so the demo can photograph it.
 */
export async function configureExtension(context: BrowserContext, extensionId: string, sandbox: Sandbox) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);

  await page.getByLabel('A device key, no passphrase.', { exact: false }).check();
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByText('Unlocked', { exact: true })).toBeVisible();

  const okta = page.locator('#okta');
  await okta.getByLabel('Okta org URL').fill(`https://${SANDBOX_HOSTS.oktaAdmin}`);
  await okta.getByLabel('API token.', { exact: false }).check();
  await okta.getByLabel('Okta API token').fill(sandbox.state.okta.apiTokens[0]!);
  await okta.getByRole('button', { name: 'Test Okta connection' }).click();
  await expect(okta.getByText('Connection works.')).toBeVisible({ timeout: 20_000 });

  const twilio = page.locator('#twilio');
  const { credentials } = sandbox.state.twilio;
  await twilio.getByLabel('Twilio Account SID').fill(credentials.accountSid);
  await twilio.getByLabel('API key SID').fill(credentials.apiKeySid);
  await twilio.getByLabel('API key secret').fill(credentials.apiKeySecret);
  await twilio.getByRole('button', { name: 'Test Twilio connection' }).click();
  await expect(twilio.getByText('Connection works.')).toBeVisible({ timeout: 20_000 });

  // Who is at the keyboard, so the finished run in the screenshots names its operator.
  const runs = page.locator('#runs');
  await runs.getByLabel('You are', { exact: false }).fill('ana.admin@example.com');
  await runs.getByRole('button', { name: 'Save deprovisioning settings' }).click();
  await expect(runs.getByRole('status').filter({ hasText: /^Saved at / })).toBeVisible();
  return page;
}

import type { BrowserContext } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { expect } from './fixtures';
import { SettingsPage } from './settings-page';

/**
 * Connects the extension to the sandbox the way an admin does, through the Settings page: a
 * device-key vault (no passphrase to type), an Okta API token and a Twilio API key, each followed by
 * its connection test, which is what chooses the Flex app and the Flex workspace. Either side can be
 * left out to see what pages show before it is connected.
 *
 * Forgets the requests configuring made, so a test's request counts are its page's alone.
 */
export async function configureExtension(context: BrowserContext, extensionId: string, sandbox: Sandbox, { okta = true, twilio = true } = {}): Promise<void> {
  const settings = await SettingsPage.open(context, extensionId);
  await settings.security.getByRole('radio', { name: /^A device key, no passphrase\./ }).check();
  await settings.security.getByRole('button', { name: 'Create vault' }).click();
  await expect(settings.security).toContainText('Unlocked Protected by a device key.');
  if (okta) {
    await settings.saveOktaToken(`https://${SANDBOX_HOSTS.okta}`, sandbox.state.okta.apiTokens[0]!);
    await settings.testConnection('Okta');
    await expect(settings.report('Okta')).toContainText('Connection works.');
  }
  if (twilio) {
    const { accountSid, apiKeySid, apiKeySecret } = sandbox.state.twilio.credentials;
    await settings.saveTwilioApiKey(accountSid, apiKeySid, apiKeySecret);
    await settings.testConnection('Twilio');
    await expect(settings.report('Twilio')).toContainText('Connection works.');
  }
  await settings.page.close();
  sandbox.clearRequests();
}

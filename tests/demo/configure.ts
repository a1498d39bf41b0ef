import type { BrowserContext } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';

/**
 * Connects the extension to the sandbox the way an admin would: through the Settings page.
 */
export async function configureExtension(context: BrowserContext, extensionId: string, sandbox: Sandbox): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  // Until the Settings form exists, store the non-secret settings the way it will.
  await page.evaluate(
    ({ orgUrl, accountSid }) => chrome.storage.local.set({ settings: { okta: { orgUrl }, twilio: { accountSid } } }),
    { orgUrl: `https://${SANDBOX_HOSTS.okta}`, accountSid: sandbox.state.twilio.credentials.accountSid },
  );
  await page.close();
}

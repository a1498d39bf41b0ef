import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * The settings page as an admin sees it: each section found by its heading, each control by its
 * label or role, so a test breaks when a control loses its accessible name.
 */
export class SettingsPage {
  readonly security: Locator;
  readonly okta: Locator;
  readonly twilio: Locator;
  readonly backup: Locator;

  private constructor(readonly page: Page) {
    this.security = page.getByRole('region', { name: 'Security' });
    this.okta = page.getByRole('region', { name: 'Okta' });
    this.twilio = page.getByRole('region', { name: 'Twilio' });
    this.backup = page.getByRole('region', { name: 'Export and import' });
  }

  static async open(context: BrowserContext, extensionId: string): Promise<SettingsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    const settings = new SettingsPage(page);
    await expect(settings.security).toBeVisible();
    return settings;
  }

  async createVault(passphrase: string): Promise<void> {
    await this.security.getByLabel('Vault passphrase').fill(passphrase);
    await this.security.getByLabel('Confirm passphrase').fill(passphrase);
    await this.security.getByRole('button', { name: 'Create vault' }).click();
    await expect(this.security.getByRole('status')).toHaveText(/The vault is ready/);
  }

  /** The organisation URL and an API token, saved. */
  async saveOktaToken(orgUrl: string, token: string): Promise<void> {
    await this.okta.getByLabel('Okta org URL').fill(orgUrl);
    await this.okta.getByRole('radio', { name: /^API token/ }).check();
    await this.okta.getByLabel('Okta API token').fill(token);
    await this.saveOkta();
  }

  /** The organisation URL and an OAuth service app, saved. */
  async saveOktaServiceApp(orgUrl: string, clientId: string, privateKey: string): Promise<void> {
    await this.okta.getByLabel('Okta org URL').fill(orgUrl);
    await this.okta.getByRole('radio', { name: /^OAuth 2\.0 service app/ }).check();
    await this.okta.getByLabel('OAuth client ID').fill(clientId);
    await this.okta.getByLabel('Private key (JWK or PEM)').fill(privateKey);
    await this.saveOkta();
  }

  async saveOkta(): Promise<void> {
    await this.okta.getByRole('button', { name: 'Save Okta settings' }).click();
    await expect(savedNote(this.okta)).toBeVisible();
  }

  async saveTwilioApiKey(accountSid: string, apiKeySid: string, secret: string): Promise<void> {
    await this.twilio.getByLabel('Twilio Account SID').fill(accountSid);
    await this.twilio.getByLabel('API key SID').fill(apiKeySid);
    await this.twilio.getByLabel('API key secret').fill(secret);
    await this.saveTwilio();
  }

  async saveTwilio(): Promise<void> {
    await this.twilio.getByRole('button', { name: 'Save Twilio settings' }).click();
    await expect(savedNote(this.twilio)).toBeVisible();
  }

  /**
   * Runs a connection test and waits until it has finished: the button reads "Testing…" from the
   * click until the answer is in.
   */
  async testConnection(side: 'Okta' | 'Twilio'): Promise<void> {
    const section = side === 'Okta' ? this.okta : this.twilio;
    await section.getByRole('button', { name: `Test ${side} connection` }).click();
    await expect(section.getByRole('button', { name: `Test ${side} connection` })).toBeEnabled({ timeout: 30_000 });
  }

  report(side: 'Okta' | 'Twilio'): Locator {
    return (side === 'Okta' ? this.okta : this.twilio).getByRole('status', { name: `${side} connection test` });
  }

  /** Each check of the last test, as its text: "✓" or "✗", the label, and any detail. */
  checks(side: 'Okta' | 'Twilio'): Locator {
    return this.report(side).getByRole('listitem');
  }
}

/** "Saved at 2026-12-01 10:42 UTC", shown beside a section's buttons once its settings are stored. */
export const savedNote = (section: Locator) => section.getByRole('status').filter({ hasText: /^Saved at / });

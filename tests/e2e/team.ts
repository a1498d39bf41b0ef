import type { BrowserContext } from '@playwright/test';
import { expect } from './fixtures';
import { SettingsPage } from './settings-page';

/** One admin: a Chromium profile with Flex Steward, as team-mode tests and the demo drive it. */
export interface Admin {
  context: BrowserContext;
  extensionId: string;
}

/** "You are" under Deprovisioning, saved. */
async function setOperator(settings: SettingsPage, email: string): Promise<void> {
  const runs = settings.page.getByRole('region', { name: 'Deprovisioning' });
  await runs.getByLabel('You are (recorded in the run history)').fill(email);
  await runs.getByRole('button', { name: 'Save deprovisioning settings' }).click();
  await expect(runs.getByText(/^Saved at/)).toBeVisible();
}

/** Settings → Team mode: on, with the given Sync Service or one made by "Create one for me"; answers its SID. */
export async function turnOnTeamMode({ context, extensionId }: Admin, operator: string, serviceSid?: string): Promise<string> {
  const settings = await SettingsPage.open(context, extensionId);
  await setOperator(settings, operator);
  const team = settings.page.getByRole('region', { name: 'Team mode' });
  await team.getByRole('checkbox', { name: /^Team mode: share runs/ }).check();
  const sidField = team.getByLabel('Sync Service SID');
  if (serviceSid) await sidField.fill(serviceSid);
  else {
    await team.getByRole('button', { name: 'Create one for me' }).click();
    await expect(team.getByText(/^Created Flex Steward \(IS[0-9a-f]{32}\)\. Save to use it\.$/)).toBeVisible();
  }
  const sid = await sidField.inputValue();
  await team.getByRole('button', { name: 'Save team settings' }).click();
  await expect(team.getByRole('status', { name: 'Team status' })).toHaveText('Live — team ledger up to date', { timeout: 20_000 });
  await settings.page.close();
  return sid;
}


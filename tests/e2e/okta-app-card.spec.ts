import type { Page } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { appPath } from '../../sandbox/pages/okta-admin';
import { findFlexApp } from '../../sandbox/pages/console';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { shadowHosts } from './shadow';

const appCard = async (page: Page) => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === 'okta-app-sso-card');
const appCardText = async (page: Page) => (await appCard(page))?.text ?? '(no card)';

test('on the Flex app’s General and Sign On tabs a card says the app fits this account’s Flex connection; other apps get one line, the Assignments tab nothing', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const flex = findFlexApp(sandbox.state)!;
  const page = await context.newPage();

  await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}${appPath(flex)}`);
  await expect.poll(() => appCardText(page)).toContain('This app’s SAML settings fit this Twilio account’s Flex connection.');
  const general = await appCardText(page);
  expect(general).toContain(`Checked against AC…${sandbox.state.twilio.credentials.accountSid.slice(-4)} and the Okta app ${flex.label}.`);
  // Each thing checked is listed with its verdict (icon and word) and the Okta field it is about.
  expect(general).toMatch(/✓OK · Okta: /);
  expect(general).not.toMatch(/Warning|Error/);

  await page.getByRole('tab', { name: 'Sign On' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Sign On' })).toBeVisible();
  await expect.poll(() => appCardText(page)).toContain('fit this Twilio account’s Flex connection');

  await page.getByRole('tab', { name: 'Assignments' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Assignments' })).toBeVisible();
  await expect.poll(() => appCardText(page)).toBe('(no card)');

  const slack = sandbox.state.okta.apps.find((a) => a.name === 'slack')!;
  await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}${appPath(slack)}`);
  await expect.poll(() => appCardText(page)).toMatch(/^Flex Steward: not the Flex app/);
});

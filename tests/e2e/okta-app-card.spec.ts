import type { Page } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { appPath } from '../../sandbox/pages/okta-admin';
import { findFlexApp } from '../../sandbox/pages/console';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { shadowHosts } from './shadow';
import { plantSso } from './sso-switches';

const appCard = async (page: Page) => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === 'okta-app-sso-card');
const appCardText = async (page: Page) => (await appCard(page))?.text ?? '(no card)';

test('on the Flex app’s General and Sign On tabs a card says the app fits this account’s Flex connection; other apps get one line, the Assignments tab nothing', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const flex = findFlexApp(sandbox.state)!;
  // Migrated to the enhanced connection, with the Okta app pointing at it: nothing to change.
  plantSso(sandbox, { migrated: { daysAgo: 3, setupType: 'modify' } });
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

test('on a legacy connection the card says it is past the deadline, and a planted mistake is named with the Okta field and value to set', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const flex = findFlexApp(sandbox.state)!;
  plantSso(sandbox, { switches: ['okta-roles-missing'] });
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}${appPath(flex)}`);
  await expect.poll(() => appCardText(page)).toMatch(/^Flex Steward · Flex single sign-on2 problems: /);
  const text = await appCardText(page);
  expect(text).toContain('✕Error · Okta: Single sign on URL: The legacy iam.twilio.com connection is past Twilio\'s migration deadline of 31 March 2026');
  expect(text).toMatch(/✕Error · Okta: Attribute Statements: [^✓✕!]*roles/);
});

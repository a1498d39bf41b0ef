import type { Page, Worker } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { SSO_PATH } from '../../sandbox/pages/console';
import type { Sandbox } from '../../sandbox/server';
import { configureExtension } from './configure';
import { expect, test as base } from './fixtures';
import { clickNode, shadowHosts } from './shadow';

const ssoUrl = (query: string) => `https://${SANDBOX_HOSTS.console}${SSO_PATH}${query}`;
const accountSid = (sandbox: Sandbox) => sandbox.state.twilio.credentials.accountSid;
const shortAccount = (sandbox: Sandbox) => `AC…${accountSid(sandbox).slice(-4)}`;

const LEGACY_FIELDS = ['friendlyName', 'ssoUrl', 'certificate', 'issuer', 'redirectUrl', 'trustedDomains', 'entityId', 'acsUrl'];
const STEP_3_FIELDS = ['friendlyName', 'ssoUrl', 'certificate', 'issuer', 'redirectUrl', 'trustedDomains', 'domainRedirectUrl'];

/** A hint's state as its icon and word say it (CDP's text drops whitespace-only nodes: "✓OK: …"). */
function stateOf(text: string): 'checking' | 'ok' | 'warning' | 'error' | 'unchecked' | 'unreadable' {
  if (text.startsWith('Checking')) return 'checking';
  const word = /^\S?\s*(OK|Warning|Error|Nothing to check)\b/.exec(text)?.[1];
  return word === 'OK' ? 'ok' : word === 'Warning' ? 'warning' : word === 'Error' ? 'error' : word ? 'unchecked' : 'unreadable';
}

/** Every hint on the page by field, with its text; hints are in closed shadow roots, read through CDP. */
async function hints(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries((await shadowHosts(page, 'flex-steward-hint')).map((h) => [h.attributes['data-field'], h.text]));
}

/** The fields with a settled hint (answered, not "Checking…"), in page order. */
async function settledFields(page: Page): Promise<string[]> {
  const found = await shadowHosts(page, 'flex-steward-hint');
  return found.every((h) => !['checking', 'unreadable'].includes(stateOf(h.text))) ? found.map((h) => h.attributes['data-field']!) : ['(not settled)'];
}

const summary = async (page: Page) => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === 'flex-sso-hints')?.text ?? '';

/** The label of the field row each hint sits in: proof it is next to the field it speaks of. */
const hintRows = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('flex-steward-hint')].map((h) => [h.dataset.field, h.parentElement?.querySelector('label')?.textContent?.trim()]));

/** Every control whose value or checked state differs from what the page was served with. */
const changedSinceLoad = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')]
      .filter((el) => (el instanceof HTMLInputElement && ['checkbox', 'radio'].includes(el.type) ? el.checked !== el.defaultChecked : el.value !== el.defaultValue))
      .map((el) => el.id || el.name),
  );

const allValues = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((el) => [el.id, el.value]));

/** The `sso.checkPage` messages content scripts send, recorded in the service worker beside the real handler. */
async function recordChecks(serviceWorker: Worker): Promise<() => Promise<{ values: Record<string, string> }[]>> {
  await serviceWorker.evaluate(() => {
    const recorded: unknown[] = [];
    (globalThis as { ssoChecks?: unknown[] }).ssoChecks = recorded;
    chrome.runtime.onMessage.addListener((message: { command?: string; payload?: { page?: unknown } }) => {
      if (message?.command === 'sso.checkPage') recorded.push(message.payload?.page);
    });
  });
  return () => serviceWorker.evaluate(() => (globalThis as unknown as { ssoChecks: { values: Record<string, string> }[] }).ssoChecks);
}

const test = base.extend<{ configured: void }>({
  configured: async ({ context, extensionId, sandbox }, use) => {
    await configureExtension(context, extensionId, sandbox);
    await use();
  },
});

test('on the legacy, preview and broken forms a hint sits under each field, the summary says what was checked, and no value changes', async ({ context, sandbox, configured }) => {
  void configured;
  const page = await context.newPage();
  for (const variant of ['legacy', 'preview', 'broken']) {
    await page.goto(ssoUrl(`?variant=${variant}`));
    await expect.poll(() => settledFields(page), { message: variant }).toEqual(LEGACY_FIELDS);
    expect(await hintRows(page)).toEqual([
      ['friendlyName', 'Friendly Name'],
      ['ssoUrl', 'SSO URL'],
      ['certificate', 'X.509 Certificate'],
      ['issuer', 'Identity Provider Issuer'],
      ['redirectUrl', 'Default Redirect URL'],
      ['trustedDomains', 'Trusted Domains'],
      ['entityId', 'Entity ID'],
      ['acsUrl', 'ACS URL'],
    ]);
    const text = await summary(page);
    expect(text).toContain('Legacy SAML 2.0 form.');
    expect(text).toContain(`Checked against ${shortAccount(sandbox)}`);
    expect(await changedSinceLoad(page)).toEqual([]);
  }
});

test('the hints follow the set-up workflow through each step, for modify and for create, and never touch its fields', async ({ context, configured }) => {
  void configured;
  const page = await context.newPage();
  // Each step loaded directly, as a shared link would open it.
  for (const [step, fields] of [[1, []], [2, ['entityId', 'acsUrl']], [3, STEP_3_FIELDS], [4, []]] as const) {
    await page.goto(ssoUrl(`?variant=enhanced&step=${step}`));
    await expect.poll(() => summary(page)).toContain(`step ${step}:`);
    await expect.poll(() => settledFields(page), { message: `step ${step}` }).toEqual(fields);
  }

  // Then walked through, as an admin does: the workflow shows and hides its steps in place.
  await page.goto(ssoUrl('?variant=enhanced'));
  const main = page.getByRole('main');
  await expect.poll(() => summary(page)).toContain('step 1: Select setup type (modifying the existing SSO connection)');
  await main.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect.poll(() => summary(page)).toContain('step 2: Update your identity provider (modifying the existing SSO connection)');
  await expect.poll(() => settledFields(page)).toEqual(['entityId', 'acsUrl']);
  expect(await hintRows(page)).toEqual([
    ['entityId', 'Entity ID'],
    ['acsUrl', 'ACS URL'],
  ]);
  await main.getByRole('checkbox', { name: /I confirm/ }).check();
  await main.getByRole('button', { name: 'Save and Continue' }).click();
  // Modifying skips step 3: Flex keeps the IdP data of the legacy connection.
  await expect.poll(() => summary(page)).toContain('step 4: Validate successful connection in Flex');
  await expect.poll(() => settledFields(page)).toEqual([]);

  await main.getByRole('button', { name: 'Back' }).click();
  await main.getByRole('button', { name: 'Back' }).click();
  await main.getByRole('radio', { name: /Create new SSO connection/ }).check();
  await expect.poll(() => summary(page)).toContain('step 1: Select setup type (creating a new SSO connection)');
  await main.getByRole('button', { name: 'Continue', exact: true }).click();
  await main.getByRole('button', { name: 'Save and Continue' }).click();
  await expect.poll(() => summary(page)).toContain('step 3: Enter identity provider data (creating a new SSO connection)');
  await expect.poll(() => settledFields(page)).toEqual(STEP_3_FIELDS);
  expect((await hintRows(page)).map(([, label]) => label)).toEqual(['Friendly Name', 'SSO URL', 'X.509 Certificate', 'Identity Provider Issuer', 'Default Redirect URL', 'Trusted domains', 'Domain redirect URL']);
  await main.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => summary(page)).toContain('step 4: Validate successful connection in Flex (creating a new SSO connection)');
  await expect.poll(() => settledFields(page)).toEqual([]);

  // What differs from the served page is what the test clicked, nothing else.
  expect((await changedSinceLoad(page)).sort()).toEqual(['', 'setupType', 'setupType'].sort());
});

test('typing sends the page’s new values for checking once the admin pauses, and changes nothing but what was typed', async ({ context, serviceWorker, configured }) => {
  void configured;
  const checks = await recordChecks(serviceWorker);
  const page = await context.newPage();
  await page.goto(ssoUrl('?variant=legacy'));
  await expect.poll(() => settledFields(page)).toEqual(LEGACY_FIELDS);
  await expect.poll(async () => (await checks()).length).toBe(1);
  const before = await allValues(page);

  const field = page.getByLabel('Identity Provider Issuer', { exact: true });
  const original = await field.inputValue();
  await field.press('End');
  await field.pressSequentially('-and-more', { delay: 40 });
  await expect.poll(async () => (await checks()).at(-1)?.values.issuer).toBe(`${original}-and-more`);
  // One check per pause in typing, not one per key.
  expect((await checks()).length).toBeLessThan(1 + '-and-more'.length);
  await expect.poll(() => settledFields(page)).toEqual(LEGACY_FIELDS);

  const after = await allValues(page);
  const issuerId = await field.getAttribute('id');
  expect(after.filter(([id]) => id !== issuerId)).toEqual(before.filter(([id]) => id !== issuerId));
  expect(after.find(([id]) => id === issuerId)?.[1]).toBe(`${original}-and-more`);
});

test('without a Twilio account connected, the summary says so and its button opens Settings; the hints point to it', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox, { twilio: false });
  const page = await context.newPage();
  await page.goto(ssoUrl('?variant=legacy'));
  await expect.poll(() => summary(page)).toContain('No Twilio account is connected');
  await expect.poll(() => settledFields(page)).toEqual(LEGACY_FIELDS);
  expect(Object.values(await hints(page)).map(stateOf)).toEqual(LEGACY_FIELDS.map(() => 'unchecked'));
  expect((await hints(page)).ssoUrl).toContain('see Flex Steward’s summary at the top of the page');

  const card = (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === 'flex-sso-hints')!;
  const opening = context.waitForEvent('page');
  await clickNode(page, card.buttons.find((b) => b.name === 'Open Settings')!.backendNodeId);
  const settings = await opening;
  expect(new URL(settings.url())).toMatchObject({ pathname: '/options.html', hash: '#twilio' });
});

// The severities come from the rules in lib/sso/ (checkFlexPage): these hold once they are in.
test('a hint turns to an error as the admin types a mistake, and back to OK when it is fixed', async ({ context, sandbox, configured }) => {
  void configured;
  const page = await context.newPage();
  await page.goto(ssoUrl('?variant=legacy'));
  await expect.poll(async () => stateOf((await hints(page)).ssoUrl ?? '')).toBe('ok');

  const sso = page.getByLabel('SSO URL', { exact: true });
  const good = await sso.inputValue();
  await sso.press('End');
  await sso.pressSequentially(' ');
  // A space in it and the URL never matches (lib/sso/idp-values.ts): an error, with the value without it to copy.
  await expect.poll(async () => stateOf((await hints(page)).ssoUrl ?? '')).toBe('error');
  const flagged = (await shadowHosts(page, 'flex-steward-hint')).find((h) => h.attributes['data-field'] === 'ssoUrl')!;
  // The copy button puts the value on the clipboard; the field keeps what the admin typed.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `https://${SANDBOX_HOSTS.console}` });
  await clickNode(page, flagged.buttons.find((b) => b.name === `Copy ${good}`)!.backendNodeId);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(good);
  expect(await sso.inputValue()).toBe(`${good} `);
  await sso.press('End');
  await sso.press('Backspace');
  await expect.poll(async () => stateOf((await hints(page)).ssoUrl ?? '')).toBe('ok');

  // Another Okta app's issuer is not the one the Flex app's metadata gives.
  const issuer = page.getByLabel('Identity Provider Issuer', { exact: true });
  const goodIssuer = await issuer.inputValue();
  await issuer.fill('http://www.okta.com/exk0ther0app0issuer0');
  await expect.poll(async () => stateOf((await hints(page)).issuer ?? '')).toMatch(/^(warning|error)$/);
  await issuer.fill(goodIssuer);
  await expect.poll(async () => stateOf((await hints(page)).issuer ?? '')).toBe('ok');

  // The broken variant's ACS URL names a neighbouring account: an error, with this account's URL to copy.
  await page.goto(ssoUrl('?variant=broken'));
  await expect.poll(async () => stateOf((await hints(page)).acsUrl ?? '')).toBe('error');
  expect((await hints(page)).acsUrl).toContain(`https://iam.twilio.com/v1/Accounts/${accountSid(sandbox)}/saml2`);
  await expect.poll(() => summary(page)).toMatch(/\d+ problems?: /);
});

// The page after migration ("New connection saved", sandbox `?variant=migrated`).
test('after migration the summary says so and the new connection’s fields get their hints', async ({ context, configured }) => {
  void configured;
  const page = await context.newPage();
  await page.goto(ssoUrl('?variant=migrated'));
  await expect.poll(() => summary(page)).toContain('New connection saved');
  await expect.poll(async () => (await settledFields(page)).filter((f) => f === 'entityId' || f === 'acsUrl')).toEqual(['entityId', 'acsUrl']);
  expect((await hintRows(page)).filter(([field]) => field === 'entityId' || field === 'acsUrl')).toEqual([
    ['entityId', 'Entity ID'],
    ['acsUrl', 'ACS URL'],
  ]);
  expect(await changedSinceLoad(page)).toEqual([]);
});

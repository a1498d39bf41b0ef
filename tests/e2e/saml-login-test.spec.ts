import type { BrowserContext, Page } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { samlSsoUrl } from '../../sandbox/okta/saml';
import { SSO_PATH } from '../../sandbox/pages/console';
import type { Sandbox } from '../../sandbox/server';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { stopServiceWorker } from './service-worker';
import { clickNode, shadowHosts } from './shadow';
import { plantSso } from './sso-switches';

/**
 * The SAML login test against the sandbox: armed from the side panel, an IdP-initiated login (the
 * sandbox Okta's Flex app auto-posts a signed SAMLResponse to the ACS URL it is configured with) is
 * captured and diagnosed; a pasted response and a dropped HAR are diagnosed the same way; disarming
 * discards what was captured.
 */

const flexApp = (sandbox: Sandbox) => sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;

async function openPanel(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(page.getByRole('button', { name: 'Re-check' })).toBeEnabled();
  return page;
}

const loginTest = (panel: Page) => panel.getByLabel('Step 4: Validate').getByRole('region', { name: 'Login test' });

/** Opens the Okta Flex app the way the Okta dashboard does; resolves with the SAMLResponse the browser posted to Flex's ACS URL. */
async function loginThroughOkta(context: BrowserContext, sandbox: Sandbox): Promise<{ samlResponse: string; acsUrl: string; page: Page }> {
  const page = await context.newPage();
  const posted = page.waitForRequest((r) => r.method() === 'POST' && new URLSearchParams(r.postData() ?? '').has('SAMLResponse'));
  await page.goto(samlSsoUrl(flexApp(sandbox)));
  const request = await posted;
  return { samlResponse: new URLSearchParams(request.postData()!).get('SAMLResponse')!, acsUrl: request.url(), page };
}

/** Sends a command the way an extension page does, from a page that does not take captures itself. */
const ask = (page: Page, command: string, payload: object = {}) => page.evaluate(async ([c, p]) => chrome.runtime.sendMessage({ command: c, payload: p }), [command, payload] as const);

test('armed from the side panel, an IdP-initiated login is captured, diagnosed as working, and shown once', async ({ context, extensionId, sandbox, extensionErrors }) => {
  await configureExtension(context, extensionId, sandbox);
  const panel = await openPanel(context, extensionId);
  const test = loginTest(panel);
  await test.getByRole('button', { name: 'Test a login' }).click();
  await expect(test.getByRole('status', { name: 'Capture' })).toContainText(/Armed — sign in to Flex with SSO .*; (10:00|9:\d\d) left\./);

  const { acsUrl } = await loginThroughOkta(context, sandbox);
  expect(acsUrl).toBe(`https://iam.twilio.com/v1/Accounts/${sandbox.state.twilio.credentials.accountSid}/saml2`);
  const diagnosis = test.getByRole('region', { name: 'Diagnosis' });
  await expect(diagnosis).toHaveAttribute('data-verdict', 'pass');
  await expect(diagnosis.getByRole('status')).toContainText('This login would work: Flex would sign in');
  await expect(diagnosis).toContainText(`Captured as posted to ${acsUrl}`);
  await expect(diagnosis.getByLabel('Flex user')).toContainText('Roles');
  await expect(diagnosis.getByLabel('Existing worker')).toBeVisible();

  // Shown once: the background kept nothing, and a panel opened now shows no diagnosis.
  expect(await ask(panel, 'saml.status')).toMatchObject({ ok: true, data: { armed: true, captured: 0 } });
  const again = await openPanel(context, extensionId);
  await expect(loginTest(again).getByRole('status', { name: 'Capture' })).toContainText('Armed');
  await expect(loginTest(again).getByRole('region', { name: 'Diagnosis' })).toHaveCount(0);
  expect(extensionErrors).toEqual([]);
});

test('a planted broken login fails with its fix; the capture works with the panel closed and the service worker stopped', async ({ context, extensionId, sandbox }) => {
  // Chrome can take a while to report the worker stopped, and to start it again for the login.
  test.setTimeout(150_000);
  await configureExtension(context, extensionId, sandbox);
  plantSso(sandbox, { switches: ['okta-roles-missing'] });
  let panel = await openPanel(context, extensionId);
  await loginTest(panel).getByRole('button', { name: 'Test a login' }).click();
  await expect(loginTest(panel).getByRole('status', { name: 'Capture' })).toContainText('Armed');
  await stopServiceWorker(panel);
  await panel.close();

  await loginThroughOkta(context, sandbox);
  panel = await openPanel(context, extensionId);
  const diagnosis = loginTest(panel).getByRole('region', { name: 'Diagnosis' });
  await expect(diagnosis).toHaveAttribute('data-verdict', 'fail');
  await expect(diagnosis.getByRole('status')).toContainText(/This login would fail: .*roles/);
  await expect(diagnosis.locator('.finding.error').first()).toContainText('roles');
});

test('a pasted base64 SAMLResponse is diagnosed, and so is a dropped HAR holding it', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const { samlResponse, acsUrl, page: login } = await loginThroughOkta(context, sandbox);
  await login.close();
  const panel = await openPanel(context, extensionId);
  const test = loginTest(panel);
  await test.getByText('Or diagnose a login that happened elsewhere').click();
  await test.getByLabel('SAML response (base64 or XML)').fill(samlResponse);
  await test.getByRole('button', { name: 'Diagnose' }).click();
  await expect(test.getByRole('region', { name: 'Diagnosis' })).toHaveAttribute('data-verdict', 'pass');

  // A HAR of the login: the Okta page, then the POST to Flex's ACS URL with the form it carried.
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'e2e', version: '1' },
      entries: [
        { startedDateTime: new Date().toISOString(), request: { method: 'GET', url: samlSsoUrl(flexApp(sandbox)), headers: [], queryString: [] }, response: { status: 200, headers: [] } },
        {
          startedDateTime: new Date().toISOString(),
          request: {
            method: 'POST',
            url: acsUrl,
            headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
            queryString: [],
            postData: { mimeType: 'application/x-www-form-urlencoded', text: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString(), params: [{ name: 'SAMLResponse', value: encodeURIComponent(samlResponse) }] },
          },
          response: { status: 302, headers: [] },
        },
      ],
    },
  };
  const text = JSON.stringify(har);
  // Dropped the way a file manager drops it: a DataTransfer holding a File, on the drop zone.
  const dataTransfer = await panel.evaluateHandle((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'login.har', { type: 'application/json' }));
    return transfer;
  }, text);
  await test.getByLabel('Drop a HAR or SAML-tracer file').dispatchEvent('drop', { dataTransfer });
  const diagnosis = test.getByRole('region', { name: 'Diagnosis' });
  await expect(diagnosis).toContainText(`Found as posted to ${acsUrl}`);
  await expect(diagnosis).toHaveAttribute('data-verdict', 'pass');
});

test('disarming discards a captured login, and after re-arming it is gone', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  // Settings, not the panel: it never takes a capture, so the capture waits in the background.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  expect(await ask(options, 'saml.arm')).toMatchObject({ ok: true, data: { armed: true, captured: 0 } });
  await loginThroughOkta(context, sandbox);
  await expect.poll(async () => ((await ask(options, 'saml.status')) as { data: { captured: number } }).data.captured).toBe(1);

  expect(await ask(options, 'saml.disarm')).toMatchObject({ ok: true, data: { armed: false, captured: 0 } });
  const panel = await openPanel(context, extensionId);
  const test = loginTest(panel);
  await expect(test.getByRole('button', { name: 'Test a login' })).toBeEnabled();
  await expect(test.getByRole('region', { name: 'Diagnosis' })).toHaveCount(0);

  await test.getByRole('button', { name: 'Test a login' }).click();
  await expect(test.getByRole('status', { name: 'Capture' })).toContainText('Armed');
  expect(await ask(options, 'saml.status')).toMatchObject({ ok: true, data: { armed: true, captured: 0 } });
  await expect(test.getByRole('region', { name: 'Diagnosis' })).toHaveCount(0);
  await test.getByRole('button', { name: 'Disarm' }).click();
  await expect(test.getByRole('button', { name: 'Test a login' })).toBeEnabled();
});

test('the Flex SSO page’s Test a login opens the login test in Flex Steward’s own window, disarmed until the admin arms it', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox);
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.console}${SSO_PATH}`);
  const hintsCard = async () => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === 'flex-sso-hints');
  // Click only once the card has its answer: while it says "Checking…" the findings that arrive next move the button.
  await expect.poll(async () => {
    const card = await hintsCard();
    return card && !card.text.includes('Checking…') ? card.buttons.map((b) => b.name) : [];
  }).toContain('Test a login');
  const card = (await hintsCard())!;
  const opening = context.waitForEvent('page');
  await clickNode(page, card.buttons.find((b) => b.name === 'Test a login')!.backendNodeId);
  const window = await opening;
  expect(window.url()).toBe(`chrome-extension://${extensionId}/login-test.html`);
  const test = window.getByRole('region', { name: 'Login test' });
  await expect(test.getByRole('button', { name: 'Test a login' })).toBeEnabled();
  expect(await ask(window, 'saml.status')).toMatchObject({ ok: true, data: { armed: false } });
});

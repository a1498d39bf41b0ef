import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { hostsWhere, shadowHosts } from './shadow';

const flexWorkspace = (sandbox: { state: { twilio: { flex: { taskrouterWorkspaceSid: string } | null } } }) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;

test('the extension loads: service worker up, manifest as built, popup, side panel and settings render without errors', async ({ context, extensionId, serviceWorker, extensionErrors }) => {
  const manifest = await serviceWorker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.name).toBe('Flex Steward');
  for (const [path, heading, shows] of [
    ['popup.html', 'Flex Steward', 'Okta: Not connected'],
    ['sidepanel.html', 'Flex Steward', 'Okta: Not connected'],
    ['options.html', 'Flex Steward · Settings', 'Choose what protects the key'],
  ] as const) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByRole('main')).toContainText(shows);
    await page.close();
  }
  expect(extensionErrors).toEqual([]);
});

test('the side panel shows its three tools', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  for (const name of ['SSO migration checker', 'Licence audit', 'Run history']) await expect(page.getByRole('heading', { name })).toBeVisible();
});

test('worker badges appear inside the Console iframe, once per worker, and come back after in-page navigation', async ({ context, sandbox }) => {
  const ws = flexWorkspace(sandbox);
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${ws}/workers?frameUrl=${encodeURIComponent(`/console/taskrouter/workspaces/${ws}/workers`)}`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('body')).toContainText('WK');
  const shownSids = async () => (await frame.locator('body').innerText()).match(/WK[0-9a-f]{32}/g) ?? [];
  const sidsOnPage = [...new Set(await shownSids())];
  expect(sidsOnPage.length).toBeGreaterThan(5);

  const badges = hostsWhere(page, 'flex-steward-badge', () => true);
  await expect.poll(async () => (await badges()).length).toBe(sidsOnPage.length);
  const found = await badges();
  expect(new Set(found.map((b) => b.attributes['data-worker-sid']))).toEqual(new Set(sidsOnPage));
  // Each badge says "Checking…" until the background answers its batch.
  await expect.poll(async () => (await badges()).filter((b) => !b.text.includes('Not connected')).map((b) => b.text)).toEqual([]);

  // In-page navigation to the SSO page and back: the Console shell swaps content without a reload.
  await page.getByRole('link', { name: /single sign-on/i }).first().click();
  await expect.poll(async () => (await shadowHosts(page, 'flex-steward-card')).map((c) => c.text).join(' ')).toContain('single sign-on');
  await page.goBack();
  await expect.poll(async () => (await badges()).length).toBe(sidsOnPage.length);
});

test('worker badges run at top level too and pick up rows that render late', async ({ context, sandbox }) => {
  const ws = flexWorkspace(sandbox);
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${ws}/workers?layout=late`);
  await expect.poll(async () => ((await page.locator('body').innerText()).match(/WK[0-9a-f]{32}/g) ?? []).length).toBeGreaterThan(0);
  // Wait until the late rows have all rendered, then every one has exactly one badge.
  await expect
    .poll(async () => {
      const sids = new Set((await page.locator('body').innerText()).match(/WK[0-9a-f]{32}/g));
      const badges = (await shadowHosts(page, 'flex-steward-badge')).map((b) => b.attributes['data-worker-sid']);
      return sids.size > 0 && badges.length === sids.size && new Set(badges).size === sids.size;
    })
    .toBe(true);
});

test('the Okta admin card runs on the configured org’s Admin Console only, and says how to finish connecting', async ({ context, extensionId, sandbox, serviceWorker }) => {
  const profilePath = `/admin/user/profile/view/${sandbox.state.okta.users.find((u) => u.status === 'ACTIVE')!.id}`;
  expect(await serviceWorker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  await configureExtension(context, extensionId, sandbox, { twilio: false });
  expect(await serviceWorker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([expect.objectContaining({ id: 'okta-admin', matches: [`https://${SANDBOX_HOSTS.oktaAdmin}/*`] })]);

  // Another tenant's Admin Console, with the very same page, loads first…
  const otherTenant = await context.newPage();
  await otherTenant.goto(`https://${SANDBOX_HOSTS.otherOktaAdmin}${profilePath}`);
  await expect(otherTenant.getByRole('main')).toBeVisible();

  // …then the configured org's gets its card,
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.oktaAdmin}${profilePath}`);
  const card = async () => (await shadowHosts(page, 'flex-steward-card')).map((c) => c.text).join(' ');
  await expect.poll(card).toContain('Twilio is not connected yet');
  expect(await card()).toContain('Open Settings');

  // …while the other tenant's ran nothing at all: no card, and not even the script's marker.
  expect(await shadowHosts(otherTenant, 'flex-steward-card')).toEqual([]);
  expect(await otherTenant.locator('html').getAttribute('data-flex-steward')).toBeNull();
});

test('a Console page that another site frames gets no badges, while inside the Console it does', async ({ context, sandbox }) => {
  const framePath = `/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
  const elsewhere = await context.newPage();
  await elsewhere.goto(`https://${SANDBOX_HOSTS.otherSite}/?frame=${encodeURIComponent(framePath)}`);
  const framed = elsewhere.frameLocator('iframe');
  await expect(framed.locator('body')).toContainText('WK');

  const inConsole = await context.newPage();
  await inConsole.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers?frameUrl=${encodeURIComponent(framePath)}`);
  await expect.poll(() => inConsole.frameLocator('iframe').locator('flex-steward-badge').count()).toBeGreaterThan(5);

  // The same page framed by intranet.example loaded first and stayed untouched.
  expect(await framed.locator('flex-steward-badge').count()).toBe(0);
  expect(await framed.locator('html').getAttribute('data-flex-steward')).toBeNull();
});

test('worker badges follow the card layout and paging inside the frame', async ({ context, sandbox }) => {
  const ws = flexWorkspace(sandbox);
  const page = await context.newPage();
  await page.goto(`https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${ws}/workers?layout=cards`);
  const badgeSids = async () => (await shadowHosts(page, 'flex-steward-badge')).map((b) => b.attributes['data-worker-sid']).sort();
  const pageSids = async () => [...new Set((await page.locator('body').innerText()).match(/WK[0-9a-f]{32}/g))].sort();
  const firstPage = await pageSids();
  await expect.poll(badgeSids).toEqual(firstPage);

  await page.getByRole('link', { name: /next/i }).first().click();
  await expect.poll(pageSids).not.toEqual(firstPage);
  const secondPage = await pageSids();
  await expect.poll(badgeSids).toEqual(secondPage);
});

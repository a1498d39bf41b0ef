import type { BrowserContext, Page } from '@playwright/test';
import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { IDENTITY_STATUSES, STATUS_INFO, type IdentityStatus } from '../../lib/identity/statuses';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { clickNode, renderedText, shadowHosts, untrustedClick, type ShadowHost } from './shadow';

/** Okta requests a list page of 25 workers may cost, and TaskRouter worker lists. */
const OKTA_REQUESTS_PER_PAGE = 5;
const TWILIO_LISTS_PER_PAGE = 2;
/** Long enough for the fetch core to give up on a failing Okta (four retries with backoff). */
const FAILURE_TIMEOUT = 30_000;

const flexWorkspace = (sandbox: Sandbox) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const caseWorker = (sandbox: Sandbox, name: CaseName) => caseOf(sandbox.state, name).workerSids[0]!;
const caseUser = (sandbox: Sandbox, name: CaseName) => sandbox.state.okta.users.find((u) => u.id === caseOf(sandbox.state, name).oktaUserIds[0])!;
const listPath = (sandbox: Sandbox) => `/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
const listUrl = (sandbox: Sandbox, query = '') => `https://${SANDBOX_HOSTS.www}${listPath(sandbox)}${query}`;
const detailUrl = (sandbox: Sandbox, workerSid: string) => `https://${SANDBOX_HOSTS.www}${listPath(sandbox)}/${workerSid}`;

/** A badge's visible text: the status's glyph, then its label. */
const shown = (status: IdentityStatus) => `${STATUS_INFO[status].icon}${STATUS_INFO[status].label}`;
const statusShownAs = (text: string) => IDENTITY_STATUSES.find((s) => shown(s) === text);
/** Workers without an email, or with a look-alike one, are told apart without asking Okta. */
const needsOkta = (badge: ShadowHost) => badge.text !== shown('no-email') && badge.text !== shown('lookalike');

const badges = (page: Page) => shadowHosts(page, 'flex-steward-badge');
const sidOf = (badge: ShadowHost) => badge.attributes['data-worker-sid']!;
/** What hovering a badge shows. */
const hoverText = (badge: ShadowHost) => badge.buttons[0]?.attributes.title ?? '';
const card = async (page: Page, feature: string) => (await shadowHosts(page, 'flex-steward-card')).find((c) => c.attributes['data-feature'] === feature);
const cardText = async (page: Page, feature: string) => (await card(page, feature))?.text ?? '';

/** The worker SIDs a list shows, in order, read from its text as a person reads them. */
async function sidsShown(page: Page, inFrame = false): Promise<string[]> {
  const body = inFrame ? page.frameLocator('iframe').locator('body') : page.locator('body');
  return [...new Set((await body.innerText()).match(/WK[0-9a-f]{32}/g) ?? [])];
}

/** A badge not yet rendered, or still waiting for the background. */
const unanswered = (badge: ShadowHost) => badge.text === '' || badge.text.endsWith('Checking');

/**
 * Waits until every worker the list shows has exactly one badge and every badge has its answer,
 * then returns the badges.
 */
async function settledBadges(page: Page, { inFrame = false, timeout }: { inFrame?: boolean; timeout?: number } = {}): Promise<ShadowHost[]> {
  await expect
    .poll(
      async () => {
        const found = await badges(page);
        return { badgedSids: found.map(sidOf).sort(), unanswered: found.filter(unanswered).length };
      },
      { timeout },
    )
    .toEqual({ badgedSids: (await sidsShown(page, inFrame)).sort(), unanswered: 0 });
  return badges(page);
}

const oktaRequests = (sandbox: Sandbox) => sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta }).length;
const twilioLists = (sandbox: Sandbox) => sandbox.requestsMatching({ host: SANDBOX_HOSTS.taskrouter, path: /\/Workers$/ }).length;

/** Flex Steward's worker windows open in this context. */
const workerWindows = (context: BrowserContext) => context.pages().filter((p) => p.url().includes('/deprovision.html'));

test('with only Twilio connected badges say "Not connected", and a real click on one opens Settings', async ({ context, extensionId, sandbox }) => {
  await configureExtension(context, extensionId, sandbox, { okta: false });
  const page = await context.newPage();
  await page.goto(listUrl(sandbox));
  const found = await settledBadges(page);
  const notConnected = found.filter(needsOkta);
  expect(notConnected.length).toBeGreaterThan(20);
  expect(notConnected.map((b) => b.text)).toEqual(notConnected.map(() => '⚙Not connected'));
  expect(hoverText(notConnected[0]!)).toMatch(/^Okta is not connected yet\./);
  expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta })).toEqual([]);

  const opening = context.waitForEvent('page');
  await clickNode(page, notConnected[0]!.buttons[0]!.backendNodeId);
  const settings = await opening;
  expect(new URL(settings.url())).toMatchObject({ pathname: '/options.html', hash: '#okta' });
  await expect(settings.getByRole('region', { name: 'Okta' })).toBeVisible();
});

test.describe('with Okta and Twilio connected', () => {
  test.beforeEach(({ context, extensionId, sandbox }) => configureExtension(context, extensionId, sandbox));

  test('inside the Console frame every worker on every page gets its status in the one vocabulary, explained on hover, at a few requests a page', async ({ context, sandbox, extensionErrors }) => {
    const page = await context.newPage();
    await page.goto(`https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers?frameUrl=${encodeURIComponent(listPath(sandbox))}`);
    const frame = page.frameLocator('iframe');
    const total = sandbox.state.twilio.workers.filter((w) => w.workspaceSid === flexWorkspace(sandbox)).length;
    const statuses = new Map<string, IdentityStatus | undefined>();

    for (let first = 1; first <= total; first += 25) {
      const last = Math.min(total, first + 24);
      await expect(frame.getByText(`Showing ${first}–${last} of ${total} workers`)).toBeVisible();
      const onPage = await settledBadges(page, { inFrame: true });
      expect(onPage).toHaveLength(last - first + 1);
      for (const badge of onPage) {
        const status = statusShownAs(badge.text);
        statuses.set(sidOf(badge), status);
        expect(status, `${sidOf(badge)} shows "${badge.text}"`).toBeDefined();
        expect(hoverText(badge)).toContain(STATUS_INFO[status!].explanation);
      }
      expect(oktaRequests(sandbox), `Okta requests for workers ${first}–${last}`).toBeLessThanOrEqual(OKTA_REQUESTS_PER_PAGE);
      expect(twilioLists(sandbox), `TaskRouter lists for workers ${first}–${last}`).toBeLessThanOrEqual(TWILIO_LISTS_PER_PAGE);
      sandbox.clearRequests();
      // "Next" inside the frame: the shell pushes its own history entry and swaps the frame in-page.
      if (last < total) await frame.getByRole('link', { name: 'Next' }).click();
    }

    expect(statuses.size).toBe(total);
    const expected: [CaseName, IdentityStatus][] = [
      ['suspended', 'suspended'],
      ['deprovisioned', 'deprovisioned'],
      ['activeUnassigned', 'unassigned'],
      ['ambiguous', 'ambiguous'],
      ['noOktaUser', 'not-in-okta'],
      ['noEmail', 'no-email'],
      ['activeAssigned', 'active'],
    ];
    expect(expected.map(([name]) => [name, statuses.get(caseWorker(sandbox, name))])).toEqual(expected);

    // Back through the shell's history: the earlier page gets its badges again, from the cache.
    await page.goBack();
    await expect(frame.getByText(`Showing 26–50 of ${total} workers`)).toBeVisible();
    const again = await settledBadges(page, { inFrame: true });
    expect(again.map((b) => [sidOf(b), statusShownAs(b.text)])).toEqual(again.map((b) => [sidOf(b), statuses.get(sidOf(b))]));
    expect([oktaRequests(sandbox), twilioLists(sandbox)]).toEqual([0, 0]);
    expect(extensionErrors).toEqual([]);
  });

  test('one badge per worker in the card layout, in rows that render late and after "Load more", each at a few requests', async ({ context, sandbox }) => {
    const page = await context.newPage();
    /** Every badge has a status from the vocabulary: none still checking, none failed. */
    const allInVocabulary = (found: ShadowHost[]) => expect(found.filter((b) => !statusShownAs(b.text)).map((b) => b.text)).toEqual([]);

    await page.goto(listUrl(sandbox, '?layout=late'));
    const loadMore = page.getByRole('button', { name: 'Load more' });
    for (const count of [25, 50, 60]) {
      if (count > 25) await loadMore.click();
      await expect.poll(async () => (await sidsShown(page)).length).toBe(count);
      allInVocabulary(await settledBadges(page));
      expect(oktaRequests(sandbox), `Okta requests for rows up to ${count}`).toBeLessThanOrEqual(OKTA_REQUESTS_PER_PAGE);
      expect(twilioLists(sandbox), `TaskRouter lists for rows up to ${count}`).toBeLessThanOrEqual(TWILIO_LISTS_PER_PAGE);
      sandbox.clearRequests();
    }
    await expect(loadMore).toBeHidden();

    await page.goto(listUrl(sandbox, '?layout=cards&page=2'));
    await expect(page.getByText('Showing 26–50 of 60 workers')).toBeVisible();
    const cards = await settledBadges(page);
    expect(cards).toHaveLength(25);
    allInVocabulary(cards);
  });

  test('a worker’s page shows the Okta person beside the worker; a real click on "Deprovision…" opens the worker window, a page script’s clicks do not', async ({ context, sandbox, extensionErrors }) => {
    const workerSid = caseWorker(sandbox, 'suspended');
    const worker = sandbox.state.twilio.workers.find((w) => w.sid === workerSid)!;
    const user = caseUser(sandbox, 'suspended');
    const workspace = sandbox.state.twilio.workspaces.find((w) => w.sid === flexWorkspace(sandbox))!;
    const activity = workspace.activities.find((a) => a.sid === worker.activitySid)!.friendlyName;
    const roles = (JSON.parse(worker.attributes) as { roles: string[] }).roles.join(', ');

    const page = await context.newPage();
    await page.goto(detailUrl(sandbox, workerSid));
    await expect.poll(() => cardText(page, 'worker-detail-card')).toContain(user.profile.login);
    const text = await renderedText(page, (await card(page, 'worker-detail-card'))!);
    for (const fact of [
      `${STATUS_INFO.suspended.label}\n${STATUS_INFO.suspended.explanation}`,
      `Name\n${user.profile.firstName} ${user.profile.lastName}`,
      `Login\n${user.profile.login}`,
      'Okta status\nSuspended',
      'Flex app\nAssigned',
      `Activity\n${activity}`,
      `Roles\n${roles}`,
      `SID\n${workerSid}`,
    ]) {
      expect(text).toContain(fact);
    }
    const { buttons } = (await card(page, 'worker-detail-card'))!;
    expect(buttons.find((b) => b.name === 'Open in Okta Admin')?.attributes.href).toBe(`https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${user.id}`);
    const deprovision = buttons.find((b) => b.name === 'Deprovision…')!;

    // The page's scripts try: a click on the card's host, and `click()` on the button itself.
    await page.evaluate(() => {
      const host = document.querySelector('flex-steward-card')!;
      host.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      (host as HTMLElement).click();
    });
    await untrustedClick(page, deprovision.backendNodeId);

    const opening = context.waitForEvent('page');
    await clickNode(page, deprovision.backendNodeId);
    const workerWindow = await opening;
    expect(new URL(workerWindow.url())).toMatchObject({ pathname: '/deprovision.html', search: `?workspace=${flexWorkspace(sandbox)}&worker=${workerSid}` });
    await expect(workerWindow.getByRole('main')).toContainText(`${user.profile.firstName} ${user.profile.lastName}`);
    await expect(workerWindow.getByRole('main')).toContainText(user.profile.login);
    await expect(workerWindow.getByRole('main')).toContainText(STATUS_INFO.suspended.explanation);
    // The background opens windows in the order it is asked, so one the page's clicks had asked for would be here by now.
    expect(workerWindows(context)).toHaveLength(1);
    expect(extensionErrors).toEqual([]);
  });

  test('Tab reaches a badge and Enter opens that worker’s window; clicks from the page’s own scripts open nothing', async ({ context, sandbox }) => {
    const page = await context.newPage();
    await page.goto(listUrl(sandbox));
    const found = await settledBadges(page);
    const firstSid = (await sidsShown(page))[0]!;
    const first = found.find((b) => sidOf(b) === firstSid)!;

    // What a hostile page could do: click the badge's host, and call click() on the button inside.
    await page.evaluate(() => {
      const host = document.querySelector('flex-steward-badge')!;
      host.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      (host as HTMLElement).click();
    });
    await untrustedClick(page, first.buttons[0]!.backendNodeId);

    const focused = () => page.evaluate(() => ({ tag: document.activeElement?.tagName, sid: (document.activeElement as HTMLElement | null)?.dataset.workerSid }));
    // Breadcrumb, the filter form and the first worker's link come first; a few Tabs at most.
    for (let presses = 0; presses < 12 && (await focused()).tag !== 'FLEX-STEWARD-BADGE'; presses++) await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ tag: 'FLEX-STEWARD-BADGE', sid: firstSid });

    const opening = context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const workerWindow = await opening;
    expect(new URL(workerWindow.url()).searchParams.get('worker')).toBe(firstSid);
    await expect(workerWindow.getByRole('main')).toContainText(firstSid);
    // Windows open in the order the background is asked, so one the page's clicks had asked for would be here by now.
    expect(workerWindows(context)).toHaveLength(1);
  });

  test('a look-alike worker says "Look-alike address" and names the character on hover, offers no Deprovision, and its address never reaches Okta', async ({ context, sandbox, extensionErrors }) => {
    const kelvin = caseOf(sandbox.state, 'lookalikeKelvin');
    const fullwidth = caseOf(sandbox.state, 'lookalikeFullwidthDomain');
    const imitated = caseUser(sandbox, 'lookalikeKelvin');
    const page = await context.newPage();
    await page.goto(listUrl(sandbox, '?perPage=100'));
    const found = await settledBadges(page);
    const badgeOf = (sid: string) => found.find((b) => sidOf(b) === sid)!;
    const lookalike = badgeOf(kelvin.workerSids[0]!);
    expect(lookalike.text).toBe(shown('lookalike'));
    expect(hoverText(lookalike)).toContain(STATUS_INFO.lookalike.explanation);
    expect(hoverText(lookalike)).toContain('U+212A KELVIN SIGN looks like “K”.');
    expect(hoverText(lookalike)).not.toContain(imitated.profile.login);
    const atFullwidth = badgeOf(fullwidth.workerSids[0]!);
    expect(atFullwidth.text).toBe(shown('lookalike'));
    expect(hoverText(atFullwidth)).toContain('U+FF45 FULLWIDTH LATIN SMALL LETTER E looks like “e”');

    // A real click on it opens nothing: the next real click, on an ordinary badge, opens the only window.
    await clickNode(page, lookalike.buttons[0]!.backendNodeId);
    const ordinarySid = caseWorker(sandbox, 'suspended');
    const opening = context.waitForEvent('page');
    await clickNode(page, badgeOf(ordinarySid).buttons[0]!.backendNodeId);
    const opened = await opening;
    expect(new URL(opened.url()).searchParams.get('worker')).toBe(ordinarySid);
    expect(workerWindows(context)).toHaveLength(1);
    await opened.close();

    // The worker's own page: the same sentence, nobody beside it, and no Deprovision button.
    await page.goto(detailUrl(sandbox, kelvin.workerSids[0]!));
    await expect.poll(() => cardText(page, 'worker-detail-card')).toContain(STATUS_INFO.lookalike.label);
    const detail = (await card(page, 'worker-detail-card'))!;
    const text = await renderedText(page, detail);
    expect(text).toContain(`${STATUS_INFO.lookalike.label}\n${STATUS_INFO.lookalike.explanation} U+212A KELVIN SIGN looks like “K”.`);
    expect(text).toContain('No Okta user matches.');
    expect(detail.buttons.map((b) => b.name)).not.toContain('Deprovision…');

    // No Okta search carried either look-alike address, nor the address the first imitates.
    const searches = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ }).map((r) => new URLSearchParams(r.query).get('search') ?? '');
    for (const search of searches) {
      for (const address of [kelvin.email!, fullwidth.email!, imitated.profile.email]) expect(search).not.toContain(address);
    }
    expect(extensionErrors).toEqual([]);
  });

  test('with Okta unreachable every badge says "Unknown" and names the host it could not reach', async ({ context, sandbox }) => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 'drop' });
    const page = await context.newPage();
    await page.goto(listUrl(sandbox));
    const found = await settledBadges(page, { timeout: FAILURE_TIMEOUT });
    const unknown = found.filter(needsOkta);
    expect(unknown.length).toBeGreaterThan(20);
    expect(unknown.map((b) => b.text)).toEqual(unknown.map(() => shown('unknown')));
    for (const badge of unknown) expect(hoverText(badge)).toContain(`Could not reach ${SANDBOX_HOSTS.okta}. Check your network`);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta }).every((r) => r.status === 'dropped')).toBe(true);
  });

  test('Okta rate-limiting every search: badges say "Unknown" and why, and the page keeps working', async ({ context, sandbox }) => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, method: 'GET', path: '^/api/v1/users$', respond: 429, times: 1000 });
    const page = await context.newPage();
    await page.goto(listUrl(sandbox));
    const found = await settledBadges(page, { timeout: FAILURE_TIMEOUT });
    const unknown = found.filter(needsOkta);
    expect(unknown.length).toBeGreaterThan(20);
    expect(unknown.map((b) => b.text)).toEqual(unknown.map(() => shown('unknown')));
    for (const badge of unknown) expect(hoverText(badge)).toMatch(/^Okta is limiting how fast Flex Steward may call it \(E0000047\)\. Wait a minute and try again/);
    // Retries are bounded rather than hammering a limit that is not lifting.
    const searches = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ });
    expect(searches.length).toBeLessThanOrEqual(10);
    expect(new Set(searches.map((r) => r.status))).toEqual(new Set([429]));

    // The host page still works: its table is whole and its paging still moves on.
    await expect(page.getByRole('row')).toHaveCount(26);
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page.getByText('Showing 26–50 of 60 workers')).toBeVisible();
  });

  test('a name from Okta that looks like HTML is shown as text on the worker’s card, and nothing runs', async ({ context, sandbox }) => {
    const user = caseUser(sandbox, 'htmlName');
    expect(user.profile.lastName).toBe('<img src=x onerror=alert(1)>');
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(detailUrl(sandbox, caseWorker(sandbox, 'htmlName')));
    await expect.poll(() => cardText(page, 'worker-detail-card')).toContain(user.profile.login);
    const host = (await card(page, 'worker-detail-card'))!;
    expect(await renderedText(page, host)).toContain(`Name\n${user.profile.firstName} <img src=x onerror=alert(1)>`);
    expect(host.elements).not.toContain('IMG');
    expect(host.elements).toContain('DD'); // the card's own markup is there, so the check above looked at it
    expect(await page.evaluate(() => document.images.length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('an Okta user’s profile lists their Flex worker with its status, or says they hold no seat', async ({ context, sandbox }) => {
    const profile = (name: CaseName) => `https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${caseOf(sandbox.state, name).oktaUserIds[0]}`;
    const page = await context.newPage();

    await page.goto(profile('suspended'));
    await expect.poll(() => cardText(page, 'okta-user-flex-card')).toContain(caseWorker(sandbox, 'suspended'));
    const suspended = (await card(page, 'okta-user-flex-card'))!;
    const text = await renderedText(page, suspended);
    expect(text).toContain(`${STATUS_INFO.suspended.label}\n${STATUS_INFO.suspended.explanation}`);
    expect(text).toContain(`Login\n${caseUser(sandbox, 'suspended').profile.login}`);
    expect(suspended.buttons.map((b) => b.name)).toContain('Deprovision…');
    // This page is Okta Admin already.
    expect(suspended.buttons.map((b) => b.name)).not.toContain('Open in Okta Admin');

    const felix = caseUser(sandbox, 'assignedNoWorker');
    await page.goto(profile('assignedNoWorker'));
    await expect.poll(() => cardText(page, 'okta-user-flex-card')).toContain(`No Flex worker uses ${felix.profile.email}: this person holds no Flex seat.`);
  });

  test('the popup looks a person up by email', async ({ context, extensionId, sandbox }) => {
    const { email } = caseOf(sandbox.state, 'deprovisioned');
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const lookUp = async (address: string) => {
      await popup.getByRole('combobox', { name: 'Find a person' }).fill(address);
      await popup.getByRole('button', { name: 'Look up' }).click();
    };

    await lookUp(email!);
    const results = popup.getByRole('region', { name: `Results for ${email}` });
    await expect(results).toContainText(STATUS_INFO.deprovisioned.label);
    await expect(results).toContainText(STATUS_INFO.deprovisioned.explanation);
    await expect(results).toContainText(caseWorker(sandbox, 'deprovisioned'));

    await lookUp('nobody.here@example.com');
    await expect(popup.getByRole('status').filter({ hasText: 'No Flex worker uses' })).toHaveText('No Flex worker uses nobody.here@example.com. Okta has nobody with this address either.');
  });
});

import type { Page } from '@playwright/test';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { IDENTITY_STATUSES, STATUS_INFO } from '../../lib/identity/statuses';
import { FREEABLE_STATUSES } from '../../lib/identity/statuses';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';
import { clickNode, focusNode, renderedText, shadowHosts, type ShadowHost } from './shadow';

const flexWorkspace = (sandbox: Sandbox) => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const listPath = (sandbox: Sandbox) => `/console/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers`;
const consoleListUrl = (sandbox: Sandbox) => `https://${SANDBOX_HOSTS.console}/us1/develop/taskrouter/workspaces/${flexWorkspace(sandbox)}/workers?frameUrl=${encodeURIComponent(listPath(sandbox))}`;

const summaries = async (page: Page) => (await shadowHosts(page, 'flex-steward-card')).filter((c) => c.attributes['data-feature'] === 'worker-list-summary');
/** The line as a person reads it. */
async function summaryText(page: Page): Promise<string> {
  const [summary] = await summaries(page);
  return summary ? renderedText(page, summary) : '';
}
const statusShownAs = (badge: ShadowHost) => IDENTITY_STATUSES.find((s) => badge.text === `${STATUS_INFO[s].icon}${STATUS_INFO[s].label}`);

/** The worker SIDs of the rows a person can see in the Console frame, in order. */
const visibleSids = (page: Page) => page.frameLocator('iframe').locator('tbody tr:visible td:nth-child(2)').allInnerTexts();

/** Waits until every row's badge has its answer, and returns the badges. */
async function answeredBadges(page: Page): Promise<ShadowHost[]> {
  await expect
    .poll(async () => {
      const badges = await shadowHosts(page, 'flex-steward-badge');
      return badges.length > 0 && badges.every((b) => b.text !== '' && !b.text.endsWith('Checking'));
    })
    .toBe(true);
  return shadowHosts(page, 'flex-steward-badge');
}

test.describe('the Console worker list’s summary line and status filter, with Okta and Twilio connected', () => {
  test.beforeEach(({ context, extensionId, sandbox }) => configureExtension(context, extensionId, sandbox));

  test('inside the Console frame one line says there is no audit yet, and a real click on Open audit opens the audit', async ({ context, extensionId, sandbox, extensionErrors }) => {
    const page = await context.newPage();
    await page.goto(consoleListUrl(sandbox));
    await expect.poll(() => summaryText(page)).toContain('Flex Steward · No licence audit of this workspace yet · Open audit');
    // Above the frame's list only: the Console shell around the frame gets no line of its own.
    expect(await summaries(page)).toHaveLength(1);

    const opening = context.waitForEvent('page');
    await clickNode(page, (await summaries(page))[0]!.buttons.find((b) => b.name === 'Open audit')!.backendNodeId);
    const audit = await opening;
    expect(audit.url()).toBe(`chrome-extension://${extensionId}/sidepanel.html#audit`);
    expect(extensionErrors).toEqual([]);
  });

  test('choosing “Seats that can be freed” leaves only the rows whose badge frees a seat, and clearing it shows every row again', async ({ context, sandbox }) => {
    const page = await context.newPage();
    await page.goto(consoleListUrl(sandbox));
    const badges = await answeredBadges(page);
    const everyRow = await visibleSids(page);
    expect(badges.map((b) => b.attributes['data-worker-sid']).sort()).toEqual([...everyRow].sort());
    const freeing = badges.filter((b) => FREEABLE_STATUSES.has(statusShownAs(b)!)).map((b) => b.attributes['data-worker-sid']!);
    expect(freeing.length).toBeGreaterThan(0);
    expect(freeing.length).toBeLessThan(everyRow.length);

    // The keyboard, as an admin without a mouse would: the select takes focus, ↓ picks the next choice.
    const filter = (await summaries(page))[0]!.buttons.find((b) => b.name === 'Show on this page')!;
    await focusNode(page, filter.backendNodeId);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => visibleSids(page)).toEqual(everyRow.filter((sid) => freeing.includes(sid)));
    expect(await summaryText(page)).toContain(`${freeing.length} of ${everyRow.length} rows shown`);

    await page.keyboard.press('ArrowUp');
    await expect.poll(() => visibleSids(page)).toEqual(everyRow);
    expect(await summaryText(page)).not.toContain('rows shown');
  });
});

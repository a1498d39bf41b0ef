import type { BrowserContext, Page } from '@playwright/test';
import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { STATUS_INFO } from '../../lib/identity/statuses';
import { RECENT_LOOKUPS_KEY } from '../../lib/recent-lookups';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';

const caseUser = (sandbox: Sandbox, name: CaseName) => sandbox.state.okta.users.find((u) => u.id === caseOf(sandbox.state, name).oktaUserIds[0])!;
const caseWorker = (sandbox: Sandbox, name: CaseName) => sandbox.state.twilio.workers.find((w) => w.sid === caseOf(sandbox.state, name).workerSids[0])!;
/** Requests Okta's suggestions (`q`) made. */
const suggestionRequests = (sandbox: Sandbox) => sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ }).filter((r) => new URLSearchParams(r.query).has('q'));

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

const box = (popup: Page) => popup.getByRole('combobox', { name: 'Find a person' });
const results = (popup: Page, label: string) => popup.getByRole('region', { name: `Results for ${label}` });

test.describe('the popup, connected to Okta and Twilio', () => {
  test.beforeEach(({ context, extensionId, sandbox }) => configureExtension(context, extensionId, sandbox));

  test('is ready to type on open, suggests people from Okta as you type, and works from the keyboard', async ({ context, extensionId, sandbox, extensionErrors }) => {
    const helga = caseUser(sandbox, 'suspended');
    const popup = await openPopup(context, extensionId);
    await expect(box(popup)).toBeFocused();

    // Typed fast, as a person types: one pause, so Okta is asked once or twice, not once per key.
    const prefix = helga.profile.email.split('@')[0]!;
    await popup.keyboard.type(prefix);
    const listbox = popup.getByRole('listbox', { name: 'Okta suggestions' });
    const option = listbox.getByRole('option', { name: new RegExp(`${helga.profile.firstName} ${helga.profile.lastName}`) });
    await expect(option).toBeVisible();
    await expect(box(popup)).toHaveAttribute('aria-expanded', 'true');
    expect(suggestionRequests(sandbox).length).toBeLessThanOrEqual(2);
    expect(new URLSearchParams(suggestionRequests(sandbox).at(-1)!.query).get('q')).toBe(prefix);
    expect(new URLSearchParams(suggestionRequests(sandbox).at(-1)!.query).get('limit')).toBe('8');

    // Escape closes the list and keeps what was typed; an arrow opens it again.
    await popup.keyboard.press('Escape');
    await expect(listbox).toBeHidden();
    await expect(box(popup)).toHaveValue(prefix);
    await popup.keyboard.press('ArrowDown');
    await expect(listbox).toBeVisible();

    // Arrows move through the suggestions; Enter picks the highlighted one and looks it up by its Okta id.
    const count = await listbox.getByRole('option').count();
    const index = (await listbox.getByRole('option').allTextContents()).findIndex((text) => text.includes(helga.profile.email));
    for (let i = 0; i <= index; i += 1) await popup.keyboard.press('ArrowDown');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await expect(box(popup)).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
    expect(count).toBeLessThanOrEqual(8);
    sandbox.clearRequests();
    await popup.keyboard.press('Enter');
    const found = results(popup, helga.profile.login);
    await expect(found).toContainText(STATUS_INFO.suspended.label);
    await expect(found).toContainText(caseWorker(sandbox, 'suspended').sid);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: new RegExp(`^/api/v1/users/${helga.id}$`) })).toHaveLength(1);
    await expect(listbox).toBeHidden();
    await expect(box(popup)).toHaveValue(helga.profile.login);

    // The person's name and times with their zone, laid out one card above the other at the popup's width.
    const worker = found.getByRole('region', { name: 'Flex worker' });
    await expect(worker).toContainText(`Name${helga.profile.firstName} ${helga.profile.lastName}`);
    await expect(worker).toContainText(/Seat held since\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const [workerBox, personBox] = [await worker.boundingBox(), await found.getByRole('region', { name: 'Okta person' }).boundingBox()];
    expect(personBox!.y).toBeGreaterThanOrEqual(workerBox!.y + workerBox!.height);
    const sid = found.getByText(caseWorker(sandbox, 'suspended').sid, { exact: true });
    const line = await sid.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await sid.boundingBox())!.height).toBeLessThan(line * 1.5);
    expect(extensionErrors).toEqual([]);
  });

  test('keeps recent look-ups (the query only) across openings, runs one again on a click, and clears them', async ({ context, extensionId, sandbox }) => {
    const priya = caseUser(sandbox, 'activeAssigned');
    const popup = await openPopup(context, extensionId);
    await box(popup).fill(priya.profile.email);
    await popup.keyboard.press('Enter');
    await expect(results(popup, priya.profile.email)).toContainText(STATUS_INFO.active.label);

    await popup.reload();
    const recent = popup.getByRole('region', { name: 'Recent look-ups' });
    await recent.getByRole('button', { name: priya.profile.email }).click();
    await expect(results(popup, priya.profile.email)).toContainText(STATUS_INFO.active.label);
    // Only what was typed is stored: no status, no name, no worker.
    expect(await popup.evaluate((key) => localStorage.getItem(key), RECENT_LOOKUPS_KEY)).toBe(JSON.stringify([priya.profile.email]));

    await recent.getByRole('button', { name: 'Clear' }).click();
    await expect(recent).toBeHidden();
    await popup.reload();
    await expect(popup.getByRole('region', { name: 'Recent look-ups' })).toBeHidden();
    expect(await popup.evaluate((key) => localStorage.getItem(key), RECENT_LOOKUPS_KEY)).toBeNull();
  });

  test('says what is wrong with malformed input and sends nothing; a worker SID is looked up in whichever workspace holds it', async ({ context, extensionId, sandbox }) => {
    const popup = await openPopup(context, extensionId);
    const error = popup.getByRole('search').getByRole('alert');
    const bad: [string, RegExp][] = [
      ['helga sorensen', /Spaces cannot be part/],
      ['"john..doe"@example.com', /Quotes and backslashes are not looked up/],
      ['helga\\sorensen', /Quotes and backslashes/],
      ['x'.repeat(500), /500 characters/],
      [sandbox.state.twilio.flex!.taskrouterWorkspaceSid, /WS… is a TaskRouter workspace, not a worker/],
      ['helga.sorensen@', /not a whole email address/],
    ];
    for (const [input, message] of bad) {
      await box(popup).fill(input);
      await popup.keyboard.press('Enter');
      await expect(error).toHaveText(message);
      await expect(box(popup)).toHaveAttribute('aria-invalid', 'true');
    }
    await popup.getByRole('button', { name: 'Look up' }).click();
    await expect(error).toHaveText(/not a whole email address/);

    // A lookup that is allowed, then the log: it holds that lookup's requests and nothing from before.
    const worker = caseWorker(sandbox, 'suspended');
    await box(popup).fill(worker.sid);
    await expect(error).toBeHidden();
    await popup.keyboard.press('Enter');
    await expect(results(popup, worker.sid).getByRole('region', { name: 'Flex worker' })).toContainText(worker.sid);
    const sent = sandbox.requestsMatching({});
    expect(sent.length).toBeGreaterThan(0);
    // No person was asked for by login or id, no suggestion was asked for, no worker by another kind of SID…
    expect(sent.filter((r) => r.host === SANDBOX_HOSTS.okta && /^\/api\/v1\/users\/./.test(r.path))).toEqual([]);
    expect(sent.filter((r) => new URLSearchParams(r.query).has('q'))).toEqual([]);
    expect(sent.filter((r) => /\/Workers\/(?!WK)/.test(r.path))).toEqual([]);
    // …and no search or filter carries any of the malformed values.
    const expressions = sent.flatMap((r) => [...new URLSearchParams(r.query).values()]);
    for (const value of ['helga sorensen', 'john', '\\', 'x'.repeat(20), 'sorensen@"', 'sorensen@ ']) {
      expect(expressions.filter((e) => e.includes(value))).toEqual([]);
    }
    expect(await popup.evaluate((key) => localStorage.getItem(key), RECENT_LOOKUPS_KEY)).toBe(JSON.stringify([worker.sid]));
  });

  test('with Okta failing, shows the Flex worker and Okta’s problem with its fix', async ({ context, extensionId, sandbox }) => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 401 });
    const priya = caseUser(sandbox, 'activeAssigned');
    const popup = await openPopup(context, extensionId);
    await box(popup).fill(priya.profile.email);
    await popup.keyboard.press('Enter');
    const found = results(popup, priya.profile.email);
    const oktaProblem = found.getByRole('alert', { name: 'Okta problem' });
    await expect(oktaProblem).toContainText('E0000011');
    await expect(oktaProblem.locator('.next')).not.toBeEmpty();
    await expect(found.getByRole('region', { name: 'Flex worker' })).toContainText(caseWorker(sandbox, 'activeAssigned').sid);
    await expect(found).toContainText(STATUS_INFO.unknown.label);
    await expect(found.getByRole('alert', { name: 'Twilio problem' })).toHaveCount(0);
  });

  test('with Twilio failing, shows the Okta person and Twilio’s problem with its fix', async ({ context, extensionId, sandbox }) => {
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, respond: 401 });
    const priya = caseUser(sandbox, 'activeAssigned');
    const popup = await openPopup(context, extensionId);
    await box(popup).fill(priya.profile.email);
    await popup.keyboard.press('Enter');
    const found = results(popup, priya.profile.email);
    const twilioProblem = found.getByRole('alert', { name: 'Twilio problem' });
    await expect(twilioProblem).toContainText('20003');
    await expect(twilioProblem.locator('.next')).not.toBeEmpty();
    const person = found.getByRole('region', { name: 'Okta person' });
    await expect(person).toContainText(`Login${priya.profile.login}`);
    await expect(person).toContainText('Okta statusActive');
    await expect(found.getByRole('alert', { name: 'Okta problem' })).toHaveCount(0);
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '../messages/ask-background';
import { ProblemError } from '../problem';
import { workerListSummary } from './worker-list-summary';
import { workerStatusesOnPage } from './worker-statuses-on-page';

vi.mock('../messages/ask-background', () => ({ askBackground: vi.fn() }));
vi.mock('../ui/shadow-host', () => import('../../tests/support/open-shadow-host'));

const WS = `WS${'a'.repeat(32)}`;
const sid = (n: number) => `WK${String(n).padStart(32, '0')}`;
const ask = vi.mocked(askBackground);
const row = (n: number) => `<tr id="r${n}"><td><a href="/console/taskrouter/workspaces/${WS}/workers/${sid(n)}">agent${n}</a></td><td>${sid(n)}</td></tr>`;
const card = () => document.querySelector<HTMLElement>('flex-steward-card[data-feature="worker-list-summary"]');
const cardText = () => card()?.shadowRoot?.textContent ?? '(no card)';
const select = () => card()!.shadowRoot!.querySelector('select')!;
const visibleRows = () => [...document.querySelectorAll<HTMLElement>('tbody tr')].filter((tr) => tr.style.display !== 'none').map((tr) => tr.id);

async function choose(value: string) {
  await vi.waitFor(() => expect(card()?.shadowRoot?.querySelector('select')).toBeTruthy());
  select().value = value;
  select().dispatchEvent(new Event('change', { bubbles: true }));
}

describe('the Console worker list’s summary line and status filter', () => {
  let controller: AbortController;
  beforeEach(() => {
    document.body.innerHTML = `<div><h1>Workers</h1><form role="search"><select name="activity"><option>All activities</option></select></form><table><tbody>${[1, 2, 3, 4].map(row).join('')}</tbody></table></div>`;
    document.getElementById('r2')!.setAttribute('style', 'display: table-row; color: red');
    ask.mockReset();
    ask.mockImplementation((command) => Promise.resolve((command === 'audit.summary' ? null : { opened: true }) as never));
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    workerStatusesOnPage.clear();
  });
  const start = () => workerListSummary.init({ page: { kind: 'taskrouter-worker-list', workspaceSid: WS }, document, signal: controller.signal });

  it('says above the list that this workspace has no audit yet, asking for its summary by the workspace in the URL', async () => {
    start();
    await vi.waitFor(() => expect(cardText()).toContain('Flex Steward · No licence audit of this workspace yet · Open audit'));
    expect(ask).toHaveBeenCalledWith('audit.summary', { workspaceSid: WS });
    expect(card()!.nextElementSibling?.tagName).toBe('TABLE');
  });

  it('gives the latest audit’s counts with thousands separators', async () => {
    ask.mockImplementation((command) => Promise.resolve((command === 'audit.summary' ? { workspaceSid: WS, workers: 1240, freeable: 37, check: 5, auditedAt: new Date(Date.now() - 2 * 3600_000 - 60_000).toISOString() } : { opened: true }) as never));
    start();
    await vi.waitFor(() => expect(cardText()).toContain('1,240 workers · 37 seats can be freed · 5 to check · audited 2 h ago · Open audit'));
  });

  it('asks again when the admin comes back to the list, so an audit run meanwhile shows without a reload', async () => {
    start();
    await vi.waitFor(() => expect(cardText()).toContain('No licence audit of this workspace yet'));
    ask.mockImplementation((command) => Promise.resolve((command === 'audit.summary' ? { workspaceSid: WS, workers: 60, freeable: 9, check: 0, auditedAt: new Date().toISOString() } : { opened: true }) as never));
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(cardText()).toContain('Flex Steward · 60 workers · 9 seats can be freed · audited just now · Open audit'));
  });

  it('says in one line what to fix when the background cannot answer, with the way to Settings', async () => {
    ask.mockImplementation(() => Promise.reject(new ProblemError({ code: 'locked', message: 'The vault is locked.', nextStep: 'Unlock it in Settings.', retryable: false, service: 'extension' })));
    start();
    await vi.waitFor(() => expect(cardText()).toContain('The vault is locked. Unlock it in Settings.Open Settings'));
    expect(cardText()).not.toContain('Open audit');
  });

  it('opens the audit only on the admin’s own click: a script’s click is ignored', async () => {
    start();
    await vi.waitFor(() => expect(cardText()).toContain('Open audit'));
    const open = [...card()!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open audit')!;
    open.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ask.mock.calls.map(([command]) => command)).toEqual(['audit.summary']);
  });

  it('shows nothing and asks nothing in a document without worker rows (the Console shell around the frame)', async () => {
    document.body.innerHTML = '<main><h1>Workers</h1><p>The TaskRouter frame is here.</p></main>';
    start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(card()?.isConnected ?? false).toBe(false);
    expect(ask).not.toHaveBeenCalled();
  });

  it('hides the rows whose status does not match, never a row still checking, and gives every row its own display back when cleared', async () => {
    start();
    workerStatusesOnPage.set([
      [sid(1), 'active'],
      [sid(2), 'suspended'],
      [sid(3), 'unassigned'],
    ]);
    await vi.waitFor(() => expect([...select().options].map((o) => o.text)).toEqual(['All workers (4)', 'Seats that can be freed (2)', '✓ Active (1)', '⚠ Unassigned (1)', '‖ Suspended (1)']));
    await choose('freeable');
    await vi.waitFor(() => expect(visibleRows()).toEqual(['r2', 'r3', 'r4']));
    expect(cardText()).toContain('3 of 4 rows shown · 1 row still checking');

    // The last row's answer arrives: it is judged like the others.
    workerStatusesOnPage.set([[sid(4), 'active']]);
    expect(visibleRows()).toEqual(['r2', 'r3']);
    await choose('active');
    await vi.waitFor(() => expect(visibleRows()).toEqual(['r1', 'r4']));
    expect(document.getElementById('r2')!.style.display).toBe('none');

    await choose('all');
    await vi.waitFor(() => expect(visibleRows()).toEqual(['r1', 'r2', 'r3', 'r4']));
    expect(document.getElementById('r2')!.getAttribute('style')).toBe('display: table-row; color: red;');
    expect([...document.querySelectorAll('tr')].filter((tr) => tr.hasAttribute('style')).map((tr) => tr.id)).toEqual(['r2']);
    // The page's own filter form is untouched.
    expect(document.querySelector('form')!.outerHTML).toBe('<form role="search"><select name="activity"><option>All activities</option></select></form>');
  });

  it('applies the filter to rows that render late ("Load more"), once their status is known', async () => {
    start();
    workerStatusesOnPage.set([1, 2, 3, 4].map((n) => [sid(n), n === 1 ? 'deprovisioned' : 'active'] as const));
    await choose('freeable');
    await vi.waitFor(() => expect(visibleRows()).toEqual(['r1']));
    const more = document.createElement('tbody');
    more.innerHTML = row(5) + row(6);
    document.querySelector('tbody')!.append(...more.children);
    await vi.waitFor(() => expect(cardText()).toContain('3 of 6 rows shown · 2 rows still checking'));
    expect(visibleRows()).toEqual(['r1', 'r5', 'r6']);
    workerStatusesOnPage.set([
      [sid(5), 'active'],
      [sid(6), null],
    ]);
    expect(visibleRows()).toEqual(['r1', 'r6']);
    await vi.waitFor(() => expect(cardText()).toContain('2 of 6 rows shown · 1 row without a status'));
  });

  it('keeps the chosen filter through in-page navigation and shows every row when it leaves the page', async () => {
    start();
    workerStatusesOnPage.set([1, 2, 3, 4].map((n) => [sid(n), n === 3 ? 'unassigned' : 'active'] as const));
    await choose('unassigned');
    await vi.waitFor(() => expect(visibleRows()).toEqual(['r3']));
    controller.abort();
    expect(visibleRows()).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(card()).toBeNull();

    // The next page of the same list: its rows are filtered as their statuses arrive.
    document.querySelector('tbody')!.innerHTML = [7, 8].map(row).join('');
    controller = new AbortController();
    start();
    await vi.waitFor(() => expect(select().value).toBe('unassigned'));
    workerStatusesOnPage.set([
      [sid(7), 'unassigned'],
      [sid(8), 'suspended'],
    ]);
    expect(visibleRows()).toEqual(['r7']);
  });
});

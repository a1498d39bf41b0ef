// @vitest-environment happy-dom
import { act } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { AuditProgress, AuditRow, AuditTotals, AuditView } from '../../lib/audit/types';
import { IDENTITY_STATUSES } from '../../lib/identity/statuses';
import { askBackground } from '../../lib/messages/ask-background';
import { bulkWindowTargets } from '../../lib/runs/bulk-window';
import { defaultSettings } from '../../lib/settings/settings';
import { button, click, pageText as text, render as renderPage, typeInto, type Rendered } from '../../tests/support/render';
import { AuditPanel } from './AuditPanel';

vi.mock('../../lib/messages/ask-background', () => ({ askBackground: vi.fn() }));
const ask = vi.mocked(askBackground);

const AC = `AC${'ab'.repeat(16)}`;
const WS = `WS${'1'.repeat(32)}`;
const sid = (n: number) => `WK${n.toString(16).padStart(32, '0')}`;

const progress = (patch: Partial<AuditProgress> = {}): AuditProgress => ({
  id: 'audit-1',
  scope: 'flex-workspace',
  accountSid: AC,
  state: 'running',
  phase: 'okta-app-users',
  workersListed: 800,
  workersTotal: 1240,
  done: 3,
  total: 10,
  requests: { okta: 2, twilio: 1 },
  estimateSeconds: 110,
  pacing: { service: 'okta', until: '2026-12-01T10:42:05Z' },
  startedAt: '2026-12-01T10:40:00Z',
  updatedAt: '2026-12-01T10:41:00Z',
  finishedAt: null,
  problem: null,
  ...patch,
});

function row(n: number, patch: Partial<AuditRow> = {}): AuditRow {
  return {
    workerSid: sid(n),
    workspaceSid: WS,
    workspaceName: 'Flex Task Assignment',
    friendlyName: `agent${n}@example.com`,
    fullName: `Agent ${n}`,
    email: `agent${n}@example.com`,
    status: 'suspended',
    activityName: 'Offline',
    available: false,
    dateStatusChanged: '2026-01-01T00:00:00Z',
    dateCreated: '2025-01-01T00:00:00Z',
    okta: { id: `00u${n}`, login: `agent${n}@example.com`, status: 'SUSPENDED', flexAssigned: true },
    oktaMatches: 1,
    bulkExclusion: null,
    ...patch,
  };
}

const ROWS = [row(1), row(2, { fullName: 'Sam Roe', status: 'ambiguous', okta: null, oktaMatches: 2, bulkExclusion: 'ambiguous' }), row(3, { fullName: 'Kim Lee', status: 'unassigned' }), row(4, { status: 'active', bulkExclusion: 'keeps-seat' })];
const byStatus = { ...Object.fromEntries(IDENTITY_STATUSES.map((s) => [s, 0])), suspended: 1, unassigned: 1, ambiguous: 1, active: 1 } as AuditTotals['byStatus'];
const TOTALS: AuditTotals = { workers: 4, freeable: 2, check: 0, byStatus, byActivity: { Offline: 4 }, byWorkspace: [{ sid: WS, name: 'Flex Task Assignment', workers: 4, freeable: 2 }] };
const DONE: AuditView = { progress: progress({ state: 'done', phase: 'classify', done: 10, finishedAt: '2026-12-01T10:45:00Z', pacing: null, estimateSeconds: null }), totals: TOTALS, rowCount: ROWS.length };

/** The background as the panel sees it: each command answered from `answers`, every call recorded. */
function background(answers: { view: AuditView[]; settings?: Partial<ReturnType<typeof defaultSettings>>; rows?: AuditRow[] }) {
  const rows = answers.rows ?? ROWS;
  let views = [...answers.view];
  const nextView = () => (views.length > 1 ? views.shift()! : views[0]!);
  ask.mockImplementation((async (command: string, payload: unknown) => {
    switch (command) {
      case 'audit.view':
        return nextView();
      case 'audit.start':
      case 'audit.cancel':
      case 'audit.resume':
        return nextView();
      case 'audit.rows': {
        const { offset, limit } = payload as { offset: number; limit: number };
        return { rows: rows.slice(offset, offset + limit), total: rows.length };
      }
      case 'settings.get':
        return { settings: { ...defaultSettings(), ...answers.settings }, savedSecrets: [], vault: { state: 'unlocked', mode: 'passphrase', idleLockMinutes: 15 } };
      default:
        throw new Error(`unexpected ${command}`);
    }
  }) as typeof askBackground);
  return { setViews: (next: AuditView[]) => (views = [...next]) };
}

const calls = (command: string) => ask.mock.calls.filter(([c]) => c === command).map(([, p]) => p);

/**
 * happy-dom lays nothing out, so every element is 0 px tall and the virtualiser would draw no row.
 * The table's scroll box gets the height its style sheet gives it in the browser (audit.css).
 */
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() =>
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('audit-grid') ? 480 : 0;
    },
  }),
);
afterAll(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  expect(Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')).toEqual(clientHeight);
});

describe('the licence audit in the side panel', () => {
  let page: Rendered | undefined;
  beforeEach(() => {
    ask.mockReset();
  });
  afterEach(async () => {
    await page?.unmount();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  const render = async () => {
    page = await renderPage(<AuditPanel />);
  };

  it('starts an audit of the scope chosen, then follows it with a bar, counts, estimate and pacing, and cancels it', async () => {
    const bg = background({ view: [{ progress: null, totals: null, rowCount: 0 }] });
    await render();
    expect(button('Start audit')).toBeTruthy();
    bg.setViews([{ progress: progress({ scope: 'all-workspaces' }), totals: null, rowCount: 0 }]);
    await click(document.querySelector('input[value="all-workspaces"]')!);
    await click(button('Start audit'));
    expect(calls('audit.start')).toEqual([{ scope: 'all-workspaces' }]);

    const bar = document.querySelector('progress')!;
    expect(bar.getAttribute('aria-label')).toBe('Audit progress');
    expect([bar.value, bar.max]).toEqual([3, 10]);
    expect(text()).toContain('800 of 1,240 workers listed · 2 requests to Okta · 1 to Twilio');
    expect(text()).toContain('about 2 min left');
    expect(text()).toContain('Slowing down for Okta’s rate limit until 10:42:05 UTC.');
    expect(text()).not.toContain('Start audit');

    bg.setViews([{ progress: progress({ state: 'cancelled', pacing: null }), totals: null, rowCount: 0 }]);
    await click(button('Cancel'));
    expect(calls('audit.cancel')).toHaveLength(1);
    expect(button('Resume')).toBeTruthy();
    expect(text()).not.toContain('Slowing down');
  });

  it('asks for progress once a second while the audit runs, and stops asking once it is done', async () => {
    // Only the poll's interval is faked; everything else runs on real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    background({ view: [{ progress: progress(), totals: null, rowCount: 0 }, { progress: progress({ done: 6 }), totals: null, rowCount: 0 }, DONE] });
    await render();
    expect(calls('audit.view')).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(999));
    expect(calls('audit.view')).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(calls('audit.view')).toHaveLength(2);
    expect(document.querySelector('progress')?.value).toBe(6);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(calls('audit.view')).toHaveLength(3);
    await vi.waitFor(() => expect(text()).toContain('2 seats can be freed'));
    expect(document.querySelector('progress')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(calls('audit.view')).toHaveLength(3);
  });

  it('shows a failure with its next step and offers Resume', async () => {
    background({ view: [{ progress: progress({ state: 'failed', problem: { code: 'rate-limited', message: 'Okta kept answering 429.', nextStep: 'Wait a minute.', retryable: true, service: 'okta' } }), totals: null, rowCount: 0 }] });
    await render();
    const alert = document.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Okta kept answering 429.');
    expect(alert.textContent).toContain('Wait a minute. Then Resume: the audit continues where it stopped.');
    await click(button('Resume'));
    expect(calls('audit.resume')).toEqual([{}]);
  });

  it('puts the totals first, with money a month from Settings’ seat price, then the table of every row', async () => {
    background({ view: [DONE], settings: { audit: { seatPricePerMonth: 150, currency: 'USD' } } });
    await render();
    await vi.waitFor(() => expect(document.querySelector('[role="table"]')).not.toBeNull());
    expect(text()).toContain('2 seats can be freed · $300.00 a month');
    expect(text()).toContain('0 to check — not in Okta');
    expect(text()).toContain(`4 workers in the Flex workspace of ${AC}, audited 2026-12-01 10:45 UTC.`);
    const table = document.querySelector('[role="table"]')!;
    expect(table.getAttribute('aria-rowcount')).toBe('5');
    expect([...table.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent)).toEqual(['Select', 'Person ▲', 'Status', 'Activity', 'Last activity change', 'Workspace', 'Okta login']);
    expect(text()).toContain('Showing 4 of 4');

    const search = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    await typeInto(search, 'kim');
    expect(text()).toContain('Showing 1 of 4');
    expect([...document.querySelectorAll('[role="table"] [role="row"] .name')].map((n) => n.textContent)).toEqual(['Kim Lee']);

    await typeInto(search, '');
    const status = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Status'))!.querySelector('select')!;
    await typeInto(status, 'freeable');
    expect(text()).toContain('Showing 2 of 4');
    const personHeader = document.querySelector('[role="columnheader"][aria-sort="ascending"]')!;
    await click(personHeader.querySelector('button')!);
    expect(personHeader.getAttribute('aria-sort')).toBe('descending');
    expect([...document.querySelectorAll('[role="table"] [role="row"] .name')].map((n) => n.textContent)).toEqual(['Kim Lee', 'Agent 1']);
  });

  it('exports every row as CSV (UTF-8 with a byte order mark for Excel) and as JSON, named after the account and the day', async () => {
    const files: { name: string; type: string; text: Promise<string> }[] = [];
    let pending: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      pending = blob as Blob;
      return 'blob:audit';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      files.push({ name: this.download, type: pending!.type, text: pending!.text() });
    });
    background({ view: [DONE] });
    await render();
    await vi.waitFor(() => expect(document.querySelector('[role="table"]')).not.toBeNull());
    await typeInto(document.querySelector<HTMLInputElement>('input[type="search"]')!, 'kim');
    await click(button('Export CSV'));
    await click(button('Export JSON'));
    expect(files.map((f) => [f.name, f.type])).toEqual([
      [`flex-steward-audit-${AC}-2026-12-01.csv`, 'text/csv;charset=utf-8'],
      [`flex-steward-audit-${AC}-2026-12-01.json`, 'application/json'],
    ]);
    const csv = await files[0]!.text;
    expect(csv.startsWith('\uFEFFAudited at,Account SID,')).toBe(true);
    // The whole audit, whatever the search: a header and four records.
    expect(csv.trimEnd().split('\r\n')).toHaveLength(5);
    const json = JSON.parse(await files[1]!.text) as { accountSid: string; auditedAt: string; rows: unknown[] };
    expect([json.accountSid, json.auditedAt, json.rows.length]).toEqual([AC, '2026-12-01T10:45:00Z', 4]);
  });

  it('keeps 20,000 rows out of the DOM but a screenful, while the table still counts them all', async () => {
    const many = Array.from({ length: 20_000 }, (_, n) => row(n, { fullName: `Person ${String(n).padStart(5, '0')}` }));
    background({ view: [{ ...DONE, rowCount: many.length }], rows: many });
    await render();
    await vi.waitFor(() => expect(document.querySelector('[role="table"]')).not.toBeNull());
    expect(calls('audit.rows')).toEqual([0, 5000, 10_000, 15_000].map((offset) => ({ offset, limit: 5000 })));
    const table = document.querySelector('[role="table"]')!;
    expect(table.getAttribute('aria-rowcount')).toBe('20001');
    const drawn = [...table.querySelectorAll('[role="rowgroup"] + [role="rowgroup"] [role="row"]')];
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]!.getAttribute('aria-rowindex')).toBe('2');
    expect(drawn[0]!.querySelector('.name')?.textContent).toBe('Person 00000');
    expect(text()).toContain('Showing 20,000 of 20,000');
  });

  it('lets only rows a bulk run may take be selected, and says why the others cannot', async () => {
    background({ view: [DONE] });
    await render();
    await vi.waitFor(() => expect(document.querySelectorAll('[role="table"] input[type="checkbox"]')).toHaveLength(4));
    const ambiguous = document.querySelector<HTMLInputElement>('input[aria-label^="Sam Roe"]')!;
    expect(ambiguous.disabled).toBe(true);
    expect(ambiguous.getAttribute('aria-label')).toBe('Sam Roe cannot be selected. Ambiguous: two or more Okta people claim this address — settle it on the worker’s page.');
    await click(button('Select all 2 shown that can be freed'));
    expect(button('Deprovision 2 selected…').disabled).toBe(false);
  });

  it('refuses a selection beyond Settings’ per-run maximum with the fix, then opens the bulk window on the first ones', async () => {
    const create = vi.spyOn(browser.windows, 'create').mockResolvedValue({} as never);
    background({ view: [DONE], settings: { runs: { ...defaultSettings().runs, maxPerBulk: 1 } } });
    await render();
    await vi.waitFor(() => expect(document.querySelector('[role="table"]')).not.toBeNull());
    await click(button('Select all 2 shown that can be freed'));
    expect(button('Deprovision 2 selected…').disabled).toBe(true);
    expect(document.querySelector('.audit-selection [role="alert"]')?.textContent).toContain('2 people are selected; Settings allows at most 1 in one bulk run.');

    await click(button('Keep the first 1'));
    await click(button('Deprovision 1 selected…'));
    expect(create).toHaveBeenCalledTimes(1);
    const options = create.mock.calls[0]![0]!;
    expect(options).toMatchObject({ type: 'popup', width: 680, height: 820 });
    const url = new URL(options.url as string);
    expect(url.pathname).toBe('/bulk.html');
    // Sorted by person: "Agent 1" comes before "Kim Lee".
    expect(bulkWindowTargets(url.search)).toEqual([{ workspaceSid: WS, workerSid: sid(1) }]);
  });
});

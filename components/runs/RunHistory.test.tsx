// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResponse } from '../../lib/messages/commands';
import type { RunRow } from '../../lib/runs/ledger';
import type { TeamStatus } from '../../lib/team/types';
import { answerWith, fakeAsk, sentWith } from '../../tests/support/fake-background';
import { button, click, pageText, render, typeInto, type Rendered } from '../../tests/support/render';
import { planFor, runOf } from '../../tests/support/run-fixtures';
import { RunHistory } from './RunHistory';

vi.mock('../../lib/messages/ask-background', async () => (await import('../../tests/support/fake-background')).askBackgroundModule);

type Entry = CommandResponse<'runs.list'>['entries'][number];
const row = (id: string, email: string, patch: Partial<RunRow & { origin: 'here' | 'team' }> = {}): Entry => ({
  id,
  kind: 'deprovision',
  state: 'done',
  operator: 'me@example.com',
  createdAt: '2026-12-02T10:42:00Z',
  finishedAt: '2026-12-02T10:43:00Z',
  subject: { email, name: null, workerSid: null, oktaUserId: null },
  workerSids: [],
  stepsDone: 1,
  stepsTotal: 1,
  outcome: null,
  ...patch,
});
const status = (patch: Partial<TeamStatus> = {}): TeamStatus => ({ state: 'live', serviceSid: `IS${'0a'.repeat(16)}`, identity: 'me@example.com', behindBy: 0, lastSyncedAt: '2026-12-02T10:42:00Z', ...patch });

/** A background whose history is `entries` (filtered by nothing: the background filters) and whose team is `team()`. */
function background(entries: () => Entry[], team: () => TeamStatus = () => status({ state: 'off' })) {
  answerWith({
    'runs.list': () => ({ entries: entries(), total: entries().length, prunable: 0, limits: { runs: 1000, days: 365 }, storageMove: null }),
    'team.status': team,
    'runs.get': ({ runId }) => ({ run: runOf(planFor('ana-target@example.com'), { id: runId, state: 'done', operator: 'ana@example.com', finishedAt: '2026-12-02T10:43:00Z' }), undo: null }),
    'runs.previewUndo': () => ({ previewId: 'undo-preview', plan: planFor('ana-target@example.com', { kind: 'undo' }) }),
  });
}
const lastFilter = () => sentWith('runs.list').at(-1)!.filter;
const field = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

describe('Run history: filters, colleagues’ runs and the team ledger', () => {
  let page: Rendered | undefined;
  beforeEach(() => {
    fakeAsk.mockReset();
  });
  afterEach(async () => {
    await page?.unmount();
    vi.useRealTimers();
    Reflect.deleteProperty(document, 'visibilityState');
  });

  it('sends the filters with runs.list, from the first page, and clears them', async () => {
    background(() => []);
    page = await render(<RunHistory />);
    expect(lastFilter()).toBeUndefined();
    expect(pageText()).toContain('No runs yet.');

    await typeInto(field('#filter-person'), ' sam ');
    await typeInto(field('#filter-operator'), 'ana@example.com');
    await typeInto(field('#filter-status'), 'paused');
    await typeInto(field('#filter-from'), '2026-12-01');
    await typeInto(field('#filter-to'), '2026-12-02');
    expect(lastFilter()).toEqual({ person: 'sam', operator: 'ana@example.com', status: 'paused', from: '2026-12-01', to: '2026-12-02' });
    expect(sentWith('runs.list').at(-1)!.offset).toBe(0);
    expect(pageText()).toContain('No runs match these filters.');

    await click(button('Clear filters'));
    expect(lastFilter()).toBeUndefined();
    expect(field<HTMLInputElement>('#filter-person').value).toBe('');
  });

  it('shows who ran a colleague’s run with a team tag, and a run started without the team lock', async () => {
    background(
      () => [row('r-team', 'kim@example.com', { origin: 'team', operator: 'ana@example.com' }), row('r-mine', 'lee@example.com', { teamLock: 'skipped' })],
      () => status(),
    );
    page = await render(<RunHistory />);
    const [colleague, mine] = [...document.querySelectorAll('ul.runs > li')];
    const tags = (li: Element | undefined) => [...li!.querySelectorAll('.pill')].map((tag) => tag.textContent);
    expect(colleague!.textContent).toContain('kim@example.com');
    expect(colleague!.textContent).toContain('by ana@example.com');
    expect(tags(colleague)).toEqual(['team']);
    expect(mine!.textContent).not.toContain('by ');
    expect(tags(mine)).toEqual(['Run without team lock']);
  });

  it('opens a colleague’s run read-only, from the ledger: who, when, how far, and where its undo is', async () => {
    background(() => [row('r-team', 'kim@example.com', { origin: 'team', operator: 'ana@example.com' })], () => status());
    page = await render(<RunHistory />);
    await click(button('kim@example.com'));
    expect(pageText()).toContain('by ana@example.com');
    expect(pageText()).toContain('Its steps, request ids and Undo are in the Flex Steward of ana@example.com, who ran it.');
    expect(document.querySelectorAll('button')).toHaveLength(1);
    expect(sentWith('runs.get')).toEqual([]);
    expect(sentWith('runs.previewUndo')).toEqual([]);
  });

  it('says when the team ledger is behind, in the singular for one run, and when Sync is offline', async () => {
    let team = status({ behindBy: 1 });
    background(() => [], () => team);
    page = await render(<RunHistory />);
    expect(field('[aria-label="Team ledger"]').textContent).toBe('Team ledger is behind by 1 run');
    await page.unmount();

    team = status({ state: 'offline', behindBy: 3, problem: { code: 'network-unreachable', message: 'Twilio Sync could not be reached.', nextStep: 'Check the network.', retryable: true } });
    page = await render(<RunHistory />);
    expect(field('[aria-label="Team ledger"]').textContent).toBe(
      'Offline since 2026-12-02 10:42 UTC: Twilio Sync could not be reached. Runs are recorded here and sent when Sync returns. Team ledger is behind by 3 runs.',
    );
    await page.unmount();

    team = status();
    page = await render(<RunHistory />);
    expect(document.querySelector('[aria-label="Team ledger"]')).toBeNull();
  });

  it('in team mode, re-reads the team status and the page every 5 s while the panel is visible, so colleagues’ runs appear', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    let entries: Entry[] = [];
    background(() => entries, () => status());
    page = await render(<RunHistory />);
    expect(sentWith('team.status')).toHaveLength(1);

    entries = [row('r-team', 'kim@example.com', { origin: 'team', operator: 'ana@example.com' })];
    await act(async () => void vi.advanceTimersByTime(5000));
    expect(sentWith('team.status')).toHaveLength(2);
    expect(pageText()).toContain('kim@example.com');

    visibility = 'hidden';
    const lists = sentWith('runs.list').length;
    await act(async () => void vi.advanceTimersByTime(15000));
    expect(sentWith('team.status')).toHaveLength(2);
    expect(sentWith('runs.list')).toHaveLength(lists);
  });

  it('asks nothing on a beat while team mode is off', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    background(() => []);
    page = await render(<RunHistory />);
    await act(async () => void vi.advanceTimersByTime(15000));
    expect(sentWith('team.status')).toHaveLength(1);
    expect(sentWith('runs.list')).toHaveLength(1);
  });
});

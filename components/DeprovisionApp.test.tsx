// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem, ProblemError } from '../lib/problem';
import type { TeamLockView } from '../lib/team/types';
import { answerWith, fakeAsk, sentWith } from '../tests/support/fake-background';
import { button, click, pageText, render, typeInto, type Rendered } from '../tests/support/render';
import { planFor, runOf } from '../tests/support/run-fixtures';
import { DeprovisionApp } from './DeprovisionApp';

vi.mock('../lib/messages/ask-background', async () => (await import('../tests/support/fake-background')).askBackgroundModule);

const WS = `WS${'2'.repeat(32)}`;
const WK = `WK${'1'.repeat(32)}`;
const EMAIL = 'sam@example.com';
const HOLDER = { runId: 'run-ana', operator: 'ana@example.com', since: '2026-12-02T10:42:00Z', person: EMAIL };
const HELD_SENTENCE = 'In progress by ana@example.com since 2026-12-02 10:42 UTC.';
const unreachable = problem('network-unreachable', 'Twilio Sync could not be reached, so the team lock could not be claimed.', 'Check the network, or run without the team lock.', { retryable: true });

/** The window against a background whose previews answer `locks` in turn (the last one repeats). */
async function openWindow(locks: (TeamLockView | undefined)[], start: () => Promise<unknown> = async () => ({ run: runOf(planFor(EMAIL)) })) {
  let previews = 0;
  answerWith({
    'workers.status': () => ({ statuses: [], runs: [] }),
    'runs.preview': () => {
      const teamLock = locks[Math.min(previews, locks.length - 1)];
      previews += 1;
      const plan = planFor(EMAIL, teamLock?.state === 'held' ? { blocked: teamLock.sentence } : {});
      return { previewId: `preview-${previews}`, plan, ...(teamLock ? { teamLock } : {}) };
    },
    'runs.start': start as never,
    'runs.get': () => ({ run: runOf(planFor(EMAIL)), undo: null }),
  });
  return render(<DeprovisionApp workspaceSid={WS} workerSid={WK} />);
}
const typed = () => document.querySelector<HTMLInputElement>('#confirm-typed');
const lockChoice = () => [...document.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find((box) => box.parentElement?.textContent?.startsWith('Run without team lock'));

describe('The deprovision window in team mode', () => {
  let page: Rendered | undefined;
  beforeEach(() => {
    fakeAsk.mockReset();
  });
  afterEach(() => page?.unmount());

  it('shows who holds the person, and offers no Start, only a fresh preview', async () => {
    page = await openWindow([{ state: 'held', holder: HOLDER, sentence: HELD_SENTENCE }, { state: 'free' }]);
    const alert = document.querySelector('[role=alert]')!;
    expect(alert.textContent).toBe(HELD_SENTENCE);
    expect(pageText().split(HELD_SENTENCE)).toHaveLength(2);
    expect([...document.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Deprovision');
    expect(typed()).toBeNull();

    await click(button('Preview again'));
    expect(sentWith('runs.preview')).toHaveLength(2);
    expect(pageText()).not.toContain(HELD_SENTENCE);
    expect(button('Deprovision').disabled).toBe(true);
  });

  it('with Sync unreachable, starts only once "Run without team lock" is ticked, and says so on start', async () => {
    page = await openWindow([{ state: 'unreachable', problem: unreachable }]);
    expect(pageText()).toContain(`${unreachable.message}${unreachable.nextStep}`);
    const choice = lockChoice()!;
    expect(choice.checked).toBe(false);
    expect(choice.parentElement!.textContent).toContain('Run without team lock (recorded in the run history)');

    await typeInto(typed()!, EMAIL);
    expect(button('Deprovision').disabled).toBe(true);
    await click(choice);
    expect(button('Deprovision').disabled).toBe(false);
    await click(button('Deprovision'));
    expect(sentWith('runs.start')).toEqual([{ previewId: 'preview-1', typed: EMAIL, withoutTeamLock: true }]);
  });

  it('starts as before when the person is free, without a word about the lock', async () => {
    page = await openWindow([{ state: 'free' }]);
    expect(lockChoice()).toBeUndefined();
    await typeInto(typed()!, EMAIL);
    await click(button('Deprovision'));
    expect(sentWith('runs.start')).toEqual([{ previewId: 'preview-1', typed: EMAIL }]);
  });

  it('when a colleague wins the race between preview and start, shows their refusal and offers a fresh preview', async () => {
    const refusal = problem('conflict', HELD_SENTENCE, 'Open the run history to follow it; start again once it has ended.', { service: 'extension' });
    page = await openWindow([{ state: 'free' }, { state: 'held', holder: HOLDER, sentence: HELD_SENTENCE }], () => Promise.reject(new ProblemError(refusal)));
    await typeInto(typed()!, EMAIL);
    await click(button('Deprovision'));
    expect(pageText()).toContain(`${HELD_SENTENCE}${refusal.nextStep}`);
    expect([...document.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Deprovision');

    await click(button('Preview again'));
    expect(sentWith('runs.preview')).toHaveLength(2);
    expect(document.querySelector('.team-lock')!.textContent).toBe(HELD_SENTENCE);
  });
});

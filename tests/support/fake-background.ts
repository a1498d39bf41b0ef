import { vi } from 'vitest';
import type { askBackground } from '../../lib/messages/ask-background';
import type { CommandName, CommandRequest, CommandResponse } from '../../lib/messages/commands';

/**
 * One `askBackground` fake for every component test that mocks it with
 *
 *   vi.mock('…/lib/messages/ask-background', async () => (await import('…/tests/support/fake-background')).askBackgroundModule);
 *
 * The unit suite shares one module graph (tests/vitest.config.ts, `isolate: false`), so a component
 * imported by two test files is evaluated once, bound to whichever mock came first; a fake of its
 * own per file would leave the second file's component talking to the first file's fake.
 */
export const fakeAsk = vi.fn<typeof askBackground>();
export const askBackgroundModule = { askBackground: fakeAsk };

export type Answers = { [C in CommandName]?: (payload: CommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>> };

/** Makes the fake answer each command from `answers`; any other command fails the way an unknown one would. */
export function answerWith(answers: Answers): void {
  fakeAsk.mockImplementation((async (command: CommandName, payload: never) => {
    const answer = answers[command] as ((p: never) => unknown) | undefined;
    if (!answer) throw new Error(`The test's background has no answer for ${command}`);
    return answer(payload);
  }) as typeof askBackground);
}

/** What the page sent with `command`, in order. */
export const sentWith = <C extends CommandName>(command: C) => fakeAsk.mock.calls.filter(([c]) => c === command).map(([, payload]) => payload as CommandRequest<C>);

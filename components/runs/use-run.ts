import { useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import { onRunChanged } from '../../lib/storage/change-signal';
import type { Run } from '../../lib/runs/types';
import type { CommandResponse } from '../../lib/messages/commands';

/**
 * A run as the background's journal has it, kept live: the journal is written before and after
 * every step, and each write is signalled to this page (lib/storage/change-signal.ts).
 */
export function useRun(initial: Run) {
  const [run, setRun] = useState(initial);
  const [problem, setProblem] = useState<Problem>();
  const [undo, setUndo] = useState<CommandResponse<'runs.get'>['undo']>(null);
  useEffect(() => {
    const refresh = () =>
      askBackground('runs.get', { runId: initial.id }).then(
        ({ run: next, undo: mark }) => {
          setRun(next);
          setUndo(mark);
        },
        (error: unknown) => setProblem(toProblem(error)),
      );
    // Any run's change, not only this one's: an undo of this run starting changes what it offers.
    const stop = onRunChanged(() => void refresh());
    void refresh();
    return stop;
  }, [initial.id]);
  return { run, setRun, undo, problem, setProblem };
}

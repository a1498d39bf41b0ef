import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import { runKey } from '../../lib/runs/journal';
import type { Run } from '../../lib/runs/types';


/**
 * A run as the background's journal has it, kept live: the journal is written before and after
 * every step, and each write is a storage change this page hears about.
 */
export function useRun(initial: Run) {
  const [run, setRun] = useState(initial);
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    const key = runKey(initial.id);
    const refresh = () =>
      askBackground('runs.get', { runId: initial.id }).then(
        ({ run: next }) => setRun(next),
        (error: unknown) => setProblem(toProblem(error)),
      );
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && key in changes) void refresh();
    };
    browser.storage.onChanged.addListener(listener);
    void refresh();
    return () => browser.storage.onChanged.removeListener(listener);
  }, [initial.id]);
  return { run, setRun, problem, setProblem };
}

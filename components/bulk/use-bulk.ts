import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';
import type { RunRow } from '../../lib/runs/ledger';
import { onRunChanged } from '../../lib/storage/change-signal';

/**
 * A batch's runs as the journal has them, kept live the way `use-run.ts` keeps one run: re-read on
 * every runs change signal, which the background sends at each step of each run.
 */
export function useBulk(bulkId: string) {
  const [rows, setRows] = useState<RunRow[]>();
  const [problem, setProblem] = useState<Problem>();
  const refresh = useCallback(
    () =>
      askBackground('runs.bulk', { bulkId }).then(
        ({ runs }) => setRows(runs),
        (error: unknown) => setProblem(toProblem(error)),
      ),
    [bulkId],
  );
  useEffect(() => {
    const stop = onRunChanged(() => void refresh());
    void refresh();
    return stop;
  }, [refresh]);
  return { rows, problem, refresh };
}

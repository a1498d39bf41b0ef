import { useCallback, useEffect, useState } from 'react';
import { AUDIT_ROWS_PAGE_MAX, type AuditRow, type AuditScope, type AuditView } from '../../lib/audit/types';
import { askBackground } from '../../lib/messages/ask-background';
import { toProblem, type Problem } from '../../lib/problem';

/** How often the panel asks for progress while an audit runs: about once a second. */
export const AUDIT_POLL_MS = 1000;

/** The rows of a finished audit, loaded page by page; `loaded` grows until it reaches `total`. */
export interface LoadedRows {
  /** Which audit they belong to: its id and when it finished. */
  key: string;
  rows: AuditRow[];
  total: number;
  complete: boolean;
}

const rowsKey = (view: AuditView | undefined) => (view?.progress?.state === 'done' ? `${view.progress.id}@${view.progress.finishedAt ?? ''}` : null);

/**
 * The licence audit as the background holds it. The panel keeps nothing of its own: it asks for
 * the view on open, about once a second while the audit runs, and after every button; closing
 * and reopening the panel shows the audit where it is.
 */
export function useAudit() {
  const [view, setView] = useState<AuditView>();
  const [problem, setProblem] = useState<Problem>();
  const [loaded, setLoaded] = useState<LoadedRows>();

  const refresh = useCallback(
    () =>
      askBackground('audit.view', {}).then(
        (next) => setView(next),
        (error: unknown) => setProblem(toProblem(error)),
      ),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const running = view?.progress?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), AUDIT_POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  // Once an audit is done, its rows once, in pages a message can carry.
  const key = rowsKey(view);
  useEffect(() => {
    if (!key) return;
    let stopped = false;
    void (async () => {
      const rows: AuditRow[] = [];
      try {
        for (;;) {
          const page = await askBackground('audit.rows', { offset: rows.length, limit: AUDIT_ROWS_PAGE_MAX });
          if (stopped) return;
          rows.push(...page.rows);
          const complete = page.rows.length === 0 || rows.length >= page.total;
          setLoaded({ key, rows: [...rows], total: page.total, complete });
          if (complete) return;
        }
      } catch (error) {
        if (!stopped) setProblem(toProblem(error));
      }
    })();
    return () => {
      stopped = true;
    };
  }, [key]);

  const act = useCallback(async (command: 'audit.cancel' | 'audit.resume' | { scope: AuditScope }) => {
    setProblem(undefined);
    try {
      setView(typeof command === 'string' ? await askBackground(command, {}) : await askBackground('audit.start', command));
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, []);

  return {
    view,
    problem,
    /** The rows of the audit on show, or undefined while none are loaded for it. */
    rows: loaded && loaded.key === key ? loaded : undefined,
    start: (scope: AuditScope) => act({ scope }),
    cancel: () => act('audit.cancel'),
    resume: () => act('audit.resume'),
  };
}

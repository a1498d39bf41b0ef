import { useEffect, useState, useSyncExternalStore } from 'react';
import { CardProblem } from '../../components/CardProblem';
import summaryCss from '../../components/worker-list-summary.css?inline';
import type { AuditSummary } from '../audit/types';
import { formatTime } from '../ui/format-time';
import { askBackground } from '../messages/ask-background';
import { toProblem, type Problem } from '../problem';
import type { Feature } from './feature';
import { mountCard } from './mount-card';
import { observeDom } from './observe-dom';
import { findWorkerAnchors } from './worker-anchors';
import { EMPTY_TALLY, filterNote, filterOptions, isWorkerFilter, rowShown, summaryText, tallyRows, type RowTally, type WorkerFilter } from './worker-list-view';
import { findWorkerRows, rowHider, workerListOf } from './worker-rows';
import { workerStatusesOnPage } from './worker-statuses-on-page';

/**
 * The filter chosen for each workspace, kept in the content script's memory so that it holds when
 * the list navigates in-page (a later page, new filters) but never reaches the page or the disk.
 */
const chosenFilters = new Map<string, WorkerFilter>();

interface ListState {
  filter: WorkerFilter;
  tally: RowTally;
}

/** What the rows on the page look like now; the line re-renders when it changes. */
function listStore(initial: ListState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: ListState) {
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
type ListStore = ReturnType<typeof listStore>;

/** The audit's summary and when it came (the line's "2 h ago" counts from then), or why there is none. */
type SummaryAnswer = { summary: AuditSummary; at: number } | { problem: Problem };

function AuditLine({ workspaceSid, win }: { workspaceSid: string; win: Window }) {
  const [answer, setAnswer] = useState<SummaryAnswer>();
  useEffect(() => {
    let current = true;
    const ask = () =>
      askBackground('audit.summary', { workspaceSid }).then(
        (summary) => current && setAnswer({ summary, at: Date.now() }),
        (error: unknown) => current && setAnswer({ problem: toProblem(error) }),
      );
    void ask();
    // "Open audit" opens the audit in a window of its own; coming back to the list (this frame
    // gets the focus again) asks once more, so an audit run meanwhile shows without a reload.
    win.addEventListener('focus', ask);
    return () => {
      current = false;
      win.removeEventListener('focus', ask);
    };
  }, [workspaceSid, win]);

  if (!answer) return <p className="muted">Flex Steward: reading the latest licence audit…</p>;
  if ('problem' in answer) return <CardProblem problem={answer.problem} />;
  return (
    <p title={answer.summary ? `Audited ${formatTime(answer.summary.auditedAt)}` : undefined}>
      <strong>Flex Steward</strong> · {summaryText(answer.summary, answer.at)} ·{' '}
      <button
        type="button"
        className="link"
        onClick={(event) => {
          // Only the admin's own click opens the audit; the page's scripts cannot press it.
          if (event.nativeEvent.isTrusted) void askBackground('ui.openAudit', {}).catch(() => undefined);
        }}
      >
        Open audit
      </button>
    </p>
  );
}

function StatusFilter({ store, onChoose }: { store: ListStore; onChoose: (filter: WorkerFilter) => void }) {
  const { filter, tally } = useSyncExternalStore(store.subscribe, store.get);
  const note = filterNote(tally, filter);
  return (
    <p className="filter">
      <label>
        Show on this page{' '}
        <select
          aria-label="Show on this page"
          value={filter}
          onChange={(event) => {
            if (isWorkerFilter(event.target.value)) onChoose(event.target.value);
          }}
        >
          {filterOptions(tally, filter).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {note ? <span className="muted">{note}</span> : null}
    </p>
  );
}

const styled = (el: Element): el is Element & ElementCSSInlineStyle => 'style' in el;

/**
 * Above the TaskRouter worker list: one line with the latest licence audit of this workspace and
 * "Open audit", and a status filter that hides the rows on this page whose badge does not match.
 * The statuses are the badges' own answers (worker-statuses-on-page.ts); a row whose status is not
 * known yet is never hidden, and nothing of the page's own controls or data is changed: a hidden row
 * gets an inline `display: none`, and its own inline display back when the filter no longer hides it.
 * The line appears where the rows are, so the Console shell around the TaskRouter frame gets none.
 *
 * Test URLs: https://www.twilio.com/console/taskrouter/workspaces/WS…/workers (also `?layout=cards|late`),
 * and inside the Console: https://console.twilio.com/us1/develop/taskrouter/workspaces/WS…/workers
 */
export const workerListSummary: Feature = {
  id: 'worker-list-summary',
  pages: ['taskrouter-worker-list'],
  init({ page, document, signal }) {
    if (page.kind !== 'taskrouter-worker-list') return;
    const { workspaceSid } = page;
    const store = listStore({ filter: chosenFilters.get(workspaceSid) ?? 'all', tally: EMPTY_TALLY });
    const hider = rowHider();
    let list: Element | null = null;

    const choose = (filter: WorkerFilter) => {
      chosenFilters.set(workspaceSid, filter);
      apply();
    };
    const element = (
      <section className="card summary" aria-label="Flex Steward licence audit">
        <AuditLine workspaceSid={workspaceSid} win={document.defaultView!} />
        <StatusFilter store={store} onChoose={choose} />
      </section>
    );
    // Nothing renders (nor asks the background) before there is a list to put it above.
    const updateCard = mountCard(document, () => list, () => (list ? element : null), signal, 'worker-list-summary', summaryCss, (anchor, host) => anchor.before(host));

    function apply() {
      if (signal.aborted) return;
      const rows = findWorkerRows(findWorkerAnchors(document.body));
      const filter = chosenFilters.get(workspaceSid) ?? 'all';
      const statuses = [...rows.keys()].map((sid) => workerStatusesOnPage.get(sid));
      const hide = new Set<Element & ElementCSSInlineStyle>();
      for (const [sid, row] of rows) if (styled(row) && !rowShown(filter, workerStatusesOnPage.get(sid))) hide.add(row);
      hider.hideOnly(hide);
      list = workerListOf(rows.values()) ?? list;
      store.set({ filter, tally: tallyRows(statuses, filter) });
      updateCard();
    }

    observeDom(document, apply, signal);
    const unsubscribe = workerStatusesOnPage.subscribe(apply);
    apply();
    signal.addEventListener('abort', () => {
      unsubscribe();
      hider.showAll();
    });
  },
};

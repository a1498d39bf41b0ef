import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import badgeCss from '../../components/badge.css?inline';
import { WorkerBadge } from '../../components/WorkerBadge';
import { badgeView, type BadgeRun, type BadgeView } from '../identity/badge-view';
import { askBackground } from '../messages/ask-background';
import { toProblem, type Problem } from '../problem';
import type { WorkerStatus } from '../status/views';
import { createShadowHost } from '../ui/shadow-host';
import { onRunChanged, onVaultLocked } from '../storage/change-signal';
import type { Feature } from './feature';
import { observeDom } from './observe-dom';
import { findWorkerAnchors } from './worker-anchors';
import { workerStatusesOnPage } from './worker-statuses-on-page';


/**
 * Beside a link, or inside the element showing the SID: a sibling of a table cell or a list item
 * would break the host page's table or grid.
 */
function placeBadge(anchor: Element, host: HTMLElement) {
  if (anchor.tagName === 'A') anchor.after(host);
  else anchor.append(host);
}

/** What a trusted click on a badge opens: the worker in Flex Steward's own window, or Settings. */
export function activateBadge(view: BadgeView, workspaceSid: string, workerSid: string): void {
  if (view.onClick === 'settings') void askBackground('ui.openSettings', { section: 'okta' }).catch(() => undefined);
  if (view.onClick === 'worker') void askBackground('ui.openWorker', { workspaceSid, workerSid }).catch(() => undefined);
}

/**
 * An Okta badge beside every worker on TaskRouter list pages (a worker's own page has the detail
 * card instead), including rows that render
 * late or after paging; each worker gets one badge however often the page re-renders, and the
 * background is asked once per render batch for every worker that batch revealed.
 */
export const workerOktaBadges: Feature = {
  id: 'worker-okta-badges',
  pages: ['taskrouter-worker-list'],
  init({ page, document, signal }) {
    if (page.kind !== 'taskrouter-worker-list') return;
    const { workspaceSid } = page;
    const mounted = new Map<string, { host: HTMLElement; root: Root }>();
    const statuses = new Map<string, WorkerStatus>();
    const runs = new Map<string, BadgeRun>();
    const requested = new Set<string>();
    let batchProblem: Problem | undefined;

    /*
     * A batch's badges in one synchronous pass. Left to React's scheduler, each root commits in a task
     * of its own and the browser lays the whole list out again in between: seconds before the last
     * of 1,000 badges shows an answer that was already in (docs/bench-results.md, "In Chromium").
     */
    const render = (sids: Iterable<string>) =>
      flushSync(() => {
        for (const sid of sids) {
          mounted.get(sid)?.root.render(<WorkerBadge view={badgeView(statuses.get(sid), batchProblem, runs.get(sid))} onActivate={(view) => activateBadge(view, workspaceSid, sid)} />);
        }
      });

    const lookUp = async (sids: string[]) => {
      try {
        const answer = await askBackground('workers.status', { workspaceSid, workerSids: sids, refresh: false });
        // A worker the answer has no status for shows the answer's problem (the vault locked, say), never what it showed before.
        for (const sid of sids) statuses.delete(sid);
        // A colleague's lock ends with their run, and Sync then has nothing to say about the person: drop it, or "In progress by …" would stay.
        for (const sid of sids) if (runs.get(sid)?.heldBy) runs.delete(sid);
        for (const status of answer.statuses) statuses.set(status.worker.sid, status);
        for (const run of answer.runs) runs.set(run.workerSid, run);
        batchProblem = answer.problem;
      } catch (error) {
        batchProblem = toProblem(error);
      }
      if (signal.aborted) return;
      render(sids);
      // What each badge now shows, for the worker list's status filter (worker-list-summary.tsx).
      workerStatusesOnPage.set(sids.map((sid) => [sid, statuses.get(sid)?.status ?? null] as const));
    };

    const scan = () => {
      const placed: string[] = [];
      const fresh: string[] = [];
      for (const [sid, anchor] of findWorkerAnchors(document.body)) {
        if (mounted.get(sid)?.host.isConnected) continue;
        mounted.get(sid)?.root.unmount();
        const { host, mount } = createShadowHost(document, 'flex-steward-badge', badgeCss);
        host.dataset.workerSid = sid;
        placeBadge(anchor, host);
        mounted.set(sid, { host, root: createRoot(mount) });
        placed.push(sid);
        if (!requested.has(sid)) {
          requested.add(sid);
          fresh.push(sid);
        }
      }
      render(placed);
      for (let i = 0; i < fresh.length; i += 1000) void lookUp(fresh.slice(i, i + 1000));
    };

    observeDom(document, scan, signal);
    scan();

    // A run writes its journal before and after every step, and the background then signals the
    // change (lib/storage/change-signal.ts); each signal re-asks for the badges shown, so progress
    // and the new status appear live.
    let pendingRefresh = 0;
    // The vault locking is signalled the same way, so badges say "Vault locked" rather than go stale.
    const refreshShown = () => {
      if (pendingRefresh) return;
      pendingRefresh = window.setTimeout(() => {
        pendingRefresh = 0;
        const shown = [...mounted.keys()];
        for (let i = 0; i < shown.length; i += 1000) void lookUp(shown.slice(i, i + 1000));
      }, 100);
    };
    const stopListening = [onRunChanged(refreshShown), onVaultLocked(refreshShown)];
    signal.addEventListener('abort', () => {
      for (const stop of stopListening) stop();
      window.clearTimeout(pendingRefresh);
    });
    signal.addEventListener('abort', () => {
      workerStatusesOnPage.clear();
      for (const { host, root } of mounted.values()) {
        root.unmount();
        host.remove();
      }
    });
  },
};

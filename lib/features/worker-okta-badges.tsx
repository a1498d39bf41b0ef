import { createRoot, type Root } from 'react-dom/client';
import { browser } from 'wxt/browser';
import badgeCss from '../../components/badge.css?inline';
import { WorkerBadge, type BadgeView } from '../../components/WorkerBadge';
import { callBackground } from '../messages/client';
import { toProblem } from '../problem';
import { createShadowHost } from '../ui/shadow-host';
import type { Feature } from './feature';
import { observeDom } from './observe-dom';
import { findWorkerAnchors } from './worker-anchors';

const send = (message: unknown) => browser.runtime.sendMessage(message);

const NOT_CONNECTED: BadgeView = {
  tone: 'neutral',
  label: 'Not connected',
  explanation: 'Flex Steward is not connected to Okta yet. Click to open Settings and connect it.',
};

/** Until there is something to show, a badge still says so; badges never vanish silently. */
async function currentView(): Promise<BadgeView> {
  try {
    const status = await callBackground(send, 'connection.status', {});
    if (!status.okta.configured) return NOT_CONNECTED;
    return { tone: 'info', label: 'Connected', explanation: `Okta org ${status.okta.label ?? ''} is connected; worker statuses arrive with the status feature.` };
  } catch (error) {
    const problem = toProblem(error);
    return { tone: 'warn', label: 'Unavailable', explanation: `${problem.message} ${problem.nextStep}` };
  }
}

/**
 * An Okta badge beside every worker on TaskRouter list and detail pages, including rows that render
 * late or after paging; each worker gets one badge however often the page re-renders.
 */
export const workerOktaBadges: Feature = {
  id: 'worker-okta-badges',
  pages: ['taskrouter-worker-list', 'taskrouter-worker-detail'],
  async init({ document, signal }) {
    const mounted = new Map<string, { host: HTMLElement; root: Root }>();
    const view = await currentView();
    const openSettings = () => void callBackground(send, 'ui.openSettings', { section: 'okta' }).catch(() => undefined);

    const scan = () => {
      for (const [sid, anchor] of findWorkerAnchors(document.body)) {
        if (mounted.get(sid)?.host.isConnected) continue;
        mounted.get(sid)?.root.unmount();
        const { host, mount } = createShadowHost(document, 'flex-steward-badge', badgeCss);
        host.dataset.workerSid = sid;
        anchor.after(host);
        const root = createRoot(mount);
        root.render(<WorkerBadge view={view} onActivate={openSettings} />);
        mounted.set(sid, { host, root });
      }
    };

    observeDom(document, scan, signal);
    scan();
    signal.addEventListener('abort', () => {
      for (const { host, root } of mounted.values()) {
        root.unmount();
        host.remove();
      }
    });
  },
};

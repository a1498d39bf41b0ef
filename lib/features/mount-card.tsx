import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import cardCss from '../../components/card.css?inline';
import { createShadowHost } from '../ui/shadow-host';
import { observeDom } from './observe-dom';

/**
 * Keeps one card at the top of whatever `findAnchor` returns, re-rendering it from `render()` as the
 * page changes: the host app may replace the anchor's content after we inserted the card, and the
 * fields a card describes may render after it.
 */
export function mountCard(doc: Document, findAnchor: () => Element | null, render: () => ReactNode, signal: AbortSignal, feature: string, extraCss = ''): void {
  const { host, mount } = createShadowHost(doc, 'flex-steward-card', cardCss + extraCss);
  host.dataset.feature = feature;
  const root = createRoot(mount);
  const update = () => {
    if (!host.isConnected) findAnchor()?.prepend(host);
    root.render(render());
  };
  observeDom(doc, update, signal);
  update();
  signal.addEventListener('abort', () => {
    root.unmount();
    host.remove();
  });
}

import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import cardCss from '../../components/card.css?inline';
import { createShadowHost } from '../ui/shadow-host';

/** Puts one card into the page before `anchor`'s first child and removes it when `signal` aborts. */
export function mountCard(doc: Document, anchor: Element, content: ReactNode, signal: AbortSignal, feature: string): void {
  const { host, mount } = createShadowHost(doc, 'flex-steward-card', cardCss);
  host.dataset.feature = feature;
  anchor.prepend(host);
  const root = createRoot(mount);
  root.render(content);
  signal.addEventListener('abort', () => {
    root.unmount();
    host.remove();
  });
}

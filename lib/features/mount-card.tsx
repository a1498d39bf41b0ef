import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import cardCss from '../../components/card.css?inline';
import { createShadowHost } from '../ui/shadow-host';
import { observeDom } from './observe-dom';

/**
 * The page's content column: the element holding its main heading, so a card lines up with the
 * heading and the blocks under it rather than with the page's edge.
 */
export function headingColumn(doc: Document): Element {
  return doc.querySelector('h1')?.parentElement ?? doc.querySelector('main') ?? doc.body;
}

/** As wide as the content blocks beside it when they are narrower than their column (a form's cards, say). */
function alignWidth(host: HTMLElement): void {
  const view = host.ownerDocument.defaultView;
  const sibling = [...(host.parentElement?.children ?? [])].find((el) => el !== host && view?.getComputedStyle(el).maxWidth !== 'none');
  host.style.maxWidth = sibling && view ? view.getComputedStyle(sibling).maxWidth : '';
}

/**
 * Keeps one card at the top of whatever `findAnchor` returns (or where `place` puts it beside the
 * anchor), re-rendering it from `render()` as the page changes: the host app may replace the
 * anchor's content after we inserted the card, and the fields a card describes may render after it.
 * Returns that re-check, for a feature that learns of a change the DOM does not show.
 */
export function mountCard(
  doc: Document,
  findAnchor: () => Element | null,
  render: () => ReactNode,
  signal: AbortSignal,
  feature: string,
  extraCss = '',
  place: (anchor: Element, host: HTMLElement) => void = (anchor, host) => anchor.prepend(host),
): () => void {
  const { host, mount } = createShadowHost(doc, 'flex-steward-card', cardCss + extraCss);
  host.dataset.feature = feature;
  const root = createRoot(mount);
  const update = () => {
    if (!host.isConnected) {
      const anchor = findAnchor();
      if (anchor) place(anchor, host);
      alignWidth(host);
    }
    root.render(render());
  };
  observeDom(doc, update, signal);
  update();
  signal.addEventListener('abort', () => {
    root.unmount();
    host.remove();
  });
  return update;
}

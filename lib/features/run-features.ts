import { pageKind, type PageKindOptions } from '../page-kinds';
import type { Feature } from './feature';

const MARKER = 'data-flex-steward';

/**
 * Runs the features that fit the current URL, and on every in-page navigation tears them all down
 * and runs them again. Consoles are single-page apps: a content script loads once and must follow
 * the page, not the document.
 */
export function runFeatures(features: Feature[], win: Window, signal: AbortSignal, pageOptions: PageKindOptions = {}): void {
  const doc = win.document;
  // A second copy (an extension reload leaves the old script orphaned) must not double every badge.
  if (doc.documentElement.hasAttribute(MARKER)) return;
  doc.documentElement.setAttribute(MARKER, '');
  signal.addEventListener('abort', () => doc.documentElement.removeAttribute(MARKER));

  let current: AbortController | undefined;
  let href = '';
  const start = () => {
    if (win.location.href === href) return;
    href = win.location.href;
    current?.abort();
    current = new AbortController();
    const page = pageKind(href, pageOptions);
    for (const feature of features) {
      if (!feature.pages.includes(page.kind)) continue;
      Promise.resolve(feature.init({ page, document: doc, signal: current.signal })).catch((error: unknown) => {
        console.error(`[Flex Steward] ${feature.id} failed`, error);
      });
    }
  };
  signal.addEventListener('abort', () => current?.abort());
  watchLocation(win, start, signal);
  start();
}

/**
 * Calls `onChange` after each in-page navigation. The Navigation API reports pushState immediately;
 * the poll covers browsers without it and history changes it does not see from an isolated world.
 */
function watchLocation(win: Window, onChange: () => void, signal: AbortSignal) {
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('currententrychange', onChange, { signal });
  win.addEventListener('popstate', onChange, { signal });
  const timer = win.setInterval(onChange, 500);
  signal.addEventListener('abort', () => win.clearInterval(timer));
}

/**
 * Calls `onChange` at most once per `delayMs` while the page's DOM keeps changing. Console and Okta
 * pages are single-page apps that re-render at will; features re-check their work here rather than
 * trusting that what they inserted is still there. `attributes` also watches those attributes, for
 * pages that show and hide what they already rendered (a set-up workflow's steps) instead of replacing it.
 */
export function observeDom(doc: Document, onChange: () => void, signal: AbortSignal, delayMs = 50, attributes: string[] = []): void {
  const win = doc.defaultView!;
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (!pending) pending = win.setTimeout(() => ((pending = 0), onChange()), delayMs);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, ...(attributes.length ? { attributeFilter: attributes } : {}) });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    win.clearTimeout(pending);
  });
}

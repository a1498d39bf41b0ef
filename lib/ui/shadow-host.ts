/**
 * A closed shadow root for everything we put into a host page: the page's CSS cannot restyle it and
 * its scripts cannot read it through `element.shadowRoot`.
 */
export function createShadowHost(doc: Document, tag: `flex-steward-${string}`, css: string): { host: HTMLElement; root: ShadowRoot; mount: HTMLElement } {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  root.append(style, mount);
  return { host, root, mount };
}

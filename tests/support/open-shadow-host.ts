/**
 * `lib/ui/shadow-host` with open roots, for unit tests that read what the closed ones show on a
 * real page: `vi.mock('../ui/shadow-host', () => import('../../tests/support/open-shadow-host'))`.
 */
export function createShadowHost(doc: Document, tag: string, css: string) {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  root.append(style, mount);
  return { host, root, mount };
}

import type { Page } from '@playwright/test';

/**
 * Reads Flex Steward's closed shadow roots the way a person sees them: through CDP's pierced DOM,
 * since neither Playwright locators nor page scripts can enter a closed root. Includes same-site
 * iframes (the Console's TaskRouter frame).
 */
export interface ShadowHost {
  tag: string;
  attributes: Record<string, string>;
  text: string;
  backendNodeId: number;
  /** Interactive elements inside (buttons, links, selects), with their accessible text and attributes (a badge's hover text is its `title`), for clicking by coordinates. */
  buttons: { name: string; backendNodeId: number; attributes: Record<string, string> }[];
  /** The tag name of every element inside the shadow root, to prove that text from Okta never became markup. */
  elements: string[];
}

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

const attrs = (node: CdpNode) => Object.fromEntries((node.attributes ?? []).flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1] ?? '']] : [])));

function textOf(node: CdpNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeName === 'STYLE' || node.nodeName === 'SCRIPT') return '';
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(textOf).join('');
}

function buttonsIn(node: CdpNode, out: ShadowHost['buttons'] = []): ShadowHost['buttons'] {
  if (node.nodeName === 'BUTTON' || node.nodeName === 'A' || node.nodeName === 'SELECT') out.push({ name: (attrs(node)['aria-label'] ?? textOf(node)).trim(), backendNodeId: node.backendNodeId, attributes: attrs(node) });
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) buttonsIn(child, out);
  return out;
}

function elementsIn(node: CdpNode, out: string[] = []): string[] {
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    if (child.nodeType === 1) out.push(child.nodeName);
    elementsIn(child, out);
  }
  return out;
}

export async function shadowHosts(page: Page, tag: string): Promise<ShadowHost[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const found: ShadowHost[] = [];
    const visit = (node: CdpNode) => {
      if (node.nodeName.toLowerCase() === tag) {
        const shadow = node.shadowRoots?.[0];
        found.push({ tag, attributes: attrs(node), text: shadow ? textOf(shadow).trim() : '', backendNodeId: node.backendNodeId, buttons: shadow ? buttonsIn(shadow) : [], elements: shadow ? elementsIn(shadow) : [] });
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) visit(child);
    };
    visit(root);
    return found;
  } finally {
    await cdp.detach();
  }
}

/** Gives an element inside a closed shadow root the keyboard focus, as tabbing to it would, so keys a test presses reach it. */
export async function focusNode(page: Page, backendNodeId: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: 0 });
    await cdp.send('DOM.focus', { backendNodeId });
  } finally {
    await cdp.detach();
  }
}

/** Clicks an element inside a closed shadow root by its on-screen position, as a person would. */
export async function clickNode(page: Page, backendNodeId: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: 0 });
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
}

/**
 * The text a person reads in a host's shadow root, laid out as rendered (`innerText`). CDP's DOM
 * tree leaves out whitespace-only text nodes, so `ShadowHost.text` runs "Helga" and "Sørensen"
 * together; this asks the page's renderer instead.
 */
export async function renderedText(page: Page, host: ShadowHost): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: 0 });
    const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: host.backendNodeId, depth: 1, pierce: true })) as { node: CdpNode };
    const root = node.shadowRoots?.[0];
    if (!root) return '';
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: root.backendNodeId })) as { object: { objectId: string } };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: "function () { return [...this.children].filter((e) => e.tagName !== 'STYLE').map((e) => e.innerText).join('\\n'); }",
      returnByValue: true,
    })) as { result: { value: string } };
    return result.value;
  } finally {
    await cdp.detach();
  }
}

/**
 * Clicks an element the way a host page's script could if it got hold of it: `element.click()` run
 * in the page's main world, an untrusted event that still reaches the element's own listeners.
 */
export async function untrustedClick(page: Page, backendNodeId: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: 0 });
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId: string } };
    await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { this.click(); }' });
  } finally {
    await cdp.detach();
  }
}

/** Polls until `read` returns a value that `done` accepts; Playwright's expect.poll reports the last value on timeout. */
export function hostsWhere(page: Page, tag: string, predicate: (h: ShadowHost) => boolean) {
  return async () => (await shadowHosts(page, tag)).filter(predicate);
}

import { workerSidsIn } from '../sids';

const OUR_HOSTS = 'flex-steward-badge, flex-steward-card, flex-steward-hint';

/**
 * Where each worker on a page is, keyed by SID, in document order: the link to the worker when
 * there is one, else the element whose own text shows the SID. Generated class names are never used,
 * so a Console redesign moves the badges at worst, it does not lose them.
 */
export function findWorkerAnchors(root: ParentNode): Map<string, Element> {
  const anchors = new Map<string, Element>();
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[href*="WK"]')) {
    if (link.closest(OUR_HOSTS)) continue;
    for (const sid of workerSidsIn(link.getAttribute('href') ?? '')) if (!anchors.has(sid)) anchors.set(sid, link);
  }
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root as Node, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(`script, style, ${OUR_HOSTS}`)) continue;
    for (const sid of workerSidsIn(node.textContent ?? '')) if (!anchors.has(sid)) anchors.set(sid, parent.closest('a') ?? parent);
  }
  return anchors;
}

/** Elements that say they are one entry of a list or table. */
const ROW_ROLES = 'tr, [role="row"], li, [role="listitem"]';
/** A row never holds the page's heading or its own controls: climbing stops below them. */
const PAGE_PARTS = 'h1, form, [role="search"], nav';
/** Elements that say they hold a list's entries, for placing something above the list. */
const LIST_ROLES = 'table, [role="table"], [role="grid"], ul, ol, [role="list"]';

/**
 * Each worker's row, from its anchor (`findWorkerAnchors`): the table row or list item holding it
 * when the markup says so, else the largest element around the anchor that holds no other worker
 * (a card, say). Built from structure alone, never class names, like the anchors.
 */
export function findWorkerRows(anchors: ReadonlyMap<string, Element>): Map<string, Element> {
  // How many workers each element holds, so a row is never an element that holds two.
  const held = new Map<Element, number>();
  for (const anchor of new Set(anchors.values())) {
    for (let el: Element | null = anchor; el; el = el.parentElement) held.set(el, (held.get(el) ?? 0) + 1);
  }
  const holdsOne = (el: Element) => held.get(el) === 1;
  const rows = new Map<string, Element>();
  for (const [sid, anchor] of anchors) {
    if (!holdsOne(anchor)) continue;
    const marked = anchor.closest(ROW_ROLES);
    if (marked && holdsOne(marked)) {
      rows.set(sid, marked);
      continue;
    }
    let row = anchor;
    for (let parent = row.parentElement; parent && holdsOne(parent) && parent !== anchor.ownerDocument.body && !parent.querySelector(PAGE_PARTS); parent = parent.parentElement) row = parent;
    rows.set(sid, row);
  }
  return rows;
}

/** The list the rows are in (the table, the grid of cards), to put the summary above it; null with no rows. */
export function workerListOf(rows: Iterable<Element>): Element | null {
  for (const row of rows) return row.closest(LIST_ROLES) ?? row.parentElement;
  return null;
}

/**
 * Hides rows by an inline `display: none` and gives each back the inline `display` it had: the
 * least a filter can change on someone else's page, and undone exactly.
 */
type StyledElement = Element & ElementCSSInlineStyle;

export function rowHider() {
  const hidden = new Map<StyledElement, { value: string; priority: string }>();
  const restore = (row: StyledElement) => {
    const before = hidden.get(row)!;
    hidden.delete(row);
    if (before.value) row.style.setProperty('display', before.value, before.priority);
    else row.style.removeProperty('display');
  };
  return {
    /** Hides exactly `rows`: shows again every row hidden before and not in it. */
    hideOnly(rows: ReadonlySet<StyledElement>) {
      for (const row of [...hidden.keys()]) if (!rows.has(row)) restore(row);
      for (const row of rows) {
        if (hidden.has(row)) continue;
        hidden.set(row, { value: row.style.getPropertyValue('display'), priority: row.style.getPropertyPriority('display') });
        row.style.setProperty('display', 'none');
      }
    },
    showAll() {
      for (const row of [...hidden.keys()]) restore(row);
    },
  };
}

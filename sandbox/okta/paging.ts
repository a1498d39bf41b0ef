/**
 * Okta's cursor paging: a page of at most `limit` items after the opaque `after` cursor, and a
 * `Link` header with `rel="self"` and, while more remain, `rel="next"`. The sandbox's cursor is
 * the last item's id, with items ordered by id, so a page stays stable when earlier items change.
 */

export interface LimitRule {
  default: number;
  max: number;
}

/** Okta clamps a limit above the maximum rather than rejecting it; nonsense falls back to the default. */
export function parseLimit(raw: string | null, rule: LimitRule): number {
  if (raw === null || !/^\d+$/.test(raw.trim())) return rule.default;
  const limit = Number(raw);
  return limit < 1 ? rule.default : Math.min(limit, rule.max);
}

export interface Page<T> {
  items: T[];
  /** The cursor for the next page; absent on the last one. */
  next?: string;
}

/**
 * The collection's items in id order, sorted once and reused while the collection holds the same
 * items: a 20,000-user directory read 200 at a time would otherwise be sorted on every page, which
 * made the sandbox, not the latency it models, set the pace of long scans. Checked on every call in
 * one linear pass (same length, every item already indexed), so an item added, removed or replaced
 * is never missed; ids never change once an item exists.
 */
const sortedIndex = new WeakMap<readonly object[], { sorted: object[]; members: Set<object> }>();

function sortedById<T extends object>(items: readonly T[], idOf: (item: T) => string): T[] {
  const known = sortedIndex.get(items);
  if (known && known.members.size === items.length && items.every((item) => known.members.has(item))) return known.sorted as T[];
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  sortedIndex.set(items, { sorted, members: new Set(items) });
  return sorted;
}

/** The first position whose id sorts after the cursor: where the next page starts. */
function positionAfter<T>(sorted: readonly T[], idOf: (item: T) => string, after: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (idOf(sorted[middle]!) > after) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The page of the collection's items that `matches` keeps, after the cursor. Only the items from
 * the cursor on are tested, until one more match than the page holds says whether a next page exists.
 */
export function pageAfter<T extends object>(items: readonly T[], idOf: (item: T) => string, after: string | null, limit: number, matches: (item: T) => boolean = () => true): Page<T> {
  const sorted = sortedById(items, idOf);
  const page: T[] = [];
  for (let i = after ? positionAfter(sorted, idOf, after) : 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    if (!matches(item)) continue;
    if (page.length === limit) return { items: page, next: idOf(page[page.length - 1]!) };
    page.push(item);
  }
  return { items: page };
}

/** `self` repeats the request; `next` puts `limit` and `after` first and keeps the other parameters (search, filter, expand…). */
export function linkHeader(url: URL, limit: number, next: string | undefined): string {
  const self = `<${url.origin}${url.pathname}${url.search}>; rel="self"`;
  if (next === undefined) return self;
  const params = new URLSearchParams({ limit: String(limit), after: next });
  for (const [key, value] of url.searchParams) if (key !== 'limit' && key !== 'after') params.append(key, value);
  return `${self}, <${url.origin}${url.pathname}?${params.toString().replace(/\+/g, '%20')}>; rel="next"`;
}

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

export function pageAfter<T>(items: readonly T[], idOf: (item: T) => string, after: string | null, limit: number): Page<T> {
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const rest = after ? sorted.filter((item) => idOf(item) > after) : sorted;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return rest.length > limit && last !== undefined ? { items: page, next: idOf(last) } : { items: page };
}

/** `self` repeats the request; `next` puts `limit` and `after` first and keeps the other parameters (search, filter, expand…). */
export function linkHeader(url: URL, limit: number, next: string | undefined): string {
  const self = `<${url.origin}${url.pathname}${url.search}>; rel="self"`;
  if (next === undefined) return self;
  const params = new URLSearchParams({ limit: String(limit), after: next });
  for (const [key, value] of url.searchParams) if (key !== 'limit' && key !== 'after') params.append(key, value);
  return `${self}, <${url.origin}${url.pathname}?${params.toString().replace(/\+/g, '%20')}>; rel="next"`;
}

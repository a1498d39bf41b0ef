/**
 * RFC 8288 `Link` headers, as Okta uses them for cursor pagination:
 * `<https://org.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"`.
 */

export interface Link {
  url: string;
  /** Lower-cased relation types; `rel` may list several, separated by spaces. */
  rels: string[];
}

/**
 * Every link in a header value. Several `Link` headers arrive joined by ", " (the Fetch API does
 * that), and a URL inside `<…>` may itself contain commas, so this scans rather than splits.
 */
export function parseLinkHeader(header: string | null | undefined): Link[] {
  if (!header) return [];
  const links: Link[] = [];
  let i = 0;
  while (i < header.length) {
    const open = header.indexOf('<', i);
    if (open < 0) break;
    const close = header.indexOf('>', open + 1);
    if (close < 0) break;
    const url = header.slice(open + 1, close).trim();
    const end = endOfLinkValue(header, close + 1);
    links.push({ url, rels: relsOf(header.slice(close + 1, end)) });
    i = end + 1;
  }
  return links;
}

/** The `rel="next"` URL, resolved against `base` when given, or undefined on the last page. */
export function nextLink(header: string | null | undefined, base?: string): string | undefined {
  const next = parseLinkHeader(header).find((link) => link.rels.includes('next'));
  if (!next) return undefined;
  return base ? new URL(next.url, base).toString() : next.url;
}

/** Where this link's parameters end: the first comma outside a quoted string. */
function endOfLinkValue(header: string, from: number): number {
  let quoted = false;
  for (let i = from; i < header.length; i++) {
    const c = header[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) return i;
  }
  return header.length;
}

function relsOf(params: string): string[] {
  for (const param of params.split(';')) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    return value.toLowerCase().split(/\s+/).filter(Boolean);
  }
  return [];
}

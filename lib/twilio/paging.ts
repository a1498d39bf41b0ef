import type { z } from 'zod';
import type { HttpResult } from '../http/fetch-core';
import { invalidResponse, parseTwilio } from './parse';
import type { TwilioPageMeta } from './schemas';

/**
 * Walks a Twilio list by `meta.next_page_url`, which Twilio gives as an absolute URL carrying the
 * cursor and the filters, so it is followed as given rather than rebuilt. Every request carries
 * the account's Basic credentials, so a next page on any other origin is refused: following it
 * would hand the credentials to whoever wrote that URL.
 */

const TAMPERED_STEP = 'Something between this browser and Twilio may be rewriting its answers (a proxy or another extension); report it with the run history attached.';

export async function* twilioPages<P extends { meta: TwilioPageMeta }>(
  get: (url: string) => Promise<HttpResult>,
  schema: z.ZodType<P>,
  firstUrl: string,
): AsyncGenerator<P, void, undefined> {
  const origin = new URL(firstUrl).origin;
  const seen = new Set<string>();
  let url: string | null = firstUrl;
  while (url !== null) {
    seen.add(new URL(url).href);
    const result = await get(url);
    const page = parseTwilio(schema, result, url);
    yield page;
    url = nextPageUrl(page.meta.next_page_url, origin, seen, result);
  }
}

/** The checked next page address, or null after the last page; refused when it leaves `origin` or loops back. */
export function nextPageUrl(next: string | null, origin: string, seen: Set<string>, result: HttpResult): string | null {
  if (next === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(next);
  } catch {
    throw invalidResponse(`Twilio's answer gave a next page address that is not a URL (“${next.slice(0, 80)}”).`, result);
  }
  if (parsed.origin !== origin) {
    throw invalidResponse(
      `Twilio's answer pointed the next page to ${parsed.protocol}//${parsed.host} instead of ${origin}, so Flex Steward stopped rather than send the account's credentials there.`,
      result,
      TAMPERED_STEP,
    );
  }
  // A page pointing back to one already read would otherwise be followed forever.
  if (seen.has(parsed.href)) throw invalidResponse('Twilio\'s answer pointed the next page back to a page already read, so the list stopped there.', result);
  return next;
}

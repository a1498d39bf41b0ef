import { TWILIO_CONSOLE_ORIGIN } from './hosts';

/** Twilio's own Console origins: the shell and the legacy pages it frames. */
const CONSOLE_FAMILY = new Set([TWILIO_CONSOLE_ORIGIN, 'https://www.twilio.com']);

export interface Placement {
  /** `window.top === window`. */
  topLevel: boolean;
  /**
   * `location.ancestorOrigins`, parent first and top-level page last; undefined where the browser
   * lacks it (Firefox). https://developer.mozilla.org/en-US/docs/Web/API/Location/ancestorOrigins
   */
  ancestorOrigins?: readonly string[];
}

/**
 * Whether the Console content script should run where it finds itself. It runs in every frame, so
 * a www.twilio.com/console page framed by some other site would run it too; it must not, or that
 * site could put Flex Steward's badges and buttons under its own page. So:
 * - `trusted` at top level (the manifest's match patterns already confine it to the Console hosts),
 *   or framed with the Console shell as the top-level page and only Twilio's Console in between;
 * - `untrusted` when any ancestor is anything else (an origin hidden by the embedder's referrer
 *   policy reads as "null", which is not the Console either);
 * - `unknown` when framed in a browser without `ancestorOrigins`: then the background decides, from
 *   the sender's tab, which the page cannot fake (see lib/messages/sender.ts).
 */
export function consoleAncestry({ topLevel, ancestorOrigins }: Placement): 'trusted' | 'untrusted' | 'unknown' {
  if (topLevel) return 'trusted';
  if (!ancestorOrigins) return 'unknown';
  const top = ancestorOrigins.at(-1);
  return top === TWILIO_CONSOLE_ORIGIN && ancestorOrigins.every((origin) => CONSOLE_FAMILY.has(origin)) ? 'trusted' : 'untrusted';
}

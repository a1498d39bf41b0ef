import { TWILIO_CONSOLE_PATTERNS } from '../hosts';
import { isOktaAdminHost } from '../page-kinds';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
}

export type SenderKind = 'extension-page' | 'content-script' | 'untrusted';

export interface TrustContext {
  extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  extensionOrigin: string;
  /** Custom Okta domains the admin configured and granted, e.g. `https://login.acme.com`. */
  customOktaOrigins: readonly string[];
}

function matchesPattern(url: URL, pattern: string): boolean {
  const match = /^(https):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!match || url.protocol !== `${match[1]}:`) return false;
  const [, , host, path] = match as unknown as [string, string, string, string];
  const hostOk = host.startsWith('*.') ? url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  const pathPrefix = path.endsWith('*') ? path.slice(0, -1) : path;
  return hostOk && url.pathname.startsWith(pathPrefix);
}

/**
 * Who sent a message. Extension pages are identified by origin; content scripts by the page they run
 * in, which must be one we inject into: the Console shell or its TaskRouter frame, an Okta admin
 * page, or a custom Okta domain the admin granted. Okta pages count only in the top frame, so an
 * Okta page framed by something else cannot borrow the trust.
 */
export function classifySender(sender: SenderInfo, trust: TrustContext): SenderKind {
  if (sender.id !== trust.extensionId || !sender.url) return 'untrusted';
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return 'untrusted';
  }
  // Built by hand: URL.origin is "null" for chrome-extension: URLs outside the browser.
  const origin = `${url.protocol}//${url.host}`;
  if (origin === trust.extensionOrigin && (sender.origin === undefined || sender.origin === trust.extensionOrigin)) return 'extension-page';
  if (sender.origin !== undefined && sender.origin !== origin) return 'untrusted';
  if (TWILIO_CONSOLE_PATTERNS.some((p) => matchesPattern(url, p))) return 'content-script';
  const topFrame = sender.frameId === 0;
  if (topFrame && (isOktaAdminHost(url.hostname) || trust.customOktaOrigins.includes(origin))) return 'content-script';
  return 'untrusted';
}

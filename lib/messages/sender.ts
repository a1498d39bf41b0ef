import { TWILIO_CONSOLE_ORIGIN, TWILIO_CONSOLE_PATTERNS } from '../hosts';

/**
 * The parts of `runtime.MessageSender` the checks read. `tab.url` is the address of the top-level
 * page in the sender's tab; the browser gives it only for pages the extension has host permission
 * for, so a framing page elsewhere leaves it empty.
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/runtime/MessageSender
 * https://developer.chrome.com/docs/extensions/reference/api/tabs#permissions
 */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { url?: string };
}

export type SenderKind = 'extension-page' | 'content-script' | 'untrusted';

export interface TrustContext {
  extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  extensionOrigin: string;
  /** The configured Okta org's Admin Console, e.g. `https://acme-admin.okta.com`; null before one is set. */
  oktaAdminOrigin: string | null;
}

function matchesPattern(url: URL, pattern: string): boolean {
  const match = /^(https):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!match || url.protocol !== `${match[1]}:`) return false;
  const [, , host, path] = match as unknown as [string, string, string, string];
  const hostOk = host.startsWith('*.') ? url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  const pathPrefix = path.endsWith('*') ? path.slice(0, -1) : path;
  return hostOk && url.pathname.startsWith(pathPrefix);
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Who sent a message. Extension pages are identified by origin; content scripts by the page they run
 * in, which must be one we inject into:
 * - the Console shell, or its TaskRouter frame, at top level or inside a tab whose top-level page is
 *   the Console, so a www.twilio.com page framed by another site cannot borrow the trust;
 * - the configured Okta org's Admin Console, in the top frame only, never another Okta tenant.
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
  const topFrame = sender.frameId === 0;
  if (TWILIO_CONSOLE_PATTERNS.some((p) => matchesPattern(url, p))) {
    return topFrame || originOf(sender.tab?.url) === TWILIO_CONSOLE_ORIGIN ? 'content-script' : 'untrusted';
  }
  if (topFrame && origin === trust.oktaAdminOrigin) return 'content-script';
  return 'untrusted';
}

import { OKTA_CLOUD_SUFFIXES } from './hosts';
import { isWorkerSid, isWorkspaceSid } from './sids';

/**
 * What page this is, from the URL alone (no DOM): the Console's and Okta's markup change, their
 * URLs are what they link to and bookmark, so they change least.
 */
export type PageKind =
  | { kind: 'taskrouter-worker-list'; workspaceSid: string }
  | { kind: 'taskrouter-worker-detail'; workspaceSid: string; workerSid: string }
  | { kind: 'flex-sso' }
  | { kind: 'okta-user-profile'; userId: string }
  | { kind: 'okta-app'; appName: string; appId: string }
  | { kind: 'other' };

const OTHER: PageKind = { kind: 'other' };

/** TaskRouter paths as the legacy frame serves them: `/console/taskrouter/workspaces/WS…/workers[/WK…]`. */
function taskRouterPage(path: string): PageKind {
  const match = /\/taskrouter\/workspaces\/(WS[0-9a-f]{32})\/workers(?:\/(WK[0-9a-f]{32}))?\/?$/.exec(path);
  if (!match || !isWorkspaceSid(match[1]!)) return OTHER;
  const [, workspaceSid, workerSid] = match as unknown as [string, string, string | undefined];
  return workerSid && isWorkerSid(workerSid) ? { kind: 'taskrouter-worker-detail', workspaceSid, workerSid } : { kind: 'taskrouter-worker-list', workspaceSid };
}

/** True for an Okta admin console host: `<org>-admin.okta.com` and the same on Okta's other cloud domains. */
export function isOktaAdminHost(hostname: string): boolean {
  const suffix = OKTA_CLOUD_SUFFIXES.find((s) => hostname.endsWith(s));
  return suffix !== undefined && hostname.slice(0, -suffix.length).endsWith('-admin') && !hostname.slice(0, -suffix.length).includes('.');
}

export interface PageKindOptions {
  /**
   * An Okta org on a custom domain: the content script is registered there at run time, only for
   * the origin the admin configured, so that host counts as an admin host.
   */
  customOktaHost?: string;
}

export function pageKind(href: string, options: PageKindOptions = {}): PageKind {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return OTHER;
  }
  if (url.protocol !== 'https:') return OTHER;
  const path = url.pathname;
  if (url.hostname === 'www.twilio.com' && path.startsWith('/console/')) return taskRouterPage(path);
  if (url.hostname === 'console.twilio.com') {
    if (/\/flex\/users-and-access\/single-sign-on\/?$/.test(path)) return { kind: 'flex-sso' };
    return taskRouterPage(path);
  }
  if (isOktaAdminHost(url.hostname) || url.hostname === options.customOktaHost) {
    const user = /^\/admin\/user\/profile\/view\/(00u[0-9A-Za-z]{17})\/?$/.exec(path);
    if (user) return { kind: 'okta-user-profile', userId: user[1]! };
    const app = /^\/admin\/app\/([^/]+)\/instance\/(0oa[0-9A-Za-z]{17})\/?$/.exec(path);
    if (app) return { kind: 'okta-app', appName: decodeURIComponent(app[1]!), appId: app[2]! };
  }
  return OTHER;
}

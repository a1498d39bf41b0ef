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

export interface PageKindOptions {
  /**
   * The configured org's Admin Console host (`acme-admin.okta.com`, or a custom domain). The Okta
   * content script is registered at run time for that host alone and passes its own; Okta pages
   * are recognised nowhere else.
   */
  oktaAdminHost?: string;
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
  if (url.hostname === options.oktaAdminHost) {
    const user = /^\/admin\/user\/profile\/view\/(00u[0-9A-Za-z]{17})\/?$/.exec(path);
    if (user) return { kind: 'okta-user-profile', userId: user[1]! };
    const app = /^\/admin\/app\/([^/]+)\/instance\/(0oa[0-9A-Za-z]{17})\/?$/.exec(path);
    if (app) return { kind: 'okta-app', appName: decodeURIComponent(app[1]!), appId: app[2]! };
  }
  return OTHER;
}

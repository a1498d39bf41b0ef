import type { SandboxState } from './state';

/** One request as route modules see it: already read, with the body parsed by content type. */
export interface SandboxRequest {
  method: string;
  host: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: string;
  /** `application/x-www-form-urlencoded` bodies (every Twilio write). */
  form: URLSearchParams;
  /** `application/json` bodies (Okta writes); undefined when absent or not JSON. */
  json: unknown;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface SandboxContext {
  state: SandboxState;
  /** The sandbox's clock; fixed per test so ETags and dates replay. */
  now: () => Date;
  /** Deterministic randomness for ids the sandbox creates at run time. */
  random: () => number;
}

/** A host's handler; `undefined` means "no such route" and becomes that host's 404. */
export type HostHandler = (req: SandboxRequest, ctx: SandboxContext) => SandboxResponse | undefined | Promise<SandboxResponse | undefined>;

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function html(body: string, status = 200): SandboxResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

export function noContent(headers: Record<string, string> = {}): SandboxResponse {
  return { status: 204, headers };
}

/**
 * Matches `path` against a pattern such as `/v1/Workspaces/:workspaceSid/Workers/:sid`
 * and returns the named segments, or undefined when it does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return undefined;
  }
  return params;
}

/** Escapes text for HTML: the sandbox pages render generated names, some of which look like markup on purpose. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

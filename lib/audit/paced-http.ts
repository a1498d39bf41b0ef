import type { HttpClient } from '../http/fetch-core';
import type { Pacer } from './pacer';

/**
 * The audit's requests, paced: before each one the pacer says how long to wait (its bucket is the
 * vendor's rate-limit family, guessed from the path as the vendors count them), and every answer's
 * rate-limit headers are shown to the pacer. Wraps the fetch core rather than changing it: its
 * answers already carry their headers, and its 429 handling (wait as told, retry) stays as it is.
 */

export interface PacedHttpDeps {
  pacer: Pacer;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Told when a wait starts (until when, epoch ms) and when it ends (null). */
  onWait(service: 'okta' | 'twilio', untilMs: number | null): void;
}

/**
 * `okta GET /api/v1/apps/:id/users`, `twilio GET /v1/Workspaces/:id/Workers?TargetWorkersExpression`:
 * ids and SIDs (segments with digits, other than the version) fold together, since the vendors
 * count a family, not a URL.
 */
export function rateBucket(service: string, method: string, url: string): string {
  const { pathname, searchParams } = new URL(url);
  const path = pathname
    .split('/')
    .map((segment) => (/\d/.test(segment) && !/^v\d+$/.test(segment) ? ':id' : segment))
    .join('/');
  return `${service} ${method.toUpperCase()} ${path}${searchParams.has('TargetWorkersExpression') ? '?TargetWorkersExpression' : ''}`;
}

export function pacedHttp(http: HttpClient, deps: PacedHttpDeps): HttpClient {
  return {
    async request(req) {
      const bucket = rateBucket(req.service, req.method, req.url);
      const wait = deps.pacer.reserve(bucket, deps.now());
      const service = req.service === 'okta' ? 'okta' : 'twilio';
      if (wait > 0) {
        deps.onWait(service, deps.now() + wait);
        await deps.sleep(wait);
        deps.onWait(service, null);
      }
      const result = await http.request(req);
      deps.pacer.observe(bucket, result.headers, deps.now());
      return result;
    },
  };
}

import type { OktaRateLimit, OktaRateLimitFamily, SandboxState } from '../state';

/**
 * Okta counts requests per endpoint family in fixed windows and reports the budget on every
 * response. These defaults follow the shape of Okta's published org limits; tests and the demo
 * lower them through `state.okta.rateLimits` to reach a 429 in a few requests.
 */
export const DEFAULT_RATE_LIMITS: Record<OktaRateLimitFamily, OktaRateLimit> = {
  usersList: { limit: 600, windowSeconds: 60 },
  user: { limit: 2000, windowSeconds: 60 },
  userLifecycle: { limit: 600, windowSeconds: 60 },
  apps: { limit: 100, windowSeconds: 60 },
  appUsers: { limit: 500, windowSeconds: 60 },
};

interface Window {
  startSeconds: number;
  used: number;
}

// Keyed by the state object so a reseed (which replaces the state) starts every budget afresh.
const windows = new WeakMap<SandboxState, Map<OktaRateLimitFamily, Window>>();

export interface RateLimitOutcome {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Counts one request against its family's budget; the request is refused (and not counted) once the budget is spent. */
export function consumeRateLimit(state: SandboxState, family: OktaRateLimitFamily, now: Date): RateLimitOutcome {
  const { limit, windowSeconds } = state.okta.rateLimits?.[family] ?? DEFAULT_RATE_LIMITS[family];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const startSeconds = nowSeconds - (nowSeconds % windowSeconds);
  let families = windows.get(state);
  if (!families) windows.set(state, (families = new Map()));
  let window = families.get(family);
  if (!window || window.startSeconds !== startSeconds) families.set(family, (window = { startSeconds, used: 0 }));

  const allowed = window.used < limit;
  if (allowed) window.used += 1;
  return {
    allowed,
    headers: {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
      'x-rate-limit-reset': String(startSeconds + windowSeconds),
    },
  };
}

/**
 * Per-account, per-resource request limits over a sliding one-second window, reported in the
 * `X-Rate-Limit-*` headers TaskRouter's spec lists. The clock is passed in so a test with a frozen
 * clock decides exactly when the window moves.
 */

export interface RateLimitRule {
  /** TaskRouter's resource key, e.g. `Worker-List-TargetWorkersExpression`; sent as `X-Rate-Limit-Config`. */
  key: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until a slot frees up; 0 when allowed. */
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Counts one request by `account` against `rule` at `nowMs`; a refused request uses no slot. */
  take(account: string, rule: RateLimitRule, nowMs: number): RateLimitDecision {
    const bucket = `${account} ${rule.key}`;
    const recent = (this.hits.get(bucket) ?? []).filter((at) => at > nowMs - rule.windowMs && at <= nowMs);
    const allowed = recent.length < rule.limit;
    if (allowed) recent.push(nowMs);
    this.hits.set(bucket, recent);
    const remaining = Math.max(0, rule.limit - recent.length);
    const oldest = recent[0] ?? nowMs;
    const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((oldest + rule.windowMs - nowMs) / 1000));
    return {
      allowed,
      remaining,
      retryAfterSeconds,
      headers: { 'x-rate-limit-limit': String(rule.limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-config': rule.key },
    };
  }
}

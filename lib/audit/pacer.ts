/**
 * Slows a long scan down *before* a vendor refuses it. Every answer's `X-Rate-Limit-*` headers say
 * how many requests are left in the current window; while plenty are left requests go as fast as
 * the fetch core sends them, and once few are left the rest are spread evenly over the time until
 * the window reopens, so the scan keeps moving instead of spending the budget and meeting a 429.
 *
 * - Okta sends `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (UTC epoch seconds) on every answer
 *   (https://developer.okta.com/docs/reference/rl-best-practices/).
 * - TaskRouter sends `X-Rate-Limit-Limit`/`-Remaining` and no reset: its limits are per second
 *   (https://www.twilio.com/docs/taskrouter/limits, "Worker-List-TargetWorkersExpression: 3 RPS"),
 *   so its window is taken to reopen a second after the answer.
 *
 * Pure: the clock is passed in, and the caller sleeps for what `reserve` returns.
 */

/** Below this share of the window's budget left, the remaining requests are spread out. */
export const LOW_SHARE = 0.2;
/** TaskRouter's limits are per second and it names no reset time. */
const TASKROUTER_WINDOW_MS = 1000;

export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch ms when the window reopens. */
  resetAtMs: number;
}

/** The window an answer's headers describe, or null when they describe none. */
export function rateWindow(headers: Headers, nowMs: number): RateWindow | null {
  const limit = Number(headers.get('x-rate-limit-limit') ?? NaN);
  const remaining = Number(headers.get('x-rate-limit-remaining') ?? NaN);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0) return null;
  const reset = Number(headers.get('x-rate-limit-reset') ?? NaN);
  const resetAtMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : nowMs + TASKROUTER_WINDOW_MS;
  return { limit, remaining: Math.max(0, remaining), resetAtMs };
}

export interface Pacer {
  /** Tells the pacer an answer's headers for a bucket (a vendor's rate-limit family). */
  observe(bucket: string, headers: Headers, nowMs: number): void;
  /**
   * Takes the next slot in the bucket: how long to wait before sending (0 while there is room).
   * Requests reserved together are spread one after another, never all given the same slot.
   */
  reserve(bucket: string, nowMs: number): number;
}

interface Bucket {
  window: RateWindow;
  /** The earliest time the next spread-out request may go. */
  nextAtMs: number;
}

export function createPacer(): Pacer {
  const buckets = new Map<string, Bucket>();
  return {
    observe(name, headers, nowMs) {
      const window = rateWindow(headers, nowMs);
      if (!window) return;
      const known = buckets.get(name);
      // Answers arrive out of order; within one window the lowest count left is the latest truth.
      if (known && known.window.resetAtMs === window.resetAtMs && known.window.remaining < window.remaining) return;
      buckets.set(name, { window, nextAtMs: known?.nextAtMs ?? nowMs });
    },
    reserve(name, nowMs) {
      const bucket = buckets.get(name);
      if (!bucket || nowMs >= bucket.window.resetAtMs) return 0;
      const { window } = bucket;
      // Counted here too, so requests sent before their answers come back are not all given room.
      window.remaining = Math.max(0, window.remaining - 1);
      if (window.remaining >= window.limit * LOW_SHARE) return 0;
      const start = Math.max(nowMs, bucket.nextAtMs);
      // With nothing left, the next request waits for the window to reopen.
      const slot = window.remaining === 0 ? Math.max(start, window.resetAtMs) : start;
      bucket.nextAtMs = slot + (window.resetAtMs - nowMs) / (window.remaining + 1);
      return slot - nowMs;
    },
  };
}

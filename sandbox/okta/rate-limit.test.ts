import { describe, expect, it } from 'vitest';
import { emptyState as freshState } from './fixtures';
import { consumeRateLimit, DEFAULT_RATE_LIMITS } from './rate-limit';

const at = (iso: string) => new Date(iso);

describe('consumeRateLimit', () => {
  it('counts down the budget and refuses past it until the window resets', () => {
    const state = freshState();
    state.okta.rateLimits = { apps: { limit: 2, windowSeconds: 60 } };
    const reset = String(Date.parse('2024-05-01T10:01:00Z') / 1000);
    expect(consumeRateLimit(state, 'apps', at('2024-05-01T10:00:05Z'))).toEqual({ allowed: true, headers: { 'x-rate-limit-limit': '2', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': reset } });
    expect(consumeRateLimit(state, 'apps', at('2024-05-01T10:00:30Z')).headers['x-rate-limit-remaining']).toBe('0');
    expect(consumeRateLimit(state, 'apps', at('2024-05-01T10:00:59Z'))).toEqual({ allowed: false, headers: { 'x-rate-limit-limit': '2', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset } });
    expect(consumeRateLimit(state, 'apps', at('2024-05-01T10:01:00Z'))).toMatchObject({ allowed: true, headers: { 'x-rate-limit-remaining': '1' } });
  });

  it('keeps each family and each state apart, with defaults where nothing is configured', () => {
    const state = freshState();
    state.okta.rateLimits = { apps: { limit: 1, windowSeconds: 60 } };
    const now = at('2024-05-01T10:00:00Z');
    expect(consumeRateLimit(state, 'apps', now).allowed).toBe(true);
    expect(consumeRateLimit(state, 'apps', now).allowed).toBe(false);
    expect(consumeRateLimit(state, 'usersList', now).headers['x-rate-limit-remaining']).toBe(String(DEFAULT_RATE_LIMITS.usersList.limit - 1));
    expect(consumeRateLimit(freshState(), 'apps', now).headers['x-rate-limit-limit']).toBe(String(DEFAULT_RATE_LIMITS.apps.limit));
  });
});

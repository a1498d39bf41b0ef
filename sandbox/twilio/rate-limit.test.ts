import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

const rule = { key: 'Worker-List-TargetWorkersExpression', limit: 3, windowMs: 1000 };

describe('RateLimiter', () => {
  it('allows the limit within a window, refuses the next, and frees a slot when the oldest request leaves the window', () => {
    const limiter = new RateLimiter();
    expect([0, 100, 200].map((t) => limiter.take('AC1', rule, t).remaining)).toEqual([2, 1, 0]);
    const refused = limiter.take('AC1', rule, 300);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(refused.headers).toEqual({ 'x-rate-limit-limit': '3', 'x-rate-limit-remaining': '0', 'x-rate-limit-config': rule.key });
    expect(limiter.take('AC1', rule, 999).allowed).toBe(false);
    expect(limiter.take('AC1', rule, 1000).allowed).toBe(true);
  });

  it('counts each account and each resource key separately', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('AC1', rule, 0);
    expect(limiter.take('AC1', rule, 0).allowed).toBe(false);
    expect(limiter.take('AC2', rule, 0).allowed).toBe(true);
    expect(limiter.take('AC1', { ...rule, key: 'Worker-List' }, 0).allowed).toBe(true);
  });

  it('does not spend a slot on a refused request, so a client that keeps retrying is not locked out forever', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('AC1', rule, 0);
    for (let t = 1; t < 1000; t += 100) expect(limiter.take('AC1', rule, t).allowed).toBe(false);
    expect(limiter.take('AC1', rule, 1000).remaining).toBe(2);
  });
});

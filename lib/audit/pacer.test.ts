import { describe, expect, it } from 'vitest';
import { createPacer, rateWindow } from './pacer';

const okta = (limit: number, remaining: number, resetSeconds: number) =>
  new Headers({ 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(resetSeconds) });
const taskrouter = (limit: number, remaining: number) => new Headers({ 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-config': 'Worker-List' });

const T0 = 1_700_000_000_000;

describe('rateWindow', () => {
  it("reads Okta's reset as epoch seconds and gives TaskRouter's per-second limits a one-second window", () => {
    expect(rateWindow(okta(600, 12, T0 / 1000 + 30), T0)).toEqual({ limit: 600, remaining: 12, resetAtMs: T0 + 30_000 });
    expect(rateWindow(taskrouter(3, 1), T0)).toEqual({ limit: 3, remaining: 1, resetAtMs: T0 + 1000 });
    expect(rateWindow(new Headers(), T0)).toBeNull();
  });
});

describe('createPacer', () => {
  it('sends at once while plenty of the window is left', () => {
    const pacer = createPacer();
    pacer.observe('okta users', okta(600, 400, T0 / 1000 + 60), T0);
    expect(Array.from({ length: 10 }, () => pacer.reserve('okta users', T0))).toEqual(Array(10).fill(0));
    expect(pacer.reserve('unseen bucket', T0)).toBe(0);
  });

  it('spreads the last requests of a window evenly over the time left, before any 429', () => {
    const pacer = createPacer();
    // 10 of 600 left, 30 s to the reset: about one request every 3 s from here on.
    pacer.observe('okta users', okta(600, 10, T0 / 1000 + 30), T0);
    const waits = Array.from({ length: 4 }, () => pacer.reserve('okta users', T0));
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(2500);
    expect(waits[3]! - waits[2]!).toBeGreaterThan(2500);
    // Never past the reset with requests still left in the window.
    expect(waits[3]).toBeLessThan(30_000);
  });

  it('waits for the window to reopen when nothing is left, and sends at once after it', () => {
    const pacer = createPacer();
    pacer.observe('twilio list', taskrouter(3, 0), T0);
    expect(pacer.reserve('twilio list', T0)).toBe(1000);
    expect(pacer.reserve('twilio list', T0 + 1000)).toBe(0);
  });

  it('keeps the lowest count when answers of one window arrive out of order', () => {
    const pacer = createPacer();
    pacer.observe('okta users', okta(100, 2, T0 / 1000 + 10), T0);
    pacer.observe('okta users', okta(100, 50, T0 / 1000 + 10), T0);
    expect(pacer.reserve('okta users', T0)).toBe(0);
    expect(pacer.reserve('okta users', T0)).toBeGreaterThan(0);
  });
});

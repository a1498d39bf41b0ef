import { describe, expect, it } from 'vitest';
import { formatTime } from './format-time';

describe('formatTime', () => {
  it.each([
    ['2025-08-21T10:18:51Z', '2025-08-21 10:18 UTC'],
    ['2025-08-21T12:18:51+02:00', '2025-08-21 10:18 UTC'],
    ['2025-08-21T10:18:51.123Z', '2025-08-21 10:18 UTC'],
    [null, '—'],
    ['', '—'],
    ['not a date', '—'],
  ])('%j reads %j', (iso, shown) => {
    expect(formatTime(iso)).toBe(shown);
  });
});

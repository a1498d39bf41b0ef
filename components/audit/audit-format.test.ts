import { describe, expect, it } from 'vitest';
import type { AuditProgress } from '../../lib/audit/types';
import { formatCounts, formatEstimate, formatMonthly, formatPacing } from './audit-format';

const progress = (patch: Partial<AuditProgress>): AuditProgress => ({
  id: 'a1',
  scope: 'flex-workspace',
  accountSid: `AC${'0'.repeat(32)}`,
  state: 'running',
  phase: 'workers',
  workersListed: 4000,
  workersTotal: 20000,
  done: 4,
  total: 40,
  requests: { okta: 1, twilio: 25 },
  estimateSeconds: null,
  pacing: null,
  startedAt: '2026-12-01T10:40:00Z',
  updatedAt: '2026-12-01T10:41:00Z',
  finishedAt: null,
  problem: null,
  ...patch,
});

describe('the audit’s numbers in words', () => {
  it('rounds the estimate to what a person plans by', () => {
    expect(formatEstimate(null)).toBeNull();
    expect(formatEstimate(12)).toBe('less than a minute left');
    expect(formatEstimate(100)).toBe('about 2 min left');
    expect(formatEstimate(3 * 3600 + 5 * 60)).toBe('about 3 h 5 min left');
  });

  it('says whose rate limit the audit waits for and until when, in UTC', () => {
    expect(formatPacing(null)).toBeNull();
    expect(formatPacing({ service: 'okta', until: '2026-12-01T10:42:05.123Z' })).toBe('Slowing down for Okta’s rate limit until 10:42:05 UTC.');
    expect(formatPacing({ service: 'twilio', until: '2026-12-01T23:00:00Z' })).toBe('Slowing down for Twilio’s rate limit until 23:00:00 UTC.');
  });

  it('counts workers listed of the total once TaskRouter said it, and requests per service', () => {
    expect(formatCounts(progress({}))).toBe('4,000 of 20,000 workers listed · 1 request to Okta · 25 to Twilio');
    expect(formatCounts(progress({ workersTotal: null, workersListed: 0, requests: { okta: 0, twilio: 1 } }))).toBe('0 workers listed · 0 requests to Okta · 1 to Twilio');
  });

  it('turns freed seats into money a month only when a seat price is set', () => {
    expect(formatMonthly(37, undefined, 'USD')).toBeNull();
    expect(formatMonthly(37, 150, 'USD')).toBe('$5,550.00 a month');
    expect(formatMonthly(3, 99.5, 'EUR')).toBe('€298.50 a month');
  });
});

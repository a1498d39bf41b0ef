import { describe, expect, it } from 'vitest';
import { ageText, filterNote, filterOptions, rowShown, summaryText, tallyRows } from './worker-list-view';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const WS = `WS${'a'.repeat(32)}`;

describe('the summary line', () => {
  it('says there is no audit of the workspace yet when the background has none', () => {
    expect(summaryText(null, NOW)).toBe('No licence audit of this workspace yet');
  });

  it('gives the latest audit’s counts with thousands separators and its age', () => {
    expect(summaryText({ workspaceSid: WS, workers: 1240, freeable: 37, check: 5, auditedAt: '2026-12-02T09:50:00Z' }, NOW)).toBe('1,240 workers · 37 seats can be freed · 5 to check · audited 2 h ago');
    expect(summaryText({ workspaceSid: WS, workers: 1, freeable: 1, check: 0, auditedAt: '2026-12-02T11:59:30Z' }, NOW)).toBe('1 worker · 1 seat can be freed · audited just now');
    expect(summaryText({ workspaceSid: WS, workers: 20000, freeable: 0, check: 1200, auditedAt: '2026-11-28T12:00:00Z' }, NOW)).toBe('20,000 workers · 0 seats can be freed · 1,200 to check · audited 4 days ago');
  });

  it('says an age in minutes below an hour, in hours below two days', () => {
    expect(ageText('2026-12-02T11:48:00Z', NOW)).toBe('12 min ago');
    expect(ageText('2026-11-30T13:00:00Z', NOW)).toBe('47 h ago');
    expect(ageText('not a time', NOW)).toBe('at an unknown time');
  });
});

describe('the status filter', () => {
  it('shows every row for all workers, and never hides a row whose status is not known', () => {
    expect(rowShown('all', 'active')).toBe(true);
    expect(rowShown('freeable', undefined)).toBe(true);
    expect(rowShown('suspended', null)).toBe(true);
  });

  it('keeps Unassigned, Suspended and Deactivated for seats that can be freed, not Not in Okta (to check) nor Active', () => {
    expect((['unassigned', 'suspended', 'deprovisioned', 'not-in-okta', 'active', 'ambiguous'] as const).map((s) => rowShown('freeable', s))).toEqual([true, true, true, false, false, false]);
    expect(rowShown('not-in-okta', 'not-in-okta')).toBe(true);
    expect(rowShown('not-in-okta', 'active')).toBe(false);
  });

  it('offers the statuses on the page with their counts, in the vocabulary’s order, and keeps the chosen one at zero', () => {
    const tally = tallyRows(['active', 'suspended', 'active', undefined, null, 'not-in-okta', 'unassigned'], 'all');
    expect(filterOptions(tally, 'all').map((o) => o.label)).toEqual(['All workers (7)', 'Seats that can be freed (2)', '✓ Active (2)', '⚠ Unassigned (1)', '‖ Suspended (1)', '∅ Not in Okta (1)']);
    expect(filterOptions(tally, 'ambiguous').map((o) => o.value)).toEqual(['all', 'freeable', 'active', 'unassigned', 'suspended', 'not-in-okta', 'ambiguous']);
    expect(filterOptions(tallyRows(Array(1500).fill('active'), 'all'), 'all')[0]!.label).toBe('All workers (1,500)');
  });

  it('says how many rows it shows and which it cannot judge yet, only while it filters', () => {
    const statuses = ['active', 'suspended', undefined, undefined, undefined, null] as const;
    expect(filterNote(tallyRows(statuses, 'all'), 'all')).toBe('');
    expect(filterNote(tallyRows(statuses, 'freeable'), 'freeable')).toBe('5 of 6 rows shown · 3 rows still checking · 1 row without a status');
    expect(filterNote(tallyRows(['active'], 'freeable'), 'freeable')).toBe('0 of 1 row shown');
  });
});

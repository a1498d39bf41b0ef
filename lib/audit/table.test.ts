import { describe, expect, it } from 'vitest';
import { BULK_EXCLUSIONS, type AuditRow } from './types';
import { BULK_EXCLUSION_REASONS, bulkSelection, DEFAULT_SORT, exclusionReason, indexAuditRows, nextSort, NO_ACTIVITY, NO_FILTER, queryAuditTable, selectFreeable, toggleSelected, trimSelection, type AuditFilter } from './table';

const WS1 = `WS${'1'.repeat(32)}`;
const WS2 = `WS${'2'.repeat(32)}`;
const sid = (n: number) => `WK${n.toString(16).padStart(32, '0')}`;
const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function row(n: number, patch: Partial<AuditRow> = {}): AuditRow {
  return {
    workerSid: sid(n),
    workspaceSid: WS1,
    workspaceName: 'Flex Task Assignment',
    friendlyName: `agent${n}@example.com`,
    fullName: `Agent ${n}`,
    email: `agent${n}@example.com`,
    status: 'active',
    activityName: 'Offline',
    available: false,
    dateStatusChanged: daysAgo(n),
    dateCreated: daysAgo(400),
    okta: { id: `00u${n}`, login: `agent${n}@example.com`, status: 'ACTIVE', flexAssigned: true },
    oktaMatches: 1,
    bulkExclusion: 'keeps-seat',
    ...patch,
  };
}

const names = (rows: AuditRow[]) => rows.map((r) => r.fullName);
const query = (rows: AuditRow[], filter: Partial<AuditFilter> = {}, sort = DEFAULT_SORT) => queryAuditTable(indexAuditRows(rows), { ...NO_FILTER, ...filter }, sort, NOW);

describe('sorting the audit table', () => {
  const rows = [
    row(1, { fullName: 'Zoë Adams', status: 'suspended', activityName: 'Available' }),
    row(2, { fullName: 'ada Byron', status: 'active', activityName: null }),
    row(3, { fullName: 'Agent 10', status: 'unassigned', activityName: 'Offline' }),
    row(4, { fullName: 'Agent 9', status: 'active', activityName: 'Offline', okta: null }),
    row(5, { fullName: null, friendlyName: 'Zed', status: 'suspended', activityName: 'Available' }),
  ];

  it('sorts people by name ignoring case, numbers in number order, falling back to the friendly name', () => {
    expect(names(query(rows))).toEqual(['ada Byron', 'Agent 9', 'Agent 10', null, 'Zoë Adams']);
    expect(query(rows).map((r) => r.friendlyName)[3]).toBe('Zed');
    expect(names(query(rows, {}, { column: 'person', direction: 'descending' }))).toEqual(['Zoë Adams', null, 'Agent 10', 'Agent 9', 'ada Byron']);
  });

  it('is stable: rows with the same key keep the audit’s order in both directions', () => {
    const byStatus = query(rows, {}, { column: 'status', direction: 'ascending' });
    expect(byStatus.map((r) => r.status)).toEqual(['active', 'active', 'unassigned', 'suspended', 'suspended']);
    expect(byStatus.map((r) => r.workerSid)).toEqual([sid(2), sid(4), sid(3), sid(1), sid(5)]);
    const descending = query(rows, {}, { column: 'status', direction: 'descending' });
    expect(descending.map((r) => r.workerSid)).toEqual([sid(1), sid(5), sid(3), sid(2), sid(4)]);
  });

  it('puts rows without a value last whichever the direction', () => {
    expect(query(rows, {}, { column: 'activity', direction: 'ascending' }).map((r) => r.activityName)).toEqual(['Available', 'Available', 'Offline', 'Offline', null]);
    expect(query(rows, {}, { column: 'activity', direction: 'descending' }).map((r) => r.activityName)).toEqual(['Offline', 'Offline', 'Available', 'Available', null]);
    expect(query(rows, {}, { column: 'okta', direction: 'descending' }).at(-1)?.workerSid).toBe(sid(4));
  });

  it('sorts the last activity change by time, oldest first when ascending', () => {
    expect(query(rows, {}, { column: 'lastChange', direction: 'ascending' }).map((r) => r.workerSid)).toEqual([sid(5), sid(4), sid(3), sid(2), sid(1)]);
  });

  it('flips the direction on a second click of the same header and starts a new column ascending', () => {
    expect(nextSort(DEFAULT_SORT, 'person')).toEqual({ column: 'person', direction: 'descending' });
    expect(nextSort({ column: 'person', direction: 'descending' }, 'status')).toEqual({ column: 'status', direction: 'ascending' });
  });
});

describe('filtering and searching', () => {
  const rows = [
    row(10, { status: 'suspended', activityName: 'Offline', workspaceSid: WS1, dateStatusChanged: daysAgo(200) }),
    row(11, { status: 'suspended', activityName: 'Available', workspaceSid: WS1, dateStatusChanged: daysAgo(200) }),
    row(12, { status: 'unassigned', activityName: 'Offline', workspaceSid: WS2, dateStatusChanged: daysAgo(200) }),
    row(13, { status: 'suspended', activityName: 'Offline', workspaceSid: WS1, dateStatusChanged: daysAgo(20) }),
    row(14, { status: 'suspended', activityName: 'Offline', workspaceSid: WS1, dateStatusChanged: null }),
    row(15, { status: 'active', activityName: null, workspaceSid: WS2, fullName: 'Émile Zola', email: 'EZOLA@Example.com', okta: null }),
  ];

  it('combines every filter: status, activity, workspace and age all have to hold', () => {
    const shown = query(rows, { statuses: ['suspended', 'unassigned'], activity: 'Offline', workspaceSid: WS1, olderThanDays: 90 });
    expect(shown.map((r) => r.workerSid)).toEqual([sid(10)]);
  });

  it('does not count a worker with no activity date as older than the cut-off', () => {
    expect(query(rows, { olderThanDays: 30 }).map((r) => r.workerSid)).toEqual([sid(10), sid(11), sid(12)]);
  });

  it('filters workers without an activity under the name the totals use', () => {
    expect(query(rows, { activity: NO_ACTIVITY }).map((r) => r.workerSid)).toEqual([sid(15)]);
  });

  it('searches names, emails, logins and SIDs without regard to case, trimming the box', () => {
    expect(query(rows, { search: '  ezola@example ' }).map((r) => r.workerSid)).toEqual([sid(15)]);
    expect(query(rows, { search: 'émile' }).map((r) => r.workerSid)).toEqual([sid(15)]);
    expect(query(rows, { search: sid(12).toLowerCase() }).map((r) => r.workerSid)).toEqual([sid(12)]);
    expect(query(rows, { search: 'agent13@' }).map((r) => r.workerSid)).toEqual([sid(13)]);
    expect(query(rows, { search: 'nobody' })).toEqual([]);
  });

  it('stays fast at 20,000 rows: index once, then each query well under a frame budget of work', () => {
    const many = Array.from({ length: 20_000 }, (_, n) => row(n, { status: n % 7 === 0 ? 'suspended' : 'active', fullName: `Person ${(n * 7919) % 20_000}` }));
    const index = indexAuditRows(many);
    const started = performance.now();
    const shown = queryAuditTable(index, { ...NO_FILTER, statuses: ['suspended'], search: 'person 1' }, { column: 'person', direction: 'descending' }, NOW);
    const sorted = queryAuditTable(index, NO_FILTER, { column: 'lastChange', direction: 'ascending' }, NOW);
    const elapsed = performance.now() - started;
    expect(shown.every((r) => r.status === 'suspended' && r.fullName!.startsWith('Person 1'))).toBe(true);
    expect(sorted).toHaveLength(20_000);
    // Generous on a shared 2-core machine; a quadratic slip would take seconds.
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('selection', () => {
  const freeable = row(20, { status: 'suspended', bulkExclusion: null });
  const freeable2 = row(21, { status: 'unassigned', bulkExclusion: null });
  const ambiguous = row(22, { status: 'ambiguous', bulkExclusion: 'ambiguous', okta: null, oktaMatches: 2 });
  const unknown = row(23, { status: 'unknown', bulkExclusion: 'unknown', okta: null, problem: 'Okta answered 500.' });
  const hiddenFreeable = row(24, { status: 'deprovisioned', bulkExclusion: null, okta: null });

  it('has one sentence for every reason a row cannot be selected', () => {
    for (const exclusion of BULK_EXCLUSIONS) expect(BULK_EXCLUSION_REASONS[exclusion]).toMatch(/^[A-Z].+[.]$/);
    expect(exclusionReason(freeable)).toBeNull();
    expect(exclusionReason(ambiguous)).toBe('Ambiguous: two or more Okta people claim this address — settle it on the worker’s page.');
    expect(exclusionReason(unknown)).toContain('(Okta answered 500.)');
  });

  it('selects all that can be freed among the rows shown, keeping what was already selected', () => {
    const selected = selectFreeable(new Set([hiddenFreeable.workerSid]), [freeable, ambiguous, freeable2, unknown]);
    expect([...selected].sort()).toEqual([freeable.workerSid, freeable2.workerSid, hiddenFreeable.workerSid].sort());
  });

  it('toggles a selectable row and never adds one a bulk run may not take', () => {
    expect(toggleSelected(new Set(), ambiguous).size).toBe(0);
    const on = toggleSelected(new Set(), freeable);
    expect([...on]).toEqual([freeable.workerSid]);
    expect(toggleSelected(on, freeable).size).toBe(0);
  });

  it('lists the targets in the order shown, counts the ones the filter hides, and what is over the maximum', () => {
    const all = [hiddenFreeable, freeable, freeable2, ambiguous];
    const shown = [freeable2, freeable, ambiguous];
    const picked = bulkSelection(new Set([freeable.workerSid, freeable2.workerSid, hiddenFreeable.workerSid, ambiguous.workerSid]), shown, all, 2);
    expect(picked.targets).toEqual([
      { workspaceSid: WS1, workerSid: freeable2.workerSid, oktaUserId: '00u21' },
      { workspaceSid: WS1, workerSid: freeable.workerSid, oktaUserId: '00u20' },
      { workspaceSid: WS1, workerSid: hiddenFreeable.workerSid },
    ]);
    expect(picked.hidden).toBe(1);
    expect(picked.overBy).toBe(1);
    expect([...trimSelection(picked, 2)]).toEqual([freeable2.workerSid, freeable.workerSid]);
  });

  it('drops a selected worker that a newer audit no longer lets a bulk run take', () => {
    const changed = { ...freeable, status: 'active' as const, bulkExclusion: 'keeps-seat' as const };
    expect(bulkSelection(new Set([freeable.workerSid]), [changed], [changed], 25).targets).toEqual([]);
  });
});

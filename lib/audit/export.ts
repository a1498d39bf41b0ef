import { STATUS_INFO } from '../identity/statuses';
import type { AuditRow, AuditScope, AuditTotals } from './types';

/**
 * The audit as files: CSV for spreadsheets, JSON for scripts. Both carry when the audit ran and
 * for which account, so a file found later still says what it describes.
 */

export interface AuditExportMeta {
  /** When the audit finished (ISO 8601). */
  auditedAt: string;
  accountSid: string;
  scope: AuditScope;
}

/**
 * Characters that make a spreadsheet read a cell as a formula when they come first: OWASP's list
 * (https://owasp.org/www-community/attacks/CSV_Injection — `=`, `+`, `-`, `@`, tab, carriage
 * return, and since 2025 line feed). Names, emails and activity names come from Twilio and Okta,
 * where anyone who can edit a profile could plant `=HYPERLINK(…)` for the admin to open.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** OWASP's remedy: a leading `'`, which spreadsheets read as "this is text" and do not show. */
export const neutraliseFormula = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/** RFC 4180 §2.6–2.7: a field holding `"`, `,`, CR or LF is quoted, and its quotes doubled (https://www.rfc-editor.org/rfc/rfc4180#section-2). */
const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** One CSV field: neutralised first, so the quote and the prefix both survive. */
export const csvField = (value: string | number | boolean | null | undefined) => quote(neutraliseFormula(value === null || value === undefined ? '' : String(value)));

/**
 * The CSV's columns. The audit time and account are columns on every row, not lines above the
 * header: spreadsheets, `csvkit` and database imports take the first line as the header, so lines
 * above it would turn into a broken header and stray rows, and a filtered or pasted range would
 * lose them; as columns they survive sorting, filtering and copying any part of the sheet.
 */
const COLUMNS: readonly [string, (row: AuditRow, meta: AuditExportMeta) => string | number | boolean | null][] = [
  ['Audited at', (_, meta) => meta.auditedAt],
  ['Account SID', (_, meta) => meta.accountSid],
  ['Full name', (r) => r.fullName],
  ['Friendly name', (r) => r.friendlyName],
  ['Email', (r) => r.email],
  ['Status', (r) => STATUS_INFO[r.status].label],
  ['Status id', (r) => r.status],
  ['Activity', (r) => r.activityName],
  ['Available', (r) => r.available],
  ['Last activity change', (r) => r.dateStatusChanged],
  ['Worker created', (r) => r.dateCreated],
  ['Workspace', (r) => r.workspaceName],
  ['Workspace SID', (r) => r.workspaceSid],
  ['Worker SID', (r) => r.workerSid],
  ['Okta user id', (r) => r.okta?.id ?? null],
  ['Okta login', (r) => r.okta?.login ?? null],
  ['Okta status', (r) => r.okta?.status ?? null],
  ['Assigned to the Flex app', (r) => r.okta?.flexAssigned ?? null],
  ['Okta matches', (r) => r.oktaMatches],
  ['Not in a bulk run because', (r) => r.bulkExclusion],
  ['Problem', (r) => r.problem ?? null],
];

/** RFC 4180 CSV: a header line, one record per row, CRLF after every record. */
export function auditCsv(rows: readonly AuditRow[], meta: AuditExportMeta): string {
  const lines = [COLUMNS.map(([name]) => csvField(name)).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([, value]) => csvField(value(row, meta))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const AUDIT_EXPORT_FORMAT = 'flex-steward-audit';

/** The JSON export: versioned like the settings export, with the totals the panel showed. */
export function auditJson(rows: readonly AuditRow[], totals: AuditTotals, meta: AuditExportMeta): string {
  return JSON.stringify({ format: AUDIT_EXPORT_FORMAT, version: 1, auditedAt: meta.auditedAt, accountSid: meta.accountSid, scope: meta.scope, totals, rows }, null, 2);
}

/** `flex-steward-audit-AC…-2026-12-01.csv`: the account and the audit's (UTC) day. */
export const auditFileName = (meta: AuditExportMeta, extension: 'csv' | 'json') => `${AUDIT_EXPORT_FORMAT}-${meta.accountSid}-${meta.auditedAt.slice(0, 10)}.${extension}`;

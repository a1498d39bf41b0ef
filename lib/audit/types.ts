import { z } from 'zod';
import { IDENTITY_STATUSES } from '../identity/statuses';
import { problemSchema } from '../messages/envelope';
import { OKTA_USER_STATUSES } from '../okta/schemas';

/**
 * The licence audit's vocabulary: one row per worker, the totals shown first, and the scan's
 * progress. Schemas, because rows, totals and progress cross the message boundary to the side
 * panel (and a total to the Console's worker list), and the checkpoint is read back from storage
 * after a service-worker restart, where a damaged record must be refused rather than resumed.
 */

/** The Flex workspace from Settings, or every TaskRouter workspace of the account. */
export const AUDIT_SCOPES = ['flex-workspace', 'all-workspaces'] as const;
export type AuditScope = (typeof AUDIT_SCOPES)[number];

/**
 * Why a row can never be in a bulk run, or null when it may be selected. Only rows whose status
 * can be freed (`isFreeable`, lib/identity/statuses.ts) are candidates at all; a busy worker (a task in
 * progress) is only known when the batch is previewed, and is left out there.
 */
export const BULK_EXCLUSIONS = ['keeps-seat', 'ambiguous', 'lookalike', 'no-email', 'unknown', 'check-first'] as const;
export type BulkExclusion = (typeof BULK_EXCLUSIONS)[number];

/** One worker as the audit saw it: compact, since 20,000 of them are kept and sent to the panel. */
export const auditRowSchema = z.object({
  workerSid: z.string(),
  workspaceSid: z.string(),
  workspaceName: z.string().nullable(),
  friendlyName: z.string().nullable(),
  /** `attributes.full_name`, the person's name as Flex wrote it from the SAML assertion. */
  fullName: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(IDENTITY_STATUSES),
  activityName: z.string().nullable(),
  available: z.boolean().nullable(),
  /** When the worker's activity last changed (ISO 8601): "last activity change". */
  dateStatusChanged: z.string().nullable(),
  dateCreated: z.string().nullable(),
  /** The Okta person the worker was matched to; null for not-in-okta, ambiguous, look-alike, no email, unknown. */
  okta: z.object({ id: z.string(), login: z.string(), status: z.enum(OKTA_USER_STATUSES), flexAssigned: z.boolean().nullable() }).nullable(),
  /** How many Okta people claim the address (2+ is ambiguous). */
  oktaMatches: z.number().int().min(0),
  bulkExclusion: z.enum(BULK_EXCLUSIONS).nullable(),
  /** For `unknown`: why Okta could not be asked about this worker. */
  problem: z.string().optional(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditTotalsSchema = z.object({
  workers: z.number().int(),
  /** Unassigned + Suspended + Deprovisioned: seats nobody should hold. */
  freeable: z.number().int(),
  /** Not in Okta: shown beside `freeable` as "check", never counted in it. */
  check: z.number().int(),
  byStatus: z.record(z.enum(IDENTITY_STATUSES), z.number().int()),
  /** By TaskRouter activity name; workers with none under "(none)". */
  byActivity: z.record(z.string(), z.number().int()),
  byWorkspace: z.array(z.object({ sid: z.string(), name: z.string().nullable(), workers: z.number().int(), freeable: z.number().int() })),
});
export type AuditTotals = z.infer<typeof auditTotalsSchema>;

/** The scan's phases, in order; `okta-directory` and `okta-search` are alternatives (README § Licence audit). */
export const AUDIT_PHASES = ['workspaces', 'workers', 'worker-details', 'okta-app-users', 'okta-directory', 'okta-search', 'classify'] as const;
export type AuditPhase = (typeof AUDIT_PHASES)[number];

export const AUDIT_STATES = ['running', 'cancelled', 'done', 'failed'] as const;
export type AuditState = (typeof AUDIT_STATES)[number];

export const auditProgressSchema = z.object({
  id: z.string(),
  scope: z.enum(AUDIT_SCOPES),
  accountSid: z.string(),
  state: z.enum(AUDIT_STATES),
  phase: z.enum(AUDIT_PHASES),
  /** Workers listed so far, and the total once TaskRouter's first page said it (else null). */
  workersListed: z.number().int(),
  workersTotal: z.number().int().nullable(),
  /** Units of work done and known so far (pages, searches, single-worker reads), for the bar. */
  done: z.number().int(),
  total: z.number().int(),
  /** Requests sent so far, Okta and Twilio. */
  requests: z.object({ okta: z.number().int(), twilio: z.number().int() }),
  /** Seconds left at the pace so far; null until there is a pace to go by. */
  estimateSeconds: z.number().nullable(),
  /** Set while the audit waits for a rate-limit window to reopen: until when, and whose. */
  pacing: z.object({ service: z.enum(['okta', 'twilio']), until: z.string() }).nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why the audit failed; it can be resumed from where it stopped. */
  problem: problemSchema.nullable(),
});
export type AuditProgress = z.infer<typeof auditProgressSchema>;

/** What the panel shows before the rows: progress, and the totals once the audit is done. */
export const auditViewSchema = z.object({
  progress: auditProgressSchema.nullable(),
  totals: auditTotalsSchema.nullable(),
  rowCount: z.number().int(),
});
export type AuditView = z.infer<typeof auditViewSchema>;

/** The Console worker list's one line, from the latest finished audit of that workspace. */
export const auditSummarySchema = z
  .object({
    workspaceSid: z.string(),
    workers: z.number().int(),
    freeable: z.number().int(),
    check: z.number().int(),
    auditedAt: z.string(),
  })
  .nullable();
export type AuditSummary = z.infer<typeof auditSummarySchema>;

/** Rows are sent to the panel in pages of at most this many, so one message stays a few MB. */
export const AUDIT_ROWS_PAGE_MAX = 5000;

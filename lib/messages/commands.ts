import { z } from 'zod';
import { settingsSchema, TWILIO_REGIONS } from '../settings/settings';
import { SECRET_NAMES } from '../vault/vault';
import { problemSchema } from './envelope';
import { personLookupSchema, personSuggestionSchema, workerStatusSchema } from '../status/views';
import { lookupQuerySchema, suggestionPrefixSchema } from '../lookup-query';
import { confirmationSchema, planSchema, runSchema, seatOutcomeSchema, targetSchema, workerTargetSchema } from '../runs/types';
import { AUDIT_ROWS_PAGE_MAX, AUDIT_SCOPES, auditRowSchema, auditSummarySchema, auditViewSchema } from '../audit/types';
import { runRowSchema } from '../runs/ledger';
import { storageMoveSchema } from '../storage/move-from-local';
import { RUN_ORIGINS, runFilterSchema, teamLockSchema, teamLockViewSchema, teamOperatorsViewSchema, teamStatusSchema } from '../team/types';
import { ssoFindingSchema } from '../sso/finding-schema';
import { ssoPageValuesSchema } from '../sso/page-values';
import { migrationRecordSchema } from '../sso/migration-memory';
import type { SamlDiagnosis } from '../saml/diagnosis';
import { MAX_INPUT_BYTES } from '../saml/input';

/**
 * Every command the background answers, with the schema of its request and response and who may
 * send it. Content scripts run inside pages we do not control, so they get only read-only lookups
 * and "open extension UI"; anything that changes state is for extension pages alone.
 */
export type Access = 'content' | 'extension';

const connectionSide = z.object({ configured: z.boolean(), label: z.string().optional() });

const secretName = z.enum(SECRET_NAMES);
const vaultStatus = z.object({ state: z.enum(['empty', 'locked', 'unlocked']), mode: z.enum(['passphrase', 'device-key']).nullable(), idleLockMinutes: z.number() });

/** What the settings page may know: settings, which secrets are saved (never their values), the vault's state. */
const settingsView = z.object({
  settings: settingsSchema,
  savedSecrets: z.array(secretName),
  vault: vaultStatus,
  /** After a save or an import: which secrets it cleared and why. */
  notice: z.string().optional(),
});

const passphrase = z.string().min(1).max(1024);

const connectionCheck = z.object({ id: z.string(), label: z.string(), ok: z.boolean(), detail: z.string().optional(), problem: problemSchema.optional() });
export const connectionTestResult = z.object({
  side: z.enum(['okta', 'twilio']),
  ok: z.boolean(),
  checks: z.array(connectionCheck),
  /** Flex workspaces or Flex SAML apps found while testing, for the admin to confirm or override. */
  discovered: z.array(z.object({ id: z.string(), label: z.string(), detail: z.string().optional(), recommended: z.boolean() })),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResult>;

const ssoCheck = z.object({
  findings: z.array(ssoFindingSchema),
  summary: z.object({ errors: z.number().int(), warnings: z.number().int(), text: z.string() }),
  checkedAgainst: z.object({ twilioAccount: z.string().optional(), oktaApp: z.string().optional() }),
  problem: problemSchema.optional(),
});

const endpointPair = z.object({ entityId: z.string(), acsUrl: z.string() });
const migrationView = z.object({
  record: migrationRecordSchema,
  reminder: z.object({ closesAt: z.string(), daysLeft: z.number().int(), closed: z.boolean(), due: z.boolean() }),
});
const ssoCheckerSchema = z.object({
  twilio: z.object({ accountSid: z.string(), region: z.enum(TWILIO_REGIONS) }).nullable(),
  connection: z.object({ sid: z.string(), from: z.enum(['flex-config', 'page']) }).nullable(),
  endpoints: z.object({ preview: endpointPair, legacy: endpointPair, enhanced: endpointPair.optional() }).nullable(),
  okta: z.object({
    connected: z.boolean(),
    app: z.object({ id: z.string(), label: z.string(), signOnTabUrl: z.string() }).nullable(),
    check: ssoCheck.nullable(),
    metadata: z.object({ issuer: z.string(), ssoUrl: z.string(), certificatePem: z.string().optional() }).nullable(),
  }),
  page: z.object({ values: ssoPageValuesSchema, check: ssoCheck }).nullable(),
  recommendation: z.object({ setupType: z.enum(['modify', 'create']), reason: z.string() }),
  migration: migrationView.nullable(),
  problems: z.array(problemSchema),
});
export type SsoCheckerView = z.infer<typeof ssoCheckerSchema>;

/** The SAML login test's capture: armed until when, and how many logins wait to be shown. */
const samlCaptureStatus = z.object({ armed: z.boolean(), armedUntil: z.string().nullable(), captured: z.number().int() });
const samlDiagnosisSchema = z.object({
  verdict: z.enum(['pass', 'fail']),
  findings: z.array(ssoFindingSchema),
  user: z.object({ nameId: z.string().optional(), nameIdFormat: z.string().optional(), email: z.string().optional(), fullName: z.string().optional(), roles: z.array(z.string()) }),
  destination: z.string().optional(),
  issueInstant: z.string().optional(),
  problem: problemSchema.optional(),
}) satisfies z.ZodType<SamlDiagnosis>;
const samlLoginTestAnswer = z.object({
  results: z
    .array(
      z.object({
        source: z.object({ from: z.enum(['capture', 'input']), postedTo: z.string().optional(), at: z.string().optional() }),
        diagnosis: samlDiagnosisSchema,
        workers: z.object({ email: z.string(), existing: z.array(z.object({ sid: z.string(), workspaceName: z.string().nullable(), friendlyName: z.string().nullable() })), problem: problemSchema.optional() }).nullable(),
      }),
    )
    .max(50),
  checkedAgainst: z.object({ twilioAccount: z.string().optional(), oktaApp: z.string().optional() }),
  problems: z.array(problemSchema),
  problem: problemSchema.optional(),
});
export type SamlLoginTestAnswer = z.infer<typeof samlLoginTestAnswer>;
export type SamlCaptureStatus = z.infer<typeof samlCaptureStatus>;

/** The most people one bulk preview may name; Settings' per-run maximum is at most this. */
export const BULK_TARGETS_MAX = 200;

export const COMMANDS = {
  ping: {
    access: 'content',
    request: z.object({}),
    response: z.object({ version: z.string() }),
  },
  'connection.status': {
    access: 'content',
    request: z.object({}),
    response: z.object({ okta: connectionSide, twilio: connectionSide }),
  },
  /** Badges: one message per render batch, however many workers it names. */
  'workers.status': {
    access: 'content',
    request: z.object({ workspaceSid: z.string().regex(/^WS[0-9a-f]{32}$/), workerSids: z.array(z.string().regex(/^WK[0-9a-f]{32}$/)).min(1).max(1000), refresh: z.boolean().default(false) }),
    response: z.object({
      statuses: z.array(workerStatusSchema),
      /** Runs on these workers, so badges show a run's progress live, and its outcome once the worker is gone. */
      runs: z
        .array(
          z.object({
            workerSid: z.string(),
            state: z.enum(['running', 'paused', 'done', 'aborted']),
            stepsDone: z.number(),
            stepsTotal: z.number(),
            /** What the run's seat check found; null when it has not run (a badge then claims no freed seat). */
            outcome: seatOutcomeSchema.nullable().default(null),
            /** Team mode: a colleague's lock on this person ("In progress by ana@… since 10:42"); absent for runs of this browser. */
            heldBy: teamLockSchema.optional(),
          }),
        )
        .default([]),
      problem: problemSchema.optional(),
    }),
  },
  /** The Flex single-sign-on page's hints: the values on the page, checked in the background. */
  'sso.checkPage': {
    access: 'content',
    request: z.object({ page: ssoPageValuesSchema }),
    response: ssoCheck,
  },
  /** The Okta admin app card: does this app fit this Twilio account's Flex connection? */
  'sso.oktaApp': {
    access: 'content',
    request: z.object({ appId: z.string().regex(/^0oa[0-9A-Za-z]{17}$/) }),
    response: ssoCheck.extend({ isFlexApp: z.boolean() }),
  },
  /** The side panel's migration checker: everything its four steps show, gathered in the background. */
  'sso.checker': {
    access: 'extension',
    request: z.object({ refresh: z.boolean().default(false) }),
    response: ssoCheckerSchema,
  },
  /** The admin's date (and setup type) for the migration, replacing a detected one. */
  'sso.recordMigration': {
    access: 'extension',
    request: z.object({ migratedAt: z.iso.datetime({ offset: true }), setupType: z.enum(['modify', 'create']).optional() }),
    response: z.object({ migration: migrationView.nullable() }),
  },
  'sso.clearMigration': {
    access: 'extension',
    request: z.object({}),
    response: z.object({ migration: migrationView.nullable() }),
  },
  /**
   * The SAML login test (extension pages only: a captured assertion names a person and their roles,
   * and arming is an admin's decision). Arms capture for ten minutes; arming again starts afresh.
   */
  'saml.arm': { access: 'extension', request: z.object({}), response: samlCaptureStatus },
  /** Stops capturing and discards whatever was captured. */
  'saml.disarm': { access: 'extension', request: z.object({}), response: samlCaptureStatus },
  'saml.status': { access: 'extension', request: z.object({}), response: samlCaptureStatus },
  /** Diagnoses what was captured and discards it: each login is shown once. */
  'saml.takeCaptured': { access: 'extension', request: z.object({}), response: samlLoginTestAnswer },
  /** A pasted base64 SAMLResponse or XML, or the text of a dropped HAR or SAML-tracer file. */
  'saml.diagnose': {
    access: 'extension',
    request: z.object({ text: z.string().min(1, 'there is nothing to diagnose').max(MAX_INPUT_BYTES, 'the text is larger than 5 MB; a HAR of one login is far smaller, so save only the login’s requests') }),
    response: samlLoginTestAnswer,
  },
  /**
   * The Flex SSO page's "Test a login" button: opens the login test in Flex Steward's own window,
   * where arming happens. The content script may ask for nothing more.
   */
  'ui.openLoginTest': { access: 'content', request: z.object({}), response: z.object({ opened: z.boolean() }) },
  /** The Okta admin user card: this person's Flex workers across workspaces. */
  'okta.userWorkers': {
    access: 'content',
    request: z.object({ oktaUserId: z.string().regex(/^00u[0-9A-Za-z]{17}$/) }),
    response: personLookupSchema,
  },
  /** The popup's lookup by email, Okta login, Okta user id or worker SID: only well-formed values get this far. */
  'person.lookup': {
    access: 'extension',
    request: z.object({ query: lookupQuerySchema }),
    response: personLookupSchema,
  },
  /**
   * The popup's suggestions while the admin types. Extension pages only: a content script has no
   * use for a directory search, and a page that could run one could list the org's people.
   */
  'person.suggest': {
    access: 'extension',
    request: z.object({ prefix: suggestionPrefixSchema }),
    response: z.object({ people: z.array(personSuggestionSchema).max(8) }),
  },
  /** Opens the worker in Flex Steward's own window, where any action on it is previewed and confirmed. */
  'ui.openWorker': {
    access: 'content',
    request: z.object({ workspaceSid: z.string().regex(/^WS[0-9a-f]{32}$/), workerSid: z.string().regex(/^WK[0-9a-f]{32}$/) }),
    response: z.object({ opened: z.boolean() }),
  },
  'ui.openSettings': {
    access: 'content',
    request: z.object({ section: z.enum(['okta', 'twilio']).optional() }),
    response: z.object({ opened: z.boolean() }),
  },
  'settings.get': {
    access: 'extension',
    request: z.object({}),
    response: settingsView,
  },
  /** Secrets are write-only: sent here to be encrypted, never returned by any command. */
  'settings.save': {
    access: 'extension',
    request: z.object({
      settings: settingsSchema,
      secrets: z.partialRecord(secretName, z.string().min(1).max(20_000)).default({}),
      clearSecrets: z.array(secretName).default([]),
    }),
    response: settingsView,
  },
  'settings.export': {
    access: 'extension',
    request: z.object({}),
    response: z.object({ json: z.string() }),
  },
  'settings.import': {
    access: 'extension',
    request: z.object({ json: z.string().max(100_000) }),
    response: settingsView,
  },
  'vault.setup': {
    access: 'extension',
    request: z.object({ passphrase: passphrase.optional() }),
    response: vaultStatus,
  },
  'vault.unlock': {
    access: 'extension',
    request: z.object({ passphrase: passphrase.optional() }),
    response: vaultStatus,
  },
  'vault.lock': {
    access: 'extension',
    request: z.object({}),
    response: vaultStatus,
  },
  'vault.configure': {
    access: 'extension',
    request: z.object({ idleLockMinutes: z.number().int().min(1).max(1440) }),
    response: vaultStatus,
  },
  'vault.changePassphrase': {
    access: 'extension',
    request: z.object({ current: passphrase.nullable(), next: passphrase.nullable() }),
    response: vaultStatus,
  },
  'vault.reset': {
    access: 'extension',
    request: z.object({ confirm: z.literal('RESET') }),
    response: vaultStatus,
  },
  /** A dry run: reads everything the run would touch and returns the plan, kept in the background under an id. */
  'runs.preview': {
    access: 'extension',
    request: z.object({ target: targetSchema, overrideBusy: z.boolean().default(false), acceptWithoutUnassign: z.boolean().default(false) }),
    response: z.object({ previewId: z.string(), plan: planSchema, /** Absent when team mode is off. */ teamLock: teamLockViewSchema.optional() }),
  },
  'runs.previewUndo': {
    access: 'extension',
    request: z.object({ runId: z.string() }),
    response: z.object({ previewId: z.string(), plan: planSchema }),
  },
  /** Starts exactly the previewed plan; `typed` is what the admin typed to confirm. */
  'runs.start': {
    access: 'extension',
    request: z.object({
      previewId: z.string(),
      typed: z.string().max(400).optional(),
      /** Team mode with Sync unreachable: the admin chose to start without the team lock (recorded on the run). */
      withoutTeamLock: z.boolean().optional(),
    }),
    response: z.object({ run: runSchema }),
  },
  /** The run, and the undo of it if one was started (a run is undone once). */
  'runs.get': {
    access: 'extension',
    request: z.object({ runId: z.string() }),
    response: z.object({ run: runSchema, undo: z.object({ runId: z.string(), state: runSchema.shape.state, at: z.string() }).nullable() }),
  },
  /** A page of the run history; records that cannot be read are listed as such. */
  'runs.list': {
    access: 'extension',
    request: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50), filter: runFilterSchema.optional() }),
    response: z.object({
      entries: z.array(
        z.union([
          /** `origin: 'team'`: a colleague's run, from the team ledger (team mode only); absent means this browser's. */
          runRowSchema.extend({ origin: z.enum(RUN_ORIGINS).optional() }),
          z.object({ id: z.string(), unreadable: z.literal(true), createdAt: z.string().nullable(), wasRunning: z.boolean() }),
        ]),
      ),
      total: z.number().int(),
      prunable: z.number().int(),
      limits: z.object({ runs: z.number().int(), days: z.number().int() }),
      storageMove: storageMoveSchema.nullable(),
    }),
  },
  /** The runs beyond the retention limits, as a file to keep; `runs.prune` removes exactly those ids. */
  'runs.exportPrunable': { access: 'extension', request: z.object({}), response: z.object({ json: z.string(), ids: z.array(z.string()) }) },
  'runs.prune': { access: 'extension', request: z.object({ ids: z.array(z.string()).max(100_000) }), response: z.object({ removed: z.number().int() }) },
  'runs.retry': { access: 'extension', request: z.object({ runId: z.string() }), response: z.object({ run: runSchema }) },
  /** Stops a running run at the next step boundary; `runs.retry` continues it. */
  'runs.pause': { access: 'extension', request: z.object({ runId: z.string() }), response: z.object({ run: runSchema }) },
  'runs.skip': { access: 'extension', request: z.object({ runId: z.string() }), response: z.object({ run: runSchema }) },
  'runs.abort': { access: 'extension', request: z.object({ runId: z.string() }), response: z.object({ run: runSchema }) },
  /** Several people at once (the licence audit's selection): one preview for the batch, kept in the background like a single one. */
  'runs.previewBulk': {
    access: 'extension',
    request: z.object({ targets: z.array(workerTargetSchema).min(1).max(BULK_TARGETS_MAX) }),
    response: z.object({
      previewId: z.string(),
      /** The people who will be deprovisioned, each with every request their run will send. */
      plans: z.array(planSchema),
      /** The people left out, and why in one sentence (ambiguous, look-alike, busy, blocked, over the per-run maximum). */
      excluded: z.array(z.object({ workerSid: z.string(), workspaceSid: z.string(), name: z.string(), reason: z.string() })),
      /** Requests the whole batch will send, summed over its plans. */
      requests: z.number().int(),
      confirmation: confirmationSchema,
      /** The per-run maximum from Settings that applied. */
      maxPerRun: z.number().int(),
    }),
  },
  /** Starts exactly the previewed batch: one run per person, sharing a `bulkId`; `typed` is the count. */
  'runs.startBulk': {
    access: 'extension',
    request: z.object({ previewId: z.string(), typed: z.string().max(400).optional() }),
    response: z.object({ bulkId: z.string(), runs: z.array(runSchema) }),
  },
  /** The runs of one batch, for its live progress and its entry in the run history. */
  'runs.bulk': { access: 'extension', request: z.object({ bulkId: z.string() }), response: z.object({ runs: z.array(runRowSchema) }) },
  /** The licence audit: start a scan (replacing the last one), cancel it, continue a cancelled or failed one from its checkpoint. */
  /** Team mode (lib/team/): its state, the "behind by N runs" count, and the shared approved operators. */
  'team.status': { access: 'extension', request: z.object({}), response: teamStatusSchema },
  /** Creates a Sync Service named "Flex Steward" with the account's credentials; Settings then saves its SID. */
  'team.createService': { access: 'extension', request: z.object({}), response: z.object({ serviceSid: z.string() }) },
  /** The operator identity to suggest: the Okta login of the admin signed in to the Okta org in this browser, when there is one. */
  'team.suggestOperator': { access: 'extension', request: z.object({}), response: z.object({ login: z.string().nullable() }) },
  'team.operators': { access: 'extension', request: z.object({}), response: teamOperatorsViewSchema },
  /** Replaces the shared approved operators; the change is recorded in the team ledger. */
  'team.setOperators': { access: 'extension', request: z.object({ operators: z.array(z.string().max(320)).max(500) }), response: teamOperatorsViewSchema },
  'audit.start': { access: 'extension', request: z.object({ scope: z.enum(AUDIT_SCOPES) }), response: auditViewSchema },
  'audit.cancel': { access: 'extension', request: z.object({}), response: auditViewSchema },
  'audit.resume': { access: 'extension', request: z.object({}), response: auditViewSchema },
  /** Progress and totals of the current (or last) audit. */
  'audit.view': { access: 'extension', request: z.object({}), response: auditViewSchema },
  /** A page of the audit's rows, in worker-list order; the panel sorts and filters them itself. */
  'audit.rows': {
    access: 'extension',
    request: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(AUDIT_ROWS_PAGE_MAX) }),
    response: z.object({ rows: z.array(auditRowSchema), total: z.number().int() }),
  },
  /** Counts only, from the latest finished audit of this workspace, for the Console worker list's one line. */
  'audit.summary': { access: 'content', request: z.object({ workspaceSid: z.string().regex(/^WS[0-9a-f]{32}$/) }), response: auditSummarySchema },
  /** Opens the side panel's licence audit (asked for by the Console worker list's "Open audit"). */
  'ui.openAudit': { access: 'content', request: z.object({}), response: z.object({ opened: z.boolean() }) },
  'connection.test': {
    access: 'extension',
    request: z.object({ side: z.enum(['okta', 'twilio']) }),
    response: connectionTestResult,
  },
} satisfies Record<string, { access: Access; request: z.ZodType; response: z.ZodType }>;

export type CommandName = keyof typeof COMMANDS;
export type CommandRequest<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['response']>;

export const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && Object.hasOwn(COMMANDS, name);

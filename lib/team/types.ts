import { z } from 'zod';
import { problemSchema } from '../messages/envelope';
import { runRowSchema } from '../runs/ledger';
import { snapshotSchema } from '../runs/types';

/**
 * Team mode: several admins of one Twilio account share one run ledger, one set of run locks and
 * one list of approved operators through Twilio Sync, so there is no server of ours. These are the
 * names and shapes every part agrees on: the Sync objects, what their items hold, and what the
 * background tells pages about the team.
 */

/** The Sync List of runs: one item per run, appended when it starts and updated as its steps finish. */
export const TEAM_LEDGER_LIST = 'flex-steward-runs';
/** The Sync Map of run locks: one item per person while a run on them lives. */
export const TEAM_LOCKS_MAP = 'flex-steward-locks';
/** The Sync Map of approved operators: one item per operator, keyed by their normalised email. */
export const TEAM_OPERATORS_MAP = 'flex-steward-operators';
/** The friendly name of the Sync Service "Create one for me" makes. */
export const TEAM_SERVICE_NAME = 'Flex Steward';

/**
 * How long a lock lives without renewal. The runner renews it at every step and on the runs alarm
 * (every 30 s) while the run is under way, so a browser that vanishes mid-run frees the person
 * after at most this long.
 */
export const LOCK_TTL_SECONDS = 300;

/** The operator an item or a lock names: their email as set in "You are". */
const operator = z.string().min(1).max(320);

/** A run in the team ledger: its index row and, for undo, what the person looked like before. */
export const teamRunEntrySchema = z.object({
  v: z.literal(1),
  type: z.literal('run'),
  row: runRowSchema,
  before: snapshotSchema.optional(),
});

/** A change to the approved operators, recorded in the ledger like a run. */
export const teamOperatorsChangeSchema = z.object({
  v: z.literal(1),
  type: z.literal('operators'),
  /** Idempotency key, as a run's id is for run items. */
  id: z.string(),
  by: operator,
  at: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});

/** The data of one item of `TEAM_LEDGER_LIST`; items that do not parse are shown as unreadable, never acted on. */
export const teamLedgerItemSchema = z.discriminatedUnion('type', [teamRunEntrySchema, teamOperatorsChangeSchema]);
export type TeamLedgerItem = z.infer<typeof teamLedgerItemSchema>;
export type TeamRunEntry = z.infer<typeof teamRunEntrySchema>;
export type TeamOperatorsChange = z.infer<typeof teamOperatorsChangeSchema>;

/** The data of one item of `TEAM_LOCKS_MAP`. */
export const teamLockSchema = z.object({
  runId: z.string(),
  operator: operator,
  /** When the run claimed the person (ISO); renewals keep it. */
  since: z.string(),
  /** Who the lock is on, for the sentence a colleague sees. */
  person: z.string(),
});
export type TeamLock = z.infer<typeof teamLockSchema>;

/** The data of one item of `TEAM_OPERATORS_MAP`. */
export const teamOperatorSchema = z.object({ email: operator, addedBy: operator, addedAt: z.string() });
export type TeamOperator = z.infer<typeof teamOperatorSchema>;

/** What a preview says about the person's team lock before a run may start. */
export const teamLockViewSchema = z.discriminatedUnion('state', [
  /** Team mode is off: the local lock alone applies. */
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('free') }),
  /** "In progress by ana@… since 10:42". */
  z.object({ state: z.literal('held'), holder: teamLockSchema, sentence: z.string() }),
  /** Sync could not be reached: the run may only start with "Run without team lock". */
  z.object({ state: z.literal('unreachable'), problem: problemSchema }),
]);
export type TeamLockView = z.infer<typeof teamLockViewSchema>;

export const TEAM_STATES = ['off', 'needs-setup', 'connecting', 'live', 'offline'] as const;

/** What Settings, the side panel and the history show about team mode. */
export const teamStatusSchema = z.object({
  state: z.enum(TEAM_STATES),
  serviceSid: z.string().nullable(),
  /** The identity in this browser's Sync token: the operator ("You are"). */
  identity: z.string().nullable(),
  /** Runs recorded here whose latest state has not reached the team ledger yet ("behind by 3 runs"). */
  behindBy: z.number().int().min(0),
  /** When the team ledger last answered (ISO), null before it ever has. */
  lastSyncedAt: z.string().nullable(),
  problem: problemSchema.optional(),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;

export const teamOperatorsViewSchema = z.object({
  operators: z.array(teamOperatorSchema),
  /** The newest changes to the list recorded in the team ledger, newest first (who, when, added, removed). */
  changes: z.array(teamOperatorsChangeSchema).optional(),
  /** The list as last read from Sync, when it could not be read now. */
  stale: z.boolean(),
  problem: problemSchema.optional(),
});
export type TeamOperatorsView = z.infer<typeof teamOperatorsViewSchema>;

/** Where a history entry came from: this browser's journal, or a colleague's item in the team ledger. */
export const RUN_ORIGINS = ['here', 'team'] as const;

/** The history's filters (all optional, combined with AND). */
export const runFilterSchema = z.object({
  /** Matches the person's email, display name, Okta id or worker SID, case-insensitively. */
  person: z.string().max(320).optional(),
  operator: z.string().max(320).optional(),
  status: z.enum(['running', 'paused', 'done', 'aborted']).optional(),
  /** Runs started on or after this day (YYYY-MM-DD, local). */
  from: z.iso.date().optional(),
  /** Runs started on or before this day (YYYY-MM-DD, local). */
  to: z.iso.date().optional(),
});
export type RunFilter = z.infer<typeof runFilterSchema>;

import { z } from 'zod';
import { IDENTITY_STATUSES } from '../identity/statuses';
import { problemSchema } from '../messages/envelope';
import { OKTA_USER_STATUSES } from '../okta/schemas';

/**
 * The deprovisioning run's vocabulary: what a preview saw, what a plan will send, and what a run
 * did. Every shape is a schema because previews, plans and runs cross the message boundary to the
 * side panel and are kept in `storage.local`, where an older or damaged record must be refused
 * rather than acted on.
 */

/** In the order a plan runs them: access is cut in Okta first, so the worker cannot come back. */
export const DEPROVISION_STEP_KINDS = [
  'okta.unassign-flex-app',
  'okta.suspend-user',
  'okta.deactivate-user',
  'okta.clear-sessions',
  'twilio.worker-offline',
  'twilio.delete-worker',
  'flex.deprovision-user',
  'twilio.verify-seat',
] as const;
export const UNDO_STEP_KINDS = ['undo.recreate-worker', 'undo.assign-flex-app', 'undo.unsuspend-user'] as const;
export const STEP_KINDS = [...DEPROVISION_STEP_KINDS, ...UNDO_STEP_KINDS] as const;
export type StepKind = (typeof STEP_KINDS)[number];

// ---- what a preview reads ---------------------------------------------------------------------

export const workerTargetSchema = z.object({ workspaceSid: z.string(), workerSid: z.string(), oktaUserId: z.string().optional() });
export type WorkerTarget = z.infer<typeof workerTargetSchema>;
export const emailTargetSchema = z.object({
  email: z.string(),
  /** The workspace to look in; default: the Flex workspace from Settings, else every workspace. */
  workspaceSid: z.string().optional(),
  oktaUserId: z.string().optional(),
  workerSid: z.string().optional(),
});
/** Whom to deprovision: a worker (the ids a page shows) or an address (the popup); explicit ids settle an ambiguity. */
export const targetSchema = z.union([workerTargetSchema, emailTargetSchema]);
export type Target = z.infer<typeof targetSchema>;

export const workerSnapshotSchema = z.object({
  sid: z.string(),
  workspaceSid: z.string(),
  workspaceName: z.string().nullable(),
  friendlyName: z.string().nullable(),
  /** The JSON text exactly as Twilio stores it: what an undo re-creates the worker with. */
  attributes: z.string().nullable(),
  activitySid: z.string().nullable(),
  activityName: z.string().nullable(),
  available: z.boolean().nullable(),
  dateCreated: z.string().nullable(),
});
export type WorkerSnapshot = z.infer<typeof workerSnapshotSchema>;

export const oktaSnapshotSchema = z.object({
  id: z.string(),
  status: z.enum(OKTA_USER_STATUSES),
  login: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  lastLogin: z.string().nullable(),
});
export type OktaSnapshot = z.infer<typeof oktaSnapshotSchema>;

export const assignmentSnapshotSchema = z.object({
  assigned: z.boolean(),
  /** The app user name, which an undo re-assigns with: Flex's SAML NameID comes from it. */
  userName: z.string().nullable(),
  status: z.string().nullable(),
});
export type AssignmentSnapshot = z.infer<typeof assignmentSnapshotSchema>;

/**
 * The worker's Flex user, looked up when Flex's own deprovisioning is on: which path the run takes.
 * Found: Flex deprovisions the user (and with it the worker); not found: the worker is deleted.
 */
export const flexUserLookupSchema = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), instanceSid: z.string(), flexUserSid: z.string(), username: z.string() }),
  /** Why the worker delete runs instead, in one sentence. */
  z.object({ found: z.literal(false), reason: z.string() }),
]);
export type FlexUserLookup = z.infer<typeof flexUserLookupSchema>;

export const REFUSAL_REASONS = ['no-worker', 'several-workers', 'several-okta-users'] as const;
export const refusalSchema = z.object({ reason: z.enum(REFUSAL_REASONS), message: z.string() });
export type Refusal = z.infer<typeof refusalSchema>;

export const previewSchema = z.object({
  createdAt: z.string(),
  target: targetSchema,
  email: z.string().nullable(),
  /** The person's standing in the shared vocabulary, as the badge shows it. */
  identityStatus: z.enum(IDENTITY_STATUSES),
  worker: workerSnapshotSchema.nullable(),
  /** The ETag read with the worker: the first write sends it as `If-Match`. */
  etag: z.string().nullable(),
  reservations: z.object({ pending: z.number().int(), accepted: z.number().int() }),
  /** A task in progress or reservations pending: the run needs an explicit override. */
  busy: z.boolean(),
  offlineActivity: z.object({ sid: z.string(), name: z.string().nullable() }).nullable(),
  /** Every worker the address matched, so an ambiguity can be settled by picking one. */
  workerCandidates: z.array(workerSnapshotSchema),
  person: oktaSnapshotSchema.nullable(),
  /** Every Okta user the address matched (email or login), so an ambiguity can be settled. */
  personCandidates: z.array(oktaSnapshotSchema),
  flexApp: z.object({ id: z.string(), label: z.string() }).nullable(),
  /** Null when there is no person or no Flex app to be assigned to. */
  assignment: assignmentSnapshotSchema.nullable(),
  /** Origins the planned requests go to. */
  endpoints: z.object({ taskrouter: z.string(), okta: z.string().nullable(), flexApi: z.string().optional() }),
  refusal: refusalSchema.nullable(),
  /** Only when Flex's own deprovisioning is on; absent from older previews. */
  flexUser: flexUserLookupSchema.optional(),
});
export type Preview = z.infer<typeof previewSchema>;

// ---- what a plan will send --------------------------------------------------------------------

/** One request as the dry run shows it. */
export const plannedRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  note: z.string().optional(),
});
export type PlannedRequest = z.infer<typeof plannedRequestSchema>;

const stepFields = {
  title: z.string(),
  /** One sentence: what the step does and why. */
  detail: z.string(),
  requests: z.array(plannedRequestSchema),
  reversible: z.boolean(),
  /** How the ledger undoes it, or why it cannot. */
  undo: z.string(),
  /** Can never be taken back once sent: the run then needs the person's email typed. */
  irreversible: z.boolean(),
  /** Set when the step cannot be carried out here and will be recorded as skipped: why. */
  unavailable: z.string().optional(),
};

const oktaUser = z.object({ userId: z.string() });
const workerRef = z.object({ workspaceSid: z.string(), workerSid: z.string() });

export const stepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('okta.unassign-flex-app'), ...stepFields, params: z.object({ appId: z.string(), userId: z.string() }) }),
  z.object({ kind: z.literal('okta.suspend-user'), ...stepFields, params: oktaUser }),
  z.object({ kind: z.literal('okta.deactivate-user'), ...stepFields, params: oktaUser }),
  z.object({ kind: z.literal('okta.clear-sessions'), ...stepFields, params: oktaUser }),
  z.object({
    kind: z.literal('twilio.worker-offline'),
    ...stepFields,
    params: workerRef.extend({ activitySid: z.string(), ifMatch: z.string().nullable() }),
  }),
  z.object({
    kind: z.literal('twilio.delete-worker'),
    ...stepFields,
    /** The preview's ETag, used only when the offline step did not run: otherwise the ETag that step's update returned. */
    params: workerRef.extend({ ifMatch: z.string().nullable() }),
  }),
  z.object({
    kind: z.literal('flex.deprovision-user'),
    ...stepFields,
    /** Optional because runs journaled before the step could run have only the worker. */
    params: workerRef.extend({ instanceSid: z.string().optional(), flexUserSid: z.string().optional(), ifMatch: z.string().nullable().optional() }),
  }),
  /** Looks the person up in the workspace again: whatever removed the worker, is a seat still held? */
  z.object({ kind: z.literal('twilio.verify-seat'), ...stepFields, params: workerRef.extend({ email: z.string().nullable() }) }),
  z.object({
    kind: z.literal('undo.recreate-worker'),
    ...stepFields,
    params: z.object({ workspaceSid: z.string(), friendlyName: z.string(), attributes: z.string(), activitySid: z.string().nullable() }),
  }),
  z.object({ kind: z.literal('undo.assign-flex-app'), ...stepFields, params: z.object({ appId: z.string(), userId: z.string(), userName: z.string() }) }),
  z.object({ kind: z.literal('undo.unsuspend-user'), ...stepFields, params: oktaUser }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export const omittedStepSchema = z.object({ kind: z.enum(STEP_KINDS), title: z.string(), reason: z.string() });
export type OmittedStep = z.infer<typeof omittedStepSchema>;

export const confirmationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Irreversible steps: the person's email (or, without one, the worker's name) typed out. */
  z.object({ kind: z.literal('typeEmail'), expected: z.string() }),
  /** Bulk runs: the number of people typed out. */
  z.object({ kind: z.literal('typeCount'), expected: z.string() }),
]);
export type Confirmation = z.infer<typeof confirmationSchema>;

export const planOptionsSchema = z.object({
  suspend: z.boolean().optional(),
  deactivate: z.boolean().optional(),
  flexUserDeprovision: z.boolean().optional(),
  overrideBusy: z.boolean().optional(),
  /** The admin accepted a plan without the unassign step (no Flex app found): recorded with the run. */
  acceptWithoutUnassign: z.boolean().optional(),
});
export type PlanOptions = z.infer<typeof planOptionsSchema>;

/** Who a run is about, for lists and headings. */
export const subjectSchema = z.object({
  email: z.string().nullable(),
  name: z.string().nullable(),
  workerSid: z.string().nullable(),
  oktaUserId: z.string().nullable(),
});
export type Subject = z.infer<typeof subjectSchema>;

/** What the run found before it changed anything: what an undo restores, and what the ledger shows. */
export const snapshotSchema = z.object({
  worker: workerSnapshotSchema.nullable(),
  person: oktaSnapshotSchema.nullable(),
  flexApp: z.object({ id: z.string(), label: z.string() }).nullable(),
  assignment: assignmentSnapshotSchema.nullable(),
  offlineActivity: z.object({ sid: z.string(), name: z.string().nullable() }).nullable(),
  reservations: z.object({ pending: z.number().int(), accepted: z.number().int() }),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const planSchema = z.object({
  kind: z.enum(['deprovision', 'undo']),
  /** Null for an undo, whose "before" is the undone run's. */
  preview: previewSchema.nullable(),
  undoOf: z.string().optional(),
  options: planOptionsSchema,
  subject: subjectSchema,
  before: snapshotSchema,
  steps: z.array(stepSchema),
  /** Steps the options or the person's state leave out, each with the reason the preview shows. */
  omitted: z.array(omittedStepSchema),
  irreversible: z.boolean(),
  confirmation: confirmationSchema,
  /** Why the plan cannot start (an ambiguity, a busy worker without override), or null. */
  blocked: z.string().nullable(),
  /** Sentences the admin should read before starting. */
  notes: z.array(z.string()),
});
export type Plan = z.infer<typeof planSchema>;

// ---- what a run did -----------------------------------------------------------------------------

/** One request a step sent, with the id the vendor gave it (`Twilio-Request-Id`, `X-Okta-Request-Id`). */
export const exchangeSchema = z.object({
  method: z.string(),
  url: z.string(),
  /** Null when no answer came (network failure, timeout). */
  status: z.number().int().nullable(),
  requestId: z.string().nullable(),
});
export type Exchange = z.infer<typeof exchangeSchema>;

export const STEP_STATUSES = ['pending', 'running', 'done', 'already', 'skipped', 'failed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const STEP_OUTCOMES = ['done', 'already', 'skipped'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** What the final check found: no worker left for the person, or the workers still holding a seat. */
export const seatOutcomeSchema = z.object({
  kind: z.enum(['seat-freed', 'seat-still-held']),
  remainingWorkerSids: z.array(z.string()),
});
export type SeatOutcome = z.infer<typeof seatOutcomeSchema>;

export const stepOutputSchema = z.object({
  /** The worker's ETag after the offline step: what the delete must send as `If-Match`. */
  etag: z.string().nullable().optional(),
  /** The worker an undo re-created (a new SID). */
  workerSid: z.string().optional(),
  seat: seatOutcomeSchema.optional(),
});
export type StepOutput = z.infer<typeof stepOutputSchema>;

export const runStepSchema = z.object({
  step: stepSchema,
  status: z.enum(STEP_STATUSES),
  /** Times the step was started, retries and resumptions included. */
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** What happened, in one sentence. */
  result: z.string().nullable(),
  /** Every request id the APIs returned for this step, across attempts. */
  requestIds: z.array(z.string()),
  exchanges: z.array(exchangeSchema),
  /** Why the step failed; cleared when it is retried. */
  problem: problemSchema.optional(),
  output: stepOutputSchema.optional(),
  skippedBy: z.enum(['operator', 'unavailable']).optional(),
  /**
   * Set when an attempt ended without its outcome being known: the service worker stopped while
   * the step was `running`, or the request failed without an answer. A repeat then treats "changed
   * since the preview" as possibly its own change.
   */
  outcomeUnknown: z.boolean().optional(),
});
export type RunStep = z.infer<typeof runStepSchema>;

export const RUN_STATES = ['running', 'paused', 'done', 'aborted'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const pauseSchema = z.object({
  /** `operator`: the admin pressed Pause; the run stopped at the next step boundary. */
  reason: z.enum(['step-failed', 'browser-restart', 'storage-moved', 'operator']),
  message: z.string(),
  problem: problemSchema.optional(),
});

export const teamLockUseSchema = z.enum(['held', 'skipped']);

export const leaseSchema = z.object({ owner: z.string(), expiresAt: z.number() });

export const runSchema = z.object({
  id: z.string(),
  kind: z.enum(['deprovision', 'undo']),
  undoOf: z.string().optional(),
  /** Runs started together from one bulk confirmation share this. */
  bulkId: z.string().optional(),
  /** From Settings ("You are"); null when none is set and no approved list requires one. */
  operator: z.string().nullable(),
  state: z.enum(RUN_STATES),
  pause: pauseSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  subject: subjectSchema,
  before: snapshotSchema,
  plan: planSchema,
  steps: z.array(runStepSchema),
  /** The loop driving the run and until when; another loop leaves the run alone until it expires. */
  lease: leaseSchema.nullable(),
  /** Set by the seat check; null while running, when it did not run, and in runs journaled before it existed. */
  outcome: seatOutcomeSchema.nullable().default(null),
  /**
   * Team mode (lib/team/): `held` when the run claimed its person in the team's lock map,
   * `skipped` when the admin chose "Run without team lock" (Sync unreachable); absent outside team mode.
   */
  teamLock: teamLockUseSchema.optional(),
});
export type Run = z.infer<typeof runSchema>;

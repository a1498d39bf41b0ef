import { z } from 'zod';
import { problemSchema } from '../messages/envelope';
import { IDENTITY_STATUSES } from '../identity/statuses';

/**
 * What pages are told about workers and people: read-only facts for display, never a credential,
 * never an ETag (destructive steps re-read what they act on). Schemas, because these cross the
 * message boundary to content scripts and are parsed on the way out.
 */
export const oktaPersonSchema = z.object({
  id: z.string(),
  status: z.enum(['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED']),
  login: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  lastLogin: z.string().nullable(),
  flexAssigned: z.boolean().nullable(),
  /** The person's page in the Okta Admin Console. */
  adminUrl: z.string(),
});

export const workerFactsSchema = z.object({
  sid: z.string(),
  workspaceSid: z.string(),
  workspaceName: z.string().nullable(),
  friendlyName: z.string().nullable(),
  /** `attributes.full_name`, which Flex writes from the SAML assertion: the person's name, where the friendly name is often the email. */
  fullName: z.string().nullable().default(null),
  activityName: z.string().nullable(),
  available: z.boolean().nullable(),
  /** When the worker's activity last changed: "since when" on the card. */
  dateStatusChanged: z.string().nullable(),
  /** When the worker was created, i.e. when the seat was first taken. */
  dateCreated: z.string().nullable(),
  roles: z.array(z.string()),
  attributesProblem: z.enum(['invalid-json', 'too-large', 'not-an-object']).optional(),
});

export const workerStatusSchema = z.object({
  worker: workerFactsSchema,
  email: z.string().nullable(),
  status: z.enum(IDENTITY_STATUSES),
  people: z.array(oktaPersonSchema),
  /** For `unknown`, and for workers the background could not find at all. */
  problem: problemSchema.optional(),
});

export type OktaPersonView = z.infer<typeof oktaPersonSchema>;
export type WorkerFacts = z.infer<typeof workerFactsSchema>;
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

/**
 * Everything known about one person, from both sides: the popup's and the Okta card's answer. Each
 * side fails on its own, so one side's answer is shown beside the other side's problem.
 */
export const personLookupSchema = z.object({
  email: z.string(),
  people: z.array(oktaPersonSchema),
  /** Every worker with this email across the account's workspaces, each classified. */
  workers: z.array(workerStatusSchema),
  /** Okta could not be asked: `people` is empty and the workers' statuses are unknown. */
  oktaProblem: problemSchema.optional(),
  /** Twilio could not be asked, or has no such worker: `workers` is empty. */
  twilioProblem: problemSchema.optional(),
});
export type PersonLookup = z.infer<typeof personLookupSchema>;

/** A suggestion while the admin types: enough to tell people apart, and the id a pick is looked up by. */
export const personSuggestionSchema = z.object({
  id: z.string(),
  name: z.string(),
  login: z.string(),
  email: z.string(),
  status: oktaPersonSchema.shape.status,
});
export type PersonSuggestion = z.infer<typeof personSuggestionSchema>;

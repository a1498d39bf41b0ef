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

/** Everything known about one email address, from both sides: the popup's and the Okta card's answer. */
export const personLookupSchema = z.object({
  email: z.string(),
  people: z.array(oktaPersonSchema),
  /** Every worker with this email across the account's workspaces, each classified. */
  workers: z.array(workerStatusSchema),
  problem: problemSchema.optional(),
});
export type PersonLookup = z.infer<typeof personLookupSchema>;

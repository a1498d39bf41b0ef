import type { Problem } from '../problem';
import type { PersonLookup, WorkerStatus } from './views';

/**
 * The background's answers about workers and people. Implementations batch and cache; callers
 * (the message handlers) only say what they need.
 */
export interface StatusService {
  /** Statuses for the workers a page shows, in the order asked; workers Twilio does not know are left out and named in `problem`. */
  forWorkers(workspaceSid: string, workerSids: string[], options?: { refresh?: boolean }): Promise<{ statuses: WorkerStatus[]; problem?: Problem }>;
  /** One Okta user (the admin console's profile page) and their Flex workers across workspaces. */
  forOktaUser(oktaUserId: string): Promise<PersonLookup>;
  /** One email address (the popup): the Okta people and Flex workers it matches. */
  forEmail(email: string): Promise<PersonLookup>;
  /** Forgets what is cached about these email addresses, after any action on them. */
  invalidate(emails: string[]): Promise<void>;
}

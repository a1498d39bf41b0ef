import type { Problem } from '../problem';
import type { PersonLookup, PersonSuggestion, WorkerStatus } from './views';

/**
 * The background's answers about workers and people. Implementations batch and cache; callers
 * (the message handlers) only say what they need.
 */
export interface StatusService {
  /** Statuses for the workers a page shows, in the order asked; workers Twilio does not know are left out and named in `problem`. */
  forWorkers(workspaceSid: string, workerSids: string[], options?: { refresh?: boolean }): Promise<{ statuses: WorkerStatus[]; problem?: Problem }>;
  /** One Okta user by id (the admin console's profile page) or by their exact login (the popup), and their Flex workers across workspaces. */
  forOktaUser(idOrLogin: string): Promise<PersonLookup>;
  /** One email address (the popup): the Okta people and Flex workers it matches. */
  forEmail(email: string): Promise<PersonLookup>;
  /** One worker by SID, in whichever workspace holds it (the popup): it, the Okta people its email matches, and the other workers with that email. */
  forWorkerSid(workerSid: string): Promise<PersonLookup>;
  /** A few Okta users whose name or email starts with `prefix`, for the popup's suggestions. */
  suggest(prefix: string): Promise<PersonSuggestion[]>;
  /** Forgets what is cached about these email addresses, after any action on them. */
  invalidate(emails: string[]): Promise<void>;
}

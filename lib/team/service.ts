import type { TeamOperatorsView, TeamStatus } from './types';

/**
 * What the extension's pages may ask of team mode (the `team.*` commands). Runs reach the team
 * through the runner (locks, operators) and the journal (the ledger), not through this.
 */
export interface TeamService {
  status(): Promise<TeamStatus>;
  /** Creates a Sync Service named "Flex Steward" (`TEAM_SERVICE_NAME`) and answers its SID; saving it is Settings' job. */
  createService(): Promise<{ serviceSid: string }>;
  /** The Okta login of the admin signed in to the Okta org in this browser, to suggest as the operator. */
  suggestOperator(): Promise<{ login: string | null }>;
  operators(): Promise<TeamOperatorsView>;
  /** Replaces the shared list, recording who changed what in the team ledger. */
  setOperators(emails: string[]): Promise<TeamOperatorsView>;
}

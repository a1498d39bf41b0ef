/**
 * Dates and choices of the move from a legacy (or preview) SAML connection to the enhanced one.
 *
 * Sources (checked with the docs search):
 * - https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/migration-guide — "All Flex
 *   customers using the legacy SSO configuration need to migrate to the enhanced SSO configuration
 *   prior to March 31, 2026" (earlier versions of the page said end of 2024, then June 2025), and
 *   "Flex saves your legacy connection details for 30 days after completing the migration".
 */

/** The end of 31 March 2026: a legacy or preview connection is past the deadline after this instant (UTC). */
export const MIGRATION_DEADLINE = new Date('2026-04-01T00:00:00Z');
export const MIGRATION_DEADLINE_TEXT = '31 March 2026';

/** How long Flex keeps the legacy connection after migrating, for switching back. */
export const SWITCH_BACK_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isPastMigrationDeadline = (now: Date) => now.getTime() >= MIGRATION_DEADLINE.getTime();

export interface SwitchBackWindow {
  closesAt: Date;
  /** Whole days left, rounded up (0 once closed): "2 days left" while 1.2 days remain. */
  daysLeft: number;
  closed: boolean;
}

export function switchBackWindow(migratedAt: Date, now: Date): SwitchBackWindow {
  const closesAt = new Date(migratedAt.getTime() + SWITCH_BACK_DAYS * DAY_MS);
  const left = closesAt.getTime() - now.getTime();
  return { closesAt, daysLeft: left > 0 ? Math.ceil(left / DAY_MS) : 0, closed: left <= 0 };
}

export type SetupType = 'modify' | 'create';

export interface SetupSituation {
  /** Whether the Flex admin can change the IdP app themselves (e.g. Okta admin access). */
  oktaAdminAccess: boolean;
  /** Whether the business can tolerate a window where new agent logins are denied; unknown by default. */
  canTolerateLoginDowntime?: boolean;
}

export interface SetupRecommendation {
  setupType: SetupType;
  reason: string;
}

/**
 * Seed 003's "Use this option if": modify when the IdP change can be made in real time and a short
 * window of denied logins is tolerable; create a new IdP app when either is not so, since the legacy
 * connection stays unchanged for switching back.
 */
export function recommendSetupType(situation: SetupSituation): SetupRecommendation {
  if (situation.canTolerateLoginDowntime === false) {
    return {
      setupType: 'create',
      reason: 'Your business can’t risk a time when new agent logins are denied: a new IdP app leaves the legacy connection unchanged, so you can switch back if something is wrong.',
    };
  }
  if (!situation.oktaAdminAccess) {
    return {
      setupType: 'create',
      reason: 'Okta admin access: no. Creating a new IdP app lets you and the IdP administrator work asynchronously while the legacy connection keeps working.',
    };
  }
  return {
    setupType: 'modify',
    reason: 'Okta admin access: yes. You can change the existing Flex app’s Entity ID and ACS URL yourself in real time, with no new IdP app and no change for users who already have access.',
  };
}

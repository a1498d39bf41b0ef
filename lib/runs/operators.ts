import { emailKey } from '../identity/worker-email';
import { problem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';

/**
 * Who may start, retry or skip steps of a run: like the approved-users table of the Slack
 * offboarding recipe, an optional list of operators in Settings. An empty list lets everyone run;
 * a list requires the operator ("You are" in Settings) to be on it. Abort is never restricted:
 * stopping a run is always safe.
 */

export type OperatorCheck = { ok: true; operator: string | null } | { ok: false; problem: Problem };

const SETTINGS_STEP = 'Open Settings → Deprovisioning, and set "You are" to your own email.';

/** The form operators are compared in, here and in team mode's shared list (lib/team/operators.ts): addresses as everywhere else, anything else case-insensitively. */
export const operatorKey = (value: string) => (value.includes('@') ? emailKey(value.trim()) : value.trim().toLowerCase());

/** Settings' list, or the team's: whether `operator` ("You are") may run, given the approved list (empty = everyone). */
export function checkOperator(settings: Settings): OperatorCheck {
  return checkApproved(settings.runs.operator?.trim() || null, settings.runs.approvedOperators);
}

/** `where` names the place the list is kept: Settings → Deprovisioning, or Settings → Team in team mode. */
export function checkApproved(operator: string | null, list: readonly string[], where = 'Settings → Deprovisioning'): OperatorCheck {
  const approved = list.map((entry) => entry.trim()).filter(Boolean);
  if (approved.length === 0) return { ok: true, operator };
  if (!operator) {
    return { ok: false, problem: problem('permission-denied', 'Only approved operators may run deprovisioning, and Settings does not say who you are.', SETTINGS_STEP, { service: 'extension' }) };
  }
  if (!approved.some((entry) => operatorKey(entry) === operatorKey(operator))) {
    return {
      ok: false,
      problem: problem('permission-denied', `${operator} is not on the approved operators list, so they cannot run deprovisioning.`, `Ask an admin who is on the list to run it, or to add you to the list in ${where}.`, {
        service: 'extension',
      }),
    };
  }
  return { ok: true, operator };
}

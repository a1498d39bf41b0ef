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

const normalise = (value: string) => (value.includes('@') ? emailKey(value.trim()) : value.trim().toLowerCase());

export function checkOperator(settings: Settings): OperatorCheck {
  const operator = settings.runs.operator?.trim() || null;
  const approved = settings.runs.approvedOperators.map((entry) => entry.trim()).filter(Boolean);
  if (approved.length === 0) return { ok: true, operator };
  if (!operator) {
    return { ok: false, problem: problem('permission-denied', 'Only approved operators may run deprovisioning, and Settings does not say who you are.', SETTINGS_STEP, { service: 'extension' }) };
  }
  if (!approved.some((entry) => normalise(entry) === normalise(operator))) {
    return {
      ok: false,
      problem: problem('permission-denied', `${operator} is not on the approved operators list, so they cannot run deprovisioning.`, 'Ask an admin who is on the list to run it, or to add you to the list in Settings → Deprovisioning.', {
        service: 'extension',
      }),
    };
  }
  return { ok: true, operator };
}

import { normaliseOrgUrl } from '../okta/org-url';
import type { Settings } from '../settings/settings';
import type { SecretName } from '../vault/vault';
import { clearedNotice, movedSecrets } from './secret-destinations';

export interface SettingsChange {
  /** What to store: the org URL normalised as the Settings page does it. */
  settings: Settings;
  /** Saved secrets bound to a destination these settings no longer name, and not replaced now. */
  clear: SecretName[];
  /** Says which secrets are cleared and why, for the Settings page; absent when none are. */
  notice?: string;
}

/**
 * What saving or importing `requested` does, before anything is written. The org URL goes through
 * the same normaliser the Settings page uses (an imported file or a message is no more trusted than
 * a typed one). A change of Okta org, or of Twilio account, region or edge, clears the secrets saved
 * for the old one rather than refusing the change: the old secret could only ever be refused at the
 * new destination (it is sealed with the old one), so keeping it would show "Saved" beside a secret
 * that cannot be used, while clearing it and saying so tells the admin exactly what to enter.
 */
export function planSettingsChange(before: Settings, requested: Settings, saved: readonly SecretName[], typed: readonly SecretName[]): SettingsChange {
  const orgUrl = requested.okta.orgUrl?.trim() ? normaliseOrgUrl(requested.okta.orgUrl).origin : undefined;
  const settings: Settings = { ...requested, okta: { ...requested.okta, orgUrl } };
  const moved = movedSecrets(before, settings, saved).filter((m) => !typed.includes(m.name));
  return { settings, clear: moved.map((m) => m.name), notice: clearedNotice(moved) };
}

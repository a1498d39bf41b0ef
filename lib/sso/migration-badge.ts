import type { MigrationMemory } from './migration-memory';
import { migrationReminder, reminderBadge } from './migration-memory';

/** The slice of `browser.action` the reminder uses. */
export interface ActionBadgeApi {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

export interface ReminderNotifier {
  /** The admin turned the desktop reminder on in Settings, and the browser granted `notifications`. */
  allowed(): Promise<boolean>;
  show(title: string, message: string): Promise<void>;
}

const DEFAULT_TITLE = 'Flex Steward';

/**
 * Puts the switch-back reminder on the extension's icon while it is due (and takes it off when it
 * is not), and shows the desktop notification once per migration record when the admin allowed it.
 * Run at service-worker start, hourly from an alarm, and whenever the record changes.
 */
export async function showMigrationReminder(memory: MigrationMemory, now: Date, action: ActionBadgeApi, notifier: ReminderNotifier): Promise<void> {
  const record = await memory.get();
  const reminder = record ? migrationReminder(record, now) : null;
  const badge = reminderBadge(reminder);
  await action.setBadgeText({ text: badge?.text ?? '' });
  await action.setTitle({ title: badge?.title ?? DEFAULT_TITLE });
  if (!badge || !reminder || !record) return;
  await action.setBadgeBackgroundColor({ color: badge.color });
  if (record.notifiedAt || !(await notifier.allowed())) return;
  const closes = new Date(reminder.closesAt).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  await notifier.show('Flex SSO: switch-back window closing', `Flex keeps the legacy SSO connection until ${closes} (${reminder.daysLeft} day${reminder.daysLeft === 1 ? '' : 's'} left). Check agents can sign in with the new connection before then.`);
  await memory.markNotified(now);
}

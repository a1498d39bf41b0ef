import { z } from 'zod';
import type { KeyValueArea } from '../vault/storage-area';
import { switchBackWindow } from './migration';

/**
 * When this account moved to the enhanced (OAuth 2.0) SSO connection: Flex keeps the legacy
 * connection 30 days after that for switching back (seed 003, "Switch back your SSO connection"),
 * and nothing in Twilio's API says when the migration happened, so Flex Steward remembers it.
 *
 * Recorded "detected" the first time Flex's authentication config shows an enhanced connection,
 * or set by the admin in the side panel (the detection only knows when it first *saw* it). One
 * stored item in the extension store, written by the background only.
 */
export const SSO_MIGRATION_KEY = 'sso.migration';

export const migrationRecordSchema = z.object({
  migratedAt: z.iso.datetime(),
  setupType: z.enum(['modify', 'create']).optional(),
  source: z.enum(['detected', 'admin']),
  /** The enhanced connection it was seen with, when known. */
  connectionSid: z.string().optional(),
  /** When the desktop reminder was shown for this record, so it is shown once. */
  notifiedAt: z.iso.datetime().optional(),
});
export type MigrationRecord = z.infer<typeof migrationRecordSchema>;

const storedSchema = z.object({
  record: migrationRecordSchema.nullable(),
  /** A connection the admin cleared the record for: not detected again. */
  clearedFor: z.string().optional(),
});
type Stored = z.infer<typeof storedSchema>;

export interface MigrationMemory {
  get(): Promise<MigrationRecord | null>;
  /** The admin's date (and setup type), replacing a detected one. */
  record(entry: { migratedAt: string; setupType?: 'modify' | 'create' }): Promise<MigrationRecord>;
  clear(): Promise<void>;
  /** Records "detected now" for a connection seen for the first time; returns the record when it made one. */
  noteConnection(connectionSid: string, now: Date): Promise<MigrationRecord | null>;
  markNotified(now: Date): Promise<void>;
}

export function createMigrationMemory(area: KeyValueArea): MigrationMemory {
  const read = async (): Promise<Stored> => {
    const parsed = storedSchema.safeParse((await area.get(SSO_MIGRATION_KEY))[SSO_MIGRATION_KEY]);
    return parsed.success ? parsed.data : { record: null };
  };
  const write = (stored: Stored) => area.set({ [SSO_MIGRATION_KEY]: storedSchema.parse(stored) });
  return {
    get: async () => (await read()).record,
    async record({ migratedAt, setupType }) {
      const { record } = await read();
      const next: MigrationRecord = { migratedAt: new Date(migratedAt).toISOString(), source: 'admin', ...(setupType ? { setupType } : {}), ...(record?.connectionSid ? { connectionSid: record.connectionSid } : {}) };
      await write({ record: next });
      return next;
    },
    async clear() {
      const { record } = await read();
      await write({ record: null, ...(record?.connectionSid ? { clearedFor: record.connectionSid } : {}) });
    },
    async noteConnection(connectionSid, now) {
      const stored = await read();
      if (stored.record || stored.clearedFor === connectionSid) return null;
      const record: MigrationRecord = { migratedAt: now.toISOString(), source: 'detected', connectionSid };
      await write({ record });
      return record;
    },
    async markNotified(now) {
      const { record } = await read();
      if (record) await write({ record: { ...record, notifiedAt: now.toISOString() } });
    },
  };
}

/** The last week of the switch-back window is when the admin must decide; before it, nothing nags. */
export const REMINDER_DAYS = 7;

export interface MigrationReminder {
  closesAt: string;
  daysLeft: number;
  closed: boolean;
  /** In the window's last REMINDER_DAYS days and not closed. */
  due: boolean;
}

export function migrationReminder(record: Pick<MigrationRecord, 'migratedAt'>, now: Date): MigrationReminder {
  const window = switchBackWindow(new Date(record.migratedAt), now);
  return { closesAt: window.closesAt.toISOString(), daysLeft: window.daysLeft, closed: window.closed, due: !window.closed && window.daysLeft <= REMINDER_DAYS };
}

/** What the extension icon shows: "3d" on amber while the reminder is due, nothing otherwise. */
export function reminderBadge(reminder: MigrationReminder | null): { text: string; color: string; title: string } | null {
  if (!reminder?.due) return null;
  const days = `${reminder.daysLeft} day${reminder.daysLeft === 1 ? '' : 's'}`;
  return { text: `${reminder.daysLeft}d`, color: '#b45309', title: `Flex Steward — the SSO switch-back window closes in ${days}` };
}

import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createMigrationMemory, migrationReminder, reminderBadge, SSO_MIGRATION_KEY } from './migration-memory';

const JQ = 'JQ' + '1'.repeat(32);
const at = (iso: string) => new Date(iso);

describe('migration memory', () => {
  it('records the first sighting of an enhanced connection as detected, once', async () => {
    const memory = createMigrationMemory(createMemoryArea());
    await expect(memory.noteConnection(JQ, at('2026-03-01T10:00:00Z'))).resolves.toMatchObject({ source: 'detected', migratedAt: '2026-03-01T10:00:00.000Z' });
    await expect(memory.noteConnection(JQ, at('2026-03-05T10:00:00Z'))).resolves.toBeNull();
    await expect(memory.get()).resolves.toMatchObject({ migratedAt: '2026-03-01T10:00:00.000Z', connectionSid: JQ });
  });

  it('lets the admin correct the date and setup type, and keeps what connection it was', async () => {
    const memory = createMigrationMemory(createMemoryArea());
    await memory.noteConnection(JQ, at('2026-03-05T10:00:00Z'));
    await memory.record({ migratedAt: '2026-02-20T00:00:00Z', setupType: 'create' });
    await expect(memory.get()).resolves.toEqual({ migratedAt: '2026-02-20T00:00:00.000Z', setupType: 'create', source: 'admin', connectionSid: JQ });
  });

  it('does not detect the same connection again after the admin cleared it, but does a new one', async () => {
    const memory = createMigrationMemory(createMemoryArea());
    await memory.noteConnection(JQ, at('2026-03-05T10:00:00Z'));
    await memory.clear();
    await expect(memory.noteConnection(JQ, at('2026-03-06T10:00:00Z'))).resolves.toBeNull();
    await expect(memory.get()).resolves.toBeNull();
    await expect(memory.noteConnection('JQ' + '2'.repeat(32), at('2026-03-07T10:00:00Z'))).resolves.toMatchObject({ source: 'detected' });
  });

  it('reads a damaged record as none rather than failing', async () => {
    const area = createMemoryArea();
    await area.set({ [SSO_MIGRATION_KEY]: { record: { migratedAt: 'yesterday' } } });
    await expect(createMigrationMemory(area).get()).resolves.toBeNull();
  });
});

describe('the switch-back reminder', () => {
  const migratedAt = '2026-03-01T12:00:00.000Z';
  it.each([
    ['the day after', '2026-03-02T12:00:00Z', 29, false, null],
    ['8 days before it closes', '2026-03-23T12:00:00Z', 8, false, null],
    ['7 days before', '2026-03-24T12:00:00Z', 7, true, '7d'],
    ['half a day before', '2026-03-31T00:00:00Z', 1, true, '1d'],
    ['once closed', '2026-03-31T12:00:00Z', 0, false, null],
  ])('%s', (_, now, daysLeft, due, badge) => {
    const reminder = migrationReminder({ migratedAt }, at(now));
    expect(reminder).toMatchObject({ daysLeft, due, closesAt: '2026-03-31T12:00:00.000Z' });
    expect(reminderBadge(reminder)?.text ?? null).toBe(badge);
  });
});

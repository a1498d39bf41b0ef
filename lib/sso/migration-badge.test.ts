import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { showMigrationReminder, type ActionBadgeApi } from './migration-badge';
import { createMigrationMemory } from './migration-memory';

function fakeAction() {
  const state = { text: '', color: '', title: '' };
  const action: ActionBadgeApi = {
    setBadgeText: async ({ text }) => void (state.text = text),
    setBadgeBackgroundColor: async ({ color }) => void (state.color = color),
    setTitle: async ({ title }) => void (state.title = title),
  };
  return { state, action };
}

function fakeNotifier(allowed: boolean) {
  const shown: string[] = [];
  return { shown, notifier: { allowed: async () => allowed, show: async (title: string, message: string) => void shown.push(`${title}: ${message}`) } };
}

describe('showMigrationReminder', () => {
  it('shows days left on the icon in the last week only, and clears it once the window closed', async () => {
    const memory = createMigrationMemory(createMemoryArea());
    await memory.record({ migratedAt: '2026-03-01T12:00:00Z' });
    const { state, action } = fakeAction();
    const { notifier, shown } = fakeNotifier(false);
    await showMigrationReminder(memory, new Date('2026-03-10T12:00:00Z'), action, notifier);
    expect(state.text).toBe('');
    await showMigrationReminder(memory, new Date('2026-03-28T12:00:00Z'), action, notifier);
    expect(state).toEqual({ text: '3d', color: '#b45309', title: 'Flex Steward — the SSO switch-back window closes in 3 days' });
    await showMigrationReminder(memory, new Date('2026-04-01T12:00:00Z'), action, notifier);
    expect(state.text).toBe('');
    expect(state.title).toBe('Flex Steward');
    expect(shown).toEqual([]);
  });

  it('notifies on the desktop only when allowed, and only once', async () => {
    const memory = createMigrationMemory(createMemoryArea());
    await memory.record({ migratedAt: '2026-03-01T12:00:00Z' });
    const { action } = fakeAction();
    const { notifier, shown } = fakeNotifier(true);
    await showMigrationReminder(memory, new Date('2026-03-28T12:00:00Z'), action, notifier);
    await showMigrationReminder(memory, new Date('2026-03-29T12:00:00Z'), action, notifier);
    expect(shown).toEqual(['Flex SSO: switch-back window closing: Flex keeps the legacy SSO connection until Tue, 31 Mar 2026 12:00 UTC (3 days left). Check agents can sign in with the new connection before then.']);
  });

  it('takes the badge off when there is no record', async () => {
    const { state, action } = fakeAction();
    state.text = '2d';
    await showMigrationReminder(createMigrationMemory(createMemoryArea()), new Date(), action, fakeNotifier(true).notifier);
    expect(state.text).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseReminderNotification, type OptionalPermissionsApi } from './reminder-permission';

function fakePermissions(grant: boolean) {
  const calls: string[] = [];
  const api: OptionalPermissionsApi = {
    request: async (p) => (calls.push(`request ${p.permissions.join()}`), grant),
    remove: async (p) => (calls.push(`remove ${p.permissions.join()}`), true),
  };
  return { api, calls };
}

describe('chooseReminderNotification', () => {
  it('asks for notifications, first thing, and is on only when granted', async () => {
    const granted = fakePermissions(true);
    await expect(chooseReminderNotification(true, granted.api)).resolves.toBe(true);
    expect(granted.calls).toEqual(['request notifications']);
    const denied = fakePermissions(false);
    await expect(chooseReminderNotification(true, denied.api)).resolves.toBe(false);
  });

  it('gives the permission back when turned off, without asking', async () => {
    const { api, calls } = fakePermissions(true);
    await expect(chooseReminderNotification(false, api)).resolves.toBe(false);
    expect(calls).toEqual(['remove notifications']);
  });
});

/**
 * The desktop reminder needs the optional `notifications` permission, asked for inside the admin's
 * click in Settings (the browser allows the prompt only there). `request` is called first and
 * directly, with nothing awaited before it, so the click's user gesture still counts; it resolves
 * true at once when the permission is already granted. Kept this small because automated browsers
 * cannot answer the prompt: unit tests cover it, and the e2e suite covers everything after it.
 */
export interface OptionalPermissionsApi {
  request(permissions: { permissions: 'notifications'[] }): Promise<boolean>;
  remove(permissions: { permissions: 'notifications'[] }): Promise<boolean>;
}

const NOTIFICATIONS = { permissions: ['notifications' as const] };

/** What the setting becomes: on only when the browser granted the permission. */
export async function chooseReminderNotification(on: boolean, permissions: OptionalPermissionsApi): Promise<boolean> {
  if (!on) {
    // Given back, so the extension holds no permission it does not use.
    await permissions.remove(NOTIFICATIONS);
    return false;
  }
  return permissions.request(NOTIFICATIONS);
}

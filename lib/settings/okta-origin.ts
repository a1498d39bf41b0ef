import { OKTA_CLOUD_SUFFIXES } from '../hosts';
import { ProblemError, problem } from '../problem';

/**
 * An Okta org on its own domain (login.acme.com) is outside the host permissions granted at
 * install, so Flex Steward asks for exactly that origin, once, when the admin saves it. The
 * prompt can only be raised from a click in an extension page, so the settings page asks and the
 * background only checks; both sides are small on purpose, because automated browsers cannot
 * answer the prompt and these functions are what the unit tests cover instead.
 */

export const CUSTOM_OKTA_SCRIPT_ID = 'okta-admin-custom-domain';

/** The origin to request for an org URL, or null when Okta's cloud domains already cover it. */
export function customOktaOrigin(orgUrl: string | undefined): string | null {
  if (!orgUrl) return null;
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  return OKTA_CLOUD_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix)) ? null : url.origin;
}

export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

/** Settings page side, inside the Save click: asks for the origin if it is custom and not yet granted. */
export async function requestOktaOrigin(orgUrl: string | undefined, permissions: PermissionsApi): Promise<'not-needed' | 'granted' | 'denied'> {
  const origin = customOktaOrigin(orgUrl);
  if (!origin) return 'not-needed';
  const wanted = { origins: [`${origin}/*`] };
  if (await permissions.contains(wanted)) return 'granted';
  return (await permissions.request(wanted)) ? 'granted' : 'denied';
}

export interface ScriptingApi {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle' }[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/**
 * Background side, before saving: refuses a custom domain the admin has not granted, and keeps the
 * Okta admin content script registered for exactly the configured custom origin (or none).
 */
export async function ensureOktaOrigin(orgUrl: string | undefined, permissions: Pick<PermissionsApi, 'contains'>, scripting: ScriptingApi, contentScript: string): Promise<void> {
  const origin = customOktaOrigin(orgUrl);
  if (origin && !(await permissions.contains({ origins: [`${origin}/*`] }))) {
    throw new ProblemError(
      problem('permission-denied', `Flex Steward is not allowed to reach ${new URL(origin).host}.`, 'Click Save again and choose Allow when the browser asks; Flex Steward asks for that one address only.', { service: 'extension' }),
    );
  }
  const registered = await scripting.getRegisteredContentScripts({ ids: [CUSTOM_OKTA_SCRIPT_ID] });
  if (registered.length) await scripting.unregisterContentScripts({ ids: [CUSTOM_OKTA_SCRIPT_ID] });
  if (origin) await scripting.registerContentScripts([{ id: CUSTOM_OKTA_SCRIPT_ID, matches: [`${origin}/*`], js: [contentScript], runAt: 'document_idle' }]);
}

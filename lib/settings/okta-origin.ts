import { normaliseOrgUrl, type OktaOrg } from '../okta/org-url';
import { ProblemError, problem } from '../problem';

/**
 * Where Flex Steward may act for the configured Okta org, and nowhere else.
 *
 * An Okta org on its own domain (login.acme.com) is outside the host permissions granted at
 * install, so Flex Steward asks for exactly that origin, once, when the admin saves it. The
 * prompt can only be raised from a click in an extension page, so the settings page asks and the
 * background only checks; both sides are small on purpose, because automated browsers cannot
 * answer the prompt and these functions are what the unit tests cover instead.
 *
 * The Okta admin content script is not in the manifest: the background registers it at run time
 * for the configured org's Admin Console origin only, so a page on another tenant of Okta's cloud
 * domains never runs it.
 */

export const OKTA_ADMIN_SCRIPT_ID = 'okta-admin';

function configuredOrg(orgUrl: string | undefined): OktaOrg | null {
  if (!orgUrl) return null;
  try {
    return normaliseOrgUrl(orgUrl);
  } catch {
    return null;
  }
}

/** The origin to request for an org URL, or null when Okta's cloud domains already cover it. */
export function customOktaOrigin(orgUrl: string | undefined): string | null {
  const org = configuredOrg(orgUrl);
  return org?.kind === 'custom-domain' ? org.origin : null;
}

/** The origin of the configured org's Admin Console: the one place the Okta content script runs and speaks from. */
export function oktaAdminOrigin(orgUrl: string | undefined): string | null {
  return configuredOrg(orgUrl)?.adminOrigin ?? null;
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

/** Background side, before saving: refuses a custom domain the admin has not granted. */
export async function requireOktaOrigin(orgUrl: string | undefined, permissions: Pick<PermissionsApi, 'contains'>): Promise<void> {
  const origin = customOktaOrigin(orgUrl);
  if (origin && !(await permissions.contains({ origins: [`${origin}/*`] }))) {
    throw new ProblemError(
      problem('permission-denied', `Flex Steward is not allowed to reach ${new URL(origin).host}.`, 'Click Save again and choose Allow when the browser asks; Flex Steward asks for that one address only.', { service: 'extension' }),
    );
  }
}

export interface RegisteredScript {
  id: string;
  matches?: string[];
}

export interface ScriptingApi {
  getRegisteredContentScripts(): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean }[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/**
 * Makes the registered content scripts exactly what the settings call for: the Okta admin script
 * on the configured org's Admin Console origin, or nothing without an org. Anything else this
 * extension registered (an older id, an earlier org) is removed. Run on every save and import and
 * on every service-worker start, so a registration the browser dropped or a previous version left
 * is put right.
 */
export async function syncOktaAdminScript(orgUrl: string | undefined, scripting: ScriptingApi, contentScript: string): Promise<void> {
  const origin = oktaAdminOrigin(orgUrl);
  const matches = origin ? [`${origin}/*`] : [];
  const registered = await scripting.getRegisteredContentScripts();
  const current = registered.find((s) => s.id === OKTA_ADMIN_SCRIPT_ID && JSON.stringify(s.matches ?? []) === JSON.stringify(matches));
  const stale = registered.filter((s) => s !== current).map((s) => s.id);
  if (stale.length) await scripting.unregisterContentScripts({ ids: stale });
  // Persisted so the card is there on the first Okta page after a browser start; the start-up
  // re-sync covers browsers that drop it anyway.
  if (origin && !current) await scripting.registerContentScripts([{ id: OKTA_ADMIN_SCRIPT_ID, matches, js: [contentScript], runAt: 'document_idle', persistAcrossSessions: true }]);
}

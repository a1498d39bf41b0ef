import { flexAppCandidates } from '../okta/flex-apps';
import type { OktaClient } from '../okta/client';
import { parseSamlIdpMetadata } from '../okta/saml-metadata';
import type { OktaApplication } from '../okta/schemas';
import { oktaAdminOrigin } from '../settings/okta-origin';
import { toProblem, type Problem } from '../problem';
import { certificateFingerprint } from './certificate';
import type { OktaSsoFacts } from './context';

/**
 * The Admin Console page where an app's SAML settings are edited: its Sign On tab. Okta's admin
 * app pages are `/admin/app/<app name>/instance/<app id>/` with the tab in the fragment, the same
 * pattern `lib/page-kinds.ts` recognises for the Okta app card.
 */
export function signOnTabUrl(orgUrl: string, app: Pick<OktaApplication, 'id' | 'name'>): string {
  const origin = oktaAdminOrigin(orgUrl) ?? new URL(orgUrl).origin;
  return `${origin}/admin/app/${encodeURIComponent(app.name)}/instance/${app.id}/#tab-signon`;
}

/** A SAML app whose ACS URL or audience sends people to Twilio (the same test discovery uses). */
export const sendsToTwilio = (app: OktaApplication) => flexAppCandidates([app]).length > 0;

/**
 * What the rules need about one Okta SAML app: its `signOn` settings, its signing keys with the
 * active one, and the IdP values its metadata publishes. Three reads, the last two in parallel;
 * a failure of the keys or the metadata leaves those facts out and says why in `problems` (the
 * signOn checks still run); a failure to read the app itself throws.
 */
export async function gatherOktaFacts(client: OktaClient, orgUrl: string, appId: string, signal?: AbortSignal): Promise<{ app: OktaApplication; facts: OktaSsoFacts | null; problems: Problem[] }> {
  const app = await client.getApp(appId, { signal });
  const signOn = app.signOnMode === 'SAML_2_0' ? app.settings?.signOn : undefined;
  if (!signOn) return { app, facts: null, problems: [] };
  const problems: Problem[] = [];
  const failed = <T>(fallback: T) => (error: unknown): T => {
    problems.push(toProblem(error));
    return fallback;
  };
  const [keys, metadata] = await Promise.all([client.listSigningKeys(appId, { signal }).catch(failed([])), client.getSamlMetadata(appId, { signal }).catch(failed(null))]);
  const parsed = metadata === null ? null : parseSamlIdpMetadata(metadata);
  const activeKid = app.credentials?.signing?.kid;
  return {
    app,
    facts: {
      orgUrl,
      appId: app.id,
      appName: app.name,
      appLabel: app.label,
      signOn,
      ...(activeKid ? { activeKid } : {}),
      // Fingerprints computed here: WebCrypto is async and the rules are not.
      keys: await Promise.all(keys.map(async ({ kid, created, expiresAt, x5c }) => {
        const fingerprintSha256 = x5c[0] ? await certificateFingerprint(x5c[0]) : null;
        return { kid, created, expiresAt, x5c, ...(fingerprintSha256 ? { fingerprintSha256 } : {}) };
      })),
      ...(parsed?.issuer && parsed.ssoUrl ? { metadata: { issuer: parsed.issuer, ssoUrl: parsed.ssoUrl, certificates: parsed.certificates } } : {}),
      signOnTabUrl: signOnTabUrl(orgUrl, app),
    },
    problems,
  };
}

import type { CredentialDestination } from '../http/fetch-core';
import { problem, ProblemError } from '../problem';
import type { OktaOrg } from './org-url';

/** Whether the browser still lets the extension reach `origin` (`permissions.contains` in the background). */
export type OriginGranted = (origin: string) => Promise<boolean>;

/**
 * Okta credentials (an SSWS token, an access token with its DPoP proof, a client assertion) go to
 * the org's own origin and nowhere else, checked for every request rather than when settings are
 * saved. An org on a custom domain is reachable only while the admin's grant for it stands: a grant
 * withdrawn in the browser's extension settings stops the next request, not the next save.
 * Without `originGranted` a custom domain is refused, so a caller that forgets it fails closed.
 */
export function oktaDestination(org: OktaOrg, originGranted?: OriginGranted): CredentialDestination {
  return {
    async admit(url) {
      if (url.origin !== org.origin) {
        throw new ProblemError(
          problem('invalid-request', `Flex Steward stopped before sending your Okta credentials to ${url.host}: they are only for your org, ${org.host}.`, 'Nothing was sent. Check the Okta org URL in Settings; if it is right, report this with the run history attached.', {
            service: 'extension',
          }),
        );
      }
      if (org.kind === 'custom-domain' && !(await originGranted?.(org.origin))) {
        throw new ProblemError(
          problem('permission-denied', `Flex Steward is no longer allowed to reach ${org.host}, so it did not send your Okta credentials there.`, 'Open Settings, save the Okta section again and choose Allow when the browser asks; Flex Steward asks for that one address only.', {
            service: 'extension',
          }),
        );
      }
    },
  };
}

import { oktaAppSsoCard } from '../lib/features/okta-app-sso-card';
import { oktaUserFlexCard } from '../lib/features/okta-user-flex-card';
import { runFeatures } from '../lib/features/run-features';

// Not in the manifest: the background registers this script for the configured org's Admin Console
// origin alone (lib/settings/okta-origin.ts), so the host it runs on is that one.
// https://wxt.dev/api/reference/wxt/interfaces/basecontentscriptentrypointoptions#registration
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    runFeatures([oktaUserFlexCard, oktaAppSsoCard], window, ctx.signal, { oktaAdminHost: location.hostname });
  },
});

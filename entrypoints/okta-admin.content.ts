import { OKTA_CLOUD_HOST_PATTERNS, OKTA_CLOUD_SUFFIXES } from '../lib/hosts';
import { oktaUserFlexCard } from '../lib/features/okta-user-flex-card';
import { runFeatures } from '../lib/features/run-features';

// Okta cloud domains; the page-kind check narrows this to `<org>-admin` hosts. Custom domains are
// registered at runtime once the admin grants them.
export default defineContentScript({
  matches: OKTA_CLOUD_HOST_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    // Off Okta's cloud domains this script only runs where it was registered: the configured org.
    const custom = !OKTA_CLOUD_SUFFIXES.some((suffix) => location.hostname.endsWith(suffix));
    runFeatures([oktaUserFlexCard], window, ctx.signal, custom ? { customOktaHost: location.hostname } : {});
  },
});

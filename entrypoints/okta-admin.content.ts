import { OKTA_CLOUD_HOST_PATTERNS } from '../lib/hosts';
import { oktaUserFlexCard } from '../lib/features/okta-user-flex-card';
import { runFeatures } from '../lib/features/run-features';

// Okta cloud domains; the page-kind check narrows this to `<org>-admin` hosts. Custom domains are
// registered at runtime once the admin grants them.
export default defineContentScript({
  matches: OKTA_CLOUD_HOST_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    runFeatures([oktaUserFlexCard], window, ctx.signal);
  },
});

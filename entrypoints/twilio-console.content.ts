import { TWILIO_CONSOLE_PATTERNS } from '../lib/hosts';
import { flexSsoFields } from '../lib/features/flex-sso-fields';
import { runFeatures } from '../lib/features/run-features';
import { workerDetailCard } from '../lib/features/worker-detail-card';
import { workerOktaBadges } from '../lib/features/worker-okta-badges';

// Console shell and the legacy www.twilio.com frame it embeds TaskRouter pages from.
export default defineContentScript({
  matches: TWILIO_CONSOLE_PATTERNS,
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    runFeatures([workerOktaBadges, workerDetailCard, flexSsoFields], window, ctx.signal);
  },
});

import { TWILIO_CONSOLE_PATTERNS } from '../lib/hosts';
import { consoleAncestry } from '../lib/console-ancestry';
import { flexSsoHints } from '../lib/features/flex-sso-hints';
import { askBackground } from '../lib/messages/ask-background';
import { runFeatures } from '../lib/features/run-features';
import { workerDetailCard } from '../lib/features/worker-detail-card';
import { workerListSummary } from '../lib/features/worker-list-summary';
import { workerOktaBadges } from '../lib/features/worker-okta-badges';

/** Where the browser reports a frame's ancestors; Firefox does not. */
function ancestorOrigins(): string[] | undefined {
  const list = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return list ? Array.from(list) : undefined;
}

// Console shell and the legacy www.twilio.com frame it embeds TaskRouter pages from, in every frame;
// it stays idle in a frame some other site embeds.
export default defineContentScript({
  matches: TWILIO_CONSOLE_PATTERNS,
  allFrames: true,
  runAt: 'document_idle',
  async main(ctx) {
    const ancestry = consoleAncestry({ topLevel: window.top === window, ancestorOrigins: ancestorOrigins() });
    if (ancestry === 'untrusted') return;
    // Without ancestorOrigins, the background's sender check (which sees the tab's top-level page)
    // answers a ping only inside the Console.
    if (ancestry === 'unknown' && !(await askBackground('ping', {}).then(() => true, () => false))) return;
    runFeatures([workerOktaBadges, workerListSummary, workerDetailCard, flexSsoHints], window, ctx.signal);
  },
});

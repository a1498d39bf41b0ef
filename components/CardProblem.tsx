import { askBackground } from '../lib/messages/ask-background';
import type { Problem } from '../lib/problem';
import { ProblemText } from './ProblemText';

/** Problems the admin fixes in Settings: the card offers to open it. */
const SETTINGS_CODES = new Set<Problem['code']>(['not-configured', 'locked', 'bad-credentials', 'missing-scope']);

/** A Problem in a card on a host page, with an "Open Settings" button when Settings is where it is fixed. */
export function CardProblem({ problem }: { problem: Problem }) {
  return (
    <>
      <ProblemText problem={problem} />
      {SETTINGS_CODES.has(problem.code) ? (
        <button
          type="button"
          onClick={(event) => {
            // Only the admin's own click opens Settings; the page's scripts cannot press it.
            if (event.nativeEvent.isTrusted) void askBackground('ui.openSettings', { section: problem.service === 'okta' ? 'okta' : 'twilio' }).catch(() => undefined);
          }}
        >
          Open Settings
        </button>
      ) : null}
    </>
  );
}

import { askBackground } from '../../lib/messages/ask-background';
import type { PersonLookup } from '../../lib/status/views';
import { OKTA_STATUS_LABEL, OktaPerson, PersonView } from '../PersonView';
import { ProblemNotice } from '../ProblemNotice';

const peopleCount = (n: number) => (n === 1 ? 'one person' : `${n} people`);

/**
 * One look-up's answer. Okta and Twilio fail separately, so whichever side answered is shown,
 * with the other side's problem and what to do about it.
 */
export function LookupResult({ lookup, label }: { lookup: PersonLookup; label: string }) {
  const { oktaProblem, twilioProblem, workers, people } = lookup;
  const who = lookup.email || label;
  return (
    <div role="region" aria-label={`Results for ${label}`}>
      {oktaProblem ? <ProblemNotice side="Okta" problem={oktaProblem} /> : null}
      {twilioProblem ? <ProblemNotice side="Twilio" problem={twilioProblem} /> : null}
      {workers.map((status) => (
        <div className="panel" key={status.worker.sid}>
          <PersonView status={status} />
          <div className="actions-row">
            <button type="button" onClick={() => void askBackground('ui.openWorker', { workspaceSid: status.worker.workspaceSid, workerSid: status.worker.sid })}>
              Deprovision…
            </button>
          </div>
        </div>
      ))}
      {/* Twilio was asked unless the Okta user to start from could not be read. */}
      {workers.length === 0 && !twilioProblem && !(oktaProblem && !lookup.email) ? (
        <p role="status">
          No Flex worker uses {who}.{' '}
          {oktaProblem ? '' : people.length ? `Okta has ${peopleCount(people.length)} with this address (${people.map((p) => OKTA_STATUS_LABEL[p.status].toLowerCase()).join(', ')}).` : 'Okta has nobody with this address either.'}
        </p>
      ) : null}
      {workers.length === 0 && twilioProblem && people.length > 0 ? (
        <div className="panel person">
          <section aria-label="Okta person">
            <h3>{people.length > 1 ? `Okta people (${people.length})` : 'Okta person'}</h3>
            {people.map((p) => (
              <OktaPerson key={p.id} person={p} />
            ))}
          </section>
        </div>
      ) : null}
    </div>
  );
}

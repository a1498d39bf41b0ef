import { useEffect, useState } from 'react';
import personCss from '../../components/person.css?inline';
import { PersonView } from '../../components/PersonView';
import { CardProblem } from '../../components/CardProblem';
import { StewardCard } from '../../components/StewardCard';
import { askBackground } from '../messages/ask-background';
import { toProblem, type Problem } from '../problem';
import type { PersonLookup } from '../status/views';
import type { Feature } from './feature';
import { mountCard } from './mount-card';


function OktaUserWorkers({ oktaUserId }: { oktaUserId: string }) {
  const [lookup, setLookup] = useState<PersonLookup>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    askBackground('okta.userWorkers', { oktaUserId }).then(setLookup, (error: unknown) => setProblem(toProblem(error)));
  }, [oktaUserId]);

  const shown = problem ?? lookup?.oktaProblem ?? lookup?.twilioProblem;
  return (
    <StewardCard title="Flex Steward · Flex worker">
      {shown ? (
        <CardProblem problem={shown} />
      ) : !lookup ? (
        <p>Looking for this person’s Flex workers…</p>
      ) : lookup.workers.length === 0 ? (
        <p>No Flex worker uses {lookup.email}: this person holds no Flex seat.</p>
      ) : (
        lookup.workers.map((status) => (
          <div key={status.worker.sid} style={{ marginBottom: 12 }}>
            {/* This is Okta's admin page already: a link to it would lead here. */}
            <PersonView status={status} adminLink={false} />
            <div className="actions-row">
              <button
                type="button"
                onClick={(event) => {
                  if (event.nativeEvent.isTrusted) void askBackground('ui.openWorker', { workspaceSid: status.worker.workspaceSid, workerSid: status.worker.sid }).catch(() => undefined);
                }}
              >
                Deprovision…
              </button>
            </div>
          </div>
        ))
      )}
    </StewardCard>
  );
}

/** On an Okta user's profile, that person's Flex worker(s) across workspaces and the Deprovision entry point. */
export const oktaUserFlexCard: Feature = {
  id: 'okta-user-flex-card',
  pages: ['okta-user-profile'],
  init({ page, document, signal }) {
    if (page.kind !== 'okta-user-profile') return;
    const element = <OktaUserWorkers oktaUserId={page.userId} />;
    mountCard(document, () => document.querySelector('main') ?? document.body, () => element, signal, 'okta-user-flex-card', personCss);
  },
};

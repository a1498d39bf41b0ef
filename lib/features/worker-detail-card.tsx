import { useEffect, useState } from 'react';
import personCss from '../../components/person.css?inline';
import { PersonView } from '../../components/PersonView';
import { ProblemText } from '../../components/ProblemText';
import { StewardCard } from '../../components/StewardCard';
import { NEVER_ACTIONABLE } from '../identity/statuses';
import { askBackground } from '../messages/ask-background';
import { toProblem, type Problem } from '../problem';
import type { WorkerStatus } from '../status/views';
import type { Feature } from './feature';
import { headingColumn, mountCard } from './mount-card';


function WorkerDetail({ workspaceSid, workerSid }: { workspaceSid: string; workerSid: string }) {
  const [status, setStatus] = useState<WorkerStatus>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    askBackground('workers.status', { workspaceSid, workerSids: [workerSid], refresh: false }).then(
      (answer) => (answer.statuses[0] ? setStatus(answer.statuses[0]) : setProblem(answer.problem)),
      (error: unknown) => setProblem(toProblem(error)),
    );
  }, [workspaceSid, workerSid]);

  return (
    <StewardCard title="Flex Steward · Okta">
      {status ? <PersonView status={status} /> : problem ? <ProblemText problem={problem} /> : <p>Looking this worker up in Okta…</p>}
      {status && NEVER_ACTIONABLE.has(status.status) ? null : (
        <div className="actions-row">
          <button
            type="button"
            onClick={(event) => {
              // Only the admin's own click opens the flow; the page's scripts cannot press it.
              if (event.nativeEvent.isTrusted) void askBackground('ui.openWorker', { workspaceSid, workerSid }).catch(() => undefined);
            }}
          >
            Deprovision…
          </button>
        </div>
      )}
    </StewardCard>
  );
}

/** On a worker's page, a card with the Okta person beside the worker, and the Deprovision entry point. */
export const workerDetailCard: Feature = {
  id: 'worker-detail-card',
  pages: ['taskrouter-worker-detail'],
  init({ page, document, signal }) {
    if (page.kind !== 'taskrouter-worker-detail') return;
    const element = <WorkerDetail workspaceSid={page.workspaceSid} workerSid={page.workerSid} />;
    mountCard(document, () => headingColumn(document), () => element, signal, 'worker-detail-card', personCss);
  },
};

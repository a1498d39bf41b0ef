import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { callBackground } from '../lib/messages/client';
import { toProblem, type Problem } from '../lib/problem';
import type { WorkerStatus } from '../lib/status/views';
import { PersonView } from './PersonView';
import { ProblemNotice } from './ProblemNotice';
import './person.css';

const send = (message: unknown) => browser.runtime.sendMessage(message);

/** Flex Steward's own window for one worker: the only place an action on it is previewed and confirmed. */
export function DeprovisionApp({ workspaceSid, workerSid }: { workspaceSid: string; workerSid: string }) {
  const [status, setStatus] = useState<WorkerStatus>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    callBackground(send, 'workers.status', { workspaceSid, workerSids: [workerSid], refresh: true }).then(
      (answer) => (answer.statuses[0] ? setStatus(answer.statuses[0]) : setProblem(answer.problem)),
      (error: unknown) => setProblem(toProblem(error)),
    );
  }, [workspaceSid, workerSid]);

  return (
    <main>
      <h1>Deprovision a Flex worker</h1>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {status ? <PersonView status={status} /> : problem ? null : <p className="muted">Reading the worker and the Okta person…</p>}
    </main>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../lib/messages/ask-background';
import type { Problem } from '../lib/problem';

import type { CommandResponse } from '../lib/messages/commands';
import type { Run } from '../lib/runs/types';
import type { WorkerStatus } from '../lib/status/views';
import { PersonView } from './PersonView';
import { askInEffect } from './ask-in-effect';
import { ProblemNotice } from './ProblemNotice';
import { ConfirmAndStart } from './runs/ConfirmAndStart';
import { PlanPreview } from './runs/PlanPreview';
import { RunControls } from './runs/RunControls';
import './person.css';

/**
 * Flex Steward's own window for one worker: the dry run, the explicit choices an ambiguity or a busy
 * worker needs, the typed confirmation, then the run's live progress. Nothing here can be driven
 * from the Console or Okta page that opened it.
 */
export function DeprovisionApp({ workspaceSid, workerSid }: { workspaceSid: string; workerSid: string }) {
  const [status, setStatus] = useState<WorkerStatus | null>();
  const [statusRound, setStatusRound] = useState(0);
  const [preview, setPreview] = useState<CommandResponse<'runs.preview'>>();
  const [oktaUserId, setOktaUserId] = useState<string>();
  const [overrideBusy, setOverrideBusy] = useState(false);
  const [acceptWithoutUnassign, setAcceptWithoutUnassign] = useState(false);
  const [withoutTeamLock, setWithoutTeamLock] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [run, setRun] = useState<Run>();

  useEffect(() => {
    askBackground('workers.status', { workspaceSid, workerSids: [workerSid], refresh: true }).then(
      (answer) => setStatus(answer.statuses[0] ?? null),
      () => undefined,
    );
  }, [workspaceSid, workerSid, statusRound]);
  const reread = useCallback(() => setStatusRound((n) => n + 1), []);

  // Bumped to make a fresh preview: after a choice, or when the kept one expired.
  const [previewRound, setPreviewRound] = useState(0);
  useEffect(
    () =>
      askInEffect(
        () => askBackground('runs.preview', { target: { workspaceSid, workerSid, ...(oktaUserId ? { oktaUserId } : {}) }, overrideBusy, acceptWithoutUnassign }),
        (next) => {
          setPreview(next);
          setProblem(undefined);
        },
        setProblem,
      ),
    [workspaceSid, workerSid, oktaUserId, overrideBusy, acceptWithoutUnassign, previewRound],
  );
  const makePreview = () => setPreviewRound((n) => n + 1);

  const plan = preview?.plan;
  const refusal = plan?.preview?.refusal;
  const teamLock = preview?.teamLock;
  return (
    <main>
      <h1>Deprovision {plan?.subject.name ?? plan?.subject.email ?? 'a Flex worker'}</h1>
      {status ? <PersonView status={status} /> : status === null && run ? <p className="muted">This worker no longer exists in Twilio.</p> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {run ? (
        <RunControls initial={run} onSettled={reread} />
      ) : plan && preview ? (
        <>
          {refusal?.reason === 'several-okta-users' ? (
            <fieldset className="panel">
              <legend>{refusal.message} Choose the person this worker belongs to:</legend>
              {plan.preview!.personCandidates.map((p) => (
                <label className="choice" key={p.id}>
                  <input type="radio" name="person" checked={oktaUserId === p.id} onChange={() => setOktaUserId(p.id)} />
                  <span>
                    {p.firstName} {p.lastName} · {p.login} · {p.status}
                  </span>
                </label>
              ))}
            </fieldset>
          ) : null}
          {plan.preview?.busy ? (
            <label className="choice notice warn">
              <input type="checkbox" checked={overrideBusy} onChange={(e) => setOverrideBusy(e.target.checked)} />
              <span>
                This worker is busy ({plan.preview.reservations.pending} pending, {plan.preview.reservations.accepted} in progress). Deprovision anyway: pending reservations are rejected and tasks in progress lose
                their agent.
              </span>
            </label>
          ) : null}
          {plan.preview?.person && !plan.preview.flexApp ? (
            <label className="choice notice warn">
              <input type="checkbox" checked={acceptWithoutUnassign} onChange={(e) => setAcceptWithoutUnassign(e.target.checked)} />
              <span>Run without removing the Flex app assignment. Their next SSO sign-in re-creates the worker; the run history records that you chose this.</span>
            </label>
          ) : null}
          {teamLock?.state === 'unreachable' ? (
            <>
              <ProblemNotice problem={teamLock.problem} />
              <label className="choice notice warn">
                <input type="checkbox" checked={withoutTeamLock} onChange={(e) => setWithoutTeamLock(e.target.checked)} />
                <span>Run without team lock (recorded in the run history). Another admin could start a run on this person at the same time.</span>
              </label>
            </>
          ) : null}
          {teamLock?.state === 'held' ? (
            <p className="notice error team-lock" role="alert">
              <strong>{teamLock.sentence}</strong>
            </p>
          ) : plan.blocked ? (
            <p className="notice error" role="alert">
              {plan.blocked}
            </p>
          ) : null}
          <PlanPreview plan={plan} />
          <ConfirmAndStart
            plan={plan}
            previewId={preview.previewId}
            actionLabel="Deprovision"
            teamLock={teamLock}
            withoutTeamLock={withoutTeamLock}
            onStarted={setRun}
            onProblem={setProblem}
            onStale={makePreview}
            onCancel={() => window.close()}
          />
        </>
      ) : problem ? null : (
        <p className="muted">Reading everything the run would touch…</p>
      )}
    </main>
  );
}


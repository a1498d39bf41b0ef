import { useEffect, useRef, useState } from 'react';
import type { Problem } from '../../lib/problem';
import type { TeamSettings } from '../../lib/settings/settings';
import { SYNC_SERVICE_SID } from '../../lib/settings/twilio-fields';
import { formatTime } from '../../lib/ui/format-time';
import { teamStatusLine } from '../../lib/ui/team-text';
import { ProblemNotice } from '../ProblemNotice';
import { useTeamStatus } from '../use-team-status';
import { SaveActions } from './SaveActions';
import { SidField } from './SidField';
import { ask, type SettingsView } from './use-settings';

const SID_ERROR = 'A Sync Service SID is IS followed by 32 lowercase hex characters.';

/**
 * "You are": who this admin is on every run. It is edited under Deprovisioning; here team mode says
 * what it means for the team, and fills in the Okta login when nobody has said yet.
 */
function OperatorIdentity({ operator, teamOn, onSuggested }: { operator: string | undefined; teamOn: boolean; onSuggested: (login: string) => void }) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [unknown, setUnknown] = useState(false);
  const suggest = async () => {
    setAsking(true);
    const result = await ask('team.suggestOperator', {});
    setAsking(false);
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    setUnknown(result.data.login === null);
    if (result.data.login) onSuggested(result.data.login);
  };
  // Team mode turned on with nobody named: the operator defaults to the admin's Okta login, asked
  // once; it is saved with the section, and can be changed under Deprovisioning.
  const askedOnce = useRef(false);
  useEffect(() => {
    if (!teamOn || operator || askedOnce.current) return;
    askedOnce.current = true;
    void suggest();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- asked once, when team mode is first on with no operator
  }, [teamOn, operator]);
  const meaning = teamOn ? ' In team mode this is the identity on every run and in the Sync token, so colleagues see who ran what.' : '';
  return (
    <div aria-label="Who you are">
      {operator ? (
        <p>
          You are <strong>{operator}</strong>.{meaning} <a href="#runs-operator">Change it under Deprovisioning</a>.
        </p>
      ) : (
        <>
          <p>
            You are not set yet.{meaning}
          </p>
          <div className="actions">
            <button type="button" className="secondary" disabled={asking} onClick={() => void suggest()}>
              {asking ? 'Asking Okta…' : 'Use my Okta login'}
            </button>
          </div>
          {unknown ? (
            <p className="field-error" role="status">
              Flex Steward could not tell who you are in Okta; type your email in <a href="#runs-operator">You are</a> under Deprovisioning.
            </p>
          ) : null}
        </>
      )}
      {problem ? <ProblemNotice problem={problem} /> : null}
    </div>
  );
}

/**
 * Team mode: the run ledger, run locks and approved operators shared with the other admins of the
 * Twilio account through a Sync Service, and who this admin is to them.
 */
export function TeamSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const saved = view.settings.team;
  const [draft, setDraft] = useState<TeamSettings>(saved);
  /** The Okta login "Use my Okta login" found, saved with this section. */
  const [suggested, setSuggested] = useState<string>();
  const [created, setCreated] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [savedAt, setSavedAt] = useState<string>();
  // Asked again every 3 s while team mode is on, so the line moves from Connecting to Live (or Offline) by itself.
  const { status, reload } = useTeamStatus(3000);

  const set = (patch: Partial<TeamSettings>) => setDraft((d) => ({ ...d, ...patch }));
  const sidError = draft.serviceSid && !SYNC_SERVICE_SID.test(draft.serviceSid) ? SID_ERROR : undefined;
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved) || suggested !== undefined;

  const create = async () => {
    setCreating(true);
    const result = await ask('team.createService', {});
    setCreating(false);
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    set({ serviceSid: result.data.serviceSid });
    setCreated(result.data.serviceSid);
  };

  const save = async () => {
    setShowErrors(true);
    if (sidError) return;
    const runs = suggested ? { ...view.settings.runs, operator: suggested } : view.settings.runs;
    const team = { enabled: draft.enabled, ...(draft.serviceSid ? { serviceSid: draft.serviceSid } : {}) };
    const result = await ask('settings.save', { settings: { ...view.settings, team, runs }, secrets: {}, clearSecrets: [] });
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    setDraft(result.data.settings.team);
    setSuggested(undefined);
    setCreated(undefined);
    setSavedAt(formatTime(new Date().toISOString()));
    onSaved(result.data);
    reload();
  };

  const line = status ? teamStatusLine(status) : undefined;
  return (
    <section className="panel" id="team" aria-labelledby="team-heading">
      <h2 id="team-heading">Team mode</h2>
      <p className="muted">
        Several admins of one Twilio account share one live run history, one lock per person so nobody deprovisions the same person twice at once, and one list of approved operators. They live in a Twilio Sync
        Service on this account; there is no other server.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="choice">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          <span>Team mode: share runs, locks and approved operators through Twilio Sync</span>
        </label>
        <SidField id="team-service" label="Sync Service SID" placeholder="IS…" value={draft.serviceSid} error={showErrors ? sidError : undefined} onChange={(serviceSid) => set({ serviceSid: serviceSid || undefined })} />
        <div className="actions">
          <button type="button" className="secondary" disabled={creating} onClick={() => void create()}>
            {creating ? 'Creating…' : 'Create one for me'}
          </button>
          {created ? (
            <span className="saved" role="status">
              Created Flex Steward ({created}). Save to use it.
            </span>
          ) : null}
        </div>
        <p className="hint">Every admin of the team enters the same SID. “Create one for me” makes a Sync Service named Flex Steward with the Twilio credentials saved above.</p>
        <OperatorIdentity operator={suggested ?? view.settings.runs.operator} teamOn={draft.enabled} onSuggested={setSuggested} />
        <SaveActions label="Save team settings" disabled={showErrors && Boolean(sidError)} dirty={dirty} savedAt={savedAt} />
      </form>
      {line ? (
        <p className={`notice ${line.tone}`} role="status" aria-label="Team status">
          {line.text}
        </p>
      ) : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
    </section>
  );
}

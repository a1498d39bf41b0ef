import { SaveActions } from './SaveActions';
import { useState } from 'react';
import type { Problem } from '../../lib/problem';
import { TWILIO_REGIONS, type TwilioSettings } from '../../lib/settings/settings';
import { twilioFieldErrors } from '../../lib/settings/twilio-fields';
import { TWILIO_REGION_EDGES } from '../../lib/twilio/hosts';
import { ProblemNotice } from '../ProblemNotice';
import { ClearedSecretsNotice } from './ClearedSecretsNotice';
import { ConnectionTestReport } from './ConnectionTestResult';
import { SecretField } from './SecretField';
import { SidField } from './SidField';
import { useConnectionTest } from './use-connection-test';
import { ask, type SettingsView } from './use-settings';
import { formatTime } from '../../lib/ui/format-time';

/** Twilio: the account, its credentials, where its data lives, and which workspace is Flex's. */
export function TwilioSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const saved = view.settings.twilio;
  const [draft, setDraft] = useState<TwilioSettings>(saved);
  const [secret, setSecret] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [savedAt, setSavedAt] = useState<string>();
  const [cleared, setCleared] = useState<string>();

  const set = (patch: Partial<TwilioSettings>) => setDraft((d) => ({ ...d, ...patch }));
  const errors = twilioFieldErrors(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved) || secret !== '';
  const edges = TWILIO_REGION_EDGES[draft.region]?.edges ?? [];

  const save = async (): Promise<boolean> => {
    setShowErrors(true);
    if (Object.keys(errors).length) return false;
    const settings = { ...view.settings, twilio: { ...draft, apiKeySid: draft.useAuthToken ? undefined : draft.apiKeySid } };
    const result = await ask('settings.save', { settings, secrets: secret ? { 'twilio.apiKeySecret': secret } : {}, clearSecrets: [] });
    if ('problem' in result) {
      setProblem(result.problem);
      return false;
    }
    setProblem(undefined);
    setCleared(result.data.notice);
    setDraft(result.data.settings.twilio);
    setSecret('');
    setSavedAt(formatTime(new Date().toISOString()));
    onSaved(result.data);
    return true;
  };

  const { test, testing, runTest } = useConnectionTest('twilio', {
    dirty,
    save,
    setProblem,
    onRefreshed: (fresh) => {
      set({ workspaceSid: fresh.settings.twilio.workspaceSid, workspaceName: fresh.settings.twilio.workspaceName });
      onSaved(fresh);
    },
  });

  const chooseWorkspace = async (sid: string, name: string) => {
    const result = await ask('settings.save', { settings: { ...view.settings, twilio: { ...saved, workspaceSid: sid, workspaceName: name } }, secrets: {}, clearSecrets: [] });
    if ('data' in result) {
      set({ workspaceSid: sid, workspaceName: name });
      onSaved(result.data);
    }
  };

  return (
    <section className="panel" id="twilio" aria-labelledby="twilio-heading">
      <h2 id="twilio-heading">Twilio</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SidField id="twilio-account" label="Twilio Account SID" placeholder="AC…" value={draft.accountSid} error={showErrors ? errors.accountSid : undefined} onChange={(accountSid) => set({ accountSid })} />

        <label className="choice">
          <input type="checkbox" checked={draft.useAuthToken} onChange={(e) => set({ useAuthToken: e.target.checked })} />
          <span>Use the account's Auth Token instead of an API key</span>
        </label>
        {draft.useAuthToken ? (
          <p className="notice warn" role="note">
            The Auth Token can do everything on the account, and changing it breaks every other integration that uses it. Create an API key (Console → Account → API keys) and use that instead.
          </p>
        ) : (
          <SidField id="twilio-key" label="API key SID" placeholder="SK…" value={draft.apiKeySid} error={showErrors ? errors.apiKeySid : undefined} onChange={(apiKeySid) => set({ apiKeySid })} />
        )}
        <SecretField id="twilio-secret" label={draft.useAuthToken ? 'Auth Token' : 'API key secret'} saved={view.savedSecrets.includes('twilio.apiKeySecret')} value={secret} onChange={setSecret} />

        <div className="row">
          <div style={{ flex: 1 }}>
            <label htmlFor="twilio-region">Region</label>
            <select id="twilio-region" value={draft.region} onChange={(e) => set({ region: e.target.value as TwilioSettings['region'], edge: undefined })}>
              {TWILIO_REGIONS.map((r) => (
                <option key={r} value={r}>
                  {TWILIO_REGION_EDGES[r]?.label ?? r}
                </option>
              ))}
            </select>
          </div>
          <div style={{ flex: 1 }}>
            <label htmlFor="twilio-edge">Edge</label>
            <select id="twilio-edge" value={draft.edge ?? ''} onChange={(e) => set({ edge: e.target.value || undefined })}>
              {draft.region === 'us1' ? <option value="">Default</option> : null}
              {edges.map((edge) => (
                <option key={edge} value={edge}>
                  {edge}
                </option>
              ))}
            </select>
          </div>
        </div>

        <label htmlFor="twilio-workspace">Flex workspace SID (override)</label>
        <input id="twilio-workspace" value={draft.workspaceSid ?? ''} onChange={(e) => set({ workspaceSid: e.target.value.trim() || undefined, workspaceName: undefined })} placeholder="Found by Test connection" autoComplete="off" />
        {saved.workspaceSid ? <p className="hint">Flex workspace: {saved.workspaceName ?? saved.workspaceSid}</p> : null}

        <SaveActions label="Save Twilio settings" dirty={dirty} savedAt={savedAt}>
          <button type="button" className="secondary" disabled={testing} onClick={() => void runTest()}>
            {testing ? 'Testing…' : 'Test Twilio connection'}
          </button>
        </SaveActions>
      </form>
      {problem ? <ProblemNotice problem={problem} /> : null}
      <ClearedSecretsNotice notice={cleared} />
      {test ? <ConnectionTestReport result={test} /> : null}
      {test?.discovered.length ? (
        <div aria-label="Workspaces on this account">
          <p>Workspaces on this account:</p>
          {test.discovered.map((ws) => (
            <label className="choice" key={ws.id}>
              <input type="radio" name="workspace" checked={saved.workspaceSid === ws.id} onChange={() => void chooseWorkspace(ws.id, ws.label)} />
              <span>
                {ws.label} <span className="muted">({ws.id}{ws.recommended ? ' · Flex' : ''})</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
    </section>
  );
}

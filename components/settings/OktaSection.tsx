import { SaveActions } from './SaveActions';
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { normaliseOrgUrl } from '../../lib/okta/org-url';
import { toProblem, type Problem } from '../../lib/problem';
import { requestOktaOrigin } from '../../lib/settings/okta-origin';
import type { OktaSettings } from '../../lib/settings/settings';
import { ProblemNotice } from '../ProblemNotice';
import { ClearedSecretsNotice } from './ClearedSecretsNotice';
import { ConnectionTestReport } from './ConnectionTestResult';
import { SecretField } from './SecretField';
import { useConnectionTest } from './use-connection-test';
import { ask, type SettingsView } from './use-settings';
import { formatTime } from '../../lib/ui/format-time';

/** Okta: the org, how Flex Steward signs in to it, and which app is Flex. */
export function OktaSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const saved = view.settings.okta;
  const [draft, setDraft] = useState<OktaSettings>(saved);
  const [orgInput, setOrgInput] = useState(saved.orgUrl ?? '');
  const [apiToken, setApiToken] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [savedAt, setSavedAt] = useState<string>();
  const [cleared, setCleared] = useState<string>();

  const set = (patch: Partial<OktaSettings>) => setDraft((d) => ({ ...d, ...patch }));
  const dirty = JSON.stringify({ ...draft, orgUrl: orgInput }) !== JSON.stringify({ ...saved, orgUrl: saved.orgUrl ?? '' }) || apiToken !== '' || privateKey !== '';

  const save = async (): Promise<boolean> => {
    let orgUrl: string;
    try {
      orgUrl = normaliseOrgUrl(orgInput).origin;
    } catch (error) {
      setProblem(toProblem(error));
      return false;
    }
    // Must run inside the click: the browser only shows its prompt for a user gesture.
    if ((await requestOktaOrigin(orgUrl, browser.permissions)) === 'denied') {
      setProblem({ code: 'permission-denied', message: `Flex Steward was not allowed to reach ${new URL(orgUrl).host}.`, nextStep: 'Click Save again and choose Allow; Flex Steward asks for that one address only.', retryable: true });
      return false;
    }
    const secrets = draft.authMethod === 'api-token' ? (apiToken ? { 'okta.apiToken': apiToken } : {}) : privateKey ? { 'okta.privateKey': privateKey } : {};
    const result = await ask('settings.save', { settings: { ...view.settings, okta: { ...draft, orgUrl } }, secrets, clearSecrets: [] });
    if ('problem' in result) {
      setProblem(result.problem);
      return false;
    }
    setProblem(undefined);
    setCleared(result.data.notice);
    setOrgInput(orgUrl);
    setDraft(result.data.settings.okta);
    setApiToken('');
    setPrivateKey('');
    setSavedAt(formatTime(new Date().toISOString()));
    onSaved(result.data);
    return true;
  };

  const { test, testing, runTest } = useConnectionTest('okta', {
    dirty,
    save,
    setProblem,
    onRefreshed: (fresh) => {
      set({ flexAppId: fresh.settings.okta.flexAppId, flexAppLabel: fresh.settings.okta.flexAppLabel });
      onSaved(fresh);
    },
  });

  const chooseFlexApp = async (id: string, label: string) => {
    set({ flexAppId: id, flexAppLabel: label });
    const result = await ask('settings.save', { settings: { ...view.settings, okta: { ...saved, flexAppId: id, flexAppLabel: label } }, secrets: {}, clearSecrets: [] });
    if ('data' in result) onSaved(result.data);
  };

  return (
    <section className="panel" id="okta" aria-labelledby="okta-heading">
      <h2 id="okta-heading">Okta</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="okta-org">Okta org URL</label>
        <input id="okta-org" type="url" inputMode="url" placeholder="https://acme.okta.com" value={orgInput} onChange={(e) => setOrgInput(e.target.value)} aria-describedby="okta-org-hint" />
        <p id="okta-org-hint" className="hint">
          Your org's address; the admin console's (acme-admin.okta.com) works too. On a custom domain, the browser asks once to let Flex Steward reach it.
        </p>

        <fieldset style={{ border: 0, padding: 0, margin: '12px 0 0' }}>
          <legend style={{ fontWeight: 600 }}>How Flex Steward signs in to Okta</legend>
          <label className="choice">
            <input type="radio" name="okta-auth" checked={draft.authMethod === 'oauth'} onChange={() => set({ authMethod: 'oauth' })} />
            <span>
              <strong>OAuth 2.0 service app (recommended).</strong> Access is limited to the scopes you grant, tokens expire within an hour, the private key never leaves this browser, and
              DPoP binds tokens to it.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="okta-auth" checked={draft.authMethod === 'api-token'} onChange={() => set({ authMethod: 'api-token' })} />
            <span>
              <strong>API token.</strong> Quicker to set up, but it acts with all the rights of the admin who created it and stays valid until revoked.
            </span>
          </label>
        </fieldset>

        {draft.authMethod === 'oauth' ? (
          <>
            <label htmlFor="okta-client-id">OAuth client ID</label>
            <input id="okta-client-id" value={draft.clientId ?? ''} onChange={(e) => set({ clientId: e.target.value.trim() })} autoComplete="off" />
            <SecretField
              id="okta-private-key"
              label="Private key (JWK or PEM)"
              multiline
              saved={view.savedSecrets.includes('okta.privateKey')}
              value={privateKey}
              onChange={setPrivateKey}
              hint="Grant the app okta.users.read, okta.users.manage, okta.apps.read, okta.apps.manage and okta.sessions.manage."
            />
          </>
        ) : (
          <SecretField id="okta-api-token" label="Okta API token" saved={view.savedSecrets.includes('okta.apiToken')} value={apiToken} onChange={setApiToken} hint="Create one in Okta under Security → API → Tokens." />
        )}

        <label htmlFor="okta-flex-app">Flex app ID (override)</label>
        <input id="okta-flex-app" value={draft.flexAppId ?? ''} onChange={(e) => set({ flexAppId: e.target.value.trim() || undefined, flexAppLabel: undefined })} placeholder="Found by Test connection" autoComplete="off" />
        {saved.flexAppId ? <p className="hint">Flex app: {saved.flexAppLabel ?? saved.flexAppId}</p> : null}

        <SaveActions label="Save Okta settings" dirty={dirty} savedAt={savedAt}>
          <button type="button" className="secondary" disabled={testing} onClick={() => void runTest()}>
            {testing ? 'Testing…' : 'Test Okta connection'}
          </button>
        </SaveActions>
      </form>
      {problem ? <ProblemNotice problem={problem} /> : null}
      <ClearedSecretsNotice notice={cleared} />
      {test ? <ConnectionTestReport result={test} /> : null}
      {test?.discovered.length ? (
        <div aria-label="Flex apps found in Okta">
          <p>Flex apps found in Okta:</p>
          {test.discovered.map((app) => (
            <label className="choice" key={app.id}>
              <input type="radio" name="flex-app" checked={saved.flexAppId === app.id} onChange={() => void chooseFlexApp(app.id, app.label)} />
              <span>
                {app.label} <span className="muted">({app.id}{app.detail ? ` · ${app.detail}` : ''})</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
    </section>
  );
}

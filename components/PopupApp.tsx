import { useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../lib/messages/ask-background';
import { toProblem, type Problem } from '../lib/problem';
import type { PersonLookup } from '../lib/status/views';
import { ConnectionSummary } from './ConnectionSummary';
import { PersonView } from './PersonView';
import { ProblemNotice } from './ProblemNotice';
import './person.css';


function LookupResult({ lookup }: { lookup: PersonLookup }) {
  if (lookup.problem) return <ProblemNotice problem={lookup.problem} />;
  if (lookup.workers.length === 0) {
    return (
      <p role="status">
        No Flex worker uses {lookup.email}.{' '}
        {lookup.people.length ? `Okta has ${lookup.people.length === 1 ? 'one person' : `${lookup.people.length} people`} with this address (${lookup.people.map((p) => p.status.toLowerCase()).join(', ')}).` : 'Okta has nobody with this address either.'}
      </p>
    );
  }
  return (
    <div role="region" aria-label={`Results for ${lookup.email}`}>
      {lookup.workers.map((status) => (
        <div className="panel" key={status.worker.sid}>
          <PersonView status={status} />
          <div className="actions-row">
            <button type="button" onClick={() => void askBackground('ui.openWorker', { workspaceSid: status.worker.workspaceSid, workerSid: status.worker.sid })}>
              Deprovision…
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

/** The toolbar popup: one person by email, in Okta and Twilio side by side. */
export function PopupApp() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [lookup, setLookup] = useState<PersonLookup>();
  const [problem, setProblem] = useState<Problem>();

  const openSidePanel = async () => {
    const window = await browser.windows.getCurrent();
    // Chrome's side panel; Firefox's sidebar opens from its own toolbar button.
    const sidePanel = (browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> } }).sidePanel;
    if (sidePanel && window.id !== undefined) await sidePanel.open({ windowId: window.id });
  };

  const search = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setLookup(await askBackground('person.lookup', { email: email.trim() }));
    } catch (error) {
      setLookup(undefined);
      setProblem(toProblem(error));
    }
    setBusy(false);
  };

  return (
    <main style={{ width: 560 }}>
      <h1>Flex Steward</h1>
      <ConnectionSummary />
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim()) void search();
        }}
      >
        <label htmlFor="lookup-email">Email address</label>
        <div className="row">
          <input id="lookup-email" type="email" placeholder="agent@example.com" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          <button type="submit" disabled={busy}>
            {busy ? 'Looking up…' : 'Look up'}
          </button>
        </div>
      </form>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {lookup ? <LookupResult lookup={lookup} /> : null}
      <div className="row">
        <button type="button" className="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
        <button type="button" className="secondary" onClick={() => void openSidePanel()}>
          Open side panel
        </button>
      </div>
    </main>
  );
}

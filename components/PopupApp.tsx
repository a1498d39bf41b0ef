import { useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../lib/messages/ask-background';
import { parseLookupQuery, type LookupQuery } from '../lib/lookup-query';
import { toProblem, type Problem } from '../lib/problem';
import { createRecentLookups } from '../lib/recent-lookups';
import type { PersonLookup } from '../lib/status/views';
import { ConnectionSummary } from './ConnectionSummary';
import { ProblemNotice } from './ProblemNotice';
import { LookupBox } from './popup/LookupBox';
import { LookupResult } from './popup/LookupResult';
import { RecentLookups } from './popup/RecentLookups';
import './person.css';

/** The toolbar popup: one person by email, login, Okta id or worker SID, in Okta and Twilio. */
export function PopupApp() {
  const recent = useMemo(() => createRecentLookups(localStorage), []);
  const [recentItems, setRecentItems] = useState(recent.list);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ lookup: PersonLookup; label: string }>();
  const [problem, setProblem] = useState<Problem>();
  // Only the latest look-up's answer is shown, whatever order answers arrive in.
  const latest = useRef(0);

  const openSidePanel = async () => {
    const window = await browser.windows.getCurrent();
    // Chrome's side panel; Firefox's sidebar opens from its own toolbar button.
    const sidePanel = (browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> } }).sidePanel;
    if (sidePanel && window.id !== undefined) await sidePanel.open({ windowId: window.id });
  };

  const lookUp = async (query: LookupQuery, label: string) => {
    const round = ++latest.current;
    setBusy(true);
    setProblem(undefined);
    setRecentItems(recent.add(label));
    try {
      const lookup = await askBackground('person.lookup', { query });
      if (round === latest.current) setAnswer({ lookup, label });
    } catch (error) {
      if (round === latest.current) {
        setAnswer(undefined);
        setProblem(toProblem(error));
      }
    }
    if (round === latest.current) setBusy(false);
  };

  const again = (item: string) => {
    const parsed = parseLookupQuery(item);
    setText(item);
    if (parsed.ok) void lookUp(parsed.query, item);
  };

  return (
    <main className="popup">
      <h1>Flex Steward</h1>
      <ConnectionSummary />
      <LookupBox text={text} onText={setText} onLookup={(query, label) => void lookUp(query, label)} busy={busy} />
      <RecentLookups
        items={recentItems}
        onPick={again}
        onClear={() => {
          recent.clear();
          setRecentItems([]);
        }}
      />
      {problem ? <ProblemNotice problem={problem} /> : null}
      {answer ? <LookupResult lookup={answer.lookup} label={answer.label} /> : null}
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

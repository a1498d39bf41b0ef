import { browser } from 'wxt/browser';
import { ConnectionSummary } from './ConnectionSummary';

/** The toolbar popup: one person by email, in Okta and Twilio side by side. */
export function PopupApp() {
  const openSidePanel = async () => {
    const window = await browser.windows.getCurrent();
    // Chrome's side panel; Firefox's sidebar opens from its own toolbar button.
    const sidePanel = (browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> } }).sidePanel;
    if (sidePanel && window.id !== undefined) await sidePanel.open({ windowId: window.id });
  };
  return (
    <main style={{ width: 360 }}>
      <h1>Flex Steward</h1>
      <ConnectionSummary />
      <form className="panel" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="lookup-email">Email address</label>
        <div className="row">
          <input id="lookup-email" type="email" placeholder="agent@example.com" autoComplete="off" />
          <button type="submit">Look up</button>
        </div>
      </form>
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

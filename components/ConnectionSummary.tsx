import { useEffect, useState } from 'react';
import { askBackground } from '../lib/messages/ask-background';
import type { CommandResponse } from '../lib/messages/commands';
import { toProblem } from '../lib/problem';


/** Which sides are connected, as the background sees it; never any credential. */
export function ConnectionSummary() {
  const [status, setStatus] = useState<CommandResponse<'connection.status'>>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    askBackground('connection.status', {}).then(setStatus, (e: unknown) => setError(toProblem(e).message));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!status) return <p className="muted">Checking connections…</p>;
  const side = (name: string, s: { configured: boolean; label?: string }) => (
    <p>
      {name}: <span className={`status ${s.configured ? 'ok' : 'off'}`}>{s.configured ? `Connected${s.label ? ` · ${s.label}` : ''}` : 'Not connected'}</span>
    </p>
  );
  return (
    <div aria-label="Connections">
      {side('Okta', status.okta)}
      {side('Twilio', status.twilio)}
    </div>
  );
}

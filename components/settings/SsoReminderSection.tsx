import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { Problem } from '../../lib/problem';
import { chooseReminderNotification } from '../../lib/sso/reminder-permission';
import { ProblemNotice } from '../ProblemNotice';
import { ask, type SettingsView } from './use-settings';

/** The SSO switch-back reminder: always on the icon and in the side panel; on the desktop only if turned on here. */
export function SsoReminderSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const [problem, setProblem] = useState<Problem>();
  const [denied, setDenied] = useState(false);
  const toggle = async (on: boolean) => {
    const allowed = await chooseReminderNotification(on, browser.permissions);
    setDenied(on && !allowed);
    const result = await ask('settings.save', { settings: { ...view.settings, sso: { reminderNotification: allowed } }, secrets: {}, clearSecrets: [] });
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    onSaved(result.data);
  };
  return (
    <section className="panel" id="sso" aria-labelledby="sso-heading">
      <h2 id="sso-heading">SSO migration reminder</h2>
      <p className="muted">In the last 7 days before Flex drops the legacy SSO connection (30 days after migrating), the extension’s icon shows the days left, and so does the side panel.</p>
      <label className="choice">
        <input type="checkbox" checked={view.settings.sso.reminderNotification} onChange={(e) => void toggle(e.target.checked)} />
        <span>Also show a desktop notification (the browser asks to allow notifications)</span>
      </label>
      {denied ? <p className="field-error">The browser did not allow notifications, so the reminder stays on the icon and in the side panel.</p> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
    </section>
  );
}

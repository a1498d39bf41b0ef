import { useEffect, useState } from 'react';
import type { Problem } from '../../lib/problem';
import { parseOperators } from '../../lib/settings/operators-text';
import type { TeamOperatorsChange, TeamOperatorsView } from '../../lib/team/types';
import { formatTime } from '../../lib/ui/format-time';
import { askInEffect } from '../ask-in-effect';
import { askBackground } from '../../lib/messages/ask-background';
import { ProblemNotice } from '../ProblemNotice';
import { ask } from './use-settings';

const asText = (view: TeamOperatorsView) => view.operators.map((o) => o.email).join('\n');

/** "2026-12-02 10:42 UTC · ana@example.com added ben@example.com; removed carl@example.com" */
export function operatorsChangeLine(change: TeamOperatorsChange): string {
  const parts = [change.added.length ? `added ${change.added.join(', ')}` : '', change.removed.length ? `removed ${change.removed.join(', ')}` : ''].filter(Boolean);
  return `${formatTime(change.at)} · ${change.by} ${parts.join('; ')}`;
}

/**
 * Team mode's approved operators: one list in Sync for every admin, in place of this browser's.
 * Saved on its own, since each change is recorded in the team ledger; while Sync cannot be reached
 * the list shown is the last one read, and it cannot be changed.
 */
export function TeamOperators() {
  const [view, setView] = useState<TeamOperatorsView>();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();

  const show = (next: TeamOperatorsView) => {
    setView(next);
    setText(asText(next));
  };
  useEffect(() => askInEffect(() => askBackground('team.operators', {}), show, setProblem), []);

  const save = async () => {
    setSaving(true);
    const result = await ask('team.setOperators', { operators: parseOperators(text) });
    setSaving(false);
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    show(result.data);
    setSavedAt(formatTime(new Date().toISOString()));
  };

  // The list as last read is shown, but a change made from it could undo a colleague's: Sync must answer first.
  const unreachable = !view || view.stale || Boolean(view.problem);
  const dirty = view !== undefined && text !== asText(view);
  return (
    <div aria-label="Approved operators (team)">
      <label htmlFor="team-approved">Approved operators (shared with the team)</label>
      <textarea id="team-approved" rows={3} value={text} onChange={(e) => setText(e.target.value)} disabled={!view} aria-describedby="team-approved-hint" />
      <p id="team-approved-hint" className="hint">
        One email per line. When the list is not empty, only these operators may start, retry or skip runs, in every admin’s browser. Changes are recorded in the team ledger.
      </p>
      {view?.changes?.length ? (
        <ul className="small muted" aria-label="Recent changes to the approved operators">
          {view.changes.map((change) => (
            <li key={change.id}>{operatorsChangeLine(change)}</li>
          ))}
        </ul>
      ) : null}
      {view?.stale ? (
        <p className="notice warn" role="status">
          Sync cannot be reached: this is the list as last read from Sync. It can be changed once Sync answers again.
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={unreachable || saving || !dirty} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save approved operators'}
        </button>
        {dirty ? <span className="dirty">Unsaved changes</span> : savedAt ? <span className="saved" role="status">Saved at {savedAt}</span> : null}
      </div>
      {view?.problem ? <ProblemNotice problem={view.problem} /> : problem ? <ProblemNotice problem={problem} /> : null}
    </div>
  );
}

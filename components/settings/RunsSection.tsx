import { SaveActions } from './SaveActions';
import { useState } from 'react';
import type { Problem } from '../../lib/problem';
import type { RunSettings } from '../../lib/settings/settings';
import { ProblemNotice } from '../ProblemNotice';
import { ask, type SettingsView } from './use-settings';
import { formatTime } from '../../lib/ui/format-time';
import { parseOperators } from '../../lib/settings/operators-text';
import { TeamOperators } from './TeamOperators';

/**
 * Deprovisioning: the optional steps every run includes, and who may start runs. In team mode the
 * approved operators are the team's list in Sync (TeamOperators), and this browser's list is kept
 * as it was, unused, for when team mode is turned off.
 */
export function RunsSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const saved = view.settings.runs;
  const [draft, setDraft] = useState<RunSettings>(saved);
  const [operators, setOperators] = useState(saved.approvedOperators.join('\n'));
  const [problem, setProblem] = useState<Problem>();
  const [savedAt, setSavedAt] = useState<string>();
  const set = (patch: Partial<RunSettings>) => setDraft((d) => ({ ...d, ...patch }));
  // "Use my Okta login" in Team mode saves "You are" from there: take it, or saving here would put the old one back.
  const [savedOperator, setSavedOperator] = useState(saved.operator);
  if (saved.operator !== savedOperator) {
    setSavedOperator(saved.operator);
    set({ operator: saved.operator });
  }
  const teamMode = view.settings.team.enabled;

  const save = async () => {
    const approvedOperators = teamMode ? saved.approvedOperators : parseOperators(operators);
    const runs = { ...draft, approvedOperators, operator: draft.operator?.trim() || undefined };
    const result = await ask('settings.save', { settings: { ...view.settings, runs }, secrets: {}, clearSecrets: [] });
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    setDraft(result.data.settings.runs);
    setSavedAt(formatTime(new Date().toISOString()));
    onSaved(result.data);
  };

  return (
    <section className="panel" id="runs" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Deprovisioning</h2>
      <p className="muted">Every run removes the Flex app assignment, clears Okta sessions and tokens, puts the worker offline and deletes it. These steps are added to every run:</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="choice">
          <input type="checkbox" checked={draft.suspend} onChange={(e) => set({ suspend: e.target.checked })} />
          <span>Suspend the Okta user (undoable from the run history)</span>
        </label>
        <label className="choice">
          <input type="checkbox" checked={draft.deactivate} onChange={(e) => set({ deactivate: e.target.checked })} />
          <span>
            Deactivate the Okta user — <strong>cannot be undone</strong>; replaces suspending
          </span>
        </label>
        <label className="choice">
          <input type="checkbox" checked={draft.flexUserDeprovision} onChange={(e) => set({ flexUserDeprovision: e.target.checked })} />
          <span>Deprovision the Flex user with the Flex Users API (public beta) instead of deleting the worker: also removes the Insights user, and cannot be undone. A worker without a Flex user is deleted as usual.</span>
        </label>

        <label htmlFor="runs-operator">You are (recorded in the run history)</label>
        <input id="runs-operator" type="email" value={draft.operator ?? ''} onChange={(e) => set({ operator: e.target.value })} placeholder="you@example.com" autoComplete="email" />
        {teamMode ? <p className="hint">In team mode this is the identity on every run and in the Sync token, so colleagues see who ran what.</p> : null}
        {teamMode ? (
          <TeamOperators />
        ) : (
          <>
            <label htmlFor="runs-approved">Approved operators</label>
            <textarea id="runs-approved" rows={3} value={operators} onChange={(e) => setOperators(e.target.value)} aria-describedby="runs-approved-hint" />
            <p id="runs-approved-hint" className="hint">
              One email per line. When the list is not empty, only these operators may start, retry or skip runs. It guards against mistakes on a shared browser, not against someone who can edit these settings.
            </p>
          </>
        )}
        <fieldset>
          <legend>Run history kept</legend>
          <label htmlFor="runs-keep-count">The newest runs kept</label>
          <input id="runs-keep-count" type="number" min={10} max={100000} value={draft.keepRuns} onChange={(e) => set({ keepRuns: Number(e.target.value) })} />
          <label htmlFor="runs-keep-days">Days a run is kept</label>
          <input id="runs-keep-days" type="number" min={1} max={3650} value={draft.keepDays} onChange={(e) => set({ keepDays: Number(e.target.value) })} aria-describedby="runs-keep-hint" />
          <p id="runs-keep-hint" className="hint">
            Finished runs beyond either limit are offered for export in Run history, and removed only after that.
          </p>
        </fieldset>
        <label htmlFor="runs-max-bulk">Most people in one bulk run</label>
        <input id="runs-max-bulk" type="number" min={1} max={200} value={draft.maxPerBulk} onChange={(e) => set({ maxPerBulk: Number(e.target.value) })} aria-describedby="runs-max-bulk-hint" />
        <p id="runs-max-bulk-hint" className="hint">
          From 1 to 200. The licence audit opens a bulk run only for a selection this size or smaller, so each batch stays one an operator can read through, person by person, before typing its count.
        </p>
        <SaveActions label="Save deprovisioning settings" savedAt={savedAt} />
      </form>
      {problem ? <ProblemNotice problem={problem} /> : null}
    </section>
  );
}

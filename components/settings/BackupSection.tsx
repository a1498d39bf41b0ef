import { useState } from 'react';
import type { Problem } from '../../lib/problem';
import { downloadJson } from '../download-json';
import { ProblemNotice } from '../ProblemNotice';
import { ClearedSecretsNotice } from './ClearedSecretsNotice';
import { ask, type SettingsView } from './use-settings';

/** Export and import of non-secret settings; secrets never leave the vault this way. */
export function BackupSection({ onImported }: { onImported: (next: SettingsView) => void }) {
  const [problem, setProblem] = useState<Problem>();
  const [note, setNote] = useState<string>();
  const [cleared, setCleared] = useState<string>();

  const exportFile = async () => {
    const result = await ask('settings.export', {});
    if ('problem' in result) return setProblem(result.problem);
    downloadJson('flex-steward-settings.json', result.data.json);
    setNote('Exported. The file holds no secrets.');
    setCleared(undefined);
  };

  const importFile = async (file: File) => {
    const result = await ask('settings.import', { json: await file.text() });
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    setNote(result.data.notice ? 'Imported.' : 'Imported. Enter the secrets again: exports never contain them.');
    setCleared(result.data.notice);
    onImported(result.data);
  };

  return (
    <section className="panel" id="backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Export and import</h2>
      <p className="muted">Copies the org, account, region and app choices between browsers. Secrets are never exported.</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void exportFile()}>
          Export settings
        </button>
        <label htmlFor="import-file" style={{ margin: 0 }}>
          Import settings
        </label>
        <input id="import-file" type="file" accept="application/json,.json" style={{ width: 'auto' }} onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
      </div>
      {problem ? <ProblemNotice problem={problem} /> : note ? <p className="saved" role="status">{note}</p> : null}
      {problem ? null : <ClearedSecretsNotice notice={cleared} />}
    </section>
  );
}

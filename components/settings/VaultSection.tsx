import { useState } from 'react';
import type { Problem } from '../../lib/problem';
import { ProblemNotice } from '../ProblemNotice';
import { ask, type SettingsView } from './use-settings';

/**
 * The credential vault: set up, unlock, lock, idle time. Secrets are saved in the Okta and Twilio
 * sections; this section only controls the key that protects them.
 */
export function VaultSection({ view, onChange }: { view: SettingsView; onChange: (next: SettingsView['vault']) => void }) {
  const vault = view.vault;
  const [mode, setMode] = useState<'passphrase' | 'device-key'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [minutes, setMinutes] = useState(String(vault.idleLockMinutes));
  const [problem, setProblem] = useState<Problem>();
  const [note, setNote] = useState<string>();

  const run = async (action: Promise<{ data: SettingsView['vault'] } | { problem: Problem }>, done: string) => {
    const result = await action;
    if ('problem' in result) {
      setProblem(result.problem);
      return;
    }
    setProblem(undefined);
    setPassphrase('');
    setConfirm('');
    setNote(done);
    onChange(result.data);
  };

  const mismatch = mode === 'passphrase' && confirm !== '' && passphrase !== confirm;
  const tooShort = mode === 'passphrase' && passphrase !== '' && passphrase.length < 12;

  return (
    <section className="panel" id="security" aria-labelledby="security-heading">
      <h2 id="security-heading">Security</h2>
      {vault.state === 'empty' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (mode === 'passphrase' && (mismatch || tooShort || !passphrase)) return;
            void run(ask('vault.setup', mode === 'passphrase' ? { passphrase } : {}), 'The vault is ready. Secrets you save are encrypted with it.');
          }}
        >
          <p>Flex Steward keeps your Okta and Twilio secrets encrypted (AES-GCM) in this browser. Choose what protects the key:</p>
          <label className="choice">
            <input type="radio" name="vault-mode" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} />
            <span>
              <strong>A passphrase (recommended).</strong> Nobody who copies this browser profile can read the secrets without it. You type it after each browser start and after the idle lock.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="vault-mode" checked={mode === 'device-key'} onChange={() => setMode('device-key')} />
            <span>
              <strong>A device key, no passphrase.</strong> Keeps secrets out of exports, sync and casual reads of the disk, but anyone who can read this browser profile can decrypt them.
            </span>
          </label>
          {mode === 'passphrase' ? (
            <>
              <label htmlFor="vault-passphrase">Vault passphrase</label>
              <input id="vault-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-describedby="vault-passphrase-hint" />
              <p id="vault-passphrase-hint" className={tooShort ? 'field-error' : 'hint'}>
                At least 12 characters. It cannot be recovered: forgetting it means entering the secrets again.
              </p>
              <label htmlFor="vault-confirm">Confirm passphrase</label>
              <input id="vault-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} aria-describedby={mismatch ? 'vault-confirm-error' : undefined} />
              {mismatch ? (
                <p id="vault-confirm-error" className="field-error">
                  The two passphrases differ.
                </p>
              ) : null}
            </>
          ) : null}
          <div className="actions">
            <button type="submit">Create vault</button>
          </div>
        </form>
      ) : vault.state === 'locked' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(ask('vault.unlock', vault.mode === 'passphrase' ? { passphrase } : {}), 'Unlocked.');
          }}
        >
          <p>
            <span className="status off">Locked</span> Secrets stay encrypted until you unlock.
          </p>
          {vault.mode === 'passphrase' ? (
            <>
              <label htmlFor="vault-unlock">Vault passphrase</label>
              <input id="vault-unlock" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </>
          ) : null}
          <div className="actions">
            <button type="submit">Unlock</button>
          </div>
        </form>
      ) : (
        <>
          <p>
            <span className="status ok">Unlocked</span> {vault.mode === 'passphrase' ? 'Protected by your passphrase.' : 'Protected by a device key.'} Locks after {vault.idleLockMinutes} minutes without use.
          </p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void run(ask('vault.configure', { idleLockMinutes: Number(minutes) }), 'Idle lock saved.');
            }}
          >
            <label htmlFor="vault-idle" style={{ margin: 0 }}>
              Lock after (minutes idle)
            </label>
            <input id="vault-idle" type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} style={{ width: 90 }} />
            <button type="submit" className="secondary">
              Save
            </button>
            <button type="button" className="secondary" onClick={() => void run(ask('vault.lock', {}), 'Locked.')}>
              Lock now
            </button>
          </form>
        </>
      )}
      {problem ? <ProblemNotice problem={problem} /> : note ? <p role="status" className="saved">{note}</p> : null}
    </section>
  );
}

import { browser } from 'wxt/browser';

/**
 * How pages and content scripts hear that a run changed. The journal lives where they cannot read
 * it (lib/storage/extension-store.ts), and `storage.onChanged` is the one change event every
 * context — content scripts included — receives without a permission per tab. So the background
 * writes a bare hint to `storage.local`: the time something changed. It carries
 * nothing to act on; a page that hears it asks the background, through a checked command, for
 * what is true. A hint a content script forges costs one extra request, nothing more.
 */
const RUNS_CHANGED = 'signal.runsChanged';
/** The vault locked (idle, Lock button): whatever a page shows from the connections is now stale. */
const VAULT_LOCKED = 'signal.vaultLocked';

/** Writes a new value under the hint's key, so every listener hears a change. */
const signal = (key: string) => browser.storage.local.set({ [key]: Date.now() });

/** Calls `listener` whenever the hint under `key` changes; returns the unsubscribe. */
function onSignal(key: string, listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && key in changes) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/** A run changed: its journal record was written. */
export const signalRunChanged = () => signal(RUNS_CHANGED);
export const onRunChanged = (listener: () => void) => onSignal(RUNS_CHANGED, listener);

export const signalVaultLocked = () => signal(VAULT_LOCKED);
export const onVaultLocked = (listener: () => void) => onSignal(VAULT_LOCKED, listener);

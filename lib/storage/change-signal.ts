import { browser } from 'wxt/browser';

/**
 * How pages and content scripts hear that a run changed. The journal lives where they cannot read
 * it (lib/storage/extension-store.ts), and `storage.onChanged` is the one change event every
 * context — content scripts included — receives without a permission per tab. So the background
 * writes a bare hint to `storage.local`: the id of the run that changed and when. It carries
 * nothing to act on; a page that hears it asks the background, through a checked command, for
 * what is true. A hint a content script forges costs one extra request, nothing more.
 */
const RUNS_CHANGED = 'signal.runsChanged';
/** The vault locked (idle, Lock button): whatever a page shows from the connections is now stale. */
const VAULT_LOCKED = 'signal.vaultLocked';

export function signalVaultLocked(): Promise<void> {
  return browser.storage.local.set({ [VAULT_LOCKED]: Date.now() });
}

export function onVaultLocked(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && VAULT_LOCKED in changes) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

export function signalRunChanged(runId: string): Promise<void> {
  return browser.storage.local.set({ [RUNS_CHANGED]: { runId, at: Date.now() } });
}

/** Calls `listener` with the changed run's id (or null when the hint is not one this version wrote); returns the unsubscribe. */
export function onRunChanged(listener: (runId: string | null) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(RUNS_CHANGED in changes)) return;
    const value = changes[RUNS_CHANGED]?.newValue as { runId?: unknown } | undefined;
    listener(typeof value?.runId === 'string' ? value.runId : null);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

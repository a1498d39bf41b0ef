import { browser, type Browser } from 'wxt/browser';
import type { KeyValueArea, VaultStorage } from './storage-area';

const adapt = (area: Browser.storage.StorageArea): KeyValueArea => ({
  get: (keys) => area.get(keys),
  set: (items) => area.set(items),
  remove: (keys) => area.remove(keys),
});

/**
 * The vault's storage in the extension. Call only from trusted contexts (background, extension
 * pages): content scripts must never hold the vault, and `setAccessLevel` throws there anyway.
 *
 * Chrome already defaults `storage.session` to trusted contexts; setting it here makes the vault
 * not depend on that default, nor on some other code having widened it. Firefox keeps
 * `storage.session` away from content scripts by default and may lack the method, hence the check.
 */
export async function browserVaultStorage(): Promise<VaultStorage> {
  const session = browser.storage.session;
  if (typeof session.setAccessLevel === 'function') await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return { local: adapt(browser.storage.local), session: adapt(session) };
}

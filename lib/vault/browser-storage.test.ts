import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browserVaultStorage } from './browser-storage';
import { createVault } from './vault';

describe('browserVaultStorage', () => {
  beforeEach(() => fakeBrowser.reset());
  // The fake browser has no setAccessLevel (like some Firefox versions); tests that add one take it away again.
  afterEach(() => Reflect.deleteProperty(fakeBrowser.storage.session, 'setAccessLevel'));

  it('restricts session storage to trusted contexts where the browser supports it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.storage.session, { setAccessLevel });
    await browserVaultStorage();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('keeps ciphertext in storage.local and the key in storage.session', async () => {
    const vault = createVault({ storage: await browserVaultStorage(), pbkdf2Iterations: 1_000 });
    expect((await vault.setup({ passphrase: 'pass phrase' })).ok).toBe(true);
    expect((await vault.setSecret('okta.apiToken', 'token-plaintext')).ok).toBe(true);

    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local).sort()).toEqual(['vault.meta', 'vault.secret.okta.apiToken']);
    expect(JSON.stringify(local)).not.toContain('token-plaintext');
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['vault.session']);

    await fakeBrowser.storage.session.clear();
    expect(await vault.getSecret('okta.apiToken')).toMatchObject({ ok: false, problem: { code: 'locked' } });
    await vault.unlock('pass phrase');
    expect(await vault.getSecret('okta.apiToken')).toEqual({ ok: true, data: 'token-plaintext' });
  });
});

import { describe, expect, it } from 'vitest';
import { encryptText, fromBase64, importAesKey, randomBytes, toBase64 } from './crypto';
import { createMemoryArea, createMemoryDeviceKeyStore } from './storage-area';
import { DEFAULT_IDLE_LOCK_MINUTES, PBKDF2_ITERATIONS, SECRET_NAMES, createVault, type SecretName, type VaultResult } from './vault';

const MINUTE = 60_000;
const PASSPHRASE = 'correct horse battery staple';
const TOKEN = '00abcDEFghiJKLmnoPQRstuVWXyz0123456789ZZ';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const TWILIO_SECRET = 'twilioSecretValue0123456789abcdef';

/**
 * Vaults over shared in-memory areas and device-key store with a hand-driven clock; `restart()`
 * models a browser restart (session storage gone, local and IndexedDB kept). Device keys are made
 * from bytes the test keeps, in base64 and hex, so it can look for them in storage.
 */
function harness() {
  const local = createMemoryArea();
  const deviceKeys = createMemoryDeviceKeyStore();
  let session = createMemoryArea();
  let clock = Date.parse('2025-03-03T09:00:00Z');
  const deviceKeyBytes: string[] = [];
  const generateDeviceKey = async () => {
    const raw = randomBytes(32);
    deviceKeyBytes.push(toBase64(raw), Buffer.from(raw).toString('hex'));
    return importAesKey(raw);
  };
  const open = () => createVault({ storage: { local, session, deviceKeys }, now: () => clock, pbkdf2Iterations: 1_000, generateDeviceKey });
  const h = {
    local,
    deviceKeys,
    deviceKeyBytes,
    session: () => session,
    vault: open(),
    advance: (ms: number) => {
      clock += ms;
    },
    restart: () => {
      session = createMemoryArea();
      h.vault = open();
    },
  };
  return h;
}

function data<T>(result: VaultResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.problem.code}: ${result.problem.message}`);
  return result.data;
}

function problemOf<T>(result: VaultResult<T>) {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.data)}`);
  return result.problem;
}

async function storeAll(h: ReturnType<typeof harness>) {
  data(await h.vault.setSecret('okta.apiToken', TOKEN));
  data(await h.vault.setSecret('okta.privateKey', PRIVATE_KEY));
  data(await h.vault.setSecret('twilio.apiKeySecret', TWILIO_SECRET));
}

describe('vault', () => {
  it('uses at least 600,000 PBKDF2 iterations in production', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('starts empty and asks to be set up before storing anything', async () => {
    const h = harness();
    expect(await h.vault.status()).toEqual({ state: 'empty', mode: null, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES });
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('not-configured');
    expect(problemOf(await h.vault.setSecret('okta.apiToken', TOKEN)).code).toBe('not-configured');
    expect(problemOf(await h.vault.unlock(PASSPHRASE)).code).toBe('not-configured');
    expect(h.local.entries()).toEqual({});
  });

  it('round-trips secrets through setup, lock and unlock with a passphrase', async () => {
    const h = harness();
    expect(data(await h.vault.setup({ passphrase: PASSPHRASE }))).toMatchObject({ state: 'unlocked', mode: 'passphrase' });
    await storeAll(h);
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBe(PRIVATE_KEY);

    expect(await h.vault.lock()).toMatchObject({ state: 'locked', mode: 'passphrase' });
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('locked');

    expect(data(await h.vault.unlock(PASSPHRASE)).state).toBe('unlocked');
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
    expect(data(await h.vault.getSecret('twilio.apiKeySecret'))).toBe(TWILIO_SECRET);
  });

  it('round-trips secrets with a device key, unlocking without a passphrase', async () => {
    const h = harness();
    expect(data(await h.vault.setup())).toMatchObject({ state: 'unlocked', mode: 'device-key' });
    await storeAll(h);
    await h.vault.lock();
    h.restart();
    expect(await h.vault.status()).toMatchObject({ state: 'locked', mode: 'device-key' });
    expect(data(await h.vault.unlock()).state).toBe('unlocked');
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBe(PRIVATE_KEY);
  });

  it('keeps only ciphertext in local storage, under vault.-prefixed keys, with a fresh IV per secret', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    data(await h.vault.setIdleLockMinutes(20));

    const stored = h.local.entries();
    const json = JSON.stringify(stored);
    for (const plaintext of [TOKEN, PRIVATE_KEY, JSON.stringify(PRIVATE_KEY), TWILIO_SECRET, PASSPHRASE, toBase64(new TextEncoder().encode(TOKEN))]) {
      expect(json).not.toContain(plaintext);
    }
    expect(Object.keys(stored).every((key) => key.startsWith('vault.'))).toBe(true);
    expect(Object.keys(h.session().entries()).every((key) => key.startsWith('vault.'))).toBe(true);

    const records = SECRET_NAMES.map((name) => stored[`vault.secret.${name}`] as { v: number; iv: string; ct: string });
    for (const record of records) {
      expect(record).toEqual({ v: 1, iv: expect.any(String), ct: expect.any(String) });
      expect(fromBase64(record.iv)).toHaveLength(12);
    }
    expect(new Set(records.map((r) => r.iv)).size).toBe(records.length);
    expect(stored['vault.meta']).toMatchObject({ mode: 'passphrase', iterations: 1_000 });
    expect(fromBase64((stored['vault.meta'] as { salt: string }).salt)).toHaveLength(16);
  });

  it('re-encrypts under a new IV when the same secret is saved again', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    data(await h.vault.setSecret('okta.apiToken', TOKEN));
    const first = h.local.entries()['vault.secret.okta.apiToken'];
    data(await h.vault.setSecret('okta.apiToken', TOKEN));
    expect(h.local.entries()['vault.secret.okta.apiToken']).not.toEqual(first);
  });

  it('rejects a wrong passphrase as locked and leaves every stored byte as it was', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    await h.vault.lock();
    const before = h.local.entries();

    const wrong = problemOf(await h.vault.unlock('incorrect horse'));
    expect(wrong).toMatchObject({ code: 'locked', service: 'extension' });
    expect(wrong.message).toMatch(/passphrase/);
    expect(problemOf(await h.vault.unlock()).code).toBe('locked');
    expect(problemOf(await h.vault.unlock('')).code).toBe('locked');

    expect(h.local.entries()).toEqual(before);
    expect((await h.vault.status()).state).toBe('locked');
    data(await h.vault.unlock(PASSPHRASE));
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
  });

  it('locks, keeping the ciphertext, when the session key is lost to a browser restart', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    const before = h.local.entries();

    h.restart();
    expect(await h.vault.status()).toMatchObject({ state: 'locked', mode: 'passphrase' });
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('locked');
    expect(await h.vault.savedSecretNames()).toEqual([...SECRET_NAMES]);
    expect(h.local.entries()).toEqual(before);

    data(await h.vault.unlock(PASSPHRASE));
    expect(data(await h.vault.getSecret('twilio.apiKeySecret'))).toBe(TWILIO_SECRET);
  });

  it('locks after the idle time, counting admin activity but neither reads of secrets nor status checks', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    data(await h.vault.setSecret('okta.apiToken', TOKEN));

    // Reads (a Console tab's badges) do not hold the vault open.
    h.advance(10 * MINUTE);
    data(await h.vault.getSecret('okta.apiToken'));
    h.advance(5 * MINUTE + 1);
    expect((await h.vault.status()).state).toBe('locked');
    data(await h.vault.unlock(PASSPHRASE));

    h.advance(10 * MINUTE);
    expect((await h.vault.touch()).state).toBe('unlocked');
    h.advance(15 * MINUTE);
    expect((await h.vault.status()).state).toBe('unlocked');
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
    h.advance(1);
    expect((await h.vault.status()).state).toBe('locked');
    expect(h.session().entries()).toEqual({});
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('locked');
    expect(h.local.entries()['vault.secret.okta.apiToken']).toBeDefined();
  });

  it('locks from the background alarm only once the idle time has passed', async () => {
    const h = harness();
    data(await h.vault.setup());
    h.advance(DEFAULT_IDLE_LOCK_MINUTES * MINUTE);
    expect(await h.vault.lockIfIdle()).toMatchObject({ state: 'unlocked', lockedNow: false });
    h.advance(1);
    expect(await h.vault.lockIfIdle()).toMatchObject({ state: 'locked', lockedNow: true });
    expect(await h.vault.lockIfIdle()).toMatchObject({ state: 'locked', lockedNow: false });
    expect(h.session().entries()).toEqual({});
  });

  it('honours a configured idle time and rejects nonsense values', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    expect(data(await h.vault.setIdleLockMinutes(5)).idleLockMinutes).toBe(5);
    for (const bad of [0, -1, 1.5, 24 * 60 + 1, Number.NaN]) expect(problemOf(await h.vault.setIdleLockMinutes(bad)).code).toBe('invalid-request');
    h.advance(5 * MINUTE + 1);
    expect(await h.vault.status()).toEqual({ state: 'locked', mode: 'passphrase', idleLockMinutes: 5 });
  });

  it('changes the passphrase, re-encrypting every secret so only the new one works', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    const before = h.local.entries();

    expect(data(await h.vault.changePassphrase(PASSPHRASE, 'a new passphrase'))).toMatchObject({ state: 'unlocked', mode: 'passphrase' });
    const after = h.local.entries();
    for (const name of SECRET_NAMES) expect(after[`vault.secret.${name}`]).not.toEqual(before[`vault.secret.${name}`]);
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBe(PRIVATE_KEY);

    await h.vault.lock();
    expect(problemOf(await h.vault.unlock(PASSPHRASE)).code).toBe('locked');
    data(await h.vault.unlock('a new passphrase'));
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
    expect(data(await h.vault.getSecret('twilio.apiKeySecret'))).toBe(TWILIO_SECRET);
  });

  it('refuses to change the passphrase without the current one, changing nothing', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    const before = h.local.entries();
    expect(problemOf(await h.vault.changePassphrase('guess', 'new one')).code).toBe('locked');
    expect(problemOf(await h.vault.changePassphrase(null, 'new one')).code).toBe('locked');
    expect(problemOf(await h.vault.changePassphrase(PASSPHRASE, '')).code).toBe('invalid-request');
    expect(h.local.entries()).toEqual(before);
  });

  it('switches between passphrase and device key in both directions', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);

    expect(data(await h.vault.changePassphrase(PASSPHRASE, null)).mode).toBe('device-key');
    expect(h.local.entries()['vault.meta']).not.toHaveProperty('salt');
    expect(await h.deviceKeys.load()).not.toBeNull();
    h.restart();
    data(await h.vault.unlock());
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);

    expect(data(await h.vault.changePassphrase(null, 'back to words')).mode).toBe('passphrase');
    expect(await h.deviceKeys.load()).toBeNull();
    h.restart();
    expect(problemOf(await h.vault.unlock()).code).toBe('locked');
    data(await h.vault.unlock('back to words'));
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBe(PRIVATE_KEY);
  });

  it('treats a session key left over from the old key material as locked, not as tampering', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    data(await h.vault.setSecret('okta.apiToken', TOKEN));
    const oldSession = h.session().entries();
    data(await h.vault.changePassphrase(PASSPHRASE, 'a new passphrase'));
    await h.session().set(oldSession);

    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('locked');
    data(await h.vault.unlock('a new passphrase'));
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
  });

  it('reports altered ciphertext as a damaged secret instead of returning garbage', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    const record = h.local.entries()['vault.secret.okta.apiToken'] as { v: 1; iv: string; ct: string };
    const ct = fromBase64(record.ct);
    ct[3] = (ct[3] ?? 0) ^ 0x20;
    await h.local.set({ 'vault.secret.okta.apiToken': { ...record, ct: toBase64(ct) } });

    const damaged = problemOf(await h.vault.getSecret('okta.apiToken'));
    expect(damaged.code).toBe('precondition-failed');
    expect(damaged.message).toContain('Okta API token');
    expect(damaged.nextStep).toContain('Okta API token');
    expect(data(await h.vault.getSecret('twilio.apiKeySecret'))).toBe(TWILIO_SECRET);

    const before = h.local.entries();
    expect(problemOf(await h.vault.changePassphrase(PASSPHRASE, 'another')).code).toBe('precondition-failed');
    expect(h.local.entries()).toEqual(before);

    data(await h.vault.setSecret('okta.apiToken', TOKEN));
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
  });

  it('refuses a ciphertext moved into another secret’s slot, and records that are not records at all', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    const stored = h.local.entries();
    await h.local.set({ 'vault.secret.okta.apiToken': stored['vault.secret.twilio.apiKeySecret'], 'vault.secret.okta.privateKey': 'plain text' });
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('precondition-failed');
    expect(problemOf(await h.vault.getSecret('okta.privateKey')).code).toBe('precondition-failed');
  });

  it('reports a damaged key record as locked and refuses to set up over it', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    await h.local.set({ 'vault.meta': { v: 1, mode: 'passphrase' } });
    h.restart();
    expect(await h.vault.status()).toEqual({ state: 'locked', mode: null, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES });
    expect(problemOf(await h.vault.unlock(PASSPHRASE)).code).toBe('precondition-failed');
    expect(problemOf(await h.vault.setup({ passphrase: 'fresh' })).code).toBe('conflict');
    expect(await h.vault.savedSecretNames()).toEqual([...SECRET_NAMES]);
  });

  it('sets up only once and refuses an empty passphrase', async () => {
    const h = harness();
    expect(problemOf(await h.vault.setup({ passphrase: '' })).code).toBe('invalid-request');
    expect(h.local.entries()).toEqual({});
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    expect(problemOf(await h.vault.setup()).code).toBe('conflict');
    expect(h.local.entries()['vault.meta']).toMatchObject({ mode: 'passphrase' });
  });

  it('writes nothing while locked, and refuses unknown names and empty values', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await h.vault.lock();
    expect(problemOf(await h.vault.setSecret('okta.apiToken', TOKEN)).code).toBe('locked');
    expect(problemOf(await h.vault.deleteSecret('okta.apiToken')).code).toBe('locked');
    expect(await h.vault.savedSecretNames()).toEqual([]);

    data(await h.vault.unlock(PASSPHRASE));
    // Names arrive over runtime messages, so the union type alone does not guard them.
    expect(problemOf(await h.vault.getSecret('okta.password' as SecretName)).code).toBe('invalid-request');
    expect(problemOf(await h.vault.setSecret('okta.apiToken', '')).code).toBe('invalid-request');
    expect(await h.vault.savedSecretNames()).toEqual([]);
  });

  it('deletes one secret and reports it as never stored', async () => {
    const h = harness();
    data(await h.vault.setup());
    await storeAll(h);
    data(await h.vault.deleteSecret('okta.privateKey'));
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBeNull();
    expect(await h.vault.savedSecretNames()).toEqual(['okta.apiToken', 'twilio.apiKeySecret']);
  });

  it('wipes key material and secrets on reset, keeping only the idle preference', async () => {
    const h = harness();
    data(await h.vault.setup({ passphrase: PASSPHRASE }));
    await storeAll(h);
    data(await h.vault.setIdleLockMinutes(30));

    expect(await h.vault.reset()).toEqual({ state: 'empty', mode: null, idleLockMinutes: 30 });
    expect(h.local.entries()).toEqual({ 'vault.idleLockMinutes': 30 });
    expect(h.session().entries()).toEqual({});

    data(await h.vault.setup());
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBeNull();
  });

  it('keeps a device key out of every storage area: local and session hold no key bytes, only the store holds a non-extractable key', async () => {
    const h = harness();
    data(await h.vault.setup());
    await storeAll(h);
    await h.vault.lock();
    h.restart();
    data(await h.vault.unlock());
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
    // Re-keying the device key makes a second one; neither may leak.
    data(await h.vault.changePassphrase(null, null));
    expect(data(await h.vault.getSecret('okta.privateKey'))).toBe(PRIVATE_KEY);

    expect(h.deviceKeyBytes).toHaveLength(4);
    const stored = JSON.stringify({ local: h.local.entries(), session: h.session().entries() });
    for (const bytes of h.deviceKeyBytes) expect(stored).not.toContain(bytes);
    expect(Object.keys(h.local.entries()['vault.meta'] as object).sort()).toEqual(['check', 'mode', 'v']);
    expect(h.session().entries()['vault.session']).not.toHaveProperty('key');

    const key = await h.deviceKeys.load();
    expect(key?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
  });

  it('generates a non-extractable device key by default', async () => {
    const deviceKeys = createMemoryDeviceKeyStore();
    const vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys } });
    data(await vault.setup());
    expect((await deviceKeys.load())?.extractable).toBe(false);
  });

  it('locks a device-key vault on lock(), on idle and on restart, and unlocks it without a passphrase', async () => {
    const h = harness();
    data(await h.vault.setup());
    data(await h.vault.setSecret('okta.apiToken', TOKEN));

    expect(await h.vault.lock()).toMatchObject({ state: 'locked', mode: 'device-key' });
    expect(problemOf(await h.vault.getSecret('okta.apiToken'))).toMatchObject({ code: 'locked', nextStep: 'Unlock it in Settings.' });
    data(await h.vault.unlock());

    h.advance(DEFAULT_IDLE_LOCK_MINUTES * MINUTE + 1);
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('locked');
    expect(h.session().entries()).toEqual({});
    data(await h.vault.unlock('a passphrase is ignored here'));

    h.restart();
    expect(problemOf(await h.vault.setSecret('okta.apiToken', 'new')).code).toBe('locked');
    data(await h.vault.unlock());
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBe(TOKEN);
  });

  it('says the device key is missing when its store lost it, and recovers through reset', async () => {
    const h = harness();
    data(await h.vault.setup());
    await storeAll(h);
    await h.deviceKeys.clear();

    const missing = problemOf(await h.vault.getSecret('okta.apiToken'));
    expect(missing).toMatchObject({ code: 'precondition-failed', service: 'extension' });
    expect(missing.message).toContain('device key is missing');
    expect(missing.nextStep).toContain('Reset the vault');
    h.restart();
    expect(problemOf(await h.vault.unlock()).message).toContain('device key is missing');
    expect(await h.vault.savedSecretNames()).toEqual([...SECRET_NAMES]);

    expect((await h.vault.reset()).state).toBe('empty');
    data(await h.vault.setup());
    expect(data(await h.vault.getSecret('okta.apiToken'))).toBeNull();
  });

  it('refuses to unlock with a device key that did not make this vault', async () => {
    const h = harness();
    data(await h.vault.setup());
    data(await h.vault.setSecret('okta.apiToken', TOKEN));
    h.restart();
    await h.deviceKeys.save(await importAesKey(randomBytes(32)));
    expect(problemOf(await h.vault.unlock()).message).toMatch(/damaged/);
    expect((await h.vault.status()).state).toBe('locked');
  });

  it('treats a key record that still carries the device key in storage.local as damaged, and reset removes it', async () => {
    const h = harness();
    const raw = randomBytes(32);
    const check = await encryptText(await importAesKey(raw), 'flex-steward vault check v1', 'vault.check');
    await h.local.set({ 'vault.meta': { v: 1, mode: 'device-key', deviceKey: toBase64(raw), check } });

    expect(await h.vault.status()).toEqual({ state: 'locked', mode: null, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES });
    expect(problemOf(await h.vault.unlock())).toMatchObject({ code: 'precondition-failed', nextStep: expect.stringContaining('Reset') });
    expect(problemOf(await h.vault.getSecret('okta.apiToken')).code).toBe('precondition-failed');

    await h.vault.reset();
    expect(JSON.stringify(h.local.entries())).not.toContain(toBase64(raw));
  });

  it('deletes the device key on reset', async () => {
    const h = harness();
    data(await h.vault.setup());
    await storeAll(h);
    expect(await h.vault.reset()).toMatchObject({ state: 'empty', mode: null });
    expect(await h.deviceKeys.load()).toBeNull();
    expect(h.local.entries()).toEqual({});
    expect(h.session().entries()).toEqual({});
  });

  it('unlocks a vault made with the production iteration count', async () => {
    const local = createMemoryArea();
    const vault = createVault({ storage: { local, session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() } });
    data(await vault.setup({ passphrase: PASSPHRASE }));
    data(await vault.setSecret('okta.apiToken', TOKEN));
    expect(local.entries()['vault.meta']).toMatchObject({ iterations: PBKDF2_ITERATIONS });

    const restarted = createVault({ storage: { local, session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() } });
    data(await restarted.unlock(PASSPHRASE));
    expect(data(await restarted.getSecret('okta.apiToken'))).toBe(TOKEN);
  });
});

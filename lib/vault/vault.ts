import { z } from 'zod';
import { problem, type Problem } from '../problem';
import {
  type Bytes,
  type EncryptedRecord,
  SALT_BYTES,
  decryptText,
  deriveKeyBytes,
  encryptText,
  fromBase64,
  generateAesKey,
  importAesKey,
  randomBytes,
  toBase64,
} from './crypto';
import type { VaultStorage } from './storage-area';

/**
 * The credential vault: Okta and Twilio secrets kept only as AES-256-GCM ciphertext in
 * `storage.local`, each under its own fresh 12-byte IV. Content scripts can read `storage.local`,
 * so nothing that opens that ciphertext is ever kept there.
 *
 * The key comes from one of two places, chosen at setup:
 * - **passphrase**: PBKDF2-HMAC-SHA-256 over the admin's passphrase with a random 16-byte salt
 *   stored beside the ciphertext. Without the passphrase the ciphertext is useless.
 * - **device key**: a random AES-256 key generated non-extractable and kept, as a CryptoKey, in
 *   the extension origin's IndexedDB (see browser-storage.ts). Content scripts run in the page's
 *   origin and cannot open that database, and no script, this extension's included, can read the
 *   key's bytes out of a non-extractable CryptoKey. So it protects against content scripts and
 *   casual reads of extension storage, and keeps the key out of anything that syncs or exports
 *   settings. Be honest about its limit: non-extractable is a rule of the WebCrypto API, not
 *   encryption on disk. The browser writes the key into the profile's IndexedDB files, so anyone
 *   with full access to the browser profile has both key and ciphertext. Choose a passphrase when
 *   that matters.
 *
 * Unlocking a passphrase vault puts the raw key bytes, base64, in `storage.session` (memory only,
 * closed to content scripts). Keeping the key only in a variable would be tighter, but MV3 service
 * workers are stopped after ~30 seconds idle and that would lock the vault every time the worker
 * slept. The bytes are re-imported as a non-extractable CryptoKey on each use. Unlocking a
 * device-key vault puts no key there at all (`storage.session` holds only JSON, and the key has no
 * bytes to give): the session entry just says "unlocked, last used at", and each use reads the
 * CryptoKey from IndexedDB.
 *
 * Locking removes that session entry, and so does a browser restart: both leave the vault locked
 * with its ciphertext untouched, in either mode, so the Lock button and the idle lock mean the same
 * whichever key the admin chose. Nothing here ever falls back to plaintext, and only `reset()`
 * deletes stored secrets or the device key.
 */

export const SECRET_NAMES = ['okta.apiToken', 'okta.privateKey', 'twilio.apiKeySecret'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** How each secret is named in sentences shown to the admin. */
export const SECRET_LABELS: Record<SecretName, string> = {
  'okta.apiToken': 'Okta API token',
  'okta.privateKey': 'Okta OAuth private key',
  'twilio.apiKeySecret': 'Twilio API key secret',
};

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; vaults record their own count, so raising this only affects new key material. */
export const PBKDF2_ITERATIONS = 600_000;
export const DEFAULT_IDLE_LOCK_MINUTES = 15;
/** The longest idle lock an admin may choose: a working day. */
export const MAX_IDLE_LOCK_MINUTES = 24 * 60;
/** Every key the vault writes, in either area, starts with this; other modules must not use it. */
export const VAULT_KEY_PREFIX = 'vault.';

const KEYS = {
  meta: `${VAULT_KEY_PREFIX}meta`,
  idleLockMinutes: `${VAULT_KEY_PREFIX}idleLockMinutes`,
  session: `${VAULT_KEY_PREFIX}session`,
  secret: (name: SecretName) => `${VAULT_KEY_PREFIX}secret.${name}`,
};

const CHECK_PLAINTEXT = 'flex-steward vault check v1';
const CHECK_CONTEXT = 'vault.check';
const secretContext = (name: SecretName) => `vault.secret.${name}`;

export type VaultState = 'empty' | 'locked' | 'unlocked';
export type VaultMode = 'passphrase' | 'device-key';

export interface VaultStatus {
  state: VaultState;
  /** null while the vault is empty, or when its key record is damaged (state is then 'locked'). */
  mode: VaultMode | null;
  idleLockMinutes: number;
}

/** Same shape as the message layer's Result, so a vault answer can cross `runtime.sendMessage` unchanged. */
export type VaultResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export interface Vault {
  /** Never unlocks; locks first if the idle time has passed. Does not count as activity, so a polling popup cannot keep the vault open. */
  status(): Promise<VaultStatus>;
  /** First run only: creates key material (from the passphrase, or a device key without one) and leaves the vault unlocked. */
  setup(options?: { passphrase?: string }): Promise<VaultResult<VaultStatus>>;
  /** The passphrase is required in passphrase mode and ignored in device-key mode. */
  unlock(passphrase?: string): Promise<VaultResult<VaultStatus>>;
  lock(): Promise<VaultStatus>;
  /** For the background's alarm: locks if the idle time has passed, otherwise changes nothing; `lockedNow` when this call locked it. */
  lockIfIdle(): Promise<VaultStatus & { lockedNow: boolean }>;
  /**
   * An admin acted in Flex Steward's own pages: the idle time starts again. Only this, setup,
   * unlock and writing secrets count as activity. Reading a secret does not: badges on an open
   * Console tab read secrets for every lookup, and must not keep the vault open by themselves.
   */
  touch(): Promise<VaultStatus>;
  /** `null` when that secret was never stored. Not activity (see `touch`). */
  getSecret(name: SecretName): Promise<VaultResult<string | null>>;
  setSecret(name: SecretName, value: string): Promise<VaultResult<null>>;
  deleteSecret(name: SecretName): Promise<VaultResult<null>>;
  /** Which secrets are stored, readable while locked so Settings can show "saved" without the key. */
  savedSecretNames(): Promise<SecretName[]>;
  /**
   * Re-encrypts every secret under new key material in one write. `current` is the passphrase in
   * use (ignored in device-key mode); `next` null switches to a device key. Leaves the vault unlocked.
   */
  changePassphrase(current: string | null, next: string | null): Promise<VaultResult<VaultStatus>>;
  setIdleLockMinutes(minutes: number): Promise<VaultResult<VaultStatus>>;
  /** Deletes the key material and every secret; call only after the admin has confirmed. Keeps the idle-lock preference. */
  reset(): Promise<VaultStatus>;
}

export interface VaultOptions {
  storage: VaultStorage;
  now?: () => number;
  /** Tests only: production always uses PBKDF2_ITERATIONS. Unlocking uses the count recorded at setup. */
  pbkdf2Iterations?: number;
  /** Tests only, to know a device key's bytes and prove they are stored nowhere; must return a non-extractable key. */
  generateDeviceKey?: () => Promise<CryptoKey>;
}

const encryptedRecordSchema = z.object({ v: z.literal(1), iv: z.string(), ct: z.string() });

/**
 * A device-key meta is strict so that a record from before device keys moved to IndexedDB (which
 * carried the key itself as `deviceKey`) reads as damaged: the admin is told to reset, which also
 * deletes those key bytes from `storage.local`.
 */
const metaSchema = z.discriminatedUnion('mode', [
  z.object({
    v: z.literal(1),
    mode: z.literal('passphrase'),
    salt: z.string(),
    iterations: z.number().int().positive(),
    check: encryptedRecordSchema,
  }),
  z.strictObject({ v: z.literal(1), mode: z.literal('device-key'), check: encryptedRecordSchema }),
]);
type Meta = z.infer<typeof metaSchema>;

/**
 * `key` is the base64 passphrase key, and absent in device-key mode. `checkIv` ties the session to
 * the key material it was made for: after a crash between writing new ciphertext and the new
 * session, the stale session reads as "locked" rather than as every secret having been tampered with.
 */
const sessionSchema = z.object({ key: z.string().optional(), lastUsedAt: z.number(), checkIv: z.string() });
type Session = z.infer<typeof sessionSchema>;

type MetaRead = { kind: 'empty' } | { kind: 'damaged' } | { kind: 'ok'; meta: Meta };

const fail = (p: Problem) => ({ ok: false, problem: p }) as const;
const ok = <T>(data: T) => ({ ok: true, data }) as const;

const vaultProblem = (code: Problem['code'], message: string, nextStep: string) => problem(code, message, nextStep, { service: 'extension' });

export const vaultProblems = {
  notSetUp: () =>
    vaultProblem('not-configured', 'The credential vault has not been set up yet.', 'Open Settings and choose a passphrase (or a device key) to store credentials.'),
  alreadySetUp: () =>
    vaultProblem('conflict', 'The credential vault is already set up.', 'Unlock it in Settings; to start over, reset the vault there.'),
  locked: (mode: VaultMode) =>
    vaultProblem('locked', 'The credential vault is locked.', mode === 'passphrase' ? 'Unlock it with your passphrase in Settings.' : 'Unlock it in Settings.'),
  passphraseNeeded: () =>
    vaultProblem('locked', 'The credential vault needs its passphrase to unlock.', 'Enter the vault passphrase in Settings.'),
  badPassphrase: () =>
    vaultProblem('locked', 'That passphrase does not unlock the credential vault.', 'Check the passphrase and try again; nothing stored was changed.'),
  damagedVault: () =>
    vaultProblem(
      'precondition-failed',
      "The credential vault's key record is damaged, so nothing in it can be decrypted.",
      'Reset the vault in Settings and enter the credentials again.',
    ),
  deviceKeyMissing: () =>
    vaultProblem(
      'precondition-failed',
      "The credential vault's device key is missing from this browser profile, so nothing in it can be decrypted.",
      'Reset the vault in Settings and enter the credentials again.',
    ),
  damagedSecret: (name: SecretName) =>
    vaultProblem(
      'precondition-failed',
      `The stored ${SECRET_LABELS[name]} could not be decrypted: it was changed or damaged outside Flex Steward.`,
      `Enter the ${SECRET_LABELS[name]} again in Settings; the other credentials are not affected.`,
    ),
  unknownSecret: (name: string) =>
    vaultProblem('invalid-request', `"${name}" is not a credential Flex Steward stores.`, 'This is a bug in Flex Steward; report it with the run history attached.'),
  emptyValue: (name: SecretName) =>
    vaultProblem('invalid-request', `The ${SECRET_LABELS[name]} is empty.`, `Paste the ${SECRET_LABELS[name]}, or remove it instead of saving an empty one.`),
  emptyPassphrase: () =>
    vaultProblem('invalid-request', 'The new passphrase is empty.', 'Type a passphrase, or choose the device key instead.'),
  badIdleMinutes: () =>
    vaultProblem('invalid-request', `The idle lock must be a whole number of minutes from 1 to ${MAX_IDLE_LOCK_MINUTES}.`, 'Choose a value in that range.'),
};

export const isSecretName = (name: unknown): name is SecretName => SECRET_NAMES.some((known) => known === name);

/** Idle means strictly longer than the limit, so a read exactly at the limit still counts. */
export const isIdle = (lastUsedAt: number, now: number, idleLockMinutes: number) => now - lastUsedAt > idleLockMinutes * 60_000;

const validIdleMinutes = (minutes: unknown): minutes is number =>
  typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_IDLE_LOCK_MINUTES;

/** `sessionKey` is what goes in `storage.session`: the base64 passphrase key, or nothing for a device key. */
interface OpenKey {
  key: CryptoKey;
  sessionKey?: string;
}

interface KeyMaterial extends OpenKey {
  meta: Meta;
}

const makeCheck = (key: CryptoKey) => encryptText(key, CHECK_PLAINTEXT, CHECK_CONTEXT);

async function opensCheck(key: CryptoKey, meta: Meta): Promise<boolean> {
  try {
    return (await decryptText(key, meta.check, CHECK_CONTEXT)) === CHECK_PLAINTEXT;
  } catch {
    return false;
  }
}

async function derivePassphraseKey(passphrase: string, salt: Bytes, iterations: number): Promise<OpenKey> {
  const raw = await deriveKeyBytes(passphrase, salt, iterations);
  return { key: await importAesKey(raw), sessionKey: toBase64(raw) };
}

async function createKeyMaterial(passphrase: string | null, iterations: number, generateDeviceKey: () => Promise<CryptoKey>): Promise<KeyMaterial> {
  if (passphrase === null) {
    const key = await generateDeviceKey();
    return { key, meta: { v: 1, mode: 'device-key', check: await makeCheck(key) } };
  }
  const salt = randomBytes(SALT_BYTES);
  const opened = await derivePassphraseKey(passphrase, salt, iterations);
  return { ...opened, meta: { v: 1, mode: 'passphrase', salt: toBase64(salt), iterations, check: await makeCheck(opened.key) } };
}

export function createVault(options: VaultOptions): Vault {
  const { local, session, deviceKeys } = options.storage;
  const now = options.now ?? Date.now;
  const iterations = options.pbkdf2Iterations ?? PBKDF2_ITERATIONS;
  const generateDeviceKey = options.generateDeviceKey ?? generateAesKey;

  // Calls from one context run one at a time, so a secret saved while the passphrase is being
  // changed cannot end up encrypted under the key that is being replaced.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };

  async function readMeta(): Promise<MetaRead> {
    const stored = (await local.get(KEYS.meta))[KEYS.meta];
    if (stored === undefined) return { kind: 'empty' };
    const parsed = metaSchema.safeParse(stored);
    return parsed.success ? { kind: 'ok', meta: parsed.data } : { kind: 'damaged' };
  }

  async function readIdleMinutes(): Promise<number> {
    const stored = (await local.get(KEYS.idleLockMinutes))[KEYS.idleLockMinutes];
    return validIdleMinutes(stored) ? stored : DEFAULT_IDLE_LOCK_MINUTES;
  }

  /** The live session for this meta, locking first when it has been idle too long. */
  async function readSession(meta: Meta, idleLockMinutes: number): Promise<Session | null> {
    const parsed = sessionSchema.safeParse((await session.get(KEYS.session))[KEYS.session]);
    if (!parsed.success || parsed.data.checkIv !== meta.check.iv) return null;
    if ((parsed.data.key === undefined) !== (meta.mode === 'device-key')) return null;
    if (isIdle(parsed.data.lastUsedAt, now(), idleLockMinutes)) {
      await session.remove(KEYS.session);
      return null;
    }
    return parsed.data;
  }

  const startSession = (meta: Meta, sessionKey: string | undefined) =>
    session.set({
      [KEYS.session]: { ...(sessionKey === undefined ? {} : { key: sessionKey }), lastUsedAt: now(), checkIv: meta.check.iv } satisfies Session,
    });

  /** The key for this meta, checked against its check value: from the passphrase, or from the device-key store. */
  async function openKeyMaterial(meta: Meta, passphrase: string | null | undefined): Promise<VaultResult<OpenKey>> {
    if (meta.mode === 'device-key') {
      const key = await deviceKeys.load();
      if (!key) return fail(vaultProblems.deviceKeyMissing());
      return (await opensCheck(key, meta)) ? ok({ key }) : fail(vaultProblems.damagedVault());
    }
    if (!passphrase) return fail(vaultProblems.passphraseNeeded());
    try {
      const opened = await derivePassphraseKey(passphrase, fromBase64(meta.salt), meta.iterations);
      return (await opensCheck(opened.key, meta)) ? ok(opened) : fail(vaultProblems.badPassphrase());
    } catch {
      // A salt that is not base64 means no passphrase can open this vault; say so the same way.
      return fail(vaultProblems.badPassphrase());
    }
  }

  async function currentStatus(): Promise<VaultStatus> {
    const [read, idleLockMinutes] = await Promise.all([readMeta(), readIdleMinutes()]);
    if (read.kind === 'empty') return { state: 'empty', mode: null, idleLockMinutes };
    if (read.kind === 'damaged') return { state: 'locked', mode: null, idleLockMinutes };
    const live = await readSession(read.meta, idleLockMinutes);
    return { state: live ? 'unlocked' : 'locked', mode: read.meta.mode, idleLockMinutes };
  }

  /** The unlocked key, and when `activity` is set, the idle time restarted; or why there is none. */
  async function useKey(activity: boolean): Promise<VaultResult<CryptoKey>> {
    const [read, idleLockMinutes] = await Promise.all([readMeta(), readIdleMinutes()]);
    if (read.kind === 'empty') return fail(vaultProblems.notSetUp());
    if (read.kind === 'damaged') return fail(vaultProblems.damagedVault());
    const live = await readSession(read.meta, idleLockMinutes);
    if (!live) return fail(vaultProblems.locked(read.meta.mode));
    if (activity) await session.set({ [KEYS.session]: { ...live, lastUsedAt: now() } satisfies Session });
    if (live.key !== undefined) return ok(await importAesKey(fromBase64(live.key)));
    const key = await deviceKeys.load();
    return key ? ok(key) : fail(vaultProblems.deviceKeyMissing());
  }

  async function readSecretRecord(name: SecretName): Promise<EncryptedRecord | null | 'damaged'> {
    const stored = (await local.get(KEYS.secret(name)))[KEYS.secret(name)];
    if (stored === undefined) return null;
    const parsed = encryptedRecordSchema.safeParse(stored);
    return parsed.success ? parsed.data : 'damaged';
  }

  async function decryptSecret(key: CryptoKey, name: SecretName): Promise<VaultResult<string | null>> {
    const record = await readSecretRecord(name);
    if (record === null) return ok(null);
    if (record === 'damaged') return fail(vaultProblems.damagedSecret(name));
    try {
      return ok(await decryptText(key, record, secretContext(name)));
    } catch {
      return fail(vaultProblems.damagedSecret(name));
    }
  }

  async function savedSecretNames(): Promise<SecretName[]> {
    const stored = await local.get(SECRET_NAMES.map(KEYS.secret));
    return SECRET_NAMES.filter((name) => stored[KEYS.secret(name)] !== undefined);
  }

  return {
    status: () => serial(currentStatus),

    setup: ({ passphrase } = {}) =>
      serial(async () => {
        if ((await readMeta()).kind !== 'empty') return fail(vaultProblems.alreadySetUp());
        if (passphrase === '') return fail(vaultProblems.emptyPassphrase());
        const material = await createKeyMaterial(passphrase ?? null, iterations, generateDeviceKey);
        // The key before the meta that needs it: a crash in between leaves an empty vault, not a broken one.
        if (material.meta.mode === 'device-key') await deviceKeys.save(material.key);
        await local.set({ [KEYS.meta]: material.meta });
        await startSession(material.meta, material.sessionKey);
        return ok(await currentStatus());
      }),

    unlock: (passphrase) =>
      serial(async () => {
        const read = await readMeta();
        if (read.kind === 'empty') return fail(vaultProblems.notSetUp());
        if (read.kind === 'damaged') return fail(vaultProblems.damagedVault());
        const opened = await openKeyMaterial(read.meta, passphrase);
        if (!opened.ok) return opened;
        await startSession(read.meta, opened.data.sessionKey);
        return ok(await currentStatus());
      }),

    lock: () =>
      serial(async () => {
        await session.remove(KEYS.session);
        return currentStatus();
      }),

    lockIfIdle: () =>
      serial(async () => {
        const hadSession = (await session.get(KEYS.session))[KEYS.session] !== undefined;
        const status = await currentStatus();
        return { ...status, lockedNow: hadSession && status.state !== 'unlocked' };
      }),

    touch: () =>
      serial(async () => {
        await useKey(true);
        return currentStatus();
      }),

    getSecret: (name) =>
      serial(async () => {
        if (!isSecretName(name)) return fail(vaultProblems.unknownSecret(name));
        const key = await useKey(false);
        return key.ok ? decryptSecret(key.data, name) : key;
      }),

    setSecret: (name, value) =>
      serial(async () => {
        if (!isSecretName(name)) return fail(vaultProblems.unknownSecret(name));
        if (typeof value !== 'string' || value === '') return fail(vaultProblems.emptyValue(name));
        const key = await useKey(true);
        if (!key.ok) return key;
        await local.set({ [KEYS.secret(name)]: await encryptText(key.data, value, secretContext(name)) });
        return ok(null);
      }),

    deleteSecret: (name) =>
      serial(async () => {
        if (!isSecretName(name)) return fail(vaultProblems.unknownSecret(name));
        const key = await useKey(true);
        if (!key.ok) return key;
        await local.remove(KEYS.secret(name));
        return ok(null);
      }),

    savedSecretNames: () => serial(savedSecretNames),

    changePassphrase: (current, next) =>
      serial(async () => {
        const read = await readMeta();
        if (read.kind === 'empty') return fail(vaultProblems.notSetUp());
        if (read.kind === 'damaged') return fail(vaultProblems.damagedVault());
        if (next === '') return fail(vaultProblems.emptyPassphrase());
        const old = await openKeyMaterial(read.meta, current);
        if (!old.ok) return old;

        // Decrypt everything before writing anything: a secret that cannot be read stops the
        // change, rather than being dropped or carried over under a key that no longer exists.
        const plaintexts = new Map<SecretName, string>();
        for (const name of await savedSecretNames()) {
          const secret = await decryptSecret(old.data.key, name);
          if (!secret.ok) return secret;
          if (secret.data !== null) plaintexts.set(name, secret.data);
        }

        const material = await createKeyMaterial(next, iterations, generateDeviceKey);
        const items: Record<string, unknown> = { [KEYS.meta]: material.meta };
        for (const [name, plaintext] of plaintexts) items[KEYS.secret(name)] = await encryptText(material.key, plaintext, secretContext(name));
        // The store holds one key, so a new device key replaces the old one before the ciphertext
        // is rewritten under it. A crash in between leaves a passphrase vault working, but one device
        // key swapped for another (next and current both null) reads as damaged: reset and re-enter.
        if (material.meta.mode === 'device-key') await deviceKeys.save(material.key);
        // One set() so the browser writes the new meta and every re-encrypted secret together.
        await local.set(items);
        // Only once nothing is encrypted under it: moving to a passphrase drops the device key.
        if (material.meta.mode === 'passphrase') await deviceKeys.clear();
        await startSession(material.meta, material.sessionKey);
        return ok(await currentStatus());
      }),

    setIdleLockMinutes: (minutes) =>
      serial(async () => {
        if (!validIdleMinutes(minutes)) return fail(vaultProblems.badIdleMinutes());
        await local.set({ [KEYS.idleLockMinutes]: minutes });
        return ok(await currentStatus());
      }),

    reset: () =>
      serial(async () => {
        await session.remove(KEYS.session);
        await local.remove([KEYS.meta, ...SECRET_NAMES.map(KEYS.secret)]);
        await deviceKeys.clear();
        return currentStatus();
      }),
  };
}

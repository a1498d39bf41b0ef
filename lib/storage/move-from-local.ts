import { z } from 'zod';
import { normaliseOrgUrl } from '../okta/org-url';
import { compact, RUNS_INDEX_KEY, runKey, upgradeRecord } from '../runs/journal';
import { runRow } from '../runs/ledger';
import { runSchema, type Run } from '../runs/types';
import { parseSettings, SETTINGS_KEY } from '../settings/settings';
import { SECRET_NAMES, VAULT_KEY_PREFIX } from '../vault/vault';
import type { KeyValueArea } from '../vault/storage-area';

/**
 * Versions before 0.2 kept settings, the vault's key record and ciphertext, and the run journal in
 * `storage.local`, which content scripts can write. This moves them, once, into the extension
 * store, and removes them from `storage.local`. What is moved is treated as what it is — data a
 * page could have written — so the move trusts it no further than a fresh save would: an org URL
 * that does not normalise is dropped, a run that was under way is paused for the admin to look at
 * (never resumed by itself), and a record that does not parse is kept as an unreadable entry
 * rather than dropped. The record of the move is kept and shown in the run history.
 */

export const STORAGE_MOVE_KEY = 'storage.movedFromLocal';

export const storageMoveSchema = z.object({
  at: z.string(),
  settings: z.boolean(),
  vault: z.boolean(),
  runs: z.number().int(),
  pausedRuns: z.number().int(),
  unreadableRuns: z.number().int(),
});
export type StorageMove = z.infer<typeof storageMoveSchema>;

const VAULT_KEYS = [`${VAULT_KEY_PREFIX}meta`, `${VAULT_KEY_PREFIX}idleLockMinutes`, ...SECRET_NAMES.map((name) => `${VAULT_KEY_PREFIX}secret.${name}`)];

const PAUSED_BY_MOVE = {
  reason: 'storage-moved' as const,
  message: 'Flex Steward moved its run journal to storage web pages cannot write, and paused this run rather than continue it unseen. Check the step it stopped at, then Retry or Abort.',
};

function movedSettings(raw: unknown): unknown {
  const settings = parseSettings(raw);
  if (!settings.okta.orgUrl) return settings;
  try {
    return { ...settings, okta: { ...settings.okta, orgUrl: normaliseOrgUrl(settings.okta.orgUrl).origin } };
  } catch {
    const { orgUrl: _dropped, ...okta } = settings.okta;
    return { ...settings, okta };
  }
}

/** Moves what an older version left in `local` into `store`, once; later calls return the first move's record. */
export async function moveFromLocal(local: KeyValueArea, store: KeyValueArea, now: () => Date): Promise<StorageMove> {
  const done = storageMoveSchema.safeParse((await store.get(STORAGE_MOVE_KEY))[STORAGE_MOVE_KEY]);
  if (done.success) return done.data;

  const legacy = await local.get([SETTINGS_KEY, RUNS_INDEX_KEY, ...VAULT_KEYS]);
  const existing = await store.get([SETTINGS_KEY, RUNS_INDEX_KEY, ...VAULT_KEYS]);
  const items: Record<string, unknown> = {};
  const move: StorageMove = { at: now().toISOString(), settings: false, vault: false, runs: 0, pausedRuns: 0, unreadableRuns: 0 };

  if (legacy[SETTINGS_KEY] !== undefined && existing[SETTINGS_KEY] === undefined) {
    items[SETTINGS_KEY] = movedSettings(legacy[SETTINGS_KEY]);
    move.settings = true;
  }
  // The vault moves whole or not at all: a key record from one place and ciphertext from another would open nothing.
  if (VAULT_KEYS.some((key) => legacy[key] !== undefined) && VAULT_KEYS.every((key) => existing[key] === undefined)) {
    for (const key of VAULT_KEYS) if (legacy[key] !== undefined) items[key] = legacy[key];
    move.vault = true;
  }

  const ids = Array.isArray(legacy[RUNS_INDEX_KEY]) ? (legacy[RUNS_INDEX_KEY] as unknown[]).filter((id): id is string => typeof id === 'string') : [];
  if (ids.length > 0 && existing[RUNS_INDEX_KEY] === undefined) {
    const records = await local.get(ids.map(runKey));
    const index: unknown[] = [];
    for (const id of ids) {
      const raw = records[runKey(id)];
      const parsed = runSchema.safeParse(upgradeRecord(raw));
      if (parsed.success) {
        const run: Run = parsed.data;
        if (run.state === 'running') {
          run.state = 'paused';
          run.pause = PAUSED_BY_MOVE;
          run.lease = null;
          move.pausedRuns += 1;
        }
        items[runKey(id)] = compact(run);
        index.push(runRow(run));
      } else {
        // Kept as it was, listed as unreadable: the admin sees it, nothing acts on it.
        const loose = z.object({ createdAt: z.string().optional(), state: z.string().optional() }).loose().safeParse(raw).data;
        if (raw !== undefined) items[runKey(id)] = raw;
        index.push({ id, ...(loose?.createdAt ? { createdAt: loose.createdAt } : {}), state: loose?.state === 'running' ? 'paused-unreadable' : (loose?.state ?? 'unknown') });
        move.unreadableRuns += 1;
      }
      move.runs += 1;
    }
    items[RUNS_INDEX_KEY] = index;
  }

  // One transaction: everything moved and the record of the move, or nothing (and it is tried again next start).
  await store.set({ ...items, [STORAGE_MOVE_KEY]: move });
  await local.remove([SETTINGS_KEY, RUNS_INDEX_KEY, ...VAULT_KEYS, ...ids.map(runKey)]);
  return move;
}

/** Whether the history should mention the move: only when something was moved. */
export const movedAnything = (move: StorageMove) => move.settings || move.vault || move.runs > 0;

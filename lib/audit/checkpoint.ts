import { z } from 'zod';
import type { KeyValueArea } from '../vault/storage-area';
import { auditProgressSchema, auditSummarySchema, auditTotalsSchema } from './types';

/**
 * Where the audit keeps its scan in the extension store (lib/storage/extension-store.ts), so a
 * closed side panel or a stopped service worker loses nothing: one small state record with every
 * list's cursor, and the answers themselves in chunks of one page each, each chunk written in the
 * same transaction as the state that counts it. README § Security model lists these keys.
 */
export const AUDIT_KEYS = {
  /** The current audit: progress, cursors, chunk counts, totals once done. */
  state: 'audit.state',
  /** The latest finished audit's counts by workspace, for the Console summary; replaced only when an audit finishes. */
  summaries: 'audit.summaries',
  /** One chunk of answers of a kind: a page of workers, of app assignments, of the directory; a wave of single reads or searches; 1,000 rows. */
  chunk: (kind: ChunkKind, index: number) => `audit.${kind}.${index}`,
} as const;

export const CHUNK_KINDS = ['workers', 'details', 'app-users', 'directory', 'search', 'rows'] as const;
export type ChunkKind = (typeof CHUNK_KINDS)[number];

/** Rows are kept 1,000 to a chunk, so a page of rows for the panel reads a few chunks. */
export const ROW_CHUNK = 1000;

const cursor = z.object({ next: z.string().nullable(), chunks: z.number().int().min(0), done: z.boolean() });

export const checkpointSchema = z.object({
  progress: auditProgressSchema,
  flexAppId: z.string(),
  /** The workspaces to list, once known; the list's cursor is in the one at `twilio.workspace`. */
  workspaces: z.array(z.object({ sid: z.string(), name: z.string().nullable() })).nullable(),
  twilio: cursor.extend({ workspace: z.number().int().min(0) }),
  /** Single-worker reads, in waves; `chunks` waves done. */
  details: z.object({ chunks: z.number().int().min(0), done: z.boolean() }),
  appUsers: cursor,
  directory: cursor.extend({ tooLarge: z.boolean() }),
  /** Batched searches, in waves, run only when the directory was too large to read. */
  search: z.object({ chunks: z.number().int().min(0), done: z.boolean() }),
  rows: z.object({ chunks: z.number().int().min(0) }),
  totals: auditTotalsSchema.nullable(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const summariesSchema = z.record(z.string(), auditSummarySchema.unwrap());

/** The stored state, or null when there is none or it is damaged (never resumed then). */
export async function readCheckpoint(area: KeyValueArea): Promise<Checkpoint | null> {
  const parsed = checkpointSchema.safeParse((await area.get(AUDIT_KEYS.state))[AUDIT_KEYS.state]);
  return parsed.success ? parsed.data : null;
}

/** Every chunk key a checkpoint counts: what a new audit removes. */
export function chunkKeys(checkpoint: Checkpoint): string[] {
  const counts: Record<ChunkKind, number> = {
    workers: checkpoint.twilio.chunks,
    details: checkpoint.details.chunks,
    'app-users': checkpoint.appUsers.chunks,
    directory: checkpoint.directory.chunks,
    search: checkpoint.search.chunks,
    rows: checkpoint.rows.chunks,
  };
  return CHUNK_KINDS.flatMap((kind) => Array.from({ length: counts[kind] }, (_, i) => AUDIT_KEYS.chunk(kind, i)));
}

/** All chunks of a kind, in order, read a few at a time so memory holds one batch of reads. */
export async function* readChunks<T>(area: KeyValueArea, kind: ChunkKind, count: number): AsyncGenerator<T> {
  const BATCH = 8;
  for (let start = 0; start < count; start += BATCH) {
    const keys = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => AUDIT_KEYS.chunk(kind, start + i));
    const found = await area.get(keys);
    for (const key of keys) {
      if (!(key in found)) throw new Error(`audit: chunk ${key} is missing`);
      yield found[key] as T;
    }
  }
}

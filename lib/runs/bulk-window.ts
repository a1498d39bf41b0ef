import { z } from 'zod';
import { isWorkerSid, isWorkspaceSid } from '../sids';
import type { WorkerTarget } from './types';

/**
 * The bulk deprovision window's address: the licence audit opens `bulk.html` with the selected
 * workers in its query. It is only a request: the window previews every person again in the
 * background, so nothing in the address is trusted beyond naming whom to preview.
 */
export const BULK_WINDOW_PAGE = '/bulk.html';

const pairSchema = z.tuple([z.string().refine(isWorkspaceSid), z.string().refine(isWorkerSid)]);

/** `bulk.html?w=WS…:WK…,WS…:WK…`: compact enough for the 200 people a batch may name. */
export function bulkWindowPath(targets: readonly WorkerTarget[]): string {
  return `${BULK_WINDOW_PAGE}?w=${targets.map((t) => `${t.workspaceSid}:${t.workerSid}`).join(',')}`;
}

/** The targets a bulk window was opened with; malformed entries are dropped, duplicates kept once. */
export function bulkWindowTargets(search: string): WorkerTarget[] {
  const listed = new URLSearchParams(search).get('w') ?? '';
  const seen = new Set<string>();
  const targets: WorkerTarget[] = [];
  for (const entry of listed.split(',')) {
    const parsed = pairSchema.safeParse(entry.split(':'));
    if (!parsed.success || seen.has(parsed.data[1])) continue;
    seen.add(parsed.data[1]);
    targets.push({ workspaceSid: parsed.data[0], workerSid: parsed.data[1] });
  }
  return targets;
}

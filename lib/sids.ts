/**
 * Twilio SIDs are two letters and 32 lowercase hex digits. The Console's markup is generated and
 * changes without notice; SIDs in URLs, links and text are the one stable thing to find workers by.
 */
const WORKER_SID = /\bWK[0-9a-f]{32}\b/g;

export const isWorkerSid = (value: string) => /^WK[0-9a-f]{32}$/.test(value);
export const isWorkspaceSid = (value: string) => /^WS[0-9a-f]{32}$/.test(value);

/** Every worker SID in a piece of text, each once, in order of appearance. */
export function workerSidsIn(text: string): string[] {
  return [...new Set(text.match(WORKER_SID) ?? [])];
}

import type { IdentityStatus } from '../identity/statuses';

/**
 * What the badges on this page were answered with, for the worker list's status filter: the one
 * place the two features share them. It lives in the content script's own memory (its isolated
 * world), never in the page's DOM, attributes or storage, so no page script can read which of the
 * Console's workers hold a seat they should not, nor steer what the filter hides.
 *
 * A worker is absent while its badge still waits for the background, and `null` once the answer
 * came without a status for it (the vault locked, Okta unreachable).
 */
const statuses = new Map<string, IdentityStatus | null>();
const listeners = new Set<() => void>();

const notify = () => {
  for (const listener of listeners) listener();
};

export const workerStatusesOnPage = {
  get: (workerSid: string): IdentityStatus | null | undefined => statuses.get(workerSid),
  /** Records one answer's statuses (a render batch), then tells every listener once. */
  set(answers: Iterable<readonly [workerSid: string, status: IdentityStatus | null]>) {
    for (const [sid, status] of answers) statuses.set(sid, status);
    notify();
  },
  /** Forgets the page's statuses: the badges feature leaves the page. */
  clear() {
    statuses.clear();
    notify();
  },
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

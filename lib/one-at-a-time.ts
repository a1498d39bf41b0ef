/**
 * A queue of async tasks that run one after another in call order; a task that fails does not stop
 * the next. For read-check-write sequences on browser APIs without transactions.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(task);
    tail = next.catch(() => undefined);
    return next;
  };
}

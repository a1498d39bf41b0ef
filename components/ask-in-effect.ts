import { toProblem, type Problem } from '../lib/problem';

/**
 * For a React effect that asks the background: hands the answer, or the Problem it met, to the page
 * unless the effect was cleaned up meanwhile (its inputs changed, the window closed), so an older
 * answer never lands after a newer one. Returns the cleanup.
 */
export function askInEffect<T>(ask: () => Promise<T>, onAnswer: (answer: T) => void, onProblem: (problem: Problem) => void): () => void {
  let current = true;
  ask().then(
    (answer) => current && onAnswer(answer),
    (error: unknown) => current && onProblem(toProblem(error)),
  );
  return () => {
    current = false;
  };
}

import type { Problem } from '../lib/problem';

/** A Problem inside a card on a host page: the sentence, then the next step. */
export function ProblemText({ problem }: { problem: Problem }) {
  return (
    <p role="alert">
      {problem.message} <strong>{problem.nextStep}</strong>
    </p>
  );
}

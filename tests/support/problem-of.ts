import { expect } from 'vitest';
import { ProblemError, type Problem } from '../../lib/problem';

/** The Problem a promise rejects with, failing the test if it resolves or rejects with anything else. */
export async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return (error as ProblemError).problem;
}

/** The Problem a synchronous call throws, failing the test if it returns or throws anything else. */
export function problemFrom(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error('Expected a ProblemError, but nothing was thrown');
}

/**
 * Errors as values: every failure the admin can meet is a Problem with a stable code, one sentence
 * saying what happened, and one saying what to do next. The same object crosses the message
 * boundary, so the popup, the badges and the ledger all word a failure the same way.
 */

export const PROBLEM_CODES = [
  'network-unreachable',
  'network-tls',
  'timeout',
  'cancelled',
  'rate-limited',
  'server-error',
  'bad-credentials',
  'missing-scope',
  'forbidden',
  'not-found',
  'conflict',
  'precondition-failed',
  'invalid-request',
  'invalid-response',
  'wrong-region',
  'no-flex',
  'no-flex-app',
  'clock-skew',
  'not-configured',
  'locked',
  'permission-denied',
  'unknown',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  code: ProblemCode;
  /** One sentence for a human: what happened. */
  message: string;
  /** One sentence: what the admin should do about it. */
  nextStep: string;
  /** Which party answered: lets the UI say "Okta said…" vs "Twilio said…". */
  service?: 'okta' | 'twilio' | 'extension';
  httpStatus?: number;
  /** The vendor's own code: Okta `E0000011`, Twilio `20003`. */
  vendorCode?: string;
  /** Okta `X-Okta-Request-Id` / Twilio `Twilio-Request-Id`, for support tickets and the ledger. */
  requestId?: string;
  /** Whether trying the same request again later could succeed. */
  retryable: boolean;
  /** ISO time before which a retry is pointless, when the vendor said so (rate limits). */
  retryAt?: string;
}

/** The thrown form of a Problem, for code paths where throwing reads better than returning. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ProblemError';
  }
}

export function problem(code: ProblemCode, message: string, nextStep: string, extra: Partial<Problem> = {}): Problem {
  return { code, message, nextStep, retryable: false, ...extra };
}

/** Whatever was thrown, as a Problem: ProblemErrors keep theirs, anything else is an honest "unknown". */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  const text = error instanceof Error ? error.message : String(error);
  return problem('unknown', `Something unexpected went wrong: ${text}`, 'Try again; if it keeps happening, report it with the run history attached.', { service: 'extension' });
}

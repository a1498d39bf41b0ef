import type { z } from 'zod';
import type { HttpResult } from '../http/fetch-core';
import { problem, ProblemError } from '../problem';

/**
 * Checks a Twilio answer against the schema for the fields we read. A body of another shape is a
 * Problem naming the first field that is off, so a report says `workers[3].available` rather than
 * "something was wrong"; nothing half-parsed ever reaches a plan or a delete.
 */

const REPORT_STEP = 'Try again; if it keeps happening, Twilio may have changed its API: report it with the run history attached.';

/** `workers[3].available` from zod's `['workers', 3, 'available']`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

export function invalidResponse(message: string, result: Pick<HttpResult, 'status' | 'requestId'>, nextStep = REPORT_STEP): ProblemError {
  return new ProblemError(problem('invalid-response', message, nextStep, { service: 'twilio', httpStatus: result.status, requestId: result.requestId }));
}

export function parseTwilio<T>(schema: z.ZodType<T>, result: HttpResult, url: string): T {
  if (result.json === undefined) {
    throw invalidResponse(`Twilio's answer from ${new URL(url).host} (HTTP ${result.status}) was not JSON.`, result);
  }
  const parsed = schema.safeParse(result.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `at ${issuePath(issue.path)}` : 'at the top level';
  throw invalidResponse(`Twilio's answer had an unexpected shape ${where}${issue ? ` (${issue.message})` : ''}.`, result);
}

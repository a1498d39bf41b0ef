import { isOktaHost } from './hosts';
import type { SandboxResponse } from './http';
import { json } from './http';

/** Faults for one host, applied before the route runs. Ratios are 0..1 and drawn from the sandbox's seeded PRNG. */
export interface HostFaults {
  latencyMs?: number;
  ratio429?: number;
  ratio5xx?: number;
  dropRatio?: number;
}

/**
 * A precise, counted fault: "the next 2 DELETEs of this worker answer 500". Tests use these
 * where a ratio would make the outcome a matter of luck.
 */
export interface FaultRule {
  host?: string;
  method?: string;
  /** A regular expression tested against the path (no query). */
  path?: string;
  /** An HTTP status to answer with, or 'drop' to destroy the connection. */
  respond: number | 'drop';
  /**
   * With a 3xx `respond`: the `Location` to send, as a misconfigured org, a captive portal or a
   * proxy would. The sandbox answers the redirect and nothing more; a client that follows it shows
   * up in the request log at the target.
   */
  location?: string;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
  /** How many matching requests pass untouched before it applies: a storm that starts midway. */
  skip?: number;
}

export interface FaultConfig {
  hosts: Record<string, HostFaults>;
  rules: FaultRule[];
}

export type FaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'respond'; response: SandboxResponse };

export function emptyFaults(): FaultConfig {
  return { hosts: {}, rules: [] };
}

/** Decides what fault, if any, a request meets. Counted rules are used up as they match. */
export function decideFault(config: FaultConfig, host: string, method: string, path: string, random: () => number, now: Date = new Date()): FaultDecision {
  const rule = config.rules.find(
    (r) =>
      (r.host === undefined || r.host === host) &&
      (r.method === undefined || r.method.toUpperCase() === method) &&
      (r.path === undefined || new RegExp(r.path).test(path)) &&
      (r.times === undefined || r.times > 0),
  );
  if (rule?.skip) {
    rule.skip -= 1;
    return { kind: 'none' };
  }
  if (rule) {
    if (rule.times !== undefined) rule.times -= 1;
    if (rule.respond === 'drop') return { kind: 'drop' };
    return { kind: 'respond', response: rule.location === undefined ? errorResponse(host, rule.respond, now) : redirectResponse(rule.respond, rule.location) };
  }
  const faults = config.hosts[host];
  if (!faults) return { kind: 'none' };
  if (faults.dropRatio && random() < faults.dropRatio) return { kind: 'drop' };
  if (faults.ratio429 && random() < faults.ratio429) return { kind: 'respond', response: errorResponse(host, 429, now) };
  if (faults.ratio5xx && random() < faults.ratio5xx) return { kind: 'respond', response: errorResponse(host, 500, now) };
  return { kind: 'none' };
}

/** A redirect as Okta's and Twilio's front ends send one: a `Location`, and an empty body. */
export function redirectResponse(status: number, location: string): SandboxResponse {
  return { status, headers: { location, 'content-length': '0' } };
}

/** An error in the shape the host's real API uses: Okta's `errorCode`/`errorSummary`, or Twilio's `code`/`message`. */
export function errorResponse(host: string, status: number, now: Date = new Date()): SandboxResponse {
  if (isOktaHost(host)) {
    const okta: Record<number, [string, string]> = {
      401: ['E0000011', 'Invalid token provided'],
      403: ['E0000006', 'You do not have permission to perform the requested action'],
      404: ['E0000007', 'Not found: Resource not found'],
      429: ['E0000047', 'API call exceeded rate limit due to too many requests.'],
      500: ['E0000009', 'Internal Server Error'],
      503: ['E0000010', 'Service is currently unavailable.'],
    };
    const [errorCode, errorSummary] = okta[status] ?? ['E0000009', 'Internal Server Error'];
    return json(status, { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${status}fault`, errorCauses: [] }, status === 429 ? { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(now.getTime() / 1000) + 1) } : {});
  }
  const twilio: Record<number, [number, string]> = {
    401: [20003, 'Authenticate'],
    403: [20403, 'Forbidden'],
    404: [20404, 'The requested resource was not found'],
    429: [20429, 'Too Many Requests'],
    503: [20503, 'Service Unavailable'],
  };
  const [code, message] = twilio[status] ?? [20500, 'Internal Server Error'];
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, status === 429 ? { 'retry-after': '1' } : {});
}

/**
 * What the licence audit bench's parent (tests/bench/audit.ts) hands the audit's child process
 * (tests/bench/audit-child.ts), and the production clients both build from it.
 */
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { createHttpClient } from '../../lib/http/fetch-core';
import { createRequestCounter } from '../../lib/http/request-counter';
import { apiTokenAuth } from '../../lib/okta/auth';
import { createOktaClient } from '../../lib/okta/client';
import type { Settings } from '../../lib/settings/settings';
import { createTwilioClient } from '../../lib/twilio/client';

export interface Wiring {
  port: number;
  settings: Settings;
  okta: { orgUrl: string; token: string };
  twilio: { username: string; password: string; accountSid: string };
}

/** The production fetch core (4 requests in flight per host, its retries) and API clients, against the sandbox. */
export function clients(w: Wiring) {
  const counter = createRequestCounter();
  const http = createHttpClient({ fetch: sandboxFetch({ port: w.port }), counter });
  return {
    counter,
    http,
    twilio: async (client = http) => createTwilioClient({ http: client, credentials: { username: w.twilio.username, password: w.twilio.password }, accountSid: w.twilio.accountSid }),
    okta: async (client = http) => createOktaClient({ http: client, orgUrl: w.okta.orgUrl, auth: apiTokenAuth(w.okta.token) }),
  };
}

/** Megabytes, from bytes. */
export const mb = (bytes: number) => bytes / 1024 / 1024;

export interface MemoryAtPeak {
  /** `process.resourceUsage().maxRSS` at the end: the process's peak resident memory. */
  maxRssMb: number;
  /** Resident memory after start-up, before the audit began. */
  startRssMb: number;
  /** The largest of each `process.memoryUsage()` figure sampled while the audit ran. */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** What the extension store held at the end, on disk (UTF-8 JSON); not in the process's memory. */
  storeMb: number;
}

export interface AuditRun {
  ms: number;
  requests: { okta: number; twilio: number };
  retries: number;
  memory: MemoryAtPeak;
  rows: number;
  freeable: number;
}

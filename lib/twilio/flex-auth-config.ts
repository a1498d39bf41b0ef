import { z } from 'zod';
import type { HttpClient } from '../http/fetch-core';

/**
 * Flex's public authentication config: what Flex UI itself reads, without credentials, to learn
 * how an account signs in. Its `config_list[].connection_name` is the enhanced (OAuth 2.0) SSO
 * connection's `JQ…` SID once the account has one. Twilio does not document this endpoint, so its
 * answer is read defensively: anything unexpected means "not known", and the caller falls back to
 * the `JQ…` on the Flex single-sign-on page.
 */
export const FLEX_AUTH_CONFIG_HOST = 'services.twilio.com';

const CONNECTION_SID = /^JQ[0-9a-f]{32}$/;

const authConfigSchema = z.object({
  config_list: z.array(z.looseObject({ connection_name: z.unknown().optional(), client_id: z.unknown().optional() })),
});

export function flexAuthConfigUrl(accountSid: string): string {
  return `https://${FLEX_AUTH_CONFIG_HOST}/v1/Flex/Authentication/Config?AccountSid=${encodeURIComponent(accountSid)}`;
}

/** The connection SID in an answer of unverified shape, or undefined when there is none. */
export function connectionSidFrom(body: unknown): string | undefined {
  const parsed = authConfigSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.config_list.map((c) => c.connection_name).find((name): name is string => typeof name === 'string' && CONNECTION_SID.test(name));
}

/**
 * Asks Flex for the account's enhanced connection SID. The request carries no credential (no
 * `authorization` header), so it needs no credential destination; it still goes through the fetch
 * core for its timeout, retries and per-host queue. Throws the fetch core's ProblemError when
 * the host cannot be reached or answers with an error.
 */
export async function fetchFlexConnectionSid(http: HttpClient, accountSid: string, signal?: AbortSignal): Promise<string | undefined> {
  // A short timeout: the page's own `JQ…` stands in when this is slow.
  const result = await http.request({ service: 'twilio', method: 'GET', url: flexAuthConfigUrl(accountSid), signal, timeoutMs: 5_000 });
  return connectionSidFrom(result.json);
}

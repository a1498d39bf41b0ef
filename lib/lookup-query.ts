import { z } from 'zod';
import { isEmailAddress } from './identity/worker-email';

/**
 * What an admin can type into the popup's lookup, and what it is. Only a well-formed email, Okta
 * login, Okta user id or worker SID is ever sent: a half-typed or malformed value could match
 * somebody else (an Okta login shortname, a prefix), so it gets an inline message instead.
 */

/** Okta object ids are 20 characters: `00` or `0o`, a letter naming the kind, 17 more. */
const OKTA_ID = /^0[0o][a-z][0-9A-Za-z]{17}$/;
const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;
/** Twilio SIDs: two capital letters naming the kind, 32 lowercase hex digits. */
const TWILIO_SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
const WORKER_SID = /^WK[0-9a-f]{32}$/;
/** A login that is not an address: Okta allows it when the org's policy does; no spaces, quotes, slashes or `@`. */
const PLAIN_LOGIN = /^[\p{L}\p{N}._+-]+$/u;

export const MAX_QUERY_LENGTH = 320;
const MAX_LOGIN_LENGTH = 100;

export const lookupQuerySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), email: z.string().max(MAX_QUERY_LENGTH).refine((v) => isEmailAddress(v) && !/["'\\]/.test(v)) }),
  z.object({ kind: z.literal('okta-login'), login: z.string().max(MAX_LOGIN_LENGTH).regex(PLAIN_LOGIN) }),
  z.object({ kind: z.literal('okta-user'), id: z.string().regex(OKTA_USER_ID) }),
  z.object({ kind: z.literal('worker'), workerSid: z.string().regex(WORKER_SID) }),
]);
export type LookupQuery = z.infer<typeof lookupQuerySchema>;

export type ParsedLookup = { ok: true; query: LookupQuery } | { ok: false; message: string };

/** What each kind of Okta id and Twilio SID is, so a wrong one is named rather than just refused. */
const OKTA_KINDS: Record<string, string> = { '00g': 'a group', '0oa': 'an app', '00p': 'a policy', '0pr': 'a policy rule', '00o': 'an org' };
const TWILIO_KINDS: Record<string, string> = {
  WS: 'a TaskRouter workspace',
  WA: 'an activity',
  WQ: 'a task queue',
  WW: 'a workflow',
  WT: 'a task',
  WR: 'a reservation',
  AC: 'an account',
  SK: 'an API key',
  US: 'a Flex user',
  FO: 'a Flex configuration',
};

const EXPECTED = 'Type an email address, an Okta login, an Okta user id (00u…) or a worker SID (WK…).';
const fail = (message: string): ParsedLookup => ({ ok: false, message });

/** Which kind of lookup `input` is, or why it cannot be looked up as typed. */
export function parseLookupQuery(input: string): ParsedLookup {
  const text = input.trim();
  if (text === '') return fail(EXPECTED);
  if (text.length > MAX_QUERY_LENGTH) return fail(`That is ${text.length} characters; an email address has at most ${MAX_QUERY_LENGTH}. ${EXPECTED}`);
  if (/\s/.test(text)) return fail(`Spaces cannot be part of an email, login, id or SID. ${EXPECTED}`);
  // Quoted local parts are valid addresses, but nobody types one to find a colleague: ask for an id instead.
  if (/["'\\]/.test(text)) return fail('Quotes and backslashes are not looked up. Use the person’s Okta user id (00u…) or their worker SID (WK…) instead.');

  if (OKTA_USER_ID.test(text)) return { ok: true, query: { kind: 'okta-user', id: text } };
  if (OKTA_ID.test(text)) return fail(`${text} is ${OKTA_KINDS[text.slice(0, 3)] ?? 'an Okta object'} id, not a person. Okta user ids start with 00u.`);
  if (WORKER_SID.test(text)) return { ok: true, query: { kind: 'worker', workerSid: text } };
  if (TWILIO_SID.test(text)) {
    const kind = TWILIO_KINDS[text.slice(0, 2)];
    if (text.startsWith('WK')) return fail('Worker SIDs use lowercase hexadecimal digits: copy it again from the Console.');
    return fail(`${text.slice(0, 2)}… is ${kind ?? 'a Twilio SID of another kind'}, not a worker. Worker SIDs start with WK.`);
  }
  if (/^WK[0-9a-f]*$/.test(text) && text.length > 2) return fail(`A worker SID is WK and 32 hexadecimal digits; this one has ${text.length - 2}.`);

  if (text.includes('@')) return isEmailAddress(text) ? { ok: true, query: { kind: 'email', email: text } } : fail(`“${text}” is not a whole email address, like ana@example.com.`);
  if (text.length <= MAX_LOGIN_LENGTH && PLAIN_LOGIN.test(text)) return { ok: true, query: { kind: 'okta-login', login: text } };
  return fail(`“${text}” has characters no login uses. ${EXPECTED}`);
}

/** The text a query was typed as, for the input and the recent list. */
export function queryText(query: LookupQuery): string {
  switch (query.kind) {
    case 'email':
      return query.email;
    case 'okta-login':
      return query.login;
    case 'okta-user':
      return query.id;
    case 'worker':
      return query.workerSid;
  }
}

/**
 * Whether `input` is worth asking Okta to complete. Okta's `q` matches the start of a first name,
 * last name or email (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers),
 * so ids, SIDs and anything with spaces or quotes would only cost a request.
 */
export const suggestionPrefixSchema = z
  .string()
  .min(2)
  .max(MAX_LOGIN_LENGTH)
  .regex(/^[\p{L}\p{N}._+@-]+$/u);

export function suggestionPrefix(input: string): string | null {
  const text = input.trim();
  if (OKTA_ID.test(text) || TWILIO_SID.test(text) || /^WK[0-9a-f]+$/.test(text)) return null;
  return suggestionPrefixSchema.safeParse(text).success ? text : null;
}

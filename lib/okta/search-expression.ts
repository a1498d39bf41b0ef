import { LOOKALIKE_NEXT_STEP, lookalikeSentence } from '../identity/lookalike';
import { problem, ProblemError } from '../problem';

/**
 * Okta `search` expressions built from addresses we did not choose (Okta app assignments, Flex
 * workers, an admin's typing), so no address can ever add a term of its own to the query.
 *
 * Okta documents `search` as its SCIM-based filter syntax (developer.okta.com/docs/api/#filter).
 * SCIM (RFC 7644 §3.4.2.2) takes a comparison value's string form from JSON (RFC 8259 §7): inside
 * double quotes, `"` and `\` are written `\"` and `\\`, and control characters would need `\u`
 * escapes. Okta documents no `\u` support, so control characters are refused rather than guessed
 * at; no real address contains one. Per the Users API spec, operators and string values are
 * case-insensitive, so callers must compare the users they get back case-insensitively too.
 */

/** RFC 5321's practical ceiling for an address (64 local + @ + 255 domain). */
export const MAX_SEARCH_VALUE_LENGTH = 320;

/** Well under the 8 KB request-line limits common to proxies, leaving room for the rest of the URL. */
export const DEFAULT_MAX_ENCODED_SEARCH_LENGTH = 3500;

// Control characters (C0 and DEL) have no documented escape in Okta's grammar.
function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
// A lone surrogate cannot be percent-encoded (encodeURIComponent throws), so it could never be sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const FIX_THE_ADDRESS = 'Correct the address in Okta or Flex, or look the person up by their Okta user ID instead.';

function refuse(message: string, nextStep = FIX_THE_ADDRESS): never {
  throw new ProblemError(problem('invalid-request', message, nextStep, { service: 'extension' }));
}

/** A printable form of a value for an error sentence: control characters shown as \uXXXX, long values cut. */
function shown(value: string): string {
  const characters = Array.from(value).map((c) => (isControlCharacter(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
  return characters.length > 60 ? `${characters.slice(0, 57).join('')}…` : characters.join('');
}

/** Throws an `invalid-request` ProblemError when the value cannot be searched for safely. */
function assertSearchable(value: string): void {
  if (value.length === 0) refuse('An empty address cannot be searched for in Okta.');
  const characters = Array.from(value);
  const length = characters.length;
  if (length > MAX_SEARCH_VALUE_LENGTH) {
    refuse(`The address “${shown(value)}” is ${length} characters long, longer than any real email address (${MAX_SEARCH_VALUE_LENGTH}), so it was not searched for.`);
  }
  if (characters.some(isControlCharacter)) {
    refuse(`The address “${shown(value)}” contains a control character, which Okta's search syntax cannot carry safely, so it was not searched for.`);
  }
  if (LONE_SURROGATE.test(value)) refuse(`The address “${shown(value)}” contains a broken Unicode character, so it was not searched for.`);
  // Okta's `eq` ignores case and may fold compatibility characters, so a look-alike address could
  // find the person it imitates; it is never sent (lib/identity/lookalike.ts).
  const lookalike = lookalikeSentence(value);
  if (lookalike) refuse(`The address “${shown(value)}” is a look-alike (${lookalike.slice(0, -1)}), so it was not searched for.`, LOOKALIKE_NEXT_STEP);
}

/** A value as an Okta filter string literal, quotes included: `a"b` becomes `"a\"b"`. */
export function oktaStringLiteral(value: string): string {
  assertSearchable(value);
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * One expression matching users whose email or login is any of the given addresses:
 * `profile.email eq "a@x" or profile.login eq "a@x" or …`, two terms per address.
 * Login is searched as well because Flex's SAML Name ID is often the login, not the email.
 */
export function emailOrLoginEquals(emails: readonly string[]): string {
  // An empty `search` lists every user in the org; refusing keeps a bug from becoming a bulk read.
  if (emails.length === 0) refuse('No addresses were given to search for in Okta.', 'This is a bug in Flex Steward: report it with the run history attached.');
  return emails
    .map((email) => {
      const literal = oktaStringLiteral(email);
      return `profile.email eq ${literal} or profile.login eq ${literal}`;
    })
    .join(' or ');
}

/**
 * The length a `search` value takes in a URL, whichever way the client encodes it: `encodeURIComponent`
 * spends three characters on a space, `URLSearchParams` three on `'`, `(`, `)`, `!` and `~`.
 */
export function encodedSearchLength(expression: string): number {
  return Math.max(encodeURIComponent(expression).length, new URLSearchParams({ s: expression }).toString().length - 2);
}

/**
 * Splits addresses into as few `emailOrLoginEquals` expressions as fit, each within `maxEncodedLength`
 * once URL-encoded. Addresses that differ only in case are searched once, since Okta's `eq` ignores case.
 * Throws an `invalid-request` ProblemError for an unsearchable address, or one too long to fit on its own.
 */
export function chunkEmailSearches(emails: readonly string[], maxEncodedLength = DEFAULT_MAX_ENCODED_SEARCH_LENGTH): string[] {
  const seen = new Set<string>();
  const unique = emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const expressions: string[] = [];
  let batch: string[] = [];
  for (const email of unique) {
    if (batch.length > 0 && encodedSearchLength(emailOrLoginEquals([...batch, email])) > maxEncodedLength) {
      expressions.push(emailOrLoginEquals(batch));
      batch = [];
    }
    if (batch.length === 0 && encodedSearchLength(emailOrLoginEquals([email])) > maxEncodedLength) {
      refuse(`The address “${shown(email)}” is too long to search for in Okta within one request.`);
    }
    batch.push(email);
  }
  if (batch.length > 0) expressions.push(emailOrLoginEquals(batch));
  return expressions;
}

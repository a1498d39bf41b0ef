import { problem, ProblemError } from '../problem';

/**
 * TaskRouter `TargetWorkersExpression` values built from addresses we did not choose, so that no
 * address can turn "this worker" into "these workers" on the way to a DELETE.
 *
 * Twilio's expression-syntax page (twilio.com/docs/taskrouter/expression-syntax) says only that
 * strings are "single or double quoted blocks of text": it documents no escape character. So a
 * value containing a double quote or a backslash cannot be written safely, and guessing at an
 * undocumented escape is exactly how a filter gets widened. Such values, and control characters,
 * are refused; the admin can still act on that worker by its SID. (Single-quoting a value with a
 * double quote would be documented syntax, but the only such addresses are quoted local parts,
 * which no directory really issues, so we refuse rather than keep a second quoting rule.)
 *
 * Comparison: the same page documents no case folding for `==` or `IN`, so both are exact,
 * case-sensitive matches on the worker's `email` attribute. Pass the address exactly as Flex wrote
 * it into the worker (the SAML `email` attribute), or match case-insensitively on the results.
 *
 * Hyphens: Twilio's Worker page warns that hyphenated attribute *values* "may cause a parsing
 * error". That fails loudly (HTTP 400), it cannot widen a match, so hyphenated addresses are
 * allowed and the client must report such a 400 rather than treat it as "no worker".
 *
 * `IN`: list responses may carry `attributes: null` (TaskRouter spec), so the workers an `IN`
 * expression returns cannot be told apart by email from the list alone; fetch each one, or use
 * `emailEquals` when the answer must be tied to one address.
 */

export const MAX_EXPRESSION_VALUE_LENGTH = 320;

const LOOK_UP_BY_SID = 'Find this agent’s worker by its SID (WK…) in the Flex or TaskRouter console and act on that instead.';

function refuse(message: string, nextStep = LOOK_UP_BY_SID): never {
  throw new ProblemError(problem('invalid-request', message, nextStep, { service: 'extension' }));
}

function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A printable form of a value for an error sentence: control characters shown as \uXXXX, long values cut. */
function shown(value: string): string {
  const characters = Array.from(value).map((c) => (isControlCharacter(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
  return characters.length > 60 ? `${characters.slice(0, 57).join('')}…` : characters.join('');
}

/** A value as a double-quoted TaskRouter string constant; throws an `invalid-request` ProblemError if it can't be one safely. */
export function taskRouterStringLiteral(value: string): string {
  if (value.length === 0) refuse('An empty address cannot be looked up in TaskRouter.');
  const characters = Array.from(value);
  if (characters.length > MAX_EXPRESSION_VALUE_LENGTH) {
    refuse(`The address “${shown(value)}” is ${characters.length} characters long, longer than any real email address (${MAX_EXPRESSION_VALUE_LENGTH}), so it was not looked up.`);
  }
  if (value.includes('"')) {
    refuse(`The address “${shown(value)}” contains a double quote, which TaskRouter expressions have no documented way to escape, so it was not looked up by email.`);
  }
  if (value.includes('\\')) {
    refuse(`The address “${shown(value)}” contains a backslash, which TaskRouter expressions have no documented way to escape, so it was not looked up by email.`);
  }
  if (characters.some(isControlCharacter)) {
    refuse(`The address “${shown(value)}” contains a control character, which TaskRouter expressions cannot carry safely, so it was not looked up by email.`);
  }
  if (LONE_SURROGATE.test(value)) refuse(`The address “${shown(value)}” contains a broken Unicode character, so it was not looked up by email.`);
  return `"${value}"`;
}

/** `email == "…"`: the workers whose `email` attribute is exactly this address. */
export function emailEquals(email: string): string {
  return `email == ${taskRouterStringLiteral(email)}`;
}

/** `email IN ["…","…"]`: the workers whose `email` attribute is exactly one of these addresses. */
export function emailIn(emails: readonly string[]): string {
  // `email IN []` matches nobody; asking for it can only be a bug upstream, so say so.
  if (emails.length === 0) refuse('No addresses were given to look up in TaskRouter.', 'This is a bug in Flex Steward: report it with the run history attached.');
  return `email IN [${emails.map(taskRouterStringLiteral).join(',')}]`;
}

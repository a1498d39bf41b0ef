import { isLookalike } from './lookalike';

/**
 * Which email address a worker stands for. Flex writes `attributes.email` on every SAML login; some
 * setups only put the address in `friendly_name`. Anything else is "no email", never a guess.
 */

/** TaskRouter caps attributes far below this; a larger value is not parsed at all. */
const MAX_ATTRIBUTES_LENGTH = 64 * 1024;

/** Quoted local parts (`"john..doe"@x`) are valid addresses; spaces and extra `@` outside quotes are not. */
const EMAIL = /^(?:"[^"\r\n]+"|[^\s@"]+)@[^\s@"]+\.[^\s@"]+$/u;

export const isEmailAddress = (value: string) => value.length <= 320 && EMAIL.test(value);

export type AttributesProblem = 'invalid-json' | 'too-large' | 'not-an-object';

export interface WorkerEmail {
  email: string | null;
  source: 'attributes' | 'friendly-name' | null;
  /** Set when the attributes could not be read; the friendly name may still have given an email. */
  attributesProblem?: AttributesProblem;
}

function emailFromAttributes(attributes: string): { email: string | null; problem?: AttributesProblem } {
  if (attributes.length > MAX_ATTRIBUTES_LENGTH) return { email: null, problem: 'too-large' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(attributes);
  } catch {
    return { email: null, problem: 'invalid-json' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { email: null, problem: 'not-an-object' };
  const email = (parsed as Record<string, unknown>).email;
  return { email: typeof email === 'string' && isEmailAddress(email.trim()) ? email.trim() : null };
}

/** The worker's email from its attributes (a JSON string, as Twilio stores it), else from an email-shaped friendly name. */
export function workerEmail(worker: { attributes: string; friendlyName: string | null }): WorkerEmail {
  const fromAttributes = emailFromAttributes(worker.attributes);
  const extra = fromAttributes.problem ? { attributesProblem: fromAttributes.problem } : {};
  if (fromAttributes.email) return { email: fromAttributes.email, source: 'attributes', ...extra };
  const name = worker.friendlyName?.trim() ?? '';
  if (isEmailAddress(name)) return { email: name, source: 'friendly-name', ...extra };
  return { email: null, source: null, ...extra };
}

/**
 * The form two addresses are compared in: lower case, and the domain in its ASCII (punycode) form,
 * so `José@Bücher.example` and `josé@xn--bcher-kva.example` are the same person. A look-alike
 * address (see `lookalike.ts`) is its own key, unfolded: lower-casing and the URL parser's IDNA
 * mapping would fold it onto the plain address it imitates, which belongs to someone else.
 */
export function emailKey(email: string): string {
  if (isLookalike(email)) return email;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  let ascii = domain;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    // Not a valid host name: compare it as typed.
  }
  return `${local}@${ascii}`;
}

/** The spellings of an address to search Okta for: as given, and with an ASCII domain when that differs. */
export function searchForms(email: string): string[] {
  const at = email.lastIndexOf('@');
  const key = emailKey(email);
  const asciiForm = `${email.slice(0, at)}@${key.slice(key.lastIndexOf('@') + 1)}`;
  return asciiForm === email ? [email] : [email, asciiForm];
}

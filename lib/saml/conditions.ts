import type { Element } from '@xmldom/xmldom';
import type { SsoFinding } from '../sso/finding';
import { error, ok } from '../sso/finding';
import type { SamlContext } from './diagnosis';
import { ASSERTION_NS, childrenNamed, firstChild } from './parse';

/**
 * When the assertion may be used: `Conditions` NotBefore/NotOnOrAfter (saml-core-2.0-os §2.5.1.2)
 * and the bearer `SubjectConfirmationData` NotOnOrAfter (§2.4.1.2), judged on the API servers'
 * clock (this computer's plus the measured skew) as Flex judges them on its own; and the
 * `AuthnStatement` SessionNotOnOrAfter, which Flex needs more than one hour away (the requirement
 * as issue 10 states it; our docs search found no public Twilio page that words it).
 */
const HOUR_MS = 60 * 60 * 1000;

export function serverNow(context: SamlContext): Date {
  return new Date(context.sso.now.getTime() + (context.clockSkewMs ?? 0));
}

/** "3 min 20 s" / "2 h 5 min": how far apart two times are, the way a person says it. */
export function duration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} days`;
}

const time = (value: string | null | undefined) => {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? Number.NaN : parsed;
};

function clockNote(context: SamlContext): string {
  const skew = context.clockSkewMs;
  if (skew === undefined) return ' (this computer\'s clock; its skew against Twilio\'s servers was not measured)';
  if (Math.abs(skew) < 1000) return '';
  return ` (on the servers' clock: this computer's is ${duration(skew)} ${skew > 0 ? 'behind' : 'ahead'})`;
}

export function checkValidityWindow(assertion: Element, context: SamlContext): SsoFinding {
  const now = serverNow(context).getTime();
  const conditions = firstChild(assertion, ASSERTION_NS, 'Conditions');
  const confirmations = childrenNamed(firstChild(assertion, ASSERTION_NS, 'Subject') ?? assertion, ASSERTION_NS, 'SubjectConfirmation').map((c) => firstChild(c, ASSERTION_NS, 'SubjectConfirmationData'));
  const notBefore = [time(conditions?.getAttribute('NotBefore')), ...confirmations.map((d) => time(d?.getAttribute('NotBefore')))].filter((t): t is number => t !== undefined);
  const notOnOrAfter = [time(conditions?.getAttribute('NotOnOrAfter')), ...confirmations.map((d) => time(d?.getAttribute('NotOnOrAfter')))].filter((t): t is number => t !== undefined);
  const rule = 'saml.validity';
  const fixClock = 'Check that the clocks of the IdP and this computer are set automatically (NTP); then test a fresh login.';
  if ([...notBefore, ...notOnOrAfter].some(Number.isNaN)) return error(rule, null, 'A NotBefore or NotOnOrAfter time is not a valid date.', fixClock);
  const start = notBefore.length ? Math.max(...notBefore) : undefined;
  const end = notOnOrAfter.length ? Math.min(...notOnOrAfter) : undefined;
  if (start !== undefined && now < start) {
    return error(rule, null, `The assertion is not valid yet: it starts in ${duration(start - now)}${clockNote(context)}, so Flex would refuse it.`, fixClock);
  }
  if (end !== undefined && now >= end) {
    return error(rule, null, `The assertion expired ${duration(now - end)} ago${clockNote(context)}; Flex refuses it after NotOnOrAfter.`, 'Test a fresh login: a response can be used only for the few minutes the IdP allows. If this one is fresh, check the IdP\'s and this computer\'s clocks.');
  }
  if (end === undefined) return error(rule, null, 'The assertion says no NotOnOrAfter: a bearer assertion must expire, and Flex refuses one that does not.', 'Use your IdP\'s standard SAML 2.0 app for Flex: it sets NotOnOrAfter.');
  return ok(rule, null, `The assertion is valid now${clockNote(context)}: it expires in ${duration(end - now)}.`);
}

export function checkSessionLength(assertion: Element, context: SamlContext): SsoFinding {
  const rule = 'saml.session-not-on-or-after';
  const value = firstChild(assertion, ASSERTION_NS, 'AuthnStatement')?.getAttribute('SessionNotOnOrAfter');
  if (!value) return ok(rule, null, 'The assertion sets no SessionNotOnOrAfter, so the IdP does not cut the Flex session short.');
  const end = Date.parse(value);
  const left = end - serverNow(context).getTime();
  if (Number.isNaN(end) || left <= HOUR_MS) {
    return error(rule, null, `SessionNotOnOrAfter is ${Number.isNaN(end) ? 'not a date' : `${duration(left)} ${left < 0 ? 'past' : 'away'}`}; Flex needs it more than one hour away.`, 'In your IdP, make the session it grants the Flex app last more than one hour (Okta: the app\'s and the org\'s sign-on policies).');
  }
  return ok(rule, null, `SessionNotOnOrAfter is ${duration(left)} away, more than the hour Flex needs.`);
}

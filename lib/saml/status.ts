import type { Element } from '@xmldom/xmldom';
import type { SsoFinding } from '../sso/finding';
import { error, ok } from '../sso/finding';
import type { SamlContext } from './diagnosis';
import { idpFix } from './fix';
import { PROTOCOL_NS, firstChild, textOf } from './parse';

/**
 * The response's `Status`: what the IdP says happened before any assertion is read. The codes and
 * their meaning are saml-core-2.0-os §3.2.2.2
 * (https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf); what each means for a Flex
 * login, and the fix, is ours.
 */
const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

function explain(top: string, second: string | undefined, context: SamlContext): { why: string; fix: string } {
  switch (second) {
    case 'InvalidNameIDPolicy':
      return { why: 'the IdP can\'t send the Name ID format Flex asked for', fix: idpFix(context, 'subjectNameIdFormat', '"Unspecified"') };
    case 'RequestDenied':
      return { why: 'the IdP chose not to sign this person in, usually because they are not assigned to the Flex app', fix: context.sso.okta ? `In Okta, open the app "${context.sso.okta.appLabel}", Assignments tab, and assign the person (or a group they are in).` : 'In your IdP, assign the person to the Flex app.' };
    case 'AuthnFailed':
      return { why: 'the IdP could not authenticate the person (wrong password, MFA not completed, or a sign-on policy refused them)', fix: 'Have the person sign in to the IdP directly to see its message; check the app\'s sign-on policy.' };
    case 'UnknownPrincipal':
      return { why: 'the IdP does not know this person', fix: 'Check that the person exists and is active in the IdP.' };
    case 'NoPassive':
      return { why: 'the IdP would have had to ask the person to sign in, and was told not to', fix: 'Start the login again from the Flex login page.' };
    case 'RequestUnsupported':
    case 'NoAuthnContext':
      return { why: 'the IdP can\'t meet what Flex\'s request asked for', fix: 'Check the Flex app\'s sign-on settings in your IdP against Twilio\'s guide for it.' };
    default:
      break;
  }
  if (top === 'Requester') return { why: 'the IdP found fault with the request it received', fix: 'Check that Flex\'s SSO settings (Entity ID, ACS URL) match the IdP app exactly.' };
  if (top === 'Responder') return { why: 'the IdP failed on its side', fix: 'Look at the IdP\'s system log for this login.' };
  if (top === 'VersionMismatch') return { why: 'the IdP does not speak SAML 2.0 as Flex does', fix: 'Use a SAML 2.0 app in your IdP.' };
  return { why: 'the IdP refused the login', fix: 'Look at the IdP\'s system log for this login.' };
}

export function checkStatus(response: Element, context: SamlContext): SsoFinding {
  const status = firstChild(response, PROTOCOL_NS, 'Status');
  const code = firstChild(status, PROTOCOL_NS, 'StatusCode');
  const value = code?.getAttribute('Value') ?? '';
  const secondValue = firstChild(code, PROTOCOL_NS, 'StatusCode')?.getAttribute('Value');
  const message = firstChild(status, PROTOCOL_NS, 'StatusMessage');
  const said = message ? ` It says: "${textOf(message).text}".` : '';
  if (value === `${STATUS}Success`) return ok('saml.status', null, 'The IdP says Success.');
  const top = value.startsWith(STATUS) ? value.slice(STATUS.length) : value || 'no status';
  const second = secondValue?.startsWith(STATUS) ? secondValue.slice(STATUS.length) : secondValue ?? undefined;
  const { why, fix } = explain(top, second, context);
  return error('saml.status', null, `The IdP answered ${top}${second ? `/${second}` : ''}: ${why}.${said}`, fix);
}

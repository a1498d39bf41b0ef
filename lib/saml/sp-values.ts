import type { Element } from '@xmldom/xmldom';
import { GENERATION_NAMES, parseFlexEndpoint } from '../sso/endpoints';
import type { SsoFinding } from '../sso/finding';
import { error, flexField, ok, oktaField } from '../sso/finding';
import { FLEX_FIELD_LABELS } from '../sso/labels';
import { targetConnection } from '../sso/okta-sign-on';
import type { SamlContext } from './diagnosis';
import { idpFix } from './fix';
import { ASSERTION_NS, childrenNamed, firstChild, textOf } from './parse';

/**
 * Who issued the response and for whom: the `Issuer` against the Okta app's metadata and the Flex
 * page; the `Audience` against the Entity ID of the connection Flex uses; the bearer
 * `SubjectConfirmationData` Recipient and the Response's `Destination` against its ACS URL
 * (saml-profiles-2.0-os §4.1.4.3, https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf);
 * and `InResponseTo`, which says whether Flex started the login.
 */

/** Why a value is not the connection's: another generation, account or connection, or just another value. */
function whyNot(actual: string, context: SamlContext): string {
  const { generation } = targetConnection(context.sso);
  const found = parseFlexEndpoint(actual);
  if (found && found.generation !== generation) return `is ${GENERATION_NAMES[found.generation]}'s value, but Flex uses ${GENERATION_NAMES[generation]}`;
  if (found?.accountSid && found.accountSid !== context.sso.twilio.accountSid) return `names account ${found.accountSid}, not ${context.sso.twilio.accountSid}`;
  if (found?.connectionSid && context.sso.connectionSid && found.connectionSid !== context.sso.connectionSid) return `names connection ${found.connectionSid}, not ${context.sso.connectionSid}`;
  return `is not ${GENERATION_NAMES[generation]}'s value for this account`;
}

export function checkIssuer(response: Element, assertion: Element | undefined, context: SamlContext): SsoFinding[] {
  const flexPageIssuer = context.flexPageIssuer;
  const responseIssuer = firstChild(response, ASSERTION_NS, 'Issuer');
  const assertionIssuer = firstChild(assertion, ASSERTION_NS, 'Issuer');
  const issuer = textOf(assertionIssuer ?? responseIssuer ?? response).text;
  const rule = 'saml.issuer';
  if (!assertionIssuer && !responseIssuer) return [error(rule, null, 'The response names no Issuer; Flex can\'t tell which identity provider sent it.', 'Use your IdP\'s SAML 2.0 app for Flex: it always names its issuer.')];
  if (responseIssuer && assertionIssuer && textOf(responseIssuer).text !== issuer) {
    return [error(rule, null, `The Response's Issuer (${textOf(responseIssuer).text}) and the Assertion's (${issuer}) differ; Flex would refuse it.`, 'Capture the login again straight from your IdP; a proxy may be rewriting it.')];
  }
  const findings: SsoFinding[] = [];
  const okta = context.sso.okta;
  const metadataIssuer = okta?.metadata?.issuer;
  if (metadataIssuer && issuer !== metadataIssuer) {
    findings.push(error(rule, null, `The response was issued by ${issuer}, not by the Okta app "${okta.appLabel}" (${metadataIssuer}).`, `Sign in through the Okta app "${okta.appLabel}" (its tile, or the Flex login page), or connect the Okta app this response came from.`, metadataIssuer));
  } else if (metadataIssuer) {
    findings.push(ok(rule, null, `The issuer is the Okta app "${okta!.appLabel}" (${issuer}).`));
  }
  if (flexPageIssuer !== undefined) {
    if (flexPageIssuer.trim() !== issuer) {
      findings.push(error('saml.issuer.flex', flexField('issuer'), `Flex holds "${flexPageIssuer}" as "${FLEX_FIELD_LABELS.issuer}", but the response was issued by ${issuer}; Flex would refuse it.`, `In Console, go to Flex > Manage > Single sign-on and set "${FLEX_FIELD_LABELS.issuer}" to the value shown.`, issuer));
    } else findings.push(ok('saml.issuer.flex', flexField('issuer'), `Flex's "${FLEX_FIELD_LABELS.issuer}" is this issuer.`));
  }
  if (findings.length === 0) findings.push(ok(rule, null, `The issuer is ${issuer}.`));
  return findings;
}

export function checkAudience(assertion: Element, context: SamlContext): SsoFinding {
  const { pair } = targetConnection(context.sso);
  const conditions = firstChild(assertion, ASSERTION_NS, 'Conditions');
  const audiences = childrenNamed(conditions ?? assertion, ASSERTION_NS, 'AudienceRestriction').flatMap((r) => childrenNamed(r, ASSERTION_NS, 'Audience').map((a) => textOf(a).text));
  const rule = 'saml.audience';
  const fix = idpFix(context, 'audience', 'the value shown');
  if (audiences.includes(pair.entityId)) return ok(rule, oktaField('audience'), `The audience is Flex's Entity ID (${pair.entityId}).`);
  if (audiences.length === 0) return error(rule, oktaField('audience'), 'The assertion names no audience; Flex needs its Entity ID there.', fix, pair.entityId);
  return error(rule, oktaField('audience'), `The audience ${audiences.join(', ')} ${whyNot(audiences[0]!, context)}; Flex refuses an assertion meant for someone else.`, fix, pair.entityId);
}

export function checkRecipient(assertion: Element, context: SamlContext): SsoFinding {
  const { pair } = targetConnection(context.sso);
  const bearer = childrenNamed(firstChild(assertion, ASSERTION_NS, 'Subject') ?? assertion, ASSERTION_NS, 'SubjectConfirmation').find((c) => c.getAttribute('Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer');
  const recipient = firstChild(bearer, ASSERTION_NS, 'SubjectConfirmationData')?.getAttribute('Recipient');
  const rule = 'saml.recipient';
  const fix = idpFix(context, 'recipient', 'the value shown (tick "Use this for Recipient URL and Destination URL")');
  if (!bearer) return error(rule, oktaField('recipient'), 'The assertion has no bearer SubjectConfirmation; Flex needs one naming its ACS URL.', fix, pair.acsUrl);
  if (recipient === pair.acsUrl) return ok(rule, oktaField('recipient'), 'The Recipient is Flex\'s ACS URL.');
  if (!recipient) return error(rule, oktaField('recipient'), 'The bearer confirmation names no Recipient; Flex needs its ACS URL there.', fix, pair.acsUrl);
  return error(rule, oktaField('recipient'), `The Recipient ${recipient} ${whyNot(recipient, context)}; Flex refuses the assertion.`, fix, pair.acsUrl);
}

export function checkDestination(response: Element, context: SamlContext): SsoFinding {
  const { pair } = targetConnection(context.sso);
  const destination = response.getAttribute('Destination');
  const rule = 'saml.destination';
  // Optional for an unsigned response, but Okta always sets it on the signed ones Flex gets (saml-core-2.0-os §3.2.2).
  if (!destination) return ok(rule, oktaField('destination'), 'The response names no Destination.');
  if (destination === pair.acsUrl) return ok(rule, oktaField('destination'), 'The Destination is Flex\'s ACS URL.');
  return error(rule, oktaField('destination'), `The Destination ${destination} ${whyNot(destination, context)}; Flex refuses a response sent elsewhere.`, idpFix(context, 'destination', 'the value shown (tick "Use this for Recipient URL and Destination URL")'), pair.acsUrl);
}

export function checkInResponseTo(response: Element, assertion: Element | undefined): SsoFinding {
  const confirmation = firstChild(childrenNamed(firstChild(assertion, ASSERTION_NS, 'Subject') ?? response, ASSERTION_NS, 'SubjectConfirmation')[0], ASSERTION_NS, 'SubjectConfirmationData');
  const inResponseTo = response.getAttribute('InResponseTo') || confirmation?.getAttribute('InResponseTo');
  if (inResponseTo) return ok('saml.in-response-to', null, `The login was started by Flex (SP-initiated): the response answers request ${inResponseTo}.`);
  return ok('saml.in-response-to', null, 'The login was started at the IdP (IdP-initiated, e.g. the Okta tile): the response answers no Flex request.');
}

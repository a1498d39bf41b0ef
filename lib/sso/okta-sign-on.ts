import type { OktaSamlSignOn, OktaSsoFacts, SsoContext } from './context';
import type { OktaSignOnField, SsoFinding } from './finding';
import { error, ok, oktaField, warning } from './finding';
import { OKTA_FIELD_LABELS } from './labels';
import type { FlexEndpointPair, FlexSsoGeneration } from './endpoints';
import { GENERATION_NAMES, parseFlexEndpoint } from './endpoints';
import type { SpSlot } from './sp-url-rules';
import { checkSpScheme, checkSpTrailingSlash, checkSpWhitespace, expectedPair } from './sp-url-rules';

/**
 * The Okta Flex app's `settings.signOn` against the connection Flex uses. What Twilio's Okta guide
 * asks for (https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta):
 * "Single sign on URL" and "Audience URI (SP Entity ID)" from Flex, "Name ID format" left
 * Unspecified unless you work with a specific format, "Response" and "Assertion Signature" Signed,
 * "Signature Algorithm" / "Digest Algorithm" left at their (SHA-256) defaults, and "Assertion
 * Encryption" Unencrypted: "Twilio doesn't currently support encryption".
 */

const ADVANCED = new Set<OktaSignOnField>(['recipient', 'destination', 'responseSigned', 'assertionSigned', 'signatureAlgorithm', 'digestAlgorithm', 'assertionEncryption']);

/** "In Okta, open the app … and set "X" to …", in the Admin Console's words. */
export function oktaFix(okta: Pick<OktaSsoFacts, 'appLabel'>, field: OktaSignOnField, to: string): string {
  const where = field === 'attributeStatements' ? 'General > SAML Settings > Edit > Configure SAML, "Attribute Statements"' : `General > SAML Settings > Edit > Configure SAML${ADVANCED.has(field) ? ', "Show Advanced Settings"' : ''}`;
  return `In Okta, open the app "${okta.appLabel}", go to ${where}, and set "${OKTA_FIELD_LABELS[field]}" to ${to}.`;
}

/** The value Okta uses: an `…Override` wins when it is set. */
export function effectiveSignOn(signOn: OktaSamlSignOn): Pick<OktaSamlSignOn, 'ssoAcsUrl' | 'audience' | 'recipient' | 'destination'> {
  const pick = (override: string | null | undefined, base: string | undefined) => (override ? override : base);
  return {
    ssoAcsUrl: pick(signOn.ssoAcsUrlOverride, signOn.ssoAcsUrl),
    audience: pick(signOn.audienceOverride, signOn.audience),
    recipient: pick(signOn.recipientOverride, signOn.recipient),
    destination: pick(signOn.destinationOverride, signOn.destination),
  };
}

/** Which connection the Okta app must point at: the enhanced one once its `JQ…` SID is known, else the legacy one. */
export function targetConnection(context: SsoContext): { generation: FlexSsoGeneration; pair: FlexEndpointPair } {
  const generation: FlexSsoGeneration = context.connectionSid ? 'enhanced' : 'legacy';
  return { generation, pair: expectedPair(context, generation) as FlexEndpointPair };
}

/** One of the four SP values in the Okta app, compared exactly with the connection Flex uses. */
export function checkOktaSpValue(okta: OktaSsoFacts, field: 'ssoAcsUrl' | 'audience' | 'recipient' | 'destination', context: SsoContext): SsoFinding {
  const { generation, pair } = targetConnection(context);
  const expected = field === 'audience' ? pair.entityId : pair.acsUrl;
  const actual = effectiveSignOn(okta.signOn)[field];
  const label = OKTA_FIELD_LABELS[field];
  const rule = `okta.${field === 'ssoAcsUrl' ? 'acs-url' : field}`;
  const fix =
    field === 'recipient' || field === 'destination'
      ? `In Okta, open the app "${okta.appLabel}", go to General > SAML Settings > Edit > Configure SAML and tick "Use this for Recipient URL and Destination URL" under "Single sign on URL" (or set "${label}" to the value shown).`
      : oktaFix(okta, field, 'the value shown');
  if (actual === expected) return ok(rule, oktaField(field), `"${label}" is ${GENERATION_NAMES[generation]}'s value for this account.`);
  if (!actual) return error(rule, oktaField(field), `"${label}" is empty.`, fix, expected);
  // Spaces, http: and a trailing slash are said as such, with the same words as on the Flex page.
  const slot: SpSlot = { field: oktaField(field), rule, label: `"${label}"`, role: field === 'audience' ? 'entityId' : 'acsUrl', fix };
  const format = checkSpWhitespace(actual, slot) ?? checkSpScheme(actual, slot) ?? checkSpTrailingSlash(actual, slot);
  if (format) return { ...format, rule, expected };
  const found = parseFlexEndpoint(actual);
  const why =
    found && found.generation !== generation
        ? `is ${GENERATION_NAMES[found.generation]}'s value, but Flex uses ${GENERATION_NAMES[generation]}`
        : found?.accountSid && found.accountSid !== context.twilio.accountSid
          ? `names account ${found.accountSid}, not ${context.twilio.accountSid}`
          : found?.connectionSid && found.connectionSid !== context.connectionSid
            ? `names connection ${found.connectionSid}, not ${context.connectionSid}`
            : `is ${JSON.stringify(actual)}, which is not ${GENERATION_NAMES[generation]}'s value for this account`;
  return error(rule, oktaField(field), `"${label}" ${why}.`, fix, expected);
}

export function checkOktaSignatures(okta: OktaSsoFacts): SsoFinding[] {
  const check = (field: 'responseSigned' | 'assertionSigned', value: boolean | undefined) => {
    const label = OKTA_FIELD_LABELS[field];
    if (value === true) return ok(`okta.${field === 'responseSigned' ? 'response-signed' : 'assertion-signed'}`, oktaField(field), `"${label}" is Signed.`);
    return error(`okta.${field === 'responseSigned' ? 'response-signed' : 'assertion-signed'}`, oktaField(field), `"${label}" is not Signed; Flex needs both the response and the assertion signed.`, oktaFix(okta, field, '"Signed"'), 'Signed');
  };
  return [check('responseSigned', okta.signOn.responseSigned), check('assertionSigned', okta.signOn.assertionSigned)];
}

export function checkOktaEncryption(okta: OktaSsoFacts): SsoFinding {
  if (okta.signOn.assertionEncryption?.enabled) {
    return error('okta.encryption', oktaField('assertionEncryption'), 'The assertion is encrypted: Twilio doesn\'t currently support encryption, so Flex can\'t read it.', oktaFix(okta, 'assertionEncryption', '"Unencrypted"'), 'Unencrypted');
  }
  return ok('okta.encryption', oktaField('assertionEncryption'), '"Assertion Encryption" is Unencrypted, as Twilio requires.');
}

/** SHA-1 is the one weak choice Okta still offers; Twilio's guide says to leave the (SHA-256) defaults. */
export function checkOktaAlgorithms(okta: OktaSsoFacts): SsoFinding[] {
  const check = (field: 'signatureAlgorithm' | 'digestAlgorithm', value: string | undefined, good: string) => {
    const rule = `okta.${field === 'signatureAlgorithm' ? 'signature-algorithm' : 'digest-algorithm'}`;
    if (value && /SHA-?1$/i.test(value)) return warning(rule, oktaField(field), `"${OKTA_FIELD_LABELS[field]}" is ${value}; SHA-1 is broken for signatures.`, oktaFix(okta, field, `"${good}" (the default)`), good);
    return ok(rule, oktaField(field), `"${OKTA_FIELD_LABELS[field]}" is ${value ?? 'the default'}.`);
  };
  return [check('signatureAlgorithm', okta.signOn.signatureAlgorithm, 'RSA_SHA256'), check('digestAlgorithm', okta.signOn.digestAlgorithm, 'SHA256')];
}

const NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:';
const FINE_NAME_ID_FORMATS = [`${NAME_ID_FORMAT}unspecified`, `${NAME_ID_FORMAT}emailAddress`];

export function checkOktaNameIdFormat(okta: OktaSsoFacts): SsoFinding {
  const format = okta.signOn.subjectNameIdFormat;
  const field = oktaField('subjectNameIdFormat');
  if (!format || FINE_NAME_ID_FORMATS.includes(format)) {
    return ok('okta.name-id-format', field, `"Name ID format" is ${format ? format.slice(format.lastIndexOf(':') + 1) : 'the default'}; the Name ID carries the "Application username", which must be unique per agent (an email or the Okta username).`);
  }
  return warning(
    'okta.name-id-format',
    field,
    `"Name ID format" is ${format}; Twilio's Okta guide says to leave it Unspecified unless you work with a specific format, and the Name ID must identify the same agent at every login.`,
    oktaFix(okta, 'subjectNameIdFormat', '"Unspecified"'),
    `${NAME_ID_FORMAT}unspecified`,
  );
}

import type { OktaSsoFacts, SsoContext } from './context';
import type { SsoFinding } from './finding';
import { error, ok, oktaField, warning } from './finding';
import { checkOktaAttributes } from './okta-attributes';
import { checkOktaAlgorithms, checkOktaEncryption, checkOktaNameIdFormat, checkOktaSignatures, checkOktaSpValue, targetConnection } from './okta-sign-on';
import { checkMigrationDeadline } from './sp-url-rules';

/** Every rule that applies to the Okta Flex app's SAML settings against this Twilio account's connection. */
export function checkOktaApp(okta: OktaSsoFacts, context: SsoContext): SsoFinding[] {
  const { generation } = targetConnection(context);
  return [
    checkOktaSpValue(okta, 'ssoAcsUrl', context),
    checkOktaSpValue(okta, 'audience', context),
    checkOktaSpValue(okta, 'recipient', context),
    checkOktaSpValue(okta, 'destination', context),
    // Without an enhanced connection, the app points at the legacy one, which has a deadline.
    ...(generation === 'enhanced' ? [] : [checkMigrationDeadline(generation, oktaField('ssoAcsUrl'), context.now)]),
    ...checkOktaSignatures(okta),
    checkOktaEncryption(okta),
    ...checkOktaAlgorithms(okta),
    checkOktaNameIdFormat(okta),
    ...checkOktaAttributes(okta),
    checkOktaSigningKey(okta, context.now),
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The key Okta signs with now: present, and not expired or about to. */
export function checkOktaSigningKey(okta: OktaSsoFacts, now: Date): SsoFinding {
  const field = oktaField('signingCertificate');
  const active = okta.keys.find((key) => key.kid === okta.activeKid);
  const rotate = `In Okta, open the app "${okta.appLabel}", go to Sign On > "SAML Signing Certificates", generate a new certificate, activate it, and paste it into Flex's "X.509 Certificate" at the same time.`;
  if (!active) return error('okta.signing-certificate', field, 'The Okta app has no active signing certificate.', rotate);
  const expiresAt = new Date(active.expiresAt);
  const daysLeft = Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
  const day = active.expiresAt.slice(0, 10);
  if (daysLeft < 0) return error('okta.signing-certificate', field, `Okta signs with kid ${active.kid}, which expired on ${day}.`, rotate);
  if (daysLeft < 30) return warning('okta.signing-certificate', field, `Okta signs with kid ${active.kid}, which expires on ${day}, in ${daysLeft} days.`, rotate);
  return ok('okta.signing-certificate', field, `Okta signs with kid ${active.kid}, valid until ${day}.`);
}

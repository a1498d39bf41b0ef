import { beforeEach, describe, expect, it } from 'vitest';
import { generateState } from './generate';
import { signedInSubject } from './okta/idp-login';
import { oktaSamlResponse, SAML_NS } from './okta/saml-response';
import { elements, parseXml, samlAttributes, signatureVerifies } from './okta/saml-test-fixtures';
import { findFlexApp, neighbourSid, serviceProviderEndpoints } from './pages/console';
import { activeSigningKey, certificatePem } from './pages/okta-admin';
import { seededRandom } from './random';
import { applySamlResponseSwitch, SAML_RESPONSE_SWITCHES, type SamlResponseSwitchId } from './saml-response-switches';
import type { SandboxState } from './state';

const NOW = new Date('2026-03-10T12:00:00Z');
const MINUTE = 60_000;
const at = (offset: number) => new Date(NOW.getTime() + offset).toISOString();

let state: SandboxState;
beforeEach(() => {
  state = generateState({ seed: 3, workers: 20, oktaUsers: 30 }, NOW);
});

/** What the switches may touch, read from the response the login would post, with the same ids each time. */
function seen() {
  const app = findFlexApp(state)!;
  const subject = signedInSubject(state, app, null);
  if ('status' in subject) throw new Error('no one to sign in');
  const xml = oktaSamlResponse({ state, app, subject, now: NOW, random: seededRandom(7) });
  const root = parseXml(xml);
  const assertion = elements(root, 'Assertion')[0]!;
  const conditions = elements(root, 'Conditions')[0]!;
  const appCertificate = certificatePem(activeSigningKey(state, app)!.x5c[0]!);
  const keyInfoCertificates = [...new Set(elements(root, 'X509Certificate', SAML_NS.dsig).map((c) => c.textContent ?? ''))];
  return {
    issueInstant: root.getAttribute('IssueInstant'),
    notBefore: conditions.getAttribute('NotBefore'),
    notOnOrAfter: conditions.getAttribute('NotOnOrAfter'),
    confirmationNotOnOrAfter: elements(root, 'SubjectConfirmationData')[0]!.getAttribute('NotOnOrAfter'),
    audience: elements(root, 'Audience')[0]!.textContent,
    destination: root.getAttribute('Destination'),
    recipient: elements(root, 'SubjectConfirmationData')[0]!.getAttribute('Recipient'),
    attributes: samlAttributes(root),
    keyInfoCertificates,
    signedWithAppKey: signatureVerifies(xml, root, appCertificate) && signatureVerifies(xml, assertion, appCertificate),
    signedWithKeyInfoKey: keyInfoCertificates.length === 1 && signatureVerifies(xml, root, certificatePem(keyInfoCertificates[0]!)) && signatureVerifies(xml, assertion, certificatePem(keyInfoCertificates[0]!)),
  };
}

describe('SAML_RESPONSE_SWITCHES', () => {
  it('leaves a clean response when none is planted: app key, issued now, five minutes either side', () => {
    expect(seen()).toMatchObject({ issueInstant: at(0), notBefore: at(-5 * MINUTE), notOnOrAfter: at(5 * MINUTE), signedWithAppKey: true, signedWithKeyInfoKey: true });
  });

  const expectations: Record<SamlResponseSwitchId, (before: ReturnType<typeof seen>) => Partial<ReturnType<typeof seen>>> = {
    'response-expired': () => ({ issueInstant: at(-10 * MINUTE), notBefore: at(-15 * MINUTE), notOnOrAfter: at(-5 * MINUTE), confirmationNotOnOrAfter: at(-5 * MINUTE) }),
    'response-clock-ahead': () => ({ issueInstant: at(10 * MINUTE), notBefore: at(5 * MINUTE), notOnOrAfter: at(15 * MINUTE), confirmationNotOnOrAfter: at(15 * MINUTE) }),
    'response-foreign-key': (before) => {
      expect(seen().keyInfoCertificates).not.toEqual(before.keyInfoCertificates);
      expect(seen().keyInfoCertificates).toHaveLength(1);
      // A real signature, by the key of the certificate it carries: just not the app's.
      return { signedWithAppKey: false, keyInfoCertificates: seen().keyInfoCertificates };
    },
    'response-audience-other-account': () => ({ audience: serviceProviderEndpoints(neighbourSid(state.twilio.credentials.accountSid), 'legacy').entityId }),
  };

  it.each(Object.keys(SAML_RESPONSE_SWITCHES) as SamlResponseSwitchId[])('%s changes exactly what it says', (id) => {
    const before = seen();
    const app = structuredClone(findFlexApp(state));
    applySamlResponseSwitch(state, id);
    const changed = expectations[id](before);
    expect(Object.keys(changed).length).toBeGreaterThan(0);
    expect(seen()).toEqual({ ...before, ...changed });
    // The app's settings are untouched: only the response shows the fault.
    expect(findFlexApp(state)).toEqual(app);
  });
});

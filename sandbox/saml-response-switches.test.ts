import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateState } from './generate';
import { SANDBOX_HOSTS } from './hosts';
import { signedInSubject } from './okta/idp-login';
import { oktaSamlResponse, SAML_NS } from './okta/saml-response';
import { elements, parseXml, samlAttributes, signatureVerifies } from './okta/saml-test-fixtures';
import { findFlexApp, neighbourSid, serviceProviderEndpoints } from './pages/console';
import { activeSigningKey, certificatePem } from './pages/okta-admin';
import { seededRandom } from './random';
import { applySamlResponseSwitch, SAML_RESPONSE_SWITCHES, type SamlResponseSwitchId } from './saml-response-switches';
import { sandboxFetch } from './sandbox-fetch';
import { startSandbox, type Sandbox } from './server';
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

describe('POST /__sandbox/sso {"responseSwitches": [...]}', () => {
  let sandbox: Sandbox;
  let call: typeof fetch;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => NOW, seed: 3, workers: 10, oktaUsers: 10 });
    call = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reseed());
  const control = (body: unknown) => call(`https://${SANDBOX_HOSTS.console}/__sandbox/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('plants response switches beside SSO switches, and reseeding undoes them', async () => {
    const answer = await control({ switches: ['okta-sha1'], responseSwitches: ['response-clock-ahead', 'response-foreign-key'] });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ appliedResponseSwitches: ['response-clock-ahead', 'response-foreign-key'], samlResponseFaults: { idpClockOffsetMs: 10 * MINUTE, foreignKey: true } });
    expect(findFlexApp(sandbox.state)!.signOn!.signatureAlgorithm).toBe('RSA_SHA1');
    sandbox.reseed();
    expect(sandbox.state.okta.samlResponseFaults).toBeUndefined();
  });

  it('refuses an unknown response switch without changing anything', async () => {
    const answer = await control({ switches: ['okta-sha1'], responseSwitches: ['response-expired', 'response-made-up'] });
    expect(answer.status).toBe(400);
    expect((await answer.json()) as { message: string }).toMatchObject({ message: expect.stringContaining('unknown SAML response switch response-made-up') });
    expect(sandbox.state.okta.samlResponseFaults).toBeUndefined();
    expect(findFlexApp(sandbox.state)!.signOn!.signatureAlgorithm).toBe('RSA_SHA256');
  });

  it('lists every response switch on the control index', async () => {
    const index = await (await call(`https://${SANDBOX_HOSTS.console}/__sandbox/`)).text();
    for (const id of Object.keys(SAML_RESPONSE_SWITCHES)) expect(index).toContain(`<code>${id}</code>`);
  });
});

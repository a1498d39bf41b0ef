import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { findFlexApp } from '../pages/console';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { SSO_SWITCHES, type SsoSwitchId } from '../sso-switches';
import { elements, flexAppCertificatePem, flexLoginUrl, oktaLogin, parseXml, samlAttributes, signatureVerifies } from './saml-test-fixtures';
import { samlIdpIssuer } from './saml';
import { evaluateExpression, SAML_NS, XMLDSIG } from './saml-response';

const NOW = new Date('2026-03-10T12:00:00Z');
const MINUTE = 60_000;

let sandbox: Sandbox;
let fetchSandbox: typeof fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => NOW });
  fetchSandbox = sandboxFetch(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const app = () => findFlexApp(sandbox.state)!;
const plant = (...ids: SsoSwitchId[]) => ids.forEach((id) => SSO_SWITCHES[id].apply(sandbox.state));
const firstAssignedActive = () => {
  const assignment = sandbox.state.okta.assignments.find((a) => a.appId === app().id && sandbox.state.okta.users.find((u) => u.id === a.userId)?.status === 'ACTIVE')!;
  return { assignment, user: sandbox.state.okta.users.find((u) => u.id === assignment.userId)! };
};

describe("the Okta Flex app's IdP-initiated login", () => {
  it('posts a response signed with the app certificate to the ACS URL, as the first active assigned user', async () => {
    const { user, assignment } = firstAssignedActive();
    const page = await (await fetchSandbox(flexLoginUrl(sandbox))).text();
    expect(page).toMatch(/<form id="appForm" method="POST"/);
    expect(page).toContain('<noscript>');
    expect(page).toMatch(/\.submit\(\)/);

    const { action, relayState, xml } = await oktaLogin(sandbox, fetchSandbox);
    const signOn = app().signOn!;
    expect(action).toBe(signOn.ssoAcsUrl);
    expect(relayState).toBe('');
    const root = parseXml(xml);
    const [assertion] = elements(root, 'Assertion');
    expect(root.getAttribute('Destination')).toBe(signOn.destination);
    expect(signatureVerifies(xml, root, flexAppCertificatePem(sandbox))).toBe(true);
    expect(signatureVerifies(xml, assertion!, flexAppCertificatePem(sandbox))).toBe(true);
    expect(elements(root, 'Issuer').map((i) => i.textContent)).toEqual([samlIdpIssuer(app()), samlIdpIssuer(app())]);
    expect(elements(root, 'NameID')[0]!.textContent).toBe(user.profile.login);
    expect(elements(root, 'NameID')[0]!.getAttribute('Format')).toBe(signOn.subjectNameIdFormat);
    expect(elements(root, 'SubjectConfirmationData')[0]!.getAttribute('Recipient')).toBe(signOn.recipient);
    expect(elements(root, 'SubjectConfirmationData')[0]!.getAttribute('NotOnOrAfter')).toBe(new Date(NOW.getTime() + 5 * MINUTE).toISOString());
    const conditions = elements(root, 'Conditions')[0]!;
    expect([conditions.getAttribute('NotBefore'), conditions.getAttribute('NotOnOrAfter')]).toEqual([new Date(NOW.getTime() - 5 * MINUTE).toISOString(), new Date(NOW.getTime() + 5 * MINUTE).toISOString()]);
    expect(elements(root, 'Audience')[0]!.textContent).toBe(signOn.audience);
    expect(elements(root, 'AuthnStatement')[0]!.hasAttribute('SessionNotOnOrAfter')).toBe(false);
    expect(samlAttributes(root)).toEqual({
      full_name: { nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: [`${user.profile.firstName} ${user.profile.lastName}`] },
      email: { nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: [user.profile.email] },
      roles: { nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: assignment.profile!.roles },
    });
  });

  it('signs in the Okta user named by ?login=, whatever its case, with the roles of their app user', async () => {
    const assignment = sandbox.state.okta.assignments.filter((a) => a.appId === app().id).find((a) => sandbox.state.okta.users.find((u) => u.id === a.userId)?.status === 'ACTIVE' && a.profile?.roles?.[0] !== 'agent')!;
    const user = sandbox.state.okta.users.find((u) => u.id === assignment.userId)!;
    const root = parseXml((await oktaLogin(sandbox, fetchSandbox, user.profile.login.toUpperCase())).xml);
    expect(elements(root, 'NameID')[0]!.textContent).toBe(user.profile.login);
    expect(samlAttributes(root).roles!.values).toEqual(assignment.profile!.roles);
    expect(['supervisor', 'admin']).toContain(assignment.profile!.roles![0]);
  });

  it("answers Okta's error page, and posts nothing, for a user who is unassigned or not active", async () => {
    const assigned = new Set(sandbox.state.okta.assignments.filter((a) => a.appId === app().id).map((a) => a.userId));
    const unassigned = sandbox.state.okta.users.find((u) => u.status === 'ACTIVE' && !assigned.has(u.id))!;
    const suspended = sandbox.state.okta.users.find((u) => u.status === 'SUSPENDED' && assigned.has(u.id))!;
    const notAssigned = await fetchSandbox(flexLoginUrl(sandbox, unassigned.profile.login));
    expect(notAssigned.status).toBe(403);
    const text = await notAssigned.text();
    expect(text).toContain('you are not assigned this app in Okta');
    expect(text).not.toContain('SAMLResponse');
    const notActive = await fetchSandbox(flexLoginUrl(sandbox, suspended.profile.login));
    expect(notActive.status).toBe(403);
    expect(await notActive.text()).not.toContain('SAMLResponse');
    expect((await fetchSandbox(`https://${SANDBOX_HOSTS.okta}/app/${app().name}/exk000000000000000000/sso/saml`)).status).toBe(404);
  });

  describe("honours the Okta app's settings as the SSO switches change them", () => {
    it('okta-roles-missing: no roles attribute', async () => {
      plant('okta-roles-missing');
      expect(Object.keys(samlAttributes(parseXml((await oktaLogin(sandbox, fetchSandbox)).xml)))).toEqual(['full_name', 'email']);
    });

    it('okta-roles-namespaced: roles sent under the claim URI, as a URI Reference', async () => {
      plant('okta-roles-namespaced');
      const attributes = samlAttributes(parseXml((await oktaLogin(sandbox, fetchSandbox)).xml));
      expect(attributes.roles).toBeUndefined();
      expect(attributes['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/roles']).toMatchObject({ nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri', values: firstAssignedActive().assignment.profile!.roles });
    });

    it('okta-assertion-unsigned: only the response is signed', async () => {
      plant('okta-assertion-unsigned');
      const { xml } = await oktaLogin(sandbox, fetchSandbox);
      const root = parseXml(xml);
      expect(elements(elements(root, 'Assertion')[0]!, 'Signature', SAML_NS.dsig)).toHaveLength(0);
      expect(signatureVerifies(xml, root, flexAppCertificatePem(sandbox))).toBe(true);
    });

    it('okta-response-unsigned: only the assertion is signed', async () => {
      plant('okta-response-unsigned');
      const { xml } = await oktaLogin(sandbox, fetchSandbox);
      const root = parseXml(xml);
      expect(elements(root, 'Signature', SAML_NS.dsig)).toHaveLength(1);
      expect(signatureVerifies(xml, elements(root, 'Assertion')[0]!, flexAppCertificatePem(sandbox))).toBe(true);
    });

    it('okta-sha1: RSA-SHA1 signatures over SHA-1 digests, still made with the app key', async () => {
      plant('okta-sha1');
      const { xml } = await oktaLogin(sandbox, fetchSandbox);
      const root = parseXml(xml);
      expect(new Set(elements(root, 'SignatureMethod', SAML_NS.dsig).map((m) => m.getAttribute('Algorithm')))).toEqual(new Set([XMLDSIG.RSA_SHA1]));
      expect(new Set(elements(root, 'DigestMethod', SAML_NS.dsig).map((m) => m.getAttribute('Algorithm')))).toEqual(new Set([XMLDSIG.SHA1]));
      expect(signatureVerifies(xml, root, flexAppCertificatePem(sandbox))).toBe(true);
    });

    it('okta-assertion-encrypted: an EncryptedAssertion in place of the assertion', async () => {
      plant('okta-assertion-encrypted');
      const root = parseXml((await oktaLogin(sandbox, fetchSandbox)).xml);
      expect(elements(root, 'Assertion')).toHaveLength(0);
      expect(elements(root, 'EncryptedAssertion')).toHaveLength(1);
      expect(elements(root, 'CipherValue', SAML_NS.xenc)).toHaveLength(2);
    });

    it('okta-acs-override: posts to the override, not the stored Single sign on URL', async () => {
      plant('okta-acs-override');
      expect((await oktaLogin(sandbox, fetchSandbox)).action).toBe(app().signOn!.ssoAcsUrlOverride);
    });

    it('okta-role-typo: sends the literal the statement holds', async () => {
      plant('okta-role-typo');
      expect(samlAttributes(parseXml((await oktaLogin(sandbox, fetchSandbox)).xml)).roles!.values).toEqual(['agnet']);
    });
  });
});

describe('evaluateExpression', () => {
  const subject = {
    user: { profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada.l@example.com' } },
    assignment: { userName: 'ada', profile: { roles: ['agent', 'supervisor'] } },
  } as unknown as Parameters<typeof evaluateExpression>[1];
  it.each([
    ['user.email', 'ada@example.com'],
    ['user.userName', 'ada.l@example.com'],
    ['user.firstName + " " + user.lastName', 'Ada Lovelace'],
    ['appuser.roles', ['agent', 'supervisor']],
    ['appuser.userName', 'ada'],
    ['"agent"', 'agent'],
    ['fn:substringBefore(user.email, "@")', 'ada'],
    ['user.department', null],
  ])('%s → %j', (expression, value) => {
    expect(evaluateExpression(expression, subject)).toEqual(value);
  });
});

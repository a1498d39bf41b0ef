import { describe, expect, it } from 'vitest';
import type { SsoFinding } from '../sso/finding';
import { LEGACY_ACS, LEGACY_ENTITY } from '../sso/test-fixtures';
import { diagnoseSamlResponse } from './diagnose';
import type { SamlContext, SamlDiagnosis } from './diagnosis';
import { GOOD_ATTRIBUTES, responseXml, samlContext, signedResponse, signer, signResponse, type ResponseShape } from './test-fixtures';

const diagnose = async (xml: string, context?: SamlContext) => diagnoseSamlResponse(xml, context ?? (await samlContext()));
const find = (d: SamlDiagnosis, rule: string): SsoFinding => {
  const found = d.findings.find((f) => f.rule === rule);
  if (!found) throw new Error(`no ${rule} finding in ${JSON.stringify(d.findings.map((f) => f.rule))}`);
  return found;
};
const errors = (d: SamlDiagnosis) => d.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
const without = (name: string) => Object.fromEntries(Object.entries(GOOD_ATTRIBUTES).filter(([n]) => n !== name));

describe('a good Okta-shaped response', () => {
  it('passes, both signatures verified with the Okta app\'s active key, and shows the Flex user it makes', async () => {
    const d = await diagnose(await signedResponse());
    expect(errors(d)).toEqual([]);
    expect(d.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(d.verdict).toBe('pass');
    expect(d.summary).toBe('Flex would accept this login.');
    expect(find(d, 'saml.signature.response').message).toContain("the Okta app's active signing certificate (RSA-SHA256, digest SHA-256)");
    expect(find(d, 'saml.signature.assertion').severity).toBe('ok');
    expect(find(d, 'saml.in-response-to').message).toContain('IdP-initiated');
    expect(d.user).toEqual({ nameId: 'ada@acme.com', nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', email: 'ada@acme.com', fullName: 'Ada Lovelace', roles: ['agent', 'wfo.team_leader'] });
    expect(d.destination).toContain('login.flex.us1.twilio.com');
  });

  it('verifies with the Flex page\'s certificate when the Okta app is not known', async () => {
    const key = await signer();
    const context = await samlContext({ flexPageCertificate: key.pem });
    delete context.sso.okta;
    const d = await diagnose(await signedResponse(), context);
    expect(d.verdict).toBe('pass');
    expect(find(d, 'saml.signature.assertion').message).toContain('the certificate on the Flex SSO page');
  });

  it('says SP-initiated when the response answers a Flex request', async () => {
    const d = await diagnose(await signedResponse({ inResponseTo: 'id-flex-request-42' }));
    expect(find(d, 'saml.in-response-to').message).toContain('SP-initiated');
  });

  it('notes exclusive c14n with comments and still verifies', async () => {
    const d = await diagnose(await signedResponse({}, { withComments: true }));
    expect(d.verdict).toBe('pass');
    expect(find(d, 'saml.signature.assertion').message).toContain('canonicalized with comments');
  });
});

describe('each broken response fails with the fix in Okta\'s words', () => {
  it('roles missing: the one-click answer', async () => {
    const d = await diagnose(await signedResponse({ attributes: without('roles') }));
    expect(d.verdict).toBe('fail');
    expect(d.summary).toMatch(/^This login would fail because "roles" is missing \(Twilio error 45050: Flex needs email, full_name and roles\)\. In Okta, open the app "Twilio Flex", go to General > SAML Settings > Edit > Configure SAML > Attribute Statements, and add Name "roles" \(Name format Unspecified\) with Value "agent"/);
    expect(find(d, 'saml.attribute.roles')).toMatchObject({ severity: 'error', field: { on: 'okta', name: 'attributeStatements' }, expected: 'roles' });
  });

  it.each([
    ['email', { ...without('email'), 'http://schemas.example.com/claims/email': ['ada@acme.com'] }, 'Flex reads the bare name, not a URI'],
    ['full_name', { ...without('full_name'), Full_Name: ['Ada Lovelace'] }, 'names are case-sensitive'],
    ['roles', { ...without('roles'), Roles: ['agent'] }, 'names are case-sensitive'],
  ])('%s misnamed (%#)', async (name, attributes, why) => {
    const d = await diagnose(await signedResponse({ attributes }));
    const finding = find(d, `saml.attribute.${name}`);
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain(why);
    expect(finding.fix).toContain(`to "${name}"`);
  });

  it.each([
    [['agent,manager'], 'error', '"manager", which is not a Flex role'],
    [['wfo.team_leader'], 'error', 'every Flex user needs admin, supervisor or agent'],
    [['supervisor, wfo.made_up'], 'warning', 'wfo.made_up, which is not one of the known Insights roles'],
    [['admin', 'wfo.full_access'], 'ok', 'gives admin, wfo.full_access'],
  ])('roles %j', async (roles, severity, message) => {
    const d = await diagnose(await signedResponse({ attributes: { ...GOOD_ATTRIBUTES, roles } }));
    expect(find(d, 'saml.attribute.roles-values')).toMatchObject({ severity });
    expect(find(d, 'saml.attribute.roles-values').message).toContain(message);
  });

  it.each<[string, ResponseShape, string, string, string?]>([
    ['wrong audience', { audience: LEGACY_ENTITY }, 'saml.audience', "is the legacy iam.twilio.com endpoint's value, but Flex uses the enhanced (OAuth 2.0) connection", 'Audience URI (SP Entity ID)'],
    ['wrong recipient', { recipient: LEGACY_ACS }, 'saml.recipient', "The Recipient https://iam.twilio.com", 'Recipient URL'],
    ['wrong destination', { destination: 'https://login.flex.us1.twilio.com/login/callback?connection=JQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, 'saml.destination', 'names connection JQaaaa', 'Destination URL'],
    ['expired', { notBefore: -900, notOnOrAfter: -300 }, 'saml.validity', 'expired 5 min ago', undefined],
    ['not yet valid', { notBefore: 120 }, 'saml.validity', 'not valid yet: it starts in 2 min', undefined],
    ['session under one hour', { sessionNotOnOrAfter: 1800 }, 'saml.session-not-on-or-after', 'SessionNotOnOrAfter is 30 min away; Flex needs it more than one hour away', undefined],
    ['request denied', { status: 'Responder', subStatus: 'RequestDenied', statusMessage: 'User is not assigned to this application' }, 'saml.status', 'Responder/RequestDenied: the IdP chose not to sign this person in', 'Assignments tab'],
    ['invalid name id policy', { status: 'Requester', subStatus: 'InvalidNameIDPolicy' }, 'saml.status', "can't send the Name ID format Flex asked for", '"Name ID format" to "Unspecified"'],
    ['authn failed', { status: 'Responder', subStatus: 'AuthnFailed' }, 'saml.status', 'could not authenticate the person', undefined],
    ['capacity not a number', { attributes: { ...GOOD_ATTRIBUTES, 'channel.voice.capacity': ['two'] } }, 'saml.attribute.channel.voice.capacity', 'not a whole number', undefined],
  ])('%s', async (_name, shape, rule, message, fixWords) => {
    const d = await diagnose(await signedResponse(shape));
    const finding = find(d, rule);
    expect(finding.severity).not.toBe('ok');
    expect(finding.message).toContain(message);
    if (fixWords) expect(finding.fix).toContain(fixWords);
    if (finding.severity === 'error') expect(d.verdict).toBe('fail');
  });

  it('a skewed clock: fails on this computer\'s time, passes on the servers\' and says how far off the clock is', async () => {
    // Issued by an IdP whose clock (like Twilio's) is 10 minutes ahead of this computer's.
    const xml = await signedResponse({ notBefore: 600 - 60, notOnOrAfter: 600 + 300, sessionNotOnOrAfter: 600 + 8 * 3600 });
    const unmeasured = await diagnose(xml);
    expect(find(unmeasured, 'saml.validity').message).toContain("not valid yet: it starts in 9 min (this computer's clock; its skew against Twilio's servers was not measured)");
    const measured = await diagnose(xml, await samlContext({ clockSkewMs: 10 * 60 * 1000 }));
    expect(measured.verdict).toBe('pass');
    expect(find(measured, 'saml.validity').message).toContain("on the servers' clock: this computer's is 10 min behind");
  });

  it('an unsigned assertion', async () => {
    const d = await diagnose(await signedResponse({}, { assertion: false }));
    expect(find(d, 'saml.signature.assertion')).toMatchObject({ severity: 'error', expected: 'Signed' });
    expect(find(d, 'saml.signature.assertion').fix).toContain('"Assertion Signature" to "Signed"');
    expect(find(d, 'saml.signature.response').severity).toBe('ok');
  });

  it('signed by another key: names its fingerprint, never trusts the certificate it carries', async () => {
    const d = await diagnose(await signedResponse({}, { by: 'attacker' }));
    const finding = find(d, 'saml.signature.assertion');
    expect(finding.severity).toBe('error');
    expect(finding.message).toMatch(/signed by another key \(certificate fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}\), not the Okta app's active one \(AB:CD\)/);
    expect(d.verdict).toBe('fail');
  });

  it('SHA-1: verified, but warned', async () => {
    const d = await diagnose(await signedResponse({}, { sha1: true }));
    expect(d.verdict).toBe('pass');
    expect(find(d, 'saml.signature.algorithm')).toMatchObject({ severity: 'warning', expected: 'RSA_SHA256' });
    expect(find(d, 'saml.signature.algorithm').message).toContain('RSA-SHA1 and SHA-1');
    expect(d.summary).toBe('Flex would accept this login, with 1 warning to look at.');
  });

  it('content changed after signing', async () => {
    const d = await diagnose((await signedResponse()).replace('Ada Lovelace', 'Eve Intruder'));
    expect(find(d, 'saml.signature.assertion')).toMatchObject({ severity: 'error' });
    expect(find(d, 'saml.signature.assertion').message).toContain('invalid');
    expect(find(d, 'saml.signature.response').severity).toBe('error');
  });

  it('no certificate known: a warning, not a pass on trust', async () => {
    const context = await samlContext();
    delete context.sso.okta;
    const d = await diagnose(await signedResponse(), context);
    expect(find(d, 'saml.signature.assertion')).toMatchObject({ severity: 'warning' });
  });

  it('an issuer other than the one Flex holds', async () => {
    const d = await diagnose(await signedResponse(), await samlContext({ flexPageIssuer: 'http://www.okta.com/exkOTHER' }));
    expect(find(d, 'saml.issuer.flex')).toMatchObject({ severity: 'error', field: { on: 'flex', name: 'issuer' }, expected: 'http://www.okta.com/exk1a2b3c4d5e6f7g8h9' });
  });

  it('an issuer other than the Okta app', async () => {
    const d = await diagnose(await signedResponse({ issuer: 'http://www.okta.com/exkSOMEOTHERAPP' }));
    expect(find(d, 'saml.issuer').message).toContain('not by the Okta app "Twilio Flex"');
  });
});

describe('documents refused or flagged before their content is believed', () => {
  it('comment injection in the NameID keeps a valid signature, and is caught', async () => {
    const key = await signer();
    const signed = signResponse(responseXml({ nameId: 'admin@acme.com.evil.com' }), key);
    const injected = signed.replace('>admin@acme.com.evil.com<', '>admin@acme.com<!---->.evil.com<');
    const d = await diagnose(injected);
    // Exclusive c14n drops comments: the signatures still verify, which is why the reader must not trust the text.
    expect(find(d, 'saml.signature.assertion').severity).toBe('ok');
    expect(find(d, 'saml.name-id')).toMatchObject({ severity: 'error' });
    expect(find(d, 'saml.name-id').message).toContain('comment-injection');
    expect(d.user.nameId).toBeUndefined();
    expect(d.verdict).toBe('fail');
  });

  it.each([
    ['XXE', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${responseXml({ nameId: '&xxe;' })}`],
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>${responseXml({ nameId: '&lol9;' })}`],
    ['a DOCTYPE in lower case', `<!doctype r>${responseXml()}`],
  ])('%s: refused unread', async (_name, xml) => {
    const started = performance.now();
    const d = await diagnose(xml);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(d.verdict).toBe('fail');
    expect(d.findings).toEqual([]);
    expect(d.problem?.message).toContain('DOCTYPE');
  });

  it('a processing instruction is refused', async () => {
    const d = await diagnose(`<?xml-stylesheet href="https://evil.example/x.xsl"?>${responseXml()}`);
    expect(d.problem?.message).toContain('processing instruction');
  });

  it.each([
    ['not XML', 'this is not xml <', 'not well-formed'],
    ['a SAMLRequest', '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x"/>', 'not a SAML 2.0 Response'],
    ['a Response in another namespace', '<Response xmlns="urn:example"/>', 'not a SAML 2.0 Response'],
  ])('%s is not judged', async (_name, xml, message) => {
    const d = await diagnose(xml);
    expect(d.problem?.message).toContain(message);
  });

  it('two assertions: Flex would refuse, a wrapping attempt', async () => {
    const signed = await signedResponse();
    const assertion = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(signed)![0];
    const d = await diagnose(signed.replace('</saml2p:Response>', `${assertion.replace('id-assertion-1', 'id-assertion-2')}</saml2p:Response>`));
    expect(find(d, 'saml.assertion-count')).toMatchObject({ severity: 'error' });
    expect(find(d, 'saml.assertion-count').message).toContain('2 assertions');
    expect(d.verdict).toBe('fail');
  });

  it('an encrypted assertion: explained as unsupported by Flex', async () => {
    const encrypted = responseXml().replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, '<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml2:EncryptedAssertion>');
    const d = await diagnose(signResponse(encrypted, await signer()));
    expect(find(d, 'saml.encrypted')).toMatchObject({ severity: 'error', expected: 'Unencrypted' });
    expect(find(d, 'saml.encrypted').message).toContain("Twilio doesn't currently support encryption");
    expect(find(d, 'saml.encrypted').fix).toContain('"Assertion Encryption" to "Unencrypted"');
  });

  it('a response over 1 MB is refused with its size', async () => {
    const d = await diagnose(responseXml({ attributes: { ...GOOD_ATTRIBUTES, department: ['x'.repeat(1_100_000)] } }));
    expect(d.problem?.message).toBe('That SAML response is 1.1 MB; the login test reads at most 1 MB.');
  });
});

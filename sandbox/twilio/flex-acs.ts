import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SANDBOX_HOSTS } from '../hosts';
import { json, matchPath, type HostHandler, type SandboxRequest, type SandboxResponse } from '../http';
import { SAML_NS, XMLDSIG } from '../okta/saml-response';
import { h, page } from '../pages/layout';
import { flexConnectionSid, flexIdpValues, serviceProviderEndpoints, type SsoVariant } from '../pages/console';
import type { SandboxState } from '../state';

/**
 * Flex's SAML Assertion Consumer Service, one endpoint per connection generation, on their real hosts:
 * `POST iam.twilio.com/v1/Accounts/AC…/saml2` (legacy), `POST login.flex.us1.twilio.com/login/callback?connection=JQ…`
 * (enhanced) and `POST preview.twilio.com/iam/Accounts/AC…/saml2` (preview, deprecated). Each judges
 * the posted SAMLResponse against what Flex holds (the IdP issuer and X.509 certificate on the Flex
 * SSO page, the connection's Entity ID and ACS URL) and either signs the user in (302 to the agent
 * desktop) or answers an error page.
 *
 * Documented refusals: error 45050 "Authentication error - Missing User Attributes" when `email`,
 * `full_name` or `roles` is absent, namespaced, empty or holds no valid role
 * (https://www.twilio.com/docs/api/errors/45050); an unsigned message, an encrypted response and an
 * audience other than the Entity ID (https://twilio.com/docs/iam/single-sign-on/troubleshooting-errors-during-test-sso-connection).
 * Twilio publishes no error codes for those, so the pages name the reason only. The sandbox's own
 * assumptions, as any SAML SP behaves: both the response and the assertion must be signed (Twilio's
 * Okta guide sets both to Signed), RSA-SHA256/SHA-256 only, one minute of clock tolerance, and the
 * preview endpoint refuses every login after the migration deadline (31 March 2026, the migration
 * guide: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/migration-guide).
 */

export const AGENT_DESKTOP_URL = `https://${SANDBOX_HOSTS.flex}/agent-desktop`;
export const MISSING_ATTRIBUTES = 45050;
/** The end of 31 March 2026 UTC. */
export const PREVIEW_DEADLINE = Date.parse('2026-04-01T00:00:00Z');
const CLOCK_TOLERANCE_MS = 60_000;
const REQUIRED_ATTRIBUTES = ['email', 'full_name', 'roles'] as const;
const FLEX_ROLES = new Set(['agent', 'supervisor', 'admin']);

export interface FlexConnection {
  generation: Exclude<SsoVariant, 'broken' | 'migrated'>;
  entityId: string;
  acsUrl: string;
}

export interface FlexExpectations extends FlexConnection {
  issuer: string;
  /** PEM, as on the Flex SSO page. */
  certificate: string;
  now: Date;
}

export interface FlexLogin {
  email: string;
  fullName: string;
  roles: string[];
}

export type FlexJudgement = { ok: true; login: FlexLogin } | { ok: false; status: number; reason: string; code?: number };

const refuse = (reason: string, code?: number, status = 401): FlexJudgement => ({ ok: false, status, reason, ...(code === undefined ? {} : { code }) });

const children = (parent: XmlElement, ns: string, name: string): XmlElement[] =>
  Array.from(parent.childNodes).filter((n): n is XmlElement => n.nodeType === 1 && (n as XmlElement).namespaceURI === ns && (n as XmlElement).localName === name);

const child = (parent: XmlElement | undefined, ns: string, name: string): XmlElement | undefined => (parent ? children(parent, ns, name)[0] : undefined);

/**
 * Whether `element` carries a signature, made by `certificate`, whose one reference is `element`
 * itself: a valid signature over some other element (the wrapping attacks) does not count.
 */
function signatureOf(xml: string, element: XmlElement, certificate: string): 'unsigned' | 'invalid' | 'sha1' | 'valid' {
  const signature = child(element, SAML_NS.dsig, 'Signature');
  if (!signature) return 'unsigned';
  const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature.toString());
    if (!verifier.checkSignature(xml)) return 'invalid';
  } catch {
    return 'invalid';
  }
  const references = verifier.getReferences();
  const id = element.getAttribute('ID');
  if (!id || references.length !== 1 || references[0]!.uri !== `#${id}`) return 'invalid';
  if (verifier.signatureAlgorithm === XMLDSIG.RSA_SHA1 || references[0]!.digestAlgorithm === XMLDSIG.SHA1) return 'sha1';
  return 'valid';
}

const SIGNATURE_REFUSALS = {
  unsigned: (what: string) => `The SAML ${what} is not signed. Flex requires a signed response and a signed assertion.`,
  invalid: (what: string) => `The signature on the SAML ${what} does not verify with the X.509 certificate configured for this SSO connection.`,
  sha1: (what: string) => `The SAML ${what} is signed with SHA-1. Use RSA-SHA256 and SHA-256.`,
} as const;

function withinTime(element: XmlElement | undefined, now: number): string | undefined {
  if (!element) return undefined;
  const notBefore = Date.parse(element.getAttribute('NotBefore') ?? '');
  const notOnOrAfter = Date.parse(element.getAttribute('NotOnOrAfter') ?? '');
  if (!Number.isNaN(notBefore) && now + CLOCK_TOLERANCE_MS < notBefore) return `The SAML assertion is not valid before ${new Date(notBefore).toISOString()}; the identity provider's clock is ahead.`;
  if (!Number.isNaN(notOnOrAfter) && now - CLOCK_TOLERANCE_MS >= notOnOrAfter) return `The SAML assertion expired at ${new Date(notOnOrAfter).toISOString()}.`;
  return undefined;
}

function attributes(assertion: XmlElement): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const statement of children(assertion, SAML_NS.assertion, 'AttributeStatement')) {
    for (const attribute of children(statement, SAML_NS.assertion, 'Attribute')) {
      const values = children(attribute, SAML_NS.assertion, 'AttributeValue').map((v) => (v.textContent ?? '').trim()).filter(Boolean);
      found.set(attribute.getAttribute('Name') ?? '', values);
    }
  }
  return found;
}

/** What Flex decides about a posted SAMLResponse (base64) for `expected`'s connection. */
export function judgeSamlResponse(samlResponse: string, expected: FlexExpectations): FlexJudgement {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('The SAML response is invalid: it declares a DTD.', undefined, 400);
  let root: XmlElement | null;
  try {
    root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  } catch {
    return refuse('The SAML response is invalid: it is not XML.', undefined, 400);
  }
  if (!root || root.namespaceURI !== SAML_NS.protocol || root.localName !== 'Response') return refuse('The SAML response is invalid: no samlp:Response.', undefined, 400);
  if (child(root, SAML_NS.assertion, 'EncryptedAssertion')) return refuse('The SAML response is invalid: its assertion is encrypted, which Flex does not support. Send it unencrypted.', undefined, 400);
  const assertions = children(root, SAML_NS.assertion, 'Assertion');
  if (assertions.length !== 1) return refuse('The SAML response is invalid: it must hold exactly one assertion.', undefined, 400);
  const assertion = assertions[0]!;

  const status = child(child(root, SAML_NS.protocol, 'Status'), SAML_NS.protocol, 'StatusCode')?.getAttribute('Value');
  if (status !== 'urn:oasis:names:tc:SAML:2.0:status:Success') return refuse(`The identity provider answered ${status ?? 'no status'}.`);
  for (const [element, what] of [[root, 'response'], [assertion, 'assertion']] as const) {
    const verdict = signatureOf(xml, element, expected.certificate);
    if (verdict !== 'valid') return refuse(SIGNATURE_REFUSALS[verdict](what));
  }
  const issuer = child(assertion, SAML_NS.assertion, 'Issuer')?.textContent?.trim();
  if (issuer !== expected.issuer) return refuse(`The assertion's issuer ${issuer ?? '(none)'} is not the Identity Provider Issuer configured in Flex (${expected.issuer}).`);
  const destination = root.getAttribute('Destination');
  if (destination && destination !== expected.acsUrl) return refuse(`The response's Destination ${destination} is not this connection's ACS URL ${expected.acsUrl}.`);
  const confirmation = child(child(child(assertion, SAML_NS.assertion, 'Subject'), SAML_NS.assertion, 'SubjectConfirmation'), SAML_NS.assertion, 'SubjectConfirmationData');
  const recipient = confirmation?.getAttribute('Recipient');
  if (recipient !== expected.acsUrl) return refuse(`The assertion's Recipient ${recipient ?? '(none)'} is not this connection's ACS URL ${expected.acsUrl}.`);
  const conditions = child(assertion, SAML_NS.assertion, 'Conditions');
  const audiences = conditions ? Array.from(conditions.getElementsByTagNameNS(SAML_NS.assertion, 'Audience')).map((a) => (a.textContent ?? '').trim()) : [];
  if (!audiences.includes(expected.entityId)) return refuse(`The assertion's audience ${audiences.join(', ') || '(none)'} is not this connection's Entity ID ${expected.entityId}.`);
  const now = expected.now.getTime();
  const late = withinTime(conditions, now) ?? withinTime(confirmation, now);
  if (late) return refuse(late);

  const found = attributes(assertion);
  const missing = REQUIRED_ATTRIBUTES.filter((name) => (found.get(name) ?? []).length === 0);
  if (missing.length > 0) return refuse(`Missing user attributes: ${missing.join(', ')}. Flex needs email, full_name and roles, named exactly so.`, MISSING_ATTRIBUTES, 403);
  const roles = found.get('roles')!;
  if (!roles.some((role) => FLEX_ROLES.has(role))) return refuse(`The roles attribute (${roles.join(', ')}) holds no Flex role: use agent, supervisor or admin.`, MISSING_ATTRIBUTES, 403);
  return { ok: true, login: { email: found.get('email')![0]!, fullName: found.get('full_name')![0]!, roles } };
}

/** The connection a request's URL addresses, or the page Flex answers when there is none. */
export function connectionFor(req: SandboxRequest, state: SandboxState): FlexConnection | string {
  const account = state.twilio.credentials.accountSid;
  const path = req.url.pathname;
  let generation: FlexConnection['generation'] | undefined;
  let accountSid: string | undefined;
  if (req.host === SANDBOX_HOSTS.iam) [generation, accountSid] = ['legacy', matchPath('/v1/Accounts/:accountSid/saml2', path)?.accountSid];
  else if (req.host === SANDBOX_HOSTS.preview) [generation, accountSid] = ['preview', matchPath('/iam/Accounts/:accountSid/saml2', path)?.accountSid];
  else if (req.host === SANDBOX_HOSTS.flexLogin && path === '/login/callback') {
    generation = 'enhanced';
    accountSid = req.url.searchParams.get('connection') === flexConnectionSid(account) ? account : undefined;
  }
  if (!generation || accountSid !== account) return 'There is no single sign-on connection at this address.';
  if (generation === 'legacy' && state.twilio.flexSso?.enhanced) return "This account's legacy SSO connection is inactive: Flex now signs in through its OAuth 2.0 connection.";
  return { generation, ...serviceProviderEndpoints(account, generation) };
}

function failurePage(req: SandboxRequest, status: number, reason: string, code?: number): SandboxResponse {
  if ((req.headers.accept ?? '').includes('application/json')) {
    return json(status, { code: code ?? null, message: reason, more_info: code ? `https://www.twilio.com/docs/errors/${code}` : null, status });
  }
  const codeLine = code ? h`<p data-twilio-error="${code}">Twilio error <a href="https://www.twilio.com/docs/api/errors/${code}">${code}</a>: Authentication error - Missing User Attributes</p>` : '';
  return page({ title: 'Login failed | Twilio Flex', style: 'body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:40rem}', body: h`<main><h1>Login failed</h1><p data-reason>${reason}</p>${codeLine}</main>` }, status);
}

export const flexAcsRoutes: HostHandler = (req, ctx) => {
  const connection = connectionFor(req, ctx.state);
  if (typeof connection === 'string') return failurePage(req, 404, connection);
  if (req.method !== 'POST') return failurePage(req, 405, 'Single sign-on responses are posted here (HTTP-POST binding).');
  if (connection.generation === 'preview' && ctx.now().getTime() >= PREVIEW_DEADLINE) {
    return failurePage(req, 410, 'The preview.twilio.com SSO endpoint was retired with the legacy connection on 31 March 2026. Set up the enhanced SSO connection in Flex and point the identity provider at its ACS URL.');
  }
  const samlResponse = req.form.get('SAMLResponse');
  if (!samlResponse) return failurePage(req, 400, 'No SAMLResponse was posted.');
  const idp = flexIdpValues(ctx.state);
  const judgement = judgeSamlResponse(samlResponse, { ...connection, issuer: idp.issuer, certificate: idp.certificate, now: ctx.now() });
  if (!judgement.ok) return failurePage(req, judgement.status, judgement.reason, judgement.code);
  return { status: 302, headers: { location: AGENT_DESKTOP_URL } };
};

/** flex.twilio.com: where a login lands. */
export const flexUiRoutes: HostHandler = (req) => {
  if (req.method !== 'GET' || req.url.pathname !== '/agent-desktop') return undefined;
  return page({ title: 'Flex', style: 'body{font:15px/1.5 system-ui,sans-serif;margin:3rem}', body: h`<main><h1>Flex agent desktop</h1><p>You are signed in.</p></main>` });
};

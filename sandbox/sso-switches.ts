import { createPrivateKey, type KeyObject } from 'node:crypto';
import { OKTA_ORG } from './hosts';
import { samlSsoUrl } from './okta/saml';
import { deterministicRsaKey, selfSignedCertificate } from './okta/signing-certificate';
import { defaultSsoVariant, findFlexApp, flexIdpValues, neighbourSid, serviceProviderEndpoints, type SsoVariant } from './pages/console';
import { activeSigningKey, certificatePem } from './pages/okta-admin';
import type { OktaApp, OktaSamlSignOn, SandboxFlexSso, SandboxState } from './state';

/**
 * The SSO mistakes the checks must catch, one switch each, planted on top of the current state by
 * `POST /__sandbox/sso` (see control.ts). Okta switches change the Flex app itself, so the API, its
 * metadata and the admin pages all show them; Flex switches change what Flex holds for the IdP
 * (`flexSso.idpOverrides`), which the Flex SSO page shows. Reseeding undoes them all.
 */

interface SsoSwitch {
  /** One line for the control index. */
  does: string;
  apply: (state: SandboxState) => void;
}

const DAY = 24 * 3600_000;
const YEAR = 365 * DAY;

const ROLES_URI = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/roles';
const URI_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

function flexSignOn(state: SandboxState): { app: OktaApp; signOn: OktaSamlSignOn } {
  const app = findFlexApp(state);
  if (!app?.signOn) throw new Error('The state has no Okta Flex app to change.');
  return { app, signOn: app.signOn };
}

function flexSso(state: SandboxState): SandboxFlexSso {
  state.twilio.flexSso ??= { enhanced: null, idpOverrides: {} };
  return state.twilio.flexSso;
}

/** The connection generation the Okta app is set up for, and the one a confused admin would mix in. */
function generations(app: OktaApp): { current: SsoVariant; other: SsoVariant } {
  const current = defaultSsoVariant(app);
  return { current, other: current === 'enhanced' ? 'legacy' : 'enhanced' };
}

function changeOkta(change: (signOn: OktaSamlSignOn, app: OktaApp, state: SandboxState) => void): SsoSwitch['apply'] {
  return (state) => {
    const { app, signOn } = flexSignOn(state);
    change(signOn, app, state);
  };
}

function changeRoles(change: (statement: OktaSamlSignOn['attributeStatements'][number]) => void): SsoSwitch['apply'] {
  return changeOkta((signOn) => {
    const roles = signOn.attributeStatements.find((s) => s.name === 'roles');
    if (!roles) throw new Error('The Okta Flex app sends no roles attribute to change.');
    change(roles);
  });
}

interface ActiveKey {
  /** The active certificate's key (derived from its kid for hand-built keys without one). */
  key: KeyObject;
  /** Seeds keys of its own, stable for the app. */
  seed: string;
  created: number;
}

/** A certificate Okta never made for this app, put where Flex holds the IdP certificate. */
function plantedCertificate(state: SandboxState, make: (active: ActiveKey) => string): void {
  const { app } = flexSignOn(state);
  const active = activeSigningKey(state, app);
  if (!active) throw new Error('The Okta Flex app has no signing key.');
  const key = active.privateKeyPem ? createPrivateKey(active.privateKeyPem) : deterministicRsaKey(active.kid, 2048);
  flexSso(state).idpOverrides.certificate = certificatePem(make({ key, seed: active.kid, created: Date.parse(active.created) }));
}

const changeIdp = (change: (idp: ReturnType<typeof flexIdpValues>, state: SandboxState) => Partial<SandboxFlexSso['idpOverrides']>): SsoSwitch['apply'] => (state) => {
  Object.assign(flexSso(state).idpOverrides, change(flexIdpValues(state), state));
};

export const SSO_SWITCHES = {
  'okta-acs-other-account': {
    does: "Okta app: Single sign on URL (and Recipient/Destination) of another Twilio account, same generation.",
    apply: changeOkta((signOn, app, state) => {
      const acs = serviceProviderEndpoints(neighbourSid(state.twilio.credentials.accountSid), generations(app).current).acsUrl;
      Object.assign(signOn, { ssoAcsUrl: acs, recipient: acs, destination: acs });
    }),
  },
  'okta-preview-urls': {
    does: 'Okta app: the deprecated preview.twilio.com endpoint as Single sign on URL, Recipient, Destination and Audience URI, as set up before 2019.',
    apply: changeOkta((signOn, _, state) => {
      const { acsUrl, entityId } = serviceProviderEndpoints(state.twilio.credentials.accountSid, 'preview');
      Object.assign(signOn, { ssoAcsUrl: acsUrl, recipient: acsUrl, destination: acsUrl, audience: entityId });
    }),
  },
  'okta-audience-other-generation': {
    does: 'Okta app: Audience URI of the other generation (legacy …/saml2/metadata beside an enhanced ACS URL, or urn:flex:JQ… beside a legacy one).',
    apply: changeOkta((signOn, app, state) => {
      signOn.audience = serviceProviderEndpoints(state.twilio.credentials.accountSid, generations(app).other).entityId;
    }),
  },
  'okta-recipient-mismatch': {
    does: "Okta app: Recipient and Destination URLs are the other generation's ACS URL, not the Single sign on URL.",
    apply: changeOkta((signOn, app, state) => {
      const acs = serviceProviderEndpoints(state.twilio.credentials.accountSid, generations(app).other).acsUrl;
      Object.assign(signOn, { recipient: acs, destination: acs });
    }),
  },
  'okta-response-unsigned': { does: 'Okta app: Response Unsigned.', apply: changeOkta((signOn) => void (signOn.responseSigned = false)) },
  'okta-assertion-unsigned': { does: 'Okta app: Assertion Signature Unsigned.', apply: changeOkta((signOn) => void (signOn.assertionSigned = false)) },
  'okta-sha1': {
    does: 'Okta app: Signature Algorithm RSA-SHA1 and Digest Algorithm SHA1.',
    apply: changeOkta((signOn) => Object.assign(signOn, { signatureAlgorithm: 'RSA_SHA1', digestAlgorithm: 'SHA1' })),
  },
  'okta-assertion-encrypted': { does: 'Okta app: Assertion Encryption Encrypted (Twilio supports none).', apply: changeOkta((signOn) => void (signOn.assertionEncryption = { enabled: true })) },
  'okta-roles-missing': {
    does: 'Okta app: no roles attribute statement.',
    apply: changeOkta((signOn) => void (signOn.attributeStatements = signOn.attributeStatements.filter((s) => s.name !== 'roles'))),
  },
  'okta-roles-namespaced': {
    does: `Okta app: the roles attribute is named ${ROLES_URI} (URI Reference), not roles.`,
    apply: changeRoles((roles) => Object.assign(roles, { name: ROLES_URI, namespace: URI_FORMAT })),
  },
  'okta-role-typo': { does: 'Okta app: the roles attribute sends the literal "agnet".', apply: changeRoles((roles) => void (roles.values = ['"agnet"'])) },
  'okta-name-id-x509': {
    does: 'Okta app: Name ID format x509SubjectName.',
    apply: changeOkta((signOn) => void (signOn.subjectNameIdFormat = 'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName')),
  },
  'okta-acs-override': {
    does: "Okta app: ssoAcsUrlOverride set to another account's ACS URL, so the effective Single sign on URL differs from the stored one.",
    apply: changeOkta((signOn, app, state) => {
      signOn.ssoAcsUrlOverride = serviceProviderEndpoints(neighbourSid(state.twilio.credentials.accountSid), generations(app).current).acsUrl;
    }),
  },
  'flex-certificate-expired': {
    does: "Flex page: the X.509 Certificate is for Okta's active key but expired the day before the active certificate began.",
    apply: (state) => plantedCertificate(state, ({ key, created }) => selfSignedCertificate({ key, commonName: OKTA_ORG, notBefore: created - YEAR - DAY, notAfter: created - DAY })),
  },
  'flex-certificate-1024': {
    does: 'Flex page: the X.509 Certificate has an RSA key of 1024 bits.',
    apply: (state) => plantedCertificate(state, ({ seed, created }) => selfSignedCertificate({ key: deterministicRsaKey(`${seed}:weak`, 1024), commonName: OKTA_ORG, notBefore: created, notAfter: created + 10 * YEAR })),
  },
  'flex-certificate-sha1': {
    does: "Flex page: the X.509 Certificate is for Okta's active key but signed with SHA-1.",
    apply: (state) => plantedCertificate(state, ({ key, created }) => selfSignedCertificate({ key, commonName: OKTA_ORG, notBefore: created, notAfter: created + 10 * YEAR, hash: 'sha1' })),
  },
  'flex-certificate-inactive': {
    does: "Flex page: the X.509 Certificate is the Okta app's inactive (newer, not yet activated) certificate.",
    apply: (state) => {
      const { app } = flexSignOn(state);
      const inactive = state.okta.keys.find((k) => k.appId === app.id && k.kid !== app.signingKid);
      if (!inactive) throw new Error('The Okta Flex app has no inactive signing key.');
      flexSso(state).idpOverrides.certificate = certificatePem(inactive.x5c[0]!);
    },
  },
  'flex-issuer-trailing-space': { does: 'Flex page: Identity Provider Issuer ends with a space.', apply: changeIdp((idp) => ({ issuer: `${idp.issuer} ` })) },
  'flex-sso-url-trailing-slash': { does: 'Flex page: SSO URL ends with a slash.', apply: changeIdp((idp) => ({ ssoUrl: `${idp.ssoUrl}/` })) },
  'flex-sso-url-http': { does: 'Flex page: SSO URL starts with http://.', apply: changeIdp((idp) => ({ ssoUrl: idp.ssoUrl.replace(/^https:/, 'http:') })) },
  'flex-sso-url-other-app': {
    does: "Flex page: SSO URL of another Okta SAML app (Slack's, in a generated world).",
    apply: changeIdp((_, state) => {
      const flex = findFlexApp(state);
      const other = state.okta.apps.find((a) => a.signOnMode === 'SAML_2_0' && a.id !== flex?.id) ?? { id: '0oaotherapp000000001', name: 'other_app' };
      return { ssoUrl: samlSsoUrl(other) };
    }),
  },
} as const satisfies Record<string, SsoSwitch>;

export type SsoSwitchId = keyof typeof SSO_SWITCHES;

export const isSsoSwitchId = (id: unknown): id is SsoSwitchId => typeof id === 'string' && Object.hasOwn(SSO_SWITCHES, id);

export interface Migration {
  daysAgo: number;
  setupType: 'modify' | 'create';
}

/**
 * Flex finished the enhanced set-up `daysAgo` days before `now`: the connection is saved (Flex's
 * authentication config lists it, the SSO page shows it), and the Okta app carries the enhanced
 * Entity ID and ACS URL, as step 2 had the IdP administrator set them.
 */
export function migrate(state: SandboxState, { daysAgo, setupType }: Migration, now: Date): void {
  const { signOn } = flexSignOn(state);
  const { entityId, acsUrl } = serviceProviderEndpoints(state.twilio.credentials.accountSid, 'enhanced');
  Object.assign(signOn, { ssoAcsUrl: acsUrl, recipient: acsUrl, destination: acsUrl, audience: entityId });
  flexSso(state).enhanced = { setupType, savedAt: new Date(now.getTime() - daysAgo * DAY).toISOString() };
}

import { json, type SandboxContext, type SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import type { OktaApp, SandboxState } from '../state';
import { signingJwk } from './app-keys';
import { linkHeader, pageAfter, parseLimit } from './paging';
import { notFound, oktaError, type OktaRoute } from './route';
import { samlMetadata } from './saml';
import { evaluate, parseExpression, type Dialect } from './search-expression';

const ORG = `https://${SANDBOX_HOSTS.okta}`;
const READ = ['okta.apps.read', 'okta.apps.manage'] as const;

/** `GET /api/v1/apps?filter=` accepts `eq` on a handful of properties, compared exactly. */
export const APP_FILTER: Dialect = {
  allowNot: false,
  attribute: (name) => (['id', 'status', 'name', 'credentials.signing.kid'].includes(name) ? { type: 'string', operators: ['eq'] } : undefined),
};

function readAppAttribute(app: OktaApp) {
  const attributes: Record<string, string | null> = { id: app.id, status: app.status, name: app.name, 'credentials.signing.kid': app.signingKid };
  return (name: string) => attributes[name];
}

/** The SAML settings as Okta returns them: the stored values plus the ones the sandbox never varies. */
function samlSignOn(app: OktaApp): Record<string, unknown> | undefined {
  if (!app.signOn) return undefined;
  const { assertionEncryption, ...signOn } = app.signOn;
  return {
    defaultRelayState: '',
    ...signOn,
    idpIssuer: 'http://www.okta.com/${org.externalKey}',
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    spIssuer: null,
    requestCompressed: false,
    allowMultipleAcsEndpoints: false,
    acsEndpoints: [],
    samlAssertionLifetimeSeconds: 3600,
    inlineHooks: [],
    configuredAttributeStatements: [],
    slo: { enabled: false },
    participateSlo: { enabled: false },
    // Turned on, Okta also names the algorithms it encrypts with (SamlAssertionEncryption in the spec).
    assertionEncryption: assertionEncryption.enabled ? { enabled: true, encryptionAlgorithm: 'AES256_CBC', keyTransportAlgorithm: 'RSA_OAEP' } : { enabled: false },
  };
}

export function renderApp(app: OktaApp): Record<string, unknown> {
  const self = `${ORG}/api/v1/apps/${app.id}`;
  const signOn = samlSignOn(app);
  return {
    id: app.id,
    orn: `orn:okta:idp:${app.id}:apps:${app.name}:${app.id}`,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: app.lastUpdated,
    created: app.created,
    accessibility: { selfService: false },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${app.name}_link`]: true } },
    features: [],
    signOnMode: app.signOnMode,
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: app.signingKid ? { kid: app.signingKid } : {} },
    settings: { app: {}, notifications: { vpn: { network: { connection: 'DISABLED' } } }, manualProvisioning: false, implicitAssignment: false, notes: {}, ...(signOn ? { signOn } : {}) },
    _links: {
      help: { href: `https://${SANDBOX_HOSTS.oktaAdmin}/app/${app.name}/${app.id}/setup/help/${app.signOnMode}/external-doc`, type: 'text/html' },
      ...(signOn ? { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } } : {}),
      appLinks: [{ name: `${app.name}_link`, href: `${ORG}/home/${app.name}/${app.id}/alnk${app.id.slice(3)}`, type: 'text/html' }],
      groups: { href: `${self}/groups` },
      logo: [{ name: 'medium', href: `${ORG}/assets/img/logos/default.png`, type: 'image/png' }],
      users: { href: `${self}/users` },
      [app.status === 'ACTIVE' ? 'deactivate' : 'activate']: { href: `${self}/lifecycle/${app.status === 'ACTIVE' ? 'deactivate' : 'activate'}` },
      self: { href: self },
    },
  };
}

export function findApp(state: SandboxState, appId: string): OktaApp | undefined {
  return state.okta.apps.find((a) => a.id === appId);
}

function listApps(url: URL, ctx: SandboxContext): SandboxResponse {
  let apps = ctx.state.okta.apps;
  const filter = url.searchParams.get('filter');
  if (filter !== null) {
    const parsed = parseExpression(filter, APP_FILTER);
    if (!parsed.ok) return oktaError(ctx, 400, 'E0000031', 'Invalid search criteria.', [parsed.cause]);
    apps = apps.filter((app) => evaluate(parsed.expression, readAppAttribute(app), { caseInsensitive: false }));
  }
  const q = url.searchParams.get('q')?.toLowerCase();
  if (q) apps = apps.filter((app) => app.label.toLowerCase().startsWith(q) || app.name.toLowerCase().startsWith(q));
  const limit = parseLimit(url.searchParams.get('limit'), { default: 200, max: 200 });
  const page = pageAfter(apps, (a) => a.id, url.searchParams.get('after'), limit);
  return json(200, page.items.map(renderApp), { link: linkHeader(url, limit, page.next) });
}

/** Runs `then` with the app, or answers Okta's 404 for an unknown app id. */
export function withApp(then: (app: OktaApp, ...args: Parameters<OktaRoute['handle']>) => SandboxResponse): OktaRoute['handle'] {
  return (req, ctx, params) => {
    const app = findApp(ctx.state, params.appId!);
    return app ? then(app, req, ctx, params) : notFound(ctx, params.appId!, 'AppInstance');
  };
}

export const appRoutes: OktaRoute[] = [
  { method: 'GET', pattern: '/api/v1/apps', family: 'apps', scopes: READ, handle: (req, ctx) => listApps(req.url, ctx) },
  { method: 'GET', pattern: '/api/v1/apps/:appId', family: 'apps', scopes: READ, handle: withApp((app) => json(200, renderApp(app))) },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/credentials/keys',
    family: 'apps',
    scopes: READ,
    handle: withApp((app, _req, ctx) => json(200, ctx.state.okta.keys.filter((k) => k.appId === app.id).map(signingJwk))),
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/credentials/keys/:keyId',
    family: 'apps',
    scopes: READ,
    handle: withApp((app, _req, ctx, { keyId }) => {
      const key = ctx.state.okta.keys.find((k) => k.appId === app.id && k.kid === keyId);
      return key ? json(200, signingJwk(key)) : notFound(ctx, keyId!, 'JsonWebKey');
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/sso/saml/metadata',
    family: 'apps',
    scopes: READ,
    handle: withApp((app, req, ctx) => samlMetadataResponse(app, req.url, ctx)),
  },
];

/** The IdP metadata for `app`, signed with `?kid=` or the active key; Okta's 404 for other apps. */
function samlMetadataResponse(app: OktaApp, url: URL, ctx: SandboxContext): SandboxResponse {
  if (app.signOnMode !== 'SAML_2_0') return notFound(ctx, app.id, 'SAML metadata');
  const kid = url.searchParams.get('kid') ?? app.signingKid;
  const key = ctx.state.okta.keys.find((k) => k.appId === app.id && k.kid === kid);
  if (!key && url.searchParams.has('kid')) return notFound(ctx, kid!, 'JsonWebKey');
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: samlMetadata(app, key) };
}

export const PUBLIC_METADATA_PATH = '/app/:appId/sso/saml/metadata';

/**
 * The Sign On tab's "Metadata URL" (`https://<org>.okta.com/app/<app id>/sso/saml/metadata`):
 * the same document as the API's, public, so an SP can be pointed at it without a token.
 */
export function publicSamlMetadata(url: URL, ctx: SandboxContext, appId: string): SandboxResponse {
  const app = findApp(ctx.state, appId);
  return app ? samlMetadataResponse(app, url, ctx) : notFound(ctx, appId, 'AppInstance');
}

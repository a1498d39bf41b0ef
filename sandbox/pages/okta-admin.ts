/**
 * steward-sandbox-admin.okta.com: the Okta admin pages the extension reads (people, profiles,
 * applications and their SAML settings). Like the real admin it switches tabs in-page.
 */
import { OKTA_ORG, SANDBOX_HOSTS } from '../hosts';
import { matchPath, type HostHandler, type SandboxResponse } from '../http';
import { samlIdpIssuer, samlSsoUrl } from '../okta/saml';
import type { OktaApp, OktaAppAssignment, OktaSamlSignOn, OktaSigningKey, OktaUser, OktaUserStatus, SandboxState } from '../state';
import { classNamer, h, page, raw, type ClassNamer, type Html } from './layout';

/** What Okta's admin calls each lifecycle status (DEPROVISIONED shows as "Deactivated"). */
export const USER_STATUS_LABELS: Record<OktaUserStatus, string> = {
  STAGED: 'Staged',
  PROVISIONED: 'Pending user action',
  ACTIVE: 'Active',
  RECOVERY: 'Password reset',
  PASSWORD_EXPIRED: 'Password expired',
  LOCKED_OUT: 'Locked out',
  SUSPENDED: 'Suspended',
  DEPROVISIONED: 'Deactivated',
};

const NAME_ID_FORMATS: Record<string, string> = {
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified': 'Unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress': 'EmailAddress',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName': 'x509SubjectName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'Persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'Transient',
};

const USERNAME_TEMPLATES: Record<string, string> = {
  '${user.userName}': 'Okta username',
  '${user.login}': 'Okta username',
  '${user.email}': 'Email',
  '${fn:substringBefore(user.email, "@")}': 'Email prefix',
};

const ATTRIBUTE_NAME_FORMATS: Record<string, string> = {
  'urn:oasis:names:tc:SAML:2.0:attrname-format:basic': 'Basic',
  'urn:oasis:names:tc:SAML:2.0:attrname-format:uri': 'URI Reference',
  'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified': 'Unspecified',
};

/** How the SAML settings page writes `signatureAlgorithm`. */
const SIGNATURE_ALGORITHMS: Record<OktaSamlSignOn['signatureAlgorithm'], string> = { RSA_SHA256: 'RSA-SHA256', RSA_SHA1: 'RSA-SHA1' };

const SIGN_ON_MODES: Record<OktaApp['signOnMode'], string> = { SAML_2_0: 'SAML 2.0', OPENID_CONNECT: 'OpenID Connect', BOOKMARK: 'Bookmark' };

const OKTA_ORIGIN = `https://${SANDBOX_HOSTS.okta}`;

/** The metadata URL the Sign On tab shows. */
export const oktaMetadataUrl = (app: Pick<OktaApp, 'id'>) => `${OKTA_ORIGIN}/app/${app.id}/sso/saml/metadata`;

export const appPath = (app: Pick<OktaApp, 'id' | 'name'>) => `/admin/app/${app.name}/instance/${app.id}/`;
export const profilePath = (user: Pick<OktaUser, 'id'>) => `/admin/user/profile/view/${user.id}`;

/** A base64 DER certificate as PEM, the way Okta's "View SAML setup instructions" shows it. */
export const certificatePem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----`;

/** The key Okta signs the app's assertions with now: `credentials.signing.kid`. */
export const activeSigningKey = (state: SandboxState, app: OktaApp): OktaSigningKey | undefined =>
  state.okta.keys.find((k) => k.appId === app.id && k.kid === app.signingKid) ?? state.okta.keys.find((k) => k.appId === app.id);

/** The app's active signing certificate as PEM, or '' when the state has none. */
export function appCertificatePem(state: SandboxState, app: OktaApp): string {
  const der = activeSigningKey(state, app)?.x5c[0];
  return der ? certificatePem(der) : '';
}

const fullName = (user: OktaUser) => `${user.profile.firstName} ${user.profile.lastName}`;
const formatDate = (iso: string | null) => (iso ? new Date(iso).toUTCString().replace(' GMT', ' UTC') : 'Never');

function style(c: ClassNamer): string {
  return `
body { margin: 0; font: 14px/1.5 "Public Sans", -apple-system, "Segoe UI", Arial, sans-serif; color: #1d1d21; background: #f4f4f4; }
.${c('top')} { height: 56px; background: #fff; border-bottom: 1px solid #d7d7dc; display: flex; align-items: center; padding: 0 24px; gap: 16px; }
.${c('brand')} { font-weight: 700; font-size: 20px; color: #00297a; }
.${c('org')} { color: #6e6e78; }
.${c('layout')} { display: flex; min-height: calc(100vh - 57px); }
.${c('side')} { width: 220px; background: #fff; border-right: 1px solid #d7d7dc; padding: 16px 0; }
.${c('side')} p { margin: 16px 20px 4px; font-size: 12px; font-weight: 600; color: #6e6e78; text-transform: uppercase; }
.${c('side')} a { display: block; padding: 6px 20px; color: #1d1d21; text-decoration: none; }
.${c('side')} a[aria-current="page"] { background: #ebebed; font-weight: 600; }
.${c('main')} { flex: 1; padding: 24px 32px; }
.${c('panel')} { background: #fff; border: 1px solid #d7d7dc; border-radius: 6px; padding: 20px 24px; margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 12px; }
.${c('muted')} { color: #6e6e78; }
.${c('badge')} { display: inline-block; border-radius: 12px; padding: 1px 10px; font-size: 12px; font-weight: 600; background: #ebebed; }
.${c('badge-ok')} { background: #d7f0e0; color: #0b6e33; }
.${c('badge-warn')} { background: #fdefc8; color: #7a4e00; }
.${c('table')} { width: 100%; border-collapse: collapse; }
.${c('table')} th, .${c('table')} td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #ebebed; vertical-align: top; }
.${c('table')} th { font-size: 12px; color: #6e6e78; font-weight: 600; }
.${c('table')} a { color: #1662dd; text-decoration: none; }
.${c('tabs')} { display: flex; gap: 4px; border-bottom: 1px solid #d7d7dc; margin: 16px 0; }
.${c('tabs')} a { padding: 8px 14px; color: #1d1d21; text-decoration: none; border-bottom: 2px solid transparent; }
.${c('tabs')} a[aria-selected="true"] { border-bottom-color: #1662dd; color: #1662dd; font-weight: 600; }
.${c('pairs')} { display: grid; grid-template-columns: 240px 1fr; gap: 8px 24px; margin: 0; }
.${c('pairs')} dt { color: #6e6e78; }
.${c('pairs')} dd { margin: 0; word-break: break-all; }
.${c('mono')} { font-family: "Roboto Mono", Menlo, monospace; font-size: 12px; }
`;
}

/** Tabs switch in-page: a click pushes `#tab-…`, Back and Forward restore the tab it names. */
const TABS_SCRIPT = `(() => {
  const tabs = [...document.querySelectorAll('[role="tab"][data-tab]')];
  if (tabs.length === 0) return;
  const show = (name) => {
    const target = tabs.some((t) => t.dataset.tab === name) ? name : tabs[0].dataset.tab;
    for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.tab === target));
    for (const panel of document.querySelectorAll('[data-tab-panel]')) panel.hidden = panel.dataset.tabPanel !== target;
  };
  document.addEventListener('click', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('[role="tab"][data-tab]') : null;
    if (!tab) return;
    event.preventDefault();
    if (location.hash !== '#' + tab.dataset.tab) history.pushState(null, '', '#' + tab.dataset.tab);
    show(tab.dataset.tab);
  });
  window.addEventListener('popstate', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
})();`;

type Section = 'people' | 'apps';

function adminPage(c: ClassNamer, section: Section, title: string, content: Html, status = 200): SandboxResponse {
  const nav = (key: Section, href: string, label: string) => h`<a href="${href}"${key === section ? raw(' aria-current="page"') : ''}>${label}</a>`;
  const body = h`<header class="${c('top')}"><span class="${c('brand')}">okta</span><span class="${c('org')}">${OKTA_ORG} · Admin Console</span></header>
<div class="${c('layout')}">
  <nav class="${c('side')}" aria-label="Admin">
    <p>Directory</p>${nav('people', '/admin/users', 'People')}
    <p>Applications</p>${nav('apps', '/admin/apps/active', 'Applications')}
  </nav>
  <main class="${c('main')}">${content}</main>
</div>
<script>${raw(TABS_SCRIPT)}</script>`;
  return page({ title: `${title} | ${OKTA_ORG} - Admin Console`, style: style(c), body }, status);
}

function notFound(c: ClassNamer, section: Section, what: string, id: string): SandboxResponse {
  return adminPage(c, section, 'Not found', h`<div class="${c('panel')}"><h1>${what} not found</h1><p class="${c('muted')}">No ${what.toLowerCase()} has the id <span class="${c('mono')}">${id}</span>.</p></div>`, 404);
}

interface Tab {
  id: string;
  label: string;
  content: Html;
}

/** The first tab is shown without script; TABS_SCRIPT then honours the hash. */
function tabbed(c: ClassNamer, tabs: Tab[]): Html {
  const list = tabs.map((t, i) => h`<a role="tab" href="#${t.id}" data-tab="${t.id}" aria-selected="${i === 0 ? 'true' : 'false'}">${t.label}</a>`);
  const panels = tabs.map((t, i) => h`<section role="tabpanel" data-tab-panel="${t.id}" aria-label="${t.label}"${i === 0 ? '' : raw(' hidden')}>${t.content}</section>`);
  return h`<div class="${c('tabs')}" role="tablist">${list}</div>${panels}`;
}

function statusBadge(c: ClassNamer, user: OktaUser): Html {
  const tone = user.status === 'ACTIVE' ? c('badge-ok') : user.status === 'DEPROVISIONED' ? '' : c('badge-warn');
  return h`<span class="${c('badge')} ${tone}" data-user-status>${USER_STATUS_LABELS[user.status]}</span>`;
}

function peopleList(c: ClassNamer, state: SandboxState): SandboxResponse {
  const rows = state.okta.users.map(
    (u) => h`<tr>
  <td><a href="${profilePath(u)}">${fullName(u)}</a><div class="${c('muted')}">${u.profile.login}</div></td>
  <td>${u.profile.email}</td>
  <td>${statusBadge(c, u)}</td>
</tr>`,
  );
  return adminPage(
    c,
    'people',
    'People',
    h`<h1>People</h1><p class="${c('muted')}">${state.okta.users.length} people</p>
<div class="${c('panel')}"><table class="${c('table')}">
<thead><tr><th>Person &amp; username</th><th>Primary email</th><th>Status</th></tr></thead>
<tbody>${rows}</tbody></table></div>`,
  );
}

function assignedApps(c: ClassNamer, state: SandboxState, user: OktaUser): Html {
  const assignments = state.okta.assignments.filter((a) => a.userId === user.id);
  const rows = assignments.flatMap((assignment) => {
    const app = state.okta.apps.find((a) => a.id === assignment.appId);
    return app ? [h`<tr><td><a href="${appPath(app)}">${app.label}</a></td><td>${assignment.userName}</td><td>${SIGN_ON_MODES[app.signOnMode]}</td></tr>`] : [];
  });
  if (rows.length === 0) return h`<p class="${c('muted')}">No applications are assigned to this person.</p>`;
  return h`<table class="${c('table')}"><thead><tr><th>Application</th><th>Username</th><th>Sign-on</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function profileAttributes(c: ClassNamer, user: OktaUser): Html {
  const pairs = Object.entries(user.profile).map(([key, value]) => h`<dt>${key}</dt><dd>${typeof value === 'string' ? value : JSON.stringify(value)}</dd>`);
  return h`<dl class="${c('pairs')}">${pairs}</dl>`;
}

function userProfile(c: ClassNamer, state: SandboxState, user: OktaUser): SandboxResponse {
  const content = h`<div class="${c('panel')}">
  <h1>${fullName(user)}</h1>
  <p class="${c('muted')}">${user.profile.login}</p>
  ${statusBadge(c, user)}
  <dl class="${c('pairs')}" style="margin-top:16px">
    <dt>Username</dt><dd>${user.profile.login}</dd>
    <dt>Primary email</dt><dd>${user.profile.email}</dd>
    <dt>Created</dt><dd>${formatDate(user.created)}</dd>
    <dt>Last sign in</dt><dd>${formatDate(user.lastLogin)}</dd>
  </dl>
</div>
${tabbed(c, [
  { id: 'tab-apps', label: 'Applications', content: assignedApps(c, state, user) },
  { id: 'tab-groups', label: 'Groups', content: h`<table class="${c('table')}"><thead><tr><th>Group</th></tr></thead><tbody><tr><td>Everyone</td></tr></tbody></table>` },
  { id: 'tab-profile', label: 'Profile', content: profileAttributes(c, user) },
])}`;
  return adminPage(c, 'people', fullName(user), content);
}

function appList(c: ClassNamer, state: SandboxState, status: OktaApp['status']): SandboxResponse {
  const apps = state.okta.apps.filter((a) => a.status === status);
  const rows = apps.map((a) => h`<tr><td><a href="${appPath(a)}">${a.label}</a></td><td>${SIGN_ON_MODES[a.signOnMode]}</td></tr>`);
  const other = status === 'ACTIVE' ? h`<a href="/admin/apps/inactive">Inactive</a>` : h`<a href="/admin/apps/active">Active</a>`;
  return adminPage(
    c,
    'apps',
    'Applications',
    h`<h1>Applications</h1><p class="${c('muted')}">${apps.length} ${status === 'ACTIVE' ? 'active' : 'inactive'} · ${other}</p>
<div class="${c('panel')}"><table class="${c('table')}"><thead><tr><th>Application</th><th>Sign-on method</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  );
}

function samlSettings(c: ClassNamer, app: OktaApp): Html {
  const signOn = app.signOn;
  if (app.signOnMode !== 'SAML_2_0' || !signOn) return h`<p class="${c('muted')}">This application does not use SAML 2.0.</p>`;
  const statements = signOn.attributeStatements.map(
    (s) => h`<tr><td>${s.name}</td><td>${ATTRIBUTE_NAME_FORMATS[s.namespace] ?? s.namespace}</td><td class="${c('mono')}">${s.values.join(', ')}</td></tr>`,
  );
  return h`<h2>SAML Settings</h2>
<dl class="${c('pairs')}">
  <dt>Single sign on URL</dt><dd>${signOn.ssoAcsUrl}</dd>
  <dt>Recipient URL</dt><dd>${signOn.recipient}</dd>
  <dt>Destination URL</dt><dd>${signOn.destination}</dd>
  <dt>Audience URI (SP Entity ID)</dt><dd>${signOn.audience}</dd>
  <dt>Name ID format</dt><dd>${NAME_ID_FORMATS[signOn.subjectNameIdFormat] ?? signOn.subjectNameIdFormat}</dd>
  <dt>Application username</dt><dd>${USERNAME_TEMPLATES[signOn.subjectNameIdTemplate] ?? `Custom (${signOn.subjectNameIdTemplate})`}</dd>
  <dt>Response</dt><dd>${signOn.responseSigned ? 'Signed' : 'Unsigned'}</dd>
  <dt>Assertion Signature</dt><dd>${signOn.assertionSigned ? 'Signed' : 'Unsigned'}</dd>
  <dt>Signature Algorithm</dt><dd>${SIGNATURE_ALGORITHMS[signOn.signatureAlgorithm]}</dd>
  <dt>Digest Algorithm</dt><dd>${signOn.digestAlgorithm}</dd>
  <dt>Assertion Encryption</dt><dd>${signOn.assertionEncryption.enabled ? 'Encrypted' : 'Unencrypted'}</dd>
  <dt>Honor Force Authentication</dt><dd>${signOn.honorForceAuthn ? 'Yes' : 'No'}</dd>
</dl>
<h2 style="margin-top:20px">Attribute Statements</h2>
${statements.length ? h`<table class="${c('table')}"><thead><tr><th>Name</th><th>Name format</th><th>Value</th></tr></thead><tbody>${statements}</tbody></table>` : h`<p class="${c('muted')}">No attribute statements.</p>`}`;
}

function signOnTab(c: ClassNamer, state: SandboxState, app: OktaApp): Html {
  if (app.signOnMode !== 'SAML_2_0') return h`<p class="${c('muted')}">Sign on method: ${SIGN_ON_MODES[app.signOnMode]}</p>`;
  const keys = state.okta.keys.filter((k) => k.appId === app.id);
  const keyRows = keys.map(
    (k) => h`<tr><td class="${c('mono')}">${k.kid}</td><td>${formatDate(k.created)}</td><td>${formatDate(k.expiresAt)}</td><td>${k.kid === app.signingKid ? 'Active' : 'Inactive'}</td></tr>`,
  );
  const certificate = appCertificatePem(state, app);
  return h`<h2>Sign on methods</h2>
<p>SAML 2.0</p>
<dl class="${c('pairs')}">
  <dt>Metadata URL</dt><dd><a href="${oktaMetadataUrl(app)}">${oktaMetadataUrl(app)}</a></dd>
  <dt>Identity Provider Single Sign-On URL</dt><dd>${samlSsoUrl(app)}</dd>
  <dt>Identity Provider Issuer</dt><dd>${samlIdpIssuer(app)}</dd>
  <dt>X.509 Certificate</dt><dd><pre class="${c('mono')}" data-certificate>${certificate}</pre></dd>
</dl>
<h2 style="margin-top:20px">SAML Signing Certificates</h2>
${keyRows.length ? h`<table class="${c('table')}"><thead><tr><th>Key ID</th><th>Created</th><th>Expires</th><th>Status</th></tr></thead><tbody>${keyRows}</tbody></table>` : h`<p class="${c('muted')}">No signing certificates.</p>`}`;
}

function assignmentsTab(c: ClassNamer, state: SandboxState, app: OktaApp): Html {
  const rows = state.okta.assignments
    .filter((a: OktaAppAssignment) => a.appId === app.id)
    .flatMap((a) => {
      const user = state.okta.users.find((u) => u.id === a.userId);
      return user ? [h`<tr><td><a href="${profilePath(user)}">${fullName(user)}</a></td><td>${a.userName}</td><td>${statusBadge(c, user)}</td></tr>`] : [];
    });
  if (rows.length === 0) return h`<p class="${c('muted')}">No people are assigned to this application.</p>`;
  return h`<table class="${c('table')}"><thead><tr><th>Person</th><th>Username</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function appPage(c: ClassNamer, state: SandboxState, app: OktaApp): SandboxResponse {
  const content = h`<div class="${c('panel')}">
  <h1>${app.label}</h1>
  <span class="${c('badge')} ${app.status === 'ACTIVE' ? c('badge-ok') : ''}">${app.status === 'ACTIVE' ? 'Active' : 'Inactive'}</span>
</div>
${tabbed(c, [
  { id: 'tab-general', label: 'General', content: h`<div class="${c('panel')}">${samlSettings(c, app)}</div>` },
  { id: 'tab-signon', label: 'Sign On', content: h`<div class="${c('panel')}">${signOnTab(c, state, app)}</div>` },
  { id: 'tab-assignments', label: 'Assignments', content: h`<div class="${c('panel')}">${assignmentsTab(c, state, app)}</div>` },
])}`;
  return adminPage(c, 'apps', app.label, content);
}

export const oktaAdminRoutes: HostHandler = (req, ctx) => {
  const path = req.url.pathname;
  if (req.method !== 'GET' || !path.startsWith('/admin/')) return undefined;
  const { state } = ctx;
  const c = classNamer(`okta-${state.seed}`);

  if (matchPath('/admin/users', path)) return peopleList(c, state);
  if (matchPath('/admin/apps/active', path)) return appList(c, state, 'ACTIVE');
  if (matchPath('/admin/apps/inactive', path)) return appList(c, state, 'INACTIVE');

  const profile = matchPath('/admin/user/profile/view/:id', path);
  if (profile) {
    const user = state.okta.users.find((u) => u.id === profile.id);
    return user ? userProfile(c, state, user) : notFound(c, 'people', 'Person', profile.id ?? '');
  }
  const instance = matchPath('/admin/app/:name/instance/:id', path);
  if (instance) {
    const app = state.okta.apps.find((a) => a.id === instance.id && a.name === instance.name);
    return app ? appPage(c, state, app) : notFound(c, 'apps', 'Application', instance.id ?? '');
  }
  return adminPage(c, 'people', 'Not found', h`<div class="${c('panel')}"><h1>Page not found</h1></div>`, 404);
};

/**
 * console.twilio.com: the single-page Console shell. Nav links change the URL with pushState and
 * re-render the main area from a fragment, as the real Console does; TaskRouter pages live in an
 * iframe from www.twilio.com named by the shell's `frameUrl=` parameter.
 */
import { SANDBOX_HOSTS } from '../hosts';
import { html, type HostHandler, type SandboxResponse } from '../http';
import { samlIdpIssuer, samlSsoUrl } from '../okta/saml';
import { seededRandom, twilioSid } from '../random';
import type { OktaApp, SandboxState } from '../state';
import { classNamer, documentHtml, field, h, hashString, idNamer, raw, textArea, textInput, type ClassNamer, type Html } from './layout';
import { appCertificatePem } from './okta-admin';

const FRAME_ORIGIN = `https://${SANDBOX_HOSTS.www}`;
export const SSO_PATH = '/us1/develop/flex/users-and-access/single-sign-on';
/** Header the shell sends when it wants only the main area, for in-page navigation. */
export const FRAGMENT_HEADER = 'x-console-fragment';

type Section = 'home' | 'taskrouter' | 'flex-overview' | 'flex-sso' | 'other';

interface ConsoleView {
  title: string;
  section: Section;
  main: Html;
}

/** The shell URL that shows `framePath` (a `/console/…` path, query included) in the iframe. */
export function shellUrlForFrame(framePath: string): string {
  const pathOnly = framePath.split('?')[0]!.replace(/^\/console/, '');
  return `/us1/develop${pathOnly}?frameUrl=${encodeURIComponent(framePath)}`;
}

/** Only legacy Console paths may go in the frame: `frameUrl=//elsewhere` must not load another site. */
export const isFramePath = (path: string | null): path is string => path !== null && path.startsWith('/console/');

/** TaskRouter shell paths without `frameUrl` get the frame path they mirror, as shared links often lack it. */
function defaultFramePath(shellPath: string): string | undefined {
  const match = /^\/us1\/develop(\/taskrouter(?:\/.*)?)$/.exec(shellPath);
  return match ? `/console${match[1]}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Flex single sign-on values

export type SsoVariant = 'legacy' | 'preview' | 'enhanced' | 'broken' | 'migrated';
const SSO_VARIANTS: readonly SsoVariant[] = ['legacy', 'preview', 'enhanced', 'broken', 'migrated'];

/** The SAML app in Okta that signs agents in to Flex: the one pointing at a Twilio endpoint, else one labelled Flex. */
export function findFlexApp(state: SandboxState): OktaApp | undefined {
  const saml = state.okta.apps.filter((a) => a.signOnMode === 'SAML_2_0' && a.signOn);
  return (
    saml.find((a) => /twilio\.com|^urn:flex:/.test(a.signOn!.ssoAcsUrl) || /twilio\.com|^urn:flex:/.test(a.signOn!.audience)) ??
    saml.find((a) => /flex/i.test(a.label))
  );
}

/**
 * Without `?variant=` the page matches the state: `migrated` once an enhanced connection is saved,
 * else what the Okta app is set up for, so a consistent sandbox shows a consistent pair; `broken`
 * and the others are asked for explicitly.
 */
export function defaultSsoVariant(app: OktaApp | undefined, state?: SandboxState): SsoVariant {
  if (state?.twilio.flexSso?.enhanced) return 'migrated';
  const signOn = app?.signOn;
  if (signOn?.audience.startsWith('urn:flex:')) return 'enhanced';
  if (signOn?.ssoAcsUrl.includes('preview.twilio.com')) return 'preview';
  return 'legacy';
}

/** The enhanced (OAuth 2.0) connection's `JQ` SID. Not in state: derived from the account so it replays. */
export function flexConnectionSid(accountSid: string): string {
  return twilioSid('JQ', seededRandom(hashString(accountSid)));
}

/** An account SID one hex digit away from `sid`: the kind of slip a copy-paste makes. */
export function neighbourSid(sid: string): string {
  const last = Number.parseInt(sid.slice(-1), 16);
  return sid.slice(0, -1) + ((Number.isNaN(last) ? 0 : last + 1) % 16).toString(16);
}

export interface ServiceProviderEndpoints {
  entityId: string;
  acsUrl: string;
}

/** What Flex tells the admin to put in the IdP, per variant; `broken` carries another account's ACS URL. */
export function serviceProviderEndpoints(accountSid: string, variant: SsoVariant): ServiceProviderEndpoints {
  switch (variant) {
    case 'migrated':
    case 'enhanced': {
      const jq = flexConnectionSid(accountSid);
      return { entityId: `urn:flex:${jq}`, acsUrl: `https://login.flex.us1.twilio.com/login/callback?connection=${jq}` };
    }
    case 'preview': {
      // The deprecated endpoint was also the audience: "Set Audience URI to match the Single Sign On URL"
      // (https://www.twilio.com/docs/flex/flex-identity-provider-integration-for-okta).
      const acsUrl = `https://preview.twilio.com/iam/Accounts/${accountSid}/saml2`;
      return { entityId: acsUrl, acsUrl };
    }
    case 'broken':
      return { entityId: `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2/metadata`, acsUrl: `https://iam.twilio.com/v1/Accounts/${neighbourSid(accountSid)}/saml2` };
    case 'legacy':
      return { entityId: `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2/metadata`, acsUrl: `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2` };
  }
}

export interface FlexIdpValues {
  friendlyName: string;
  ssoUrl: string;
  issuer: string;
  certificate: string;
}

/**
 * The identity provider's values as Flex holds them: what the Okta Flex app publishes, except where
 * an SSO switch planted a mistake (`flexSso.idpOverrides`). Empty when Okta has no Flex app.
 */
export function flexIdpValues(state: SandboxState): FlexIdpValues {
  const app = findFlexApp(state);
  const overrides = state.twilio.flexSso?.idpOverrides ?? {};
  return {
    friendlyName: app ? app.label : '',
    ssoUrl: overrides.ssoUrl ?? (app ? samlSsoUrl(app) : ''),
    issuer: overrides.issuer ?? (app ? samlIdpIssuer(app) : ''),
    certificate: overrides.certificate ?? (app ? appCertificatePem(state, app) : ''),
  };
}

const loginLink = (accountSid: string) => `https://flex.twilio.com/steward-sandbox-${accountSid.slice(-4)}`;

/** The per-IdP label table from Twilio's migration guide. */
const IDP_LABELS: readonly [idp: string, page: string, entityId: string, acsUrl: string][] = [
  ['Google SSO', 'Service provider details', 'Entity ID', 'ACS URL'],
  ['Okta IdP', 'Create SAML integration', 'Audience URI (SP Entity ID)', 'Single sign on URL'],
  ['Salesforce SSO', 'Web App settings', 'Entity ID', 'ACS URL'],
  ['Azure AD', 'SAML > General SAML settings', 'Identifier (Entity ID)', 'Reply URL (Assertion Consumer Service URL)'],
  ['Auth0 IDP', 'SAML2 Web App > Settings', 'audience setting', 'Application Callback URL'],
];

type IdFor = (name: string) => string;

function copyableField(c: ClassNamer, id: string, label: string, value: string): Html {
  const control = h`<div class="${c('copy-row')}">${textInput(c, id, value, { readonly: true })}<button class="${c('button-secondary')}" type="button" data-copy-for="${id}">Copy</button></div>`;
  return field(c, id, label, control);
}

/** The IdP values Flex signs agents in with, as labelled inputs (the legacy form and the saved connection share them). */
function idpFields(c: ClassNamer, id: IdFor, idp: FlexIdpValues): Html {
  return h`${field(c, id('friendly-name'), 'Friendly Name', textInput(c, id('friendly-name'), idp.friendlyName))}
  ${field(c, id('sso-url'), 'SSO URL', textInput(c, id('sso-url'), idp.ssoUrl), 'The identity provider single sign-on URL.')}
  ${field(c, id('certificate'), 'X.509 Certificate', textArea(c, id('certificate'), idp.certificate))}
  ${field(c, id('issuer'), 'Identity Provider Issuer', textInput(c, id('issuer'), idp.issuer))}
  ${field(c, id('redirect'), 'Default Redirect URL', textInput(c, id('redirect'), 'https://flex.twilio.com/agent-desktop'))}
  ${field(c, id('trusted'), 'Trusted Domains', textInput(c, id('trusted'), ''), 'Only needed for self-hosted Flex.')}`;
}

function legacySso(c: ClassNamer, id: IdFor, state: SandboxState, variant: SsoVariant): Html {
  const accountSid = state.twilio.credentials.accountSid;
  const { entityId, acsUrl } = serviceProviderEndpoints(accountSid, variant);
  return h`<h1 class="${c('title')}">Single sign-on (SSO)</h1>
<section class="${c('callout')}" aria-labelledby="${id('new-sso')}">
  <h2 id="${id('new-sso')}">New SSO Solution Available</h2>
  <p>Your Flex instance runs Flex UI 2.7 or later. Migrate your SSO connection to the new solution, which offers enhanced security using OAuth 2.0.</p>
  <a class="${c('button')}" data-shell-link href="${SSO_PATH}?variant=enhanced">Start setup</a>
</section>
<form class="${c('card')}" data-sso-form>
  <h2>SAML 2.0</h2>
  ${copyableField(c, id('login-link'), 'Login link', loginLink(accountSid))}
  ${idpFields(c, id, flexIdpValues(state))}
  ${copyableField(c, id('entity-id'), 'Entity ID', entityId)}
  ${copyableField(c, id('acs-url'), 'ACS URL', acsUrl)}
  <div class="${c('actions')}"><button class="${c('button')}" type="submit">Save</button><span role="status" data-save-status></span></div>
</form>`;
}

/** Flex keeps the legacy connection this long after migrating, for switching back (seed 003). */
export const SWITCH_BACK_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const longDate = (ms: number) => new Date(ms).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * The page after "Finish": the OAuth 2.0 connection with its Entity ID and ACS URL and the IdP data
 * it uses, when it was saved, the switch-back link, and, for a connection created new, the legacy
 * one kept inactive. Without a migration in the state it shows one saved now, of `?setupType=`.
 */
function migratedSso(c: ClassNamer, id: IdFor, state: SandboxState, params: URLSearchParams, now: Date): Html {
  const accountSid = state.twilio.credentials.accountSid;
  const saved = state.twilio.flexSso?.enhanced ?? { setupType: params.get('setupType') === 'create' ? 'create' : 'modify', savedAt: now.toISOString() };
  const savedAt = Date.parse(saved.savedAt);
  const enhanced = serviceProviderEndpoints(accountSid, 'migrated');
  const legacy = serviceProviderEndpoints(accountSid, 'legacy');
  const legacyConnection =
    saved.setupType === 'create'
      ? h`<section class="${c('card')}" aria-labelledby="${id('legacy-connection')}" data-legacy-connection>
  <h2 id="${id('legacy-connection')}">Legacy connection <span class="${c('badge')}">Inactive</span></h2>
  <dl class="${c('pairs')}"><dt>Entity ID</dt><dd>${legacy.entityId}</dd><dt>ACS URL</dt><dd>${legacy.acsUrl}</dd></dl>
</section>`
      : '';
  return h`<h1 class="${c('title')}">Single sign-on (SSO)</h1>
<section class="${c('callout')}" aria-labelledby="${id('saved')}" data-new-connection>
  <h2 id="${id('saved')}">New connection saved</h2>
  <p>Your OAuth 2.0 SSO connection was saved on <time datetime="${saved.savedAt}">${longDate(savedAt)}</time>. Flex keeps your legacy connection details for ${SWITCH_BACK_DAYS} days, until <time datetime="${new Date(savedAt + SWITCH_BACK_DAYS * DAY_MS).toISOString()}">${longDate(savedAt + SWITCH_BACK_DAYS * DAY_MS)}</time>. If agents cannot log in, you can <a data-shell-link data-switch-back href="${SSO_PATH}?variant=legacy">switch back to legacy connection</a>.</p>
</section>
<form class="${c('card')}" data-sso-form data-setup-type="${saved.setupType}">
  <h2>OAuth 2.0 connection <span class="${c('badge')}">Active</span></h2>
  ${copyableField(c, id('entity-id'), 'Entity ID', enhanced.entityId)}
  ${copyableField(c, id('acs-url'), 'ACS URL', enhanced.acsUrl)}
  ${idpFields(c, id, flexIdpValues(state))}
  <div class="${c('actions')}"><button class="${c('button')}" type="submit">Save</button><span role="status" data-save-status></span></div>
</form>
${legacyConnection}`;
}

function wizardStep(c: ClassNamer, step: number, current: number, title: string, body: Html, onlyFor?: string): Html {
  return h`<section class="${c('card')}" data-step="${step}"${onlyFor ? h` data-only-for="${onlyFor}"` : ''}${step === current ? '' : raw(' hidden')}>
<h2>Step ${step}: ${title}</h2>
${body}
</section>`;
}

type SetupType = 'modify' | 'create';

function enhancedSso(c: ClassNamer, id: IdFor, state: SandboxState, current: number, setupType: SetupType): Html {
  const { entityId, acsUrl } = serviceProviderEndpoints(state.twilio.credentials.accountSid, 'enhanced');
  const steps = ['Select setup type', 'Update your identity provider', 'Enter identity provider data', 'Validate successful connection in Flex'];
  const markers = steps.map((s, i) => h`<li data-step-marker="${i + 1}"${i + 1 === current ? raw(' aria-current="step"') : ''}>${s}</li>`);
  const labelRows = IDP_LABELS.map(([idp, idpPage, entity, acs]) => h`<tr><td>${idp}</td><td>${idpPage}</td><td>${entity}</td><td>${acs}</td></tr>`);
  const back = h`<button class="${c('button-secondary')}" type="button" data-wizard-back>Back</button>`;

  const selectType = h`<fieldset class="${c('fieldset')}">
  <legend>How do you want to set up the new connection?</legend>
  <label class="${c('choice')}"><input type="radio" name="setupType" value="modify"${setupType === 'modify' ? raw(' checked') : ''}> <span><strong>Modify existing SSO connection</strong><br>Your IdP administrator updates the Entity ID and ACS URL of the IdP application Flex already uses. No new IdP setup; if something goes wrong, new agent logins are denied until you revert.</span></label>
  <label class="${c('choice')}"><input type="radio" name="setupType" value="create"${setupType === 'create' ? raw(' checked') : ''}> <span><strong>Create new SSO connection</strong><br>Your IdP administrator sets up a new IdP application for Flex. The legacy connection stays unchanged, so you can switch back.</span></label>
</fieldset>
<div class="${c('actions')}"><button class="${c('button')}" type="button" data-wizard-next>Continue</button></div>`;

  const updateIdp = h`<p>Copy the Entity ID and ACS URL below into your identity provider. Your IdP may use different labels for these values.</p>
${copyableField(c, id('new-entity-id'), 'Entity ID', entityId)}
${copyableField(c, id('new-acs-url'), 'ACS URL', acsUrl)}
<table class="${c('table')}"><thead><tr><th>IdP</th><th>IdP page</th><th>Entity ID label</th><th>ACS URL label</th></tr></thead><tbody>${labelRows}</tbody></table>
<label class="${c('choice')}"><input type="checkbox" data-wizard-confirm> <span>I confirm that the Entity ID and ACS URL have been updated in my identity provider</span></label>
<div class="${c('actions')}">${back}<button class="${c('button')}" type="button" data-wizard-next disabled>Save and Continue</button></div>`;

  const idpData = h`<p>Enter the SAML settings from your new IdP application.</p>
${field(c, id('new-friendly-name'), 'Friendly Name', textInput(c, id('new-friendly-name'), ''))}
${field(c, id('new-sso-url'), 'SSO URL', textInput(c, id('new-sso-url'), ''))}
${field(c, id('new-certificate'), 'X.509 Certificate', textArea(c, id('new-certificate'), ''))}
${field(c, id('new-issuer'), 'Identity Provider Issuer', textInput(c, id('new-issuer'), ''))}
${field(c, id('new-redirect'), 'Default Redirect URL', textInput(c, id('new-redirect'), ''))}
${field(c, id('new-trusted'), 'Trusted domains', textInput(c, id('new-trusted'), ''), 'Required for self-hosted Flex.')}
${field(c, id('new-domain-redirect'), 'Domain redirect URL', textInput(c, id('new-domain-redirect'), ''), 'Required for self-hosted Flex.')}
<div class="${c('actions')}">${back}<button class="${c('button')}" type="button" data-wizard-next>Save</button></div>`;

  const validate = h`<p>If you were logged in to Flex before, log out first or use a private window: validating needs a new login.</p>
<div class="${c('actions')}">${back}<button class="${c('button-secondary')}" type="button" data-wizard-login>Log in with SSO</button><button class="${c('button')}" type="button" data-wizard-finish data-href="${SSO_PATH}?variant=migrated" disabled>Finish</button></div>
<p role="status" data-wizard-status></p>`;

  return h`<h1 class="${c('title')}">Single sign-on set up</h1>
<p class="${c('muted')}">Set up an SSO connection that uses OAuth 2.0.</p>
<div data-wizard>
<ol class="${c('stepper')}">${markers}</ol>
${wizardStep(c, 1, current, steps[0]!, selectType)}
${wizardStep(c, 2, current, steps[1]!, updateIdp)}
${wizardStep(c, 3, current, steps[2]!, idpData, 'create')}
${wizardStep(c, 4, current, steps[3]!, validate)}
</div>`;
}

/**
 * `?variant=` picks the page; the wizard opens at `?step=` (1–4) with `?setupType=` (modify, the
 * default, or create; step 3 exists only for create, so it implies create).
 */
function ssoView(c: ClassNamer, state: SandboxState, params: URLSearchParams, now: Date): ConsoleView {
  const requested = params.get('variant') as SsoVariant | null;
  const variant = requested && SSO_VARIANTS.includes(requested) ? requested : defaultSsoVariant(findFlexApp(state), state);
  const id = idNamer(`${state.seed}:${variant}`);
  const step = Number.parseInt(params.get('step') ?? '1', 10);
  const main =
    variant === 'enhanced'
      ? enhancedSso(c, id, state, step >= 1 && step <= 4 ? step : 1, step === 3 || params.get('setupType') === 'create' ? 'create' : 'modify')
      : variant === 'migrated'
        ? migratedSso(c, id, state, params, now)
        : legacySso(c, id, state, variant);
  return { title: 'Single sign-on', section: 'flex-sso', main };
}

// ---------------------------------------------------------------------------------------------
// Other views

function frameView(c: ClassNamer, framePath: string): ConsoleView {
  return {
    title: 'TaskRouter',
    section: 'taskrouter',
    main: h`<iframe class="${c('frame')}" data-console-frame title="TaskRouter" src="${FRAME_ORIGIN}${framePath}"></iframe>`,
  };
}

function homeView(c: ClassNamer, state: SandboxState): ConsoleView {
  return {
    title: 'Home',
    section: 'home',
    main: h`<h1 class="${c('title')}">Welcome to your Console</h1>
<section class="${c('card')}"><h2>Account Info</h2>${copyableField(c, 'account-sid', 'Account SID', state.twilio.credentials.accountSid)}</section>`,
  };
}

function flexOverviewView(c: ClassNamer, state: SandboxState): ConsoleView {
  const flex = state.twilio.flex;
  const body = flex
    ? h`<dl class="${c('pairs')}"><dt>Status</dt><dd>${flex.status}</dd><dt>TaskRouter workspace</dt><dd>${flex.taskrouterWorkspaceSid}</dd><dt>Flex service instance</dt><dd>${flex.flexServiceInstanceSid}</dd></dl>`
    : h`<p>Flex is not set up on this account.</p>`;
  return { title: 'Flex overview', section: 'flex-overview', main: h`<h1 class="${c('title')}">Flex overview</h1><section class="${c('card')}">${body}</section>` };
}

/** Every other Console path answers with a page, so in-page navigation never lands on a 404. */
function genericView(c: ClassNamer, path: string): ConsoleView {
  const last = path.split('/').filter(Boolean).pop() ?? 'Console';
  const title = last.replace(/[-_]/g, ' ').replace(/^./, (ch) => ch.toUpperCase());
  return { title, section: 'other', main: h`<h1 class="${c('title')}">${title}</h1><p class="${c('muted')}">This Console page is not part of the sandbox.</p>` };
}

function consoleView(c: ClassNamer, state: SandboxState, url: URL, now: Date): ConsoleView {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const framePath = url.searchParams.get('frameUrl');
  if (isFramePath(framePath)) return frameView(c, framePath);
  const derived = defaultFramePath(path);
  if (derived) return frameView(c, derived);
  if (path === '/' || path === '/us1') return homeView(c, state);
  if (path === SSO_PATH) return ssoView(c, state, url.searchParams, now);
  if (path === '/us1/develop/flex/overview') return flexOverviewView(c, state);
  return genericView(c, path);
}

// ---------------------------------------------------------------------------------------------
// The shell

/**
 * The shell's client: in-page navigation for `data-shell-link` links, Back/Forward, the frame's
 * messages, and the behaviour of the pages it renders (copy buttons, the SSO wizard), delegated
 * from the document because fragments inserted with innerHTML run no scripts of their own.
 */
const SHELL_SCRIPT = `(() => {
  const frameOrigin = ${JSON.stringify(FRAME_ORIGIN)};
  const fragmentHeader = ${JSON.stringify(FRAGMENT_HEADER)};
  const main = document.querySelector('[data-console-main]');
  const shellUrlForFrame = (framePath) => '/us1/develop' + framePath.split('?')[0].replace(/^\\/console/, '') + '?frameUrl=' + encodeURIComponent(framePath);
  const frame = () => main.querySelector('iframe[data-console-frame]');
  let latest = 0;

  const markSection = (section) => {
    for (const link of document.querySelectorAll('[data-shell-nav] [data-section]')) {
      if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  };

  const render = async (url) => {
    const ticket = ++latest;
    const target = new URL(url, location.href);
    const frameUrl = target.searchParams.get('frameUrl');
    const current = frame();
    if (current && frameUrl && frameUrl.startsWith('/console/')) {
      // A fresh iframe rather than a new src: its first load adds no entry to the joint session
      // history, so Back undoes the shell's pushState alone instead of the frame's load first.
      const next = current.cloneNode(false);
      next.src = frameOrigin + frameUrl;
      current.replaceWith(next);
      return;
    }
    const response = await fetch(target.pathname + target.search, { headers: { [fragmentHeader]: '1' } });
    const markup = await response.text();
    if (ticket !== latest) return;
    main.innerHTML = markup;
    const view = main.querySelector('[data-view]');
    if (view) {
      document.title = view.dataset.title;
      markSection(view.dataset.section);
    }
  };

  const navigate = (url) => {
    history.pushState({}, '', url);
    // Should the fragment fail to load, a full load of the same URL still gets the user there.
    render(url).catch(() => location.assign(url));
  };

  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    const link = el.closest('a[data-shell-link]');
    if (link && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      navigate(link.getAttribute('href'));
      return;
    }
    const copy = el.closest('[data-copy-for]');
    if (copy) {
      const input = document.getElementById(copy.dataset.copyFor);
      if (input) navigator.clipboard.writeText(input.value).then(() => (copy.textContent = 'Copied'), () => (copy.textContent = 'Copy failed'));
      return;
    }
    const wizard = el.closest('[data-wizard]');
    if (wizard) wizardClick(wizard, el);
  });

  const wizardGo = (wizard, delta) => {
    const panels = [...wizard.querySelectorAll('[data-step]')];
    const setup = (wizard.querySelector('input[name="setupType"]:checked') || {}).value;
    let next = panels.findIndex((p) => !p.hidden) + delta;
    while (panels[next] && panels[next].dataset.onlyFor && panels[next].dataset.onlyFor !== setup) next += delta;
    if (!panels[next]) return;
    panels.forEach((p, i) => (p.hidden = i !== next));
    for (const marker of wizard.querySelectorAll('[data-step-marker]')) {
      if (marker.dataset.stepMarker === panels[next].dataset.step) marker.setAttribute('aria-current', 'step');
      else marker.removeAttribute('aria-current');
    }
  };

  const wizardClick = (wizard, el) => {
    const status = wizard.querySelector('[data-wizard-status]');
    if (el.closest('[data-wizard-next]')) wizardGo(wizard, 1);
    else if (el.closest('[data-wizard-back]')) wizardGo(wizard, -1);
    else if (el.closest('[data-wizard-login]')) {
      status.textContent = 'Login succeeded. Click Finish to complete the migration.';
      wizard.querySelector('[data-wizard-finish]').disabled = false;
    } else if (el.closest('[data-wizard-finish]')) {
      const setup = (wizard.querySelector('input[name="setupType"]:checked') || {}).value || 'modify';
      navigate(el.closest('[data-wizard-finish]').dataset.href + '&setupType=' + setup);
    }
  };

  document.addEventListener('change', (event) => {
    const box = event.target instanceof Element ? event.target.closest('[data-wizard-confirm]') : null;
    if (box) box.closest('[data-step]').querySelector('[data-wizard-next]').disabled = !box.checked;
  });

  document.addEventListener('submit', (event) => {
    const form = event.target instanceof Element ? event.target.closest('[data-sso-form]') : null;
    if (!form) return;
    event.preventDefault();
    form.querySelector('[data-save-status]').textContent = 'Changes saved.';
  });

  window.addEventListener('popstate', () => render(location.href).catch(() => location.reload()));

  window.addEventListener('message', (event) => {
    const current = frame();
    if (event.origin !== frameOrigin || !current || event.source !== current.contentWindow) return;
    const data = event.data || {};
    if (typeof data.path !== 'string' || !data.path.startsWith('/console/')) return;
    const url = shellUrlForFrame(data.path);
    if (data.type === 'console-frame:navigate') navigate(url);
    else if (data.type === 'console-frame:location' && location.pathname + location.search !== url) history.replaceState({}, '', url);
  });
})();`;

function style(c: ClassNamer): string {
  return `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 Inter, -apple-system, "Segoe UI", Arial, sans-serif; color: #121c2d; background: #f4f4f6; }
.${c('topbar')} { height: 52px; background: #121c2d; color: #fff; display: flex; align-items: center; gap: 20px; padding: 0 20px; }
.${c('topbar')} a { color: #fff; text-decoration: none; font-weight: 700; font-size: 18px; }
.${c('account')} { color: #c4c8d0; font-size: 13px; }
.${c('body')} { display: flex; min-height: calc(100vh - 52px); }
.${c('nav')} { width: 240px; background: #fff; border-right: 1px solid #e1e3ea; padding: 12px 0; flex-shrink: 0; }
.${c('nav')} a { display: block; padding: 6px 20px; color: #121c2d; text-decoration: none; }
.${c('nav')} a[aria-current="page"] { background: #ebf4ff; color: #0263e0; font-weight: 600; }
.${c('group')} { margin: 14px 20px 4px; font-size: 12px; font-weight: 600; color: #606b85; text-transform: uppercase; }
.${c('main')} { flex: 1; padding: 24px 32px; min-width: 0; }
.${c('frame')} { width: 100%; height: calc(100vh - 100px); border: 1px solid #e1e3ea; border-radius: 8px; background: #fff; }
.${c('title')} { font-size: 24px; margin: 0 0 16px; }
.${c('card')} { background: #fff; border: 1px solid #e1e3ea; border-radius: 8px; padding: 20px 24px; margin-bottom: 16px; max-width: 880px; }
.${c('card')} h2 { font-size: 16px; margin: 0 0 12px; }
.${c('callout')} { background: #ebf4ff; border: 1px solid #99cdff; border-radius: 8px; padding: 16px 24px; margin-bottom: 16px; max-width: 880px; }
.${c('callout')} h2 { font-size: 16px; margin: 0 0 6px; }
.${c('field')} { display: flex; flex-direction: column; gap: 4px; margin-bottom: 14px; }
.${c('label')} { font-weight: 600; }
.${c('hint')} { margin: 0; color: #606b85; font-size: 12px; }
.${c('input')} { border: 1px solid #8891aa; border-radius: 4px; padding: 7px 10px; font: inherit; width: 100%; }
.${c('input')}[readonly] { background: #f4f4f6; }
.${c('textarea')} { font-family: Menlo, Consolas, monospace; font-size: 12px; }
.${c('copy-row')} { display: flex; gap: 8px; }
.${c('button')} { display: inline-block; background: #0263e0; color: #fff; border: 0; border-radius: 4px; padding: 8px 16px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.${c('button')}[disabled] { opacity: .5; cursor: default; }
.${c('button-secondary')} { background: #fff; color: #121c2d; border: 1px solid #8891aa; border-radius: 4px; padding: 7px 14px; font: inherit; cursor: pointer; white-space: nowrap; }
.${c('actions')} { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
.${c('stepper')} { display: flex; gap: 24px; padding: 0 0 0 20px; color: #606b85; }
.${c('stepper')} [aria-current] { color: #0263e0; font-weight: 600; }
.${c('fieldset')} { border: 0; padding: 0; margin: 0; }
.${c('choice')} { display: flex; gap: 10px; align-items: flex-start; margin: 10px 0; }
.${c('table')} { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
.${c('table')} th, .${c('table')} td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e1e3ea; }
.${c('pairs')} { display: grid; grid-template-columns: 200px 1fr; gap: 6px 16px; margin: 0; }
.${c('pairs')} dd { margin: 0; }
.${c('muted')} { color: #606b85; }
.${c('badge')} { display: inline-block; margin-left: 8px; border-radius: 12px; padding: 1px 10px; font-size: 12px; font-weight: 600; background: #e1e3ea; color: #121c2d; vertical-align: middle; }
`;
}

function viewFragment(view: ConsoleView): string {
  return h`<div data-view data-title="${view.title} | Twilio Console" data-section="${view.section}">${view.main}</div>`.value;
}

function shellDocument(c: ClassNamer, state: SandboxState, view: ConsoleView): string {
  const link = (section: Section, href: string, label: string) =>
    h`<a data-shell-link data-section="${section}" href="${href}"${section === view.section ? raw(' aria-current="page"') : ''}>${label}</a>`;
  const body = h`<header class="${c('topbar')}"><a data-shell-link href="/us1/">twilio</a><span class="${c('account')}">Steward Sandbox · ${state.twilio.credentials.accountSid}</span></header>
<div class="${c('body')}">
  <nav class="${c('nav')}" data-shell-nav aria-label="Console">
    ${link('home', '/us1/', 'Home')}
    <div class="${c('group')}">TaskRouter</div>
    ${link('taskrouter', shellUrlForFrame('/console/taskrouter/workspaces'), 'Workspaces')}
    <div class="${c('group')}">Flex</div>
    ${link('flex-overview', '/us1/develop/flex/overview', 'Overview')}
    ${link('flex-sso', SSO_PATH, 'Single sign-on')}
  </nav>
  <main class="${c('main')}" data-console-main>${raw(viewFragment(view))}</main>
</div>
<script>${raw(SHELL_SCRIPT)}</script>`;
  return documentHtml({ title: `${view.title} | Twilio Console`, style: style(c), body });
}

export const consoleRoutes: HostHandler = (req, ctx): SandboxResponse | undefined => {
  const path = req.url.pathname;
  if (req.method !== 'GET' || !(path === '/' || path === '/us1' || path.startsWith('/us1/'))) return undefined;
  const c = classNamer(`console-${ctx.state.seed}`);
  const view = consoleView(c, ctx.state, req.url, ctx.now());
  const response = html(req.headers[FRAGMENT_HEADER] ? viewFragment(view) : shellDocument(c, ctx.state, view));
  // The same URL answers a whole page or a fragment; caches must not hand one out for the other.
  return { ...response, headers: { ...response.headers, vary: FRAGMENT_HEADER } };
};

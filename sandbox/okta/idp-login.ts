import { matchPath, type HostHandler, type SandboxResponse } from '../http';
import { h, page, raw } from '../pages/layout';
import type { OktaApp, SandboxState } from '../state';
import { samlIdpKey } from './saml';
import { effectiveSignOn, oktaSamlResponse, type SamlSubject } from './saml-response';

/**
 * `GET https://<org>.okta.com/app/<name>/exk…/sso/saml`: a SAML app's IdP-initiated login (the app's
 * tile in the Okta dashboard, and the "SSO URL" service providers send users to). For a signed-in
 * user assigned to the app, Okta answers a page that posts a signed SAMLResponse to the app's ACS URL
 * by itself on load (HTTP-POST binding).
 *
 * The sandbox has no Okta sign-in, so `?login=` names who is signed in: an Okta login (case-insensitive),
 * defaulting to the first ACTIVE user assigned to the app. A user who is not ACTIVE (suspended,
 * deactivated, locked out…) or not assigned gets Okta's error page instead of a response.
 */

export const IDP_LOGIN_PATH = '/app/:name/:idpKey/sso/saml';

const STYLE = 'body{font:15px/1.5 "Public Sans",-apple-system,"Segoe UI",Arial,sans-serif;margin:3rem auto;max-width:40rem;color:#1d1d21}';

function oktaErrorPage(title: string, message: string, status: number): SandboxResponse {
  return page({ title: `${title} - Okta`, style: STYLE, body: h`<main><h1>${title}</h1><p>${message}</p></main>` }, status);
}

/** Who is signed in to Okta for this request, or the error page Okta shows them. */
export function signedInSubject(state: SandboxState, app: OktaApp, login: string | null): SamlSubject | SandboxResponse {
  const assignments = state.okta.assignments.filter((a) => a.appId === app.id);
  const userOf = (userId: string) => state.okta.users.find((u) => u.id === userId);
  if (login === null) {
    const assignment = assignments.find((a) => userOf(a.userId)?.status === 'ACTIVE');
    if (!assignment) return oktaErrorPage('No one to sign in', `No active Okta user is assigned to ${app.label}.`, 403);
    return { user: userOf(assignment.userId)!, assignment };
  }
  const user = state.okta.users.find((u) => u.profile.login.toLowerCase() === login.toLowerCase());
  if (!user || user.status !== 'ACTIVE') {
    return oktaErrorPage('Sign-in failed', 'Unable to sign in. Your account is not active; contact your administrator.', 403);
  }
  const assignment = assignments.find((a) => a.userId === user.id);
  if (!assignment) {
    // Okta's wording when a signed-in user opens an app they are not assigned.
    return oktaErrorPage('403', `Sorry, you can't access ${app.label} because you are not assigned this app in Okta. If you're wondering why this is happening, please contact your administrator.`, 403);
  }
  return { user, assignment };
}

/**
 * The page Okta answers: a form posting SAMLResponse and an empty RelayState (no Default RelayState
 * is set), submitted by a script on load, with a button for browsers that run no scripts.
 */
export function autoPostPage(acsUrl: string, samlResponse: string): SandboxResponse {
  return page({
    title: 'Signing in…',
    style: STYLE,
    body: h`<form id="appForm" method="POST" action="${acsUrl}">
<input type="hidden" name="SAMLResponse" value="${samlResponse}">
<input type="hidden" name="RelayState" value="">
<noscript><p>Your browser does not run scripts; press Continue to sign in.</p><button type="submit">Continue</button></noscript>
</form>
<script>${raw("window.addEventListener('load', () => document.getElementById('appForm').submit());")}</script>`,
  });
}

export const oktaIdpLoginRoutes: HostHandler = (req, ctx) => {
  const params = matchPath(IDP_LOGIN_PATH, req.url.pathname);
  if (!params || req.method !== 'GET') return undefined;
  const app = ctx.state.okta.apps.find((a) => a.name === params.name && a.signOnMode === 'SAML_2_0' && a.signOn && samlIdpKey(a) === params.idpKey);
  if (!app?.signOn) return oktaErrorPage('404', 'The page you are looking for cannot be found.', 404);
  if (app.status !== 'ACTIVE') return oktaErrorPage('App not active', `${app.label} is not active. Contact your administrator.`, 403);
  const subject = signedInSubject(ctx.state, app, req.url.searchParams.get('login'));
  if ('status' in subject) return subject;
  const xml = oktaSamlResponse({ state: ctx.state, app, subject, now: ctx.now(), random: ctx.random });
  return autoPostPage(effectiveSignOn(app.signOn).acsUrl, Buffer.from(xml, 'utf8').toString('base64'));
};

import type { OktaSsoFacts } from './context';
import type { SsoFinding } from './finding';
import { error, flexField, ok, warning } from './finding';

/**
 * The identity provider's values as entered on the Flex SSO page: "Identity Provider Issuer" and
 * "Single Sign-On URL". Each IdP has its own shapes, and both values name the same tenant or app:
 *
 * - Okta: issuer `http://www.okta.com/exk…` (http, literally), SSO URL
 *   `https://<org>.okta.com/app/<name>/exk…/sso/saml` (or a custom domain with the same path).
 * - Entra ID: `https://sts.windows.net/<tenant>/` (with its slash) and `https://login.microsoftonline.com/<tenant>/saml2`.
 * - Google: `https://accounts.google.com/o/saml2?idpid=…` and `https://accounts.google.com/o/saml2/idp?idpid=…`;
 *   Google has no IdP-initiated login, so agents start from Flex's login link.
 * - Auth0: `urn:<tenant>.<region>.auth0.com` and `https://<tenant>.<region>.auth0.com/samlp/<client id>`.
 * - Salesforce: `https://<domain>.my.salesforce.com/` and `…/idp/endpoint/HttpRedirect`.
 *
 * Sources: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta and the
 * Salesforce guide (seed 004: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/salesforce).
 */

export const IDP_KINDS = ['okta', 'entra', 'google', 'auth0', 'salesforce'] as const;
export type IdpKind = (typeof IDP_KINDS)[number];

export const IDP_NAMES: Record<IdpKind, string> = { okta: 'Okta', entra: 'Entra ID', google: 'Google', auth0: 'Auth0', salesforce: 'Salesforce' };

/** "an Okta", "a Google": the IdP's name as a sentence needs it. */
const anIdp = (idp: IdpKind) => `${/^[AEIOU]/.test(IDP_NAMES[idp]) ? 'an' : 'a'} ${IDP_NAMES[idp]}`;

export interface IdpValue {
  idp: IdpKind;
  /** What both values must share: Okta's app key (`exk…`), Entra's tenant, Google's idpid, Auth0's tenant host, Salesforce's domain. */
  key: string;
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ISSUERS: [IdpKind, RegExp][] = [
  ['okta', /^http:\/\/www\.okta\.com\/(exk[0-9A-Za-z]+)$/],
  ['entra', new RegExp(`^https://sts\\.windows\\.net/(${GUID})/$`, 'i')],
  ['google', /^https:\/\/accounts\.google\.com\/o\/saml2\?idpid=([0-9A-Za-z]+)$/],
  ['auth0', /^urn:([a-z0-9-]+(?:\.[a-z]{2})?)\.auth0\.com$/i],
  ['salesforce', /^https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.my\.salesforce\.com\/?$/i],
];
const SSO_URLS: [IdpKind, RegExp][] = [
  // Any host: Okta orgs can use a custom domain; the path and the app key are what identify the app.
  ['okta', /^https:\/\/[^/]+\/app\/[^/]+\/(exk[0-9A-Za-z]+)\/sso\/saml$/],
  ['entra', new RegExp(`^https://login\\.microsoftonline\\.com/(${GUID})/saml2$`, 'i')],
  ['google', /^https:\/\/accounts\.google\.com\/o\/saml2\/idp\?idpid=([0-9A-Za-z]+)$/],
  ['auth0', /^https:\/\/([a-z0-9-]+(?:\.[a-z]{2})?)\.auth0\.com\/samlp\/[0-9A-Za-z]+$/i],
  ['salesforce', /^https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.my\.salesforce\.com\/idp\/endpoint\/Http(?:Redirect|Post)\/?$/i],
];

function identify(table: [IdpKind, RegExp][], raw: string): IdpValue | null {
  const value = raw.trim();
  for (const [idp, pattern] of table) {
    const match = pattern.exec(value);
    if (match?.[1]) return { idp, key: match[1].toLowerCase() };
  }
  return null;
}

export const identifyIssuer = (raw: string) => identify(ISSUERS, raw);
export const identifySsoUrl = (raw: string) => identify(SSO_URLS, raw);

const issuerField = flexField('issuer');
const ssoUrlField = flexField('ssoUrl');
const ISSUER_FIX = 'In Flex > Manage > Single sign-on, set "Identity Provider Issuer" to the issuer (entity ID) from your IdP\'s SAML metadata.';
const SSO_URL_FIX = 'In Flex > Manage > Single sign-on, set "Single Sign-On URL" to the SSO URL from your IdP\'s SAML metadata.';

/** A value pasted with a space or line break in it never matches. */
function checkWhitespace(raw: string, rule: string, field: SsoFinding['field'], label: string, fix: string): SsoFinding | null {
  if (!/\s/.test(raw)) return null;
  return error(rule, field, `${label} has spaces or line breaks in it.`, fix, raw.replace(/\s+/g, ''));
}

/** Shapes that are near misses of a known IdP's issuer, each with the value that was meant. */
function issuerNearMiss(value: string): SsoFinding | null {
  if (/^https:\/\/www\.okta\.com\/exk[0-9A-Za-z]+$/.test(value)) {
    return error('issuer.shape', issuerField, "Okta's issuer starts with http://www.okta.com/, not https: it is an identifier, compared exactly.", ISSUER_FIX, value.replace(/^https/, 'http'));
  }
  if (new RegExp(`^https://sts\\.windows\\.net/${GUID}$`, 'i').test(value)) {
    return error('issuer.shape', issuerField, "Entra ID's issuer ends with a slash after the tenant ID.", ISSUER_FIX, `${value}/`);
  }
  if (/\/app\/[^/]+\/exk[0-9A-Za-z]+\/sso\/saml$/.test(value) || /^https:\/\/accounts\.google\.com\/o\/saml2\/idp\?/.test(value) || /\/saml2$/.test(value)) {
    return error('issuer.shape', issuerField, 'The Identity Provider Issuer holds an SSO URL, not the issuer.', ISSUER_FIX);
  }
  const salesforce = /^(https:\/\/[a-z0-9.-]+\.my\.salesforce\.com)\/idp\/endpoint\/HttpRedirect\/?$/i.exec(value);
  if (salesforce) {
    // Seed 004 (Twilio's Salesforce guide) puts this URL in Flex's issuer field, but the Issuer in
    // Salesforce's assertions is the connected app's "Issuer" setting, which the same guide sets
    // to https://<domain>.my.salesforce.com/. They must match; a warning, since the guide says so.
    return warning(
      'issuer.shape',
      issuerField,
      "This is Salesforce's SSO endpoint; the issuer Flex compares is the connected app's \"Issuer\" setting, which Twilio's guide sets to your My Domain URL.",
      'Set "Identity Provider Issuer" to exactly what the Twilio Flex connected app\'s "Issuer" says in Salesforce (Web App Settings), usually the value shown.',
      `${salesforce[1]}/`,
    );
  }
  return null;
}

export function checkIssuer(raw: string): SsoFinding[] {
  const value = raw.trim();
  if (!value) return [];
  const findings = [checkWhitespace(raw, 'issuer.whitespace', issuerField, 'The Identity Provider Issuer', ISSUER_FIX)];
  const known = identifyIssuer(value);
  if (known) findings.push(ok('issuer.shape', issuerField, `The issuer has the shape of ${anIdp(known.idp)} issuer.`));
  else findings.push(issuerNearMiss(value) ?? warning('issuer.shape', issuerField, 'The issuer is not in the shape Okta, Entra ID, Google, Auth0 or Salesforce use.', ISSUER_FIX));
  return findings.filter((f): f is SsoFinding => f !== null);
}

export function checkSsoUrl(raw: string): SsoFinding[] {
  const value = raw.trim();
  if (!value) return [];
  const findings = [checkWhitespace(raw, 'sso-url.whitespace', ssoUrlField, 'The Single Sign-On URL', SSO_URL_FIX)];
  if (/^http:\/\//i.test(value)) findings.push(error('sso-url.scheme', ssoUrlField, 'The Single Sign-On URL starts with http://; identity providers serve it over https.', SSO_URL_FIX, value.replace(/^http:/i, 'https:')));
  // The scheme is reported above; the shape is judged on the https form so it isn't reported twice.
  const secure = value.replace(/^http:/i, 'https:');
  const adminHost = /^https:\/\/([a-z0-9-]+)-admin(\.(?:okta|oktapreview|okta-emea)\.com\/app\/.*)$/i.exec(secure);
  const known = identifySsoUrl(secure);
  if (adminHost) {
    findings.push(error('sso-url.shape', ssoUrlField, "The Single Sign-On URL is on Okta's admin host; agents sign in on the org host without -admin.", SSO_URL_FIX, `https://${adminHost[1]}${adminHost[2]}`));
  } else if (known?.idp === 'google') {
    findings.push(ok('sso-url.shape', ssoUrlField, 'The SSO URL has the shape of a Google SSO URL. Google has no IdP-initiated login: agents must start from Flex\'s login link, not from the Google apps menu.'));
  } else if (known) {
    findings.push(ok('sso-url.shape', ssoUrlField, `The SSO URL has the shape of ${anIdp(known.idp)} SSO URL.`));
  } else if (/^https?:\/\/[a-z0-9.-]+\.my\.salesforce\.com\/?$/i.test(value)) {
    findings.push(error('sso-url.shape', ssoUrlField, "The Single Sign-On URL is Salesforce's My Domain, not its SAML endpoint.", SSO_URL_FIX, `${value.replace(/\/$/, '')}/idp/endpoint/HttpRedirect`));
  } else if (identifyIssuer(value)) {
    findings.push(error('sso-url.shape', ssoUrlField, 'The Single Sign-On URL holds the IdP\'s issuer, not its SSO URL.', SSO_URL_FIX));
  } else {
    findings.push(warning('sso-url.shape', ssoUrlField, 'The SSO URL is not in the shape Okta, Entra ID, Google, Auth0 or Salesforce use.', SSO_URL_FIX));
  }
  return findings.filter((f): f is SsoFinding => f !== null);
}

/** Issuer and SSO URL must come from the same IdP and the same tenant or app (e.g. the same Okta `exk…`). */
export function checkIdpConsistency(issuerRaw: string, ssoUrlRaw: string): SsoFinding | null {
  const issuer = identifyIssuer(issuerRaw);
  const ssoUrl = identifySsoUrl(ssoUrlRaw);
  if (!issuer || !ssoUrl) return null;
  const fix = 'Copy the issuer and the SSO URL from the same IdP app\'s SAML metadata into "Identity Provider Issuer" and "Single Sign-On URL".';
  if (issuer.idp !== ssoUrl.idp) return error('idp.consistency', issuerField, `The issuer is ${IDP_NAMES[issuer.idp]}'s but the SSO URL is ${IDP_NAMES[ssoUrl.idp]}'s.`, fix);
  if (issuer.key !== ssoUrl.key) return error('idp.consistency', issuerField, `The issuer names ${issuer.key} but the SSO URL names ${ssoUrl.key}: they are from different ${IDP_NAMES[issuer.idp]} ${issuer.idp === 'okta' ? 'apps' : 'tenants'}.`, fix);
  return ok('idp.consistency', issuerField, `The issuer and the SSO URL name the same ${IDP_NAMES[issuer.idp]} ${issuer.idp === 'okta' ? 'app' : 'tenant'}.`);
}

/** With Okta connected, Flex must hold exactly the issuer and SSO URL of the Flex app's SAML metadata. */
export function checkIdpAgainstOkta(page: { issuer?: string; ssoUrl?: string }, okta: OktaSsoFacts): SsoFinding[] {
  if (!okta.metadata) return [];
  const findings: SsoFinding[] = [];
  const compare = (actual: string | undefined, expected: string, rule: string, field: SsoFinding['field'], label: string) => {
    if (actual === undefined || !actual.trim()) return;
    if (actual.trim() === expected) findings.push(ok(rule, field, `${label} is the one in the Okta app "${okta.appLabel}"'s SAML metadata.`));
    else findings.push(error(rule, field, `${label} is not the one in the Okta app "${okta.appLabel}"'s SAML metadata.`, `In Flex > Manage > Single sign-on, set "${label.replace(/^The /, '')}" to the value shown (from the Okta app's Sign On tab, "View SAML setup instructions").`, expected));
  };
  compare(page.issuer, okta.metadata.issuer, 'issuer.okta-metadata', issuerField, 'The Identity Provider Issuer');
  compare(page.ssoUrl, okta.metadata.ssoUrl, 'sso-url.okta-metadata', ssoUrlField, 'The Single Sign-On URL');
  return findings;
}

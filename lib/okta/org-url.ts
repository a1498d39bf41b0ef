import { OKTA_CLOUD_SUFFIXES } from '../hosts';
import { problem, ProblemError } from '../problem';

/** An Okta org address as the API clients use it. */
export interface OktaOrg {
  /** `https://acme.okta.com`: no path, no trailing slash, never the `-admin` host. */
  origin: string;
  host: string;
  /**
   * `okta-cloud` hosts are covered by the manifest's host permissions; a `custom-domain` org
   * (`login.acme.com`) needs the admin to grant `permissionPattern` at run time.
   */
  kind: 'okta-cloud' | 'custom-domain';
  /** The match pattern to request with `chrome.permissions.request` for this org. */
  permissionPattern: string;
  /** The admin gave the Admin Console's address, which was turned into the org's own. */
  fromAdminHost: boolean;
  /**
   * Where the org's Admin Console is served: `https://acme-admin.okta.com` for `acme.okta.com`, on
   * every Okta cloud domain. A custom domain (`login.acme.com`) is a CNAME for an `<org>.okta.com`
   * whose name it does not reveal, so its Admin Console host cannot be derived; its own origin is
   * the one address known to belong to the org (and the one the admin granted), so it stands in.
   */
  adminOrigin: string;
}

const EXAMPLE = 'Use the https:// address of your Okta org, like https://acme.okta.com.';

function refuse(message: string, nextStep = EXAMPLE): never {
  throw new ProblemError(problem('not-configured', message, nextStep, { service: 'extension' }));
}

function shown(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Validates and normalises what an admin typed or pasted as their Okta org. The Admin Console
 * (`acme-admin.okta.com`) is what admins usually copy from their address bar, but the API is only
 * served by the org host (`acme.okta.com`), so the one is turned into the other. Throws a
 * `not-configured` ProblemError with a sentence the settings page can show as it is.
 */
export function normaliseOrgUrl(input: string): OktaOrg {
  const text = input.trim();
  if (!text) refuse('No Okta org address was entered.');
  let url: URL;
  try {
    // A bare host (`acme.okta.com`) is what most admins paste; https is the only scheme Okta serves.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    refuse(`“${shown(text)}” is not a web address.`);
  }
  if (url.protocol !== 'https:') refuse(`“${shown(text)}” does not use https, and Okta only answers over https.`);
  if (url.username || url.password) refuse('The Okta org address must not contain a user name or password.');
  if (url.port) refuse(`Okta orgs are served on the standard https port, not :${url.port}.`);

  const hostname = url.hostname;
  if (!hostname.includes('.') || IPV4.test(hostname) || hostname.startsWith('[')) refuse(`${shown(hostname)} is not the name of an Okta org.`);

  const suffix = OKTA_CLOUD_SUFFIXES.find((s) => hostname.endsWith(s));
  if (!suffix) {
    if (OKTA_CLOUD_SUFFIXES.some((s) => hostname === s.slice(1))) refuse(`${hostname} is Okta's own site, not your org.`);
    return { origin: url.origin, host: hostname, kind: 'custom-domain', permissionPattern: `${url.origin}/*`, fromAdminHost: false, adminOrigin: url.origin };
  }

  const label = hostname.slice(0, -suffix.length);
  // Orgs have exactly one label before the cloud domain; `acme.kerberos.okta.com` and the like are other Okta services.
  if (label.includes('.')) refuse(`${hostname} is not an Okta org address: an org has one name before ${suffix.slice(1)}.`);
  const admin = /^(.+)-admin$/.exec(label);
  const org = admin ? admin[1] : label;
  const host = `${org}${suffix}`;
  const origin = `https://${host}`;
  return { origin, host, kind: 'okta-cloud', permissionPattern: `${origin}/*`, fromAdminHost: admin !== null, adminOrigin: `https://${org}-admin${suffix}` };
}

import type { SsoFinding } from './finding';
import { error, flexField, ok, warning } from './finding';

/**
 * Self-hosted Flex (the Flex UI served from your own domain) needs two more values on the enhanced
 * connection: "Trusted domains" and "Domain redirect URL" (seed 003, step 3). They are required only
 * when self-hosted, so a value in either one is what says the account is self-hosted. Allowed forms
 * are an origin with an optional path, like `http://localhost:3000` or `https://example.com/flex`;
 * the enhanced connection accepts no wildcards.
 *
 * Sources: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/migration-guide (step 3)
 * and https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/self-hosted-sso
 * (`appConfig.oauth.redirectUrl` is the domain redirect URL). The "How do I log in to a self-hosted
 * domain?" help article the guide links to was not in the searchable docs; the forms above are the
 * issue's, and anything else is reported as a warning rather than an error.
 */

const FIX = 'In Flex > Manage > Single sign-on, enter each domain Flex UI is served from, like https://example.com/flex or http://localhost:3000, without wildcards.';
const trustedField = flexField('trustedDomains');
const redirectField = flexField('domainRedirectUrl');

/** The entries of "Trusted domains": one per line or comma-separated. */
export const trustedDomainEntries = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

const ORIGIN_WITH_PATH = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::\d{1,5})?(?:\/[^\s?#*]*)?$/i;

export function checkTrustedDomain(entry: string): SsoFinding {
  if (entry.includes('*')) return error('self-hosted.trusted-domain', trustedField, `"${entry}" has a wildcard; the enhanced connection accepts no wildcards.`, FIX);
  const match = ORIGIN_WITH_PATH.exec(entry);
  if (!match) return error('self-hosted.trusted-domain', trustedField, `"${entry}" is not a domain URL like https://example.com/flex or http://localhost:3000.`, FIX);
  if (match[1]?.toLowerCase() === 'http' && match[2]?.toLowerCase() !== 'localhost') {
    return warning('self-hosted.trusted-domain', trustedField, `"${entry}" is http://; only local development (localhost) should be served without https.`, FIX, entry.replace(/^http:/i, 'https:'));
  }
  return ok('self-hosted.trusted-domain', trustedField, `"${entry}" is an allowed domain form.`);
}

/** Empty both: Twilio-hosted, nothing to check. Either filled: self-hosted, so both are required. */
export function checkSelfHosted(values: { trustedDomains?: string; domainRedirectUrl?: string }): SsoFinding[] {
  const domains = trustedDomainEntries(values.trustedDomains ?? '');
  const redirect = (values.domainRedirectUrl ?? '').trim();
  if (!domains.length && !redirect) return [];
  const findings: SsoFinding[] = domains.map(checkTrustedDomain);
  if (!domains.length) findings.push(error('self-hosted.required', trustedField, 'A Domain redirect URL is set but Trusted domains is empty; self-hosted Flex needs both.', FIX));
  if (!redirect) {
    findings.push(error('self-hosted.required', redirectField, 'Trusted domains are set but the Domain redirect URL is empty; self-hosted Flex needs both.', 'In Flex > Manage > Single sign-on, set "Domain redirect URL" to the address of your self-hosted Flex UI, on one of the trusted domains.', domains[0]));
    return findings;
  }
  if (redirect.includes('*') || !ORIGIN_WITH_PATH.test(redirect)) {
    findings.push(error('self-hosted.redirect-url', redirectField, `The Domain redirect URL "${redirect}" is not a URL like https://example.com/flex, without wildcards.`, 'Set "Domain redirect URL" to the address of your self-hosted Flex UI.'));
  } else if (domains.length && !domains.some((domain) => redirect.toLowerCase().startsWith(domain.replace(/\/$/, '').toLowerCase()))) {
    findings.push(warning('self-hosted.redirect-url', redirectField, 'The Domain redirect URL is on none of the trusted domains.', 'Add its domain to "Trusted domains", or set "Domain redirect URL" to an address on one of them.', domains[0]));
  } else {
    findings.push(ok('self-hosted.redirect-url', redirectField, 'The Domain redirect URL is on a trusted domain.'));
  }
  return findings;
}

import { describe, expect, it } from 'vitest';
import { ProblemError, type Problem } from '../problem';
import { normaliseOrgUrl } from './org-url';

function refusal(input: string): Problem {
  try {
    normaliseOrgUrl(input);
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error(`${input} was accepted`);
}

describe('normaliseOrgUrl', () => {
  it('keeps only the origin of an Okta cloud address, whatever was pasted after it', () => {
    for (const input of ['https://acme.okta.com', 'https://acme.okta.com/', '  https://ACME.okta.com/app/UserHome?x=1#top ', 'acme.okta.com', 'https://acme.okta.com:443/']) {
      expect(normaliseOrgUrl(input)).toEqual({ origin: 'https://acme.okta.com', host: 'acme.okta.com', kind: 'okta-cloud', permissionPattern: 'https://acme.okta.com/*', fromAdminHost: false, adminOrigin: 'https://acme-admin.okta.com' });
    }
  });

  it('turns the Admin Console host into the org host, on every Okta cloud domain', () => {
    expect(normaliseOrgUrl('https://acme-admin.okta.com/admin/dashboard')).toMatchObject({ origin: 'https://acme.okta.com', fromAdminHost: true });
    expect(normaliseOrgUrl('acme-corp-admin.oktapreview.com')).toMatchObject({ origin: 'https://acme-corp.oktapreview.com', kind: 'okta-cloud', fromAdminHost: true });
    expect(normaliseOrgUrl('https://globex-admin.okta-emea.com')).toMatchObject({ origin: 'https://globex.okta-emea.com', kind: 'okta-cloud' });
  });

  it('marks a custom domain as needing its own host permission, and leaves its name alone', () => {
    expect(normaliseOrgUrl('https://login.acme.com/oauth2/default')).toEqual({ origin: 'https://login.acme.com', host: 'login.acme.com', kind: 'custom-domain', permissionPattern: 'https://login.acme.com/*', fromAdminHost: false, adminOrigin: 'https://login.acme.com' });
    expect(normaliseOrgUrl('https://sso-admin.acme.com')).toMatchObject({ origin: 'https://sso-admin.acme.com', kind: 'custom-domain', fromAdminHost: false });
  });

  it('finds the Admin Console on the org’s -admin host on every Okta cloud domain, and on a custom domain’s own host', () => {
    for (const [input, adminOrigin] of [
      ['https://acme.okta.com', 'https://acme-admin.okta.com'],
      ['https://acme.oktapreview.com', 'https://acme-admin.oktapreview.com'],
      ['https://acme.okta-emea.com', 'https://acme-admin.okta-emea.com'],
      ['https://acme-admin.okta.com/admin/dashboard', 'https://acme-admin.okta.com'],
      ['https://acme-corp.okta.com', 'https://acme-corp-admin.okta.com'],
      ['https://login.acme.com/oauth2/default', 'https://login.acme.com'],
      ['https://sso-admin.acme.com', 'https://sso-admin.acme.com'],
    ] as const) {
      expect(normaliseOrgUrl(input).adminOrigin, input).toBe(adminOrigin);
    }
  });

  it('does not take a look-alike domain for Okta cloud', () => {
    expect(normaliseOrgUrl('https://acme.notokta.com').kind).toBe('custom-domain');
    expect(normaliseOrgUrl('https://acme.okta.com.evil.example').kind).toBe('custom-domain');
  });

  it('refuses http and other schemes with a sentence that shows the right form', () => {
    const problem = refusal('http://acme.okta.com');
    expect(problem).toMatchObject({ code: 'not-configured', service: 'extension', retryable: false });
    expect(problem.message).toContain('https');
    expect(problem.nextStep).toBe('Use the https:// address of your Okta org, like https://acme.okta.com.');
    expect(refusal('ftp://acme.okta.com').code).toBe('not-configured');
  });

  it('refuses empty input, non-addresses, credentials, ports, IPs and Okta’s own sites', () => {
    expect(refusal('   ').message).toBe('No Okta org address was entered.');
    expect(refusal('not an address').message).toContain('not a web address');
    expect(refusal('https://admin:secret@acme.okta.com').message).toContain('user name or password');
    expect(refusal('https://acme.okta.com:8443').message).toContain(':8443');
    expect(refusal('https://10.0.0.1').message).toContain('not the name of an Okta org');
    expect(refusal('https://localhost').message).toContain('not the name of an Okta org');
    expect(refusal('https://okta.com').message).toBe("okta.com is Okta's own site, not your org.");
    expect(refusal('https://acme.kerberos.okta.com').message).toContain('one name before okta.com');
  });
});

import { describe, expect, it } from 'vitest';
import { IDP_SP_LABELS, idpChecklist } from './idp-checklists';
import { IDP_KINDS } from './idp-values';
import { ENHANCED_ACS, ENHANCED_ENTITY, LEGACY_ACS, LEGACY_ENTITY } from './test-fixtures';

const enhanced = { entityId: ENHANCED_ENTITY, acsUrl: ENHANCED_ACS };
const valueOf = (items: { label: string; value?: string }[], label: string) => items.find((i) => i.label === label)?.value;

describe('idpChecklist', () => {
  it.each(IDP_KINDS)('%s puts this account’s exact Entity ID and ACS URL under its own labels', (idp) => {
    const { items } = idpChecklist(idp, enhanced);
    const entity = valueOf(items, IDP_SP_LABELS[idp].entityId) ?? valueOf(items, 'Settings');
    expect(entity).toContain(ENHANCED_ENTITY);
    expect(valueOf(items, IDP_SP_LABELS[idp].acsUrl)).toBe(ENHANCED_ACS);
  });

  it('labels as seed 003’s table does', () => {
    expect(IDP_SP_LABELS.okta).toEqual({ page: 'Create SAML integration', entityId: 'Audience URI (SP Entity ID)', acsUrl: 'Single sign on URL' });
    expect(IDP_SP_LABELS.entra).toEqual({ page: 'SAML > General SAML settings', entityId: 'Identifier (Entity ID)', acsUrl: 'Reply URL (Assertion Consumer Service URL)' });
    expect(IDP_SP_LABELS.auth0.acsUrl).toBe('Application Callback URL');
  });

  it('gives Salesforce’s settings as seed 004 does, with the computed values', () => {
    const { items } = idpChecklist('salesforce', { entityId: LEGACY_ENTITY, acsUrl: LEGACY_ACS }, { salesforceDomain: 'acme' });
    expect(items.filter((i) => i.value).map((i) => [i.where, i.label, i.value])).toEqual([
      ['idp', 'Start URL', 'https://flex.twilio.com/agent-desktop'],
      ['idp', 'Entity ID', LEGACY_ENTITY],
      ['idp', 'ACS URL', LEGACY_ACS],
      ['idp', 'Subject Type', 'Username'],
      ['idp', 'Name ID Format', 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'],
      ['idp', 'Issuer', 'https://acme.my.salesforce.com/'],
      ['idp', 'Custom Attributes: full_name', '$User.FirstName + " " + $User.LastName'],
      ['idp', 'Custom Attributes: roles', '"agent"'],
      ['flex', 'Identity Provider Issuer', 'https://acme.my.salesforce.com/'],
      ['flex', 'Single Sign-On URL', 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect'],
      ['flex', 'Default Redirect URL', 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect'],
    ]);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['Verify Request Signatures', 'Encrypt SAML Response', 'Profiles > Connected App Access']));
  });

  it('uses a placeholder domain for Salesforce until it is known', () => {
    expect(valueOf(idpChecklist('salesforce', enhanced).items, 'Issuer')).toBe('https://yourdomain.my.salesforce.com/');
  });

  it('tells Google admins there is no IdP-initiated login', () => {
    expect(idpChecklist('google', enhanced).notes).toContain("Google has no IdP-initiated login: agents start from Flex's login link, not from the Google apps menu.");
  });

  it('gives Okta the attribute statements Flex reads', () => {
    const { items } = idpChecklist('okta', enhanced);
    expect(['email', 'full_name', 'roles'].map((name) => valueOf(items, `Attribute Statements: ${name}`))).toEqual(['user.email', 'String.join(" ", user.firstName, user.lastName)', 'appuser.roles']);
  });

  it('gives Auth0 the audience in its settings JSON', () => {
    expect(JSON.parse(valueOf(idpChecklist('auth0', enhanced).items, 'Settings') ?? '{}')).toEqual({ audience: ENHANCED_ENTITY, signResponse: true });
  });
});

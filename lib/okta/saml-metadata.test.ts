import { describe, expect, it } from 'vitest';
import { samlMetadata } from '../../sandbox/okta/saml';
import { parseSamlIdpMetadata, SAML_BINDING_POST, SAML_BINDING_REDIRECT, toPem } from './saml-metadata';

const app = { id: '0oa' + 'A'.repeat(17), name: 'twilioflex', label: 'Twilio Flex', status: 'ACTIVE', signOnMode: 'SAML_2_0', created: '', lastUpdated: '', signOn: null, signingKid: 'k1' } as const;

describe('parseSamlIdpMetadata', () => {
  it('reads the issuer, the HTTP-POST SSO URL and the certificate from Okta-shaped metadata', () => {
    const xml = samlMetadata(app as never, { kid: 'k1', created: '', expiresAt: '', x5c: ['MIIB\nAAAA'] } as never);
    const parsed = parseSamlIdpMetadata(xml);
    expect(parsed.issuer).toMatch(/^http:\/\/www\.okta\.com\/exk/);
    expect(parsed.ssoUrl).toMatch(/\/app\/twilioflex\/exk[0-9A-Za-z]+\/sso\/saml$/);
    expect(parsed.ssoServices.map((s) => s.binding)).toEqual([SAML_BINDING_POST, SAML_BINDING_REDIRECT]);
    expect(parsed.certificates).toEqual(['MIIBAAAA']);
  });

  it('takes any prefix or none, either quote, attributes in any order, and decodes entities', () => {
    const xml = `<?xml version="1.0"?>
      <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID='https://idp.example/?a=1&amp;b=2'>
        <IDPSSODescriptor>
          <KeyDescriptor><ds:KeyInfo xmlns:ds="x"><ds:X509Data><ds:X509Certificate>
            MIIC AAAA
            BBBB
          </ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>
          <SingleSignOnService Location="https://idp.example/redirect" Binding="${SAML_BINDING_REDIRECT}" />
        </IDPSSODescriptor>
      </EntityDescriptor>`;
    expect(parseSamlIdpMetadata(xml)).toEqual({ issuer: 'https://idp.example/?a=1&b=2', ssoUrl: 'https://idp.example/redirect', ssoServices: [{ binding: SAML_BINDING_REDIRECT, location: 'https://idp.example/redirect' }], certificates: ['MIICAAAABBBB'] });
  });

  it('never reads a commented-out element, and prefers HTTP-POST whatever the order', () => {
    const xml = `<md:EntityDescriptor entityID="http://www.okta.com/exk1"><!-- <md:SingleSignOnService Binding="${SAML_BINDING_POST}" Location="https://old.example"/> -->
      <md:SingleSignOnService Binding="${SAML_BINDING_REDIRECT}" Location="https://r.example"/>
      <md:SingleSignOnService Binding="${SAML_BINDING_POST}" Location="https://p.example"/></md:EntityDescriptor>`;
    const parsed = parseSamlIdpMetadata(xml);
    expect(parsed.ssoUrl).toBe('https://p.example');
    expect(parsed.ssoServices).toHaveLength(2);
  });

  it('leaves out what is not there rather than guessing', () => {
    expect(parseSamlIdpMetadata('<md:EntityDescriptor xmlns:md="m"/>')).toEqual({ ssoServices: [], certificates: [] });
    expect(parseSamlIdpMetadata('<EntityDescriptorX entityID="nope"/>').issuer).toBeUndefined();
  });
});

describe('toPem', () => {
  it('wraps base64 DER at 64 characters between the PEM markers', () => {
    const pem = toPem('A'.repeat(100));
    expect(pem.split('\n')).toEqual(['-----BEGIN CERTIFICATE-----', 'A'.repeat(64), 'A'.repeat(36), '-----END CERTIFICATE-----']);
  });
});

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

  it('reads by namespace whatever the prefix, with attributes in any order and entities decoded', () => {
    const xml = `<?xml version="1.0"?>
      <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID='https://idp.example/?a=1&amp;b=2'>
        <IDPSSODescriptor>
          <KeyDescriptor><sig:KeyInfo xmlns:sig="http://www.w3.org/2000/09/xmldsig#"><sig:X509Data><sig:X509Certificate>
            MIIC AAAA
            BBBB
          </sig:X509Certificate></sig:X509Data></sig:KeyInfo></KeyDescriptor>
          <SingleSignOnService Location="https://idp.example/redirect" Binding="${SAML_BINDING_REDIRECT}" />
        </IDPSSODescriptor>
      </EntityDescriptor>`;
    expect(parseSamlIdpMetadata(xml)).toEqual({ issuer: 'https://idp.example/?a=1&b=2', ssoUrl: 'https://idp.example/redirect', ssoServices: [{ binding: SAML_BINDING_REDIRECT, location: 'https://idp.example/redirect' }], certificates: ['MIICAAAABBBB'] });
  });

  it('never reads a commented-out element, and prefers HTTP-POST whatever the order', () => {
    const xml = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1"><!-- <md:SingleSignOnService Binding="${SAML_BINDING_POST}" Location="https://old.example"/> -->
      <md:SingleSignOnService Binding="${SAML_BINDING_REDIRECT}" Location="https://r.example"/>
      <md:SingleSignOnService Binding="${SAML_BINDING_POST}" Location="https://p.example"/></md:EntityDescriptor>`;
    const parsed = parseSamlIdpMetadata(xml);
    expect(parsed.ssoUrl).toBe('https://p.example');
    expect(parsed.ssoServices).toHaveLength(2);
  });

  it('ignores elements of the right name in another namespace', () => {
    const xml = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:x="urn:example" entityID="http://www.okta.com/exk1">
      <x:SingleSignOnService Binding="${SAML_BINDING_POST}" Location="https://elsewhere.example"/><x:X509Certificate>AAAA</x:X509Certificate></md:EntityDescriptor>`;
    expect(parseSamlIdpMetadata(xml)).toEqual({ issuer: 'http://www.okta.com/exk1', ssoServices: [], certificates: [] });
  });

  it('leaves out what is not there rather than guessing, and reads nothing from a document that is not metadata or not well-formed', () => {
    expect(parseSamlIdpMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>')).toEqual({ ssoServices: [], certificates: [] });
    expect(parseSamlIdpMetadata('<EntityDescriptor entityID="no namespace"/>').issuer).toBeUndefined();
    expect(parseSamlIdpMetadata('<md:EntityDescriptor entityID="unbound prefix"/>').issuer).toBeUndefined();
    expect(parseSamlIdpMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">').issuer).toBeUndefined();
  });

  it('refuses a document with a DTD instead of expanding its entities', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE md:EntityDescriptor [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&b;"/>`;
    expect(parseSamlIdpMetadata(bomb)).toEqual({ ssoServices: [], certificates: [] });
  });
});

describe('toPem', () => {
  it('wraps base64 DER at 64 characters between the PEM markers', () => {
    const pem = toPem('A'.repeat(100));
    expect(pem.split('\n')).toEqual(['-----BEGIN CERTIFICATE-----', 'A'.repeat(64), 'A'.repeat(36), '-----END CERTIFICATE-----']);
  });
});

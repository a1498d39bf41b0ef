import { describe, expect, it } from 'vitest';
import { parseSamlResponse, type ParsedSamlResponse } from './parse';
import { checkSignatureOf } from './signature';
import { samlContext, signedResponse } from './test-fixtures';

const parsed = (xml: string) => {
  const result = parseSamlResponse(xml);
  if ('problem' in result) throw new Error(result.problem.message);
  return result as ParsedSamlResponse;
};

describe('signatures, verified without a DOM', () => {
  it('runs where a service worker does: no document, DOMParser or XMLSerializer', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(typeof (globalThis as { DOMParser?: unknown }).DOMParser).toBe('undefined');
    expect(typeof (globalThis as { XMLSerializer?: unknown }).XMLSerializer).toBe('undefined');
  });

  it('verifies an Okta-shaped response and assertion signed with the active key', async () => {
    const doc = parsed(await signedResponse());
    const context = await samlContext();
    expect(await checkSignatureOf(doc, doc.response, context)).toMatchObject({ state: 'verified', signatureAlgorithm: 'RSA-SHA256', digestAlgorithm: 'SHA-256', key: 'okta' });
    expect(await checkSignatureOf(doc, doc.assertion!, context)).toMatchObject({ state: 'verified' });
  });
});

describe('signatures of an assertion whose namespaces are declared on the Response only', () => {
  it('verifies: exclusive c14n renders the inherited prefixes the signer saw', async () => {
    const { responseXml, signResponse, signer } = await import('./test-fixtures');
    const rootDeclared = responseXml()
      .replace('<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"', '<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"')
      .replaceAll(' xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format', ' Format')
      .replace('<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ', '<saml2:Assertion ');
    expect(rootDeclared.match(/xmlns:saml2=/g)).toHaveLength(1);
    const doc = parsed(signResponse(rootDeclared, await signer()));
    const context = await samlContext();
    expect(await checkSignatureOf(doc, doc.assertion!, context)).toMatchObject({ state: 'verified' });
    expect(await checkSignatureOf(doc, doc.response, context)).toMatchObject({ state: 'verified' });
  });
});

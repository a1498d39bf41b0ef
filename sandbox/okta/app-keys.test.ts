import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OktaSigningKey } from '../state';
import { signingJwk } from './app-keys';
import { emptyState, makeSamlApp, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';
import { samlIdpIssuer, samlSsoUrl } from './saml';

const PLACEHOLDER: OktaSigningKey = { kid: 'kid-1', created: '2023-01-01T00:00:00.000Z', expiresAt: '2033-01-01T00:00:00.000Z', x5c: ['TUlJREJ6Q0NBZStn'], appId: '0oa00000000000000001' };

describe('signingJwk', () => {
  it('reads n and e from a real certificate so the key and the metadata certificate agree', async () => {
    const pems = await generate([{ name: 'commonName', value: 'steward-sandbox' }], { keySize: 2048 });
    const der = new X509Certificate(pems.cert).raw.toString('base64');
    const jwk = signingJwk({ ...PLACEHOLDER, x5c: [der] });
    const expected = new X509Certificate(pems.cert).publicKey.export({ format: 'jwk' });
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig', kid: 'kid-1', n: expected.n, e: expected.e, x5c: [der], created: PLACEHOLDER.created, expiresAt: PLACEHOLDER.expiresAt });
  });

  it('derives a stable, 2048-bit-sized modulus for a placeholder certificate', () => {
    const jwk = signingJwk(PLACEHOLDER);
    expect(jwk).toEqual(signingJwk(PLACEHOLDER));
    expect(jwk.e).toBe('AQAB');
    expect(Buffer.from(jwk.n as string, 'base64url')).toHaveLength(256);
    expect(jwk.n).not.toBe(signingJwk({ ...PLACEHOLDER, kid: 'kid-2' }).n);
    expect(jwk['x5t#S256']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('keys and metadata routes', () => {
  let okta: OktaSandbox;
  beforeAll(async () => {
    okta = await startOktaSandbox();
  });
  afterAll(() => okta.sandbox.close());

  const app = makeSamlApp(1);
  const otherApp = makeSamlApp(2);
  beforeEach(() => {
    const state = emptyState();
    state.okta.apps = [app, otherApp, makeSamlApp(3, { signOnMode: 'BOOKMARK', signOn: null, signingKid: null })];
    state.okta.keys = [
      { ...PLACEHOLDER, appId: app.id },
      { ...PLACEHOLDER, kid: 'kid-1-next', x5c: ['TkVYVA=='], appId: app.id },
      { ...PLACEHOLDER, kid: 'kid-2', appId: otherApp.id },
    ];
    useOktaState(okta.sandbox.state, state);
  });

  it('lists only the app\'s own keys, and fetches one by kid', async () => {
    const keys = (await (await okta.call(`/api/v1/apps/${app.id}/credentials/keys`)).json()) as { kid: string }[];
    expect(keys.map((k) => k.kid)).toEqual(['kid-1', 'kid-1-next']);
    expect(await (await okta.call(`/api/v1/apps/${app.id}/credentials/keys/kid-1-next`)).json()).toMatchObject({ kid: 'kid-1-next', kty: 'RSA', x5c: ['TkVYVA=='] });
    expect((await okta.call(`/api/v1/apps/${app.id}/credentials/keys/kid-2`)).status).toBe(404);
  });

  it('serves SAML metadata with a stable entity ID, the SSO URL and the signing certificate', async () => {
    const response = await okta.call(`/api/v1/apps/${app.id}/sso/saml/metadata`);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await response.text();
    expect(samlIdpIssuer(app)).toMatch(/^http:\/\/www\.okta\.com\/exk[0-9A-Za-z]{17}$/);
    expect(xml).toContain(`entityID="${samlIdpIssuer(app)}"`);
    expect(samlSsoUrl(app)).toMatch(new RegExp(`^https://steward-sandbox\\.okta\\.com/app/${app.name}/exk[0-9A-Za-z]{17}/sso/saml$`));
    expect(xml).toContain(`Location="${samlSsoUrl(app)}"`);
    expect(xml).toContain('<ds:X509Certificate>TUlJREJ6Q0NBZStn</ds:X509Certificate>');
    expect(samlIdpIssuer(otherApp)).not.toBe(samlIdpIssuer(app));
    expect(await (await okta.call(`/api/v1/apps/${app.id}/sso/saml/metadata`)).text()).toBe(xml);
  });

  it('signs the metadata with the key named by kid, and 404s an unknown kid or a non-SAML app', async () => {
    expect(await (await okta.call(`/api/v1/apps/${app.id}/sso/saml/metadata?kid=kid-1-next`)).text()).toContain('<ds:X509Certificate>TkVYVA==</ds:X509Certificate>');
    expect((await okta.call(`/api/v1/apps/${app.id}/sso/saml/metadata?kid=kid-2`)).status).toBe(404);
    expect((await okta.call(`/api/v1/apps/${okta.sandbox.state.okta.apps[2]!.id}/sso/saml/metadata`)).status).toBe(404);
  });
});

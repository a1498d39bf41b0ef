import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { SSO_PATH } from '../pages/console';
import { decodeEntities, fieldValue } from '../pages/test-fixtures';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
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

describe("the generated Flex app's signing certificate", () => {
  let sandbox: Sandbox;
  let call: typeof fetch;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 4, workers: 20, oktaUsers: 30 });
    call = sandboxFetch(sandbox);
  });
  afterAll(() => sandbox.close());

  const text = async (url: string, headers: Record<string, string> = {}) => (await call(url, { headers })).text();
  const certificateIn = (xml: string) => /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(xml)?.[1];

  it('is the same in credentials/keys, both metadata URLs, the Sign On tab and the Flex SSO page', async () => {
    const app = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
    const auth = { authorization: `SSWS ${sandbox.state.okta.apiTokens[0]}` };
    const keys = JSON.parse(await text(`https://${SANDBOX_HOSTS.okta}/api/v1/apps/${app.id}/credentials/keys`, auth)) as { kid: string; x5c: string[]; n: string; e: string }[];
    const active = keys.find((k) => k.kid === app.signingKid)!;
    expect(keys).toHaveLength(2);
    const certificate = new X509Certificate(Buffer.from(active.x5c[0]!, 'base64'));
    expect(certificate.publicKey.export({ format: 'jwk' })).toMatchObject({ n: active.n, e: active.e });

    const pem = certificate.toString().trim();
    expect(certificateIn(await text(`https://${SANDBOX_HOSTS.okta}/api/v1/apps/${app.id}/sso/saml/metadata`, auth))).toBe(active.x5c[0]);
    // The Sign On tab's Metadata URL is public, as Okta's is.
    expect(certificateIn(await text(`https://${SANDBOX_HOSTS.okta}/app/${app.id}/sso/saml/metadata`))).toBe(active.x5c[0]);
    const signOnTab = await text(`https://${SANDBOX_HOSTS.oktaAdmin}/admin/app/${app.name}/instance/${app.id}/`);
    expect(decodeEntities(/<pre[^>]*data-certificate>([^<]*)<\/pre>/.exec(signOnTab)![1]!)).toBe(pem);
    expect(fieldValue(await text(`https://${SANDBOX_HOSTS.console}${SSO_PATH}`), 'X.509 Certificate')).toBe(pem);
  });

  it('answers an unknown app on the public metadata URL with a 404', async () => {
    expect((await call(`https://${SANDBOX_HOSTS.okta}/app/0oanothing0000000000/sso/saml/metadata`)).status).toBe(404);
  });
});

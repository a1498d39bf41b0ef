import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { apiTokenAuth } from './auth';
import { createOktaClient } from './client';
import { oktaDestination } from './credential-destination';
import { createOktaTokenSource } from './oauth';
import { normaliseOrgUrl } from './org-url';

const acme = normaliseOrgUrl('https://acme.okta.com');
const custom = normaliseOrgUrl('https://login.acme.com');

/** A fetch that must never be called: every case here is refused before the network. */
function noNetwork() {
  const urls: string[] = [];
  const fetch: FetchLike = async (url) => {
    urls.push(url);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, urls };
}

describe('oktaDestination', () => {
  it('admits the org origin, any path, and nothing else on Okta\'s domains', async () => {
    const destination = oktaDestination(acme);
    await expect(destination.admit(new URL('https://acme.okta.com/api/v1/users?limit=1'))).resolves.toBeUndefined();
    await expect(destination.admit(new URL('https://acme.okta.com:443/oauth2/v1/token'))).resolves.toBeUndefined();
    for (const other of ['https://evil.okta.com/api/v1/users', 'https://acme-admin.okta.com/api/v1/users', 'http://acme.okta.com/api/v1/users', 'https://acme.okta.com.evil.com/api/v1/users', 'https://acme.okta.com:8443/api/v1/users']) {
      const p = await problemOf(destination.admit(new URL(other)));
      expect(p).toMatchObject({ code: 'invalid-request', message: `Flex Steward stopped before sending your Okta credentials to ${new URL(other).host}: they are only for your org, acme.okta.com.` });
    }
  });

  it('asks, for a custom domain, whether the browser still grants it, and refuses when it does not or when nobody can say', async () => {
    const asked: string[] = [];
    let granted = true;
    const destination = oktaDestination(custom, async (origin) => {
      asked.push(origin);
      return granted;
    });
    await destination.admit(new URL('https://login.acme.com/api/v1/users'));
    granted = false;
    const p = await problemOf(destination.admit(new URL('https://login.acme.com/api/v1/users')));
    expect(p).toMatchObject({ code: 'permission-denied', message: 'Flex Steward is no longer allowed to reach login.acme.com, so it did not send your Okta credentials there.' });
    expect(asked).toEqual(['https://login.acme.com', 'https://login.acme.com']);
    expect((await problemOf(oktaDestination(custom).admit(new URL('https://login.acme.com/api/v1/users')))).code).toBe('permission-denied');
  });

  it('stops the API client at a custom domain whose grant was withdrawn, before any request', async () => {
    const { fetch, urls } = noNetwork();
    const client = createOktaClient({ http: createHttpClient({ fetch }), orgUrl: custom.origin, auth: apiTokenAuth('00token'), originGranted: async () => false });
    expect((await problemOf(client.findUsersByEmail(['alex@acme.com']))).code).toBe('permission-denied');
    expect(urls).toEqual([]);
  });

  it('stops the OAuth token request the same way, so no client assertion leaves either', async () => {
    const { fetch, urls } = noNetwork();
    const key = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const source = createOktaTokenSource({ orgUrl: custom.origin, clientId: '0oa1', privateKey: { key: key.privateKey, alg: 'ES256' }, http: createHttpClient({ fetch }), originGranted: async () => false });
    expect((await problemOf(source.getAuthorization('GET', `${custom.origin}/api/v1/users`))).code).toBe('permission-denied');
    expect(urls).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { createHttpClient, type FetchLike } from '../http/fetch-core';
import { parseSettings } from '../settings/settings';
import { createMemoryArea, createMemoryDeviceKeyStore } from '../vault/storage-area';
import { createVault } from '../vault/vault';
import { oktaClientFrom, twilioClientFrom } from './clients';
import { openSecret, sealSecret } from './secret-destinations';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const KEY = `SK${'c'.repeat(32)}`;

async function setup() {
  const vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() }, pbkdf2Iterations: 1000 });
  await vault.setup({});
  const urls: string[] = [];
  const fetch: FetchLike = async (url) => {
    urls.push(url);
    return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { vault, urls, http: createHttpClient({ fetch }) };
}

const okta = (orgUrl: string) => parseSettings({ okta: { orgUrl, authMethod: 'api-token' } }).okta;
const twilio = (region: 'us1' | 'ie1') => parseSettings({ twilio: { accountSid: ACCOUNT, apiKeySid: KEY, region } }).twilio;

describe('clients use a secret only where it was saved for', () => {
  it('refuses an Okta token saved for another org before any request, naming both', async () => {
    const { vault, urls, http } = await setup();
    await vault.setSecret('okta.apiToken', sealSecret('00token', { service: 'okta', origin: 'https://acme.okta.com' }));
    const p = await problemOf(oktaClientFrom(okta('https://evil.okta.com'), vault, http));
    expect(p).toMatchObject({
      code: 'not-configured',
      message: 'The Okta API token was saved for acme.okta.com, but the settings now name evil.okta.com; Flex Steward sends a secret only where it was saved for.',
      nextStep: 'Enter the Okta API token for evil.okta.com in the Okta section of Settings, or change the settings back.',
    });
    const client = await oktaClientFrom(okta('https://acme.okta.com'), vault, http);
    await client.findUsersByEmail(['alex@acme.com']);
    expect(urls.map((u) => new URL(u).host)).toEqual(['acme.okta.com']);
  });

  it('refuses a Twilio secret saved for another region', async () => {
    const { vault, http } = await setup();
    await vault.setSecret('twilio.apiKeySecret', sealSecret('key-secret', { service: 'twilio', accountSid: ACCOUNT, region: 'us1', host: 'taskrouter.twilio.com' }));
    expect((await problemOf(twilioClientFrom(twilio('ie1'), vault, http))).message).toBe(
      `The Twilio API key secret was saved for account ${ACCOUNT} in US1 (taskrouter.twilio.com), but the settings now name account ${ACCOUNT} in IE1 (taskrouter.dublin.ie1.twilio.com); Flex Steward sends a secret only where it was saved for.`,
    );
    expect((await twilioClientFrom(twilio('us1'), vault, http)).hosts.taskrouter).toBe('taskrouter.twilio.com');
  });

  it('binds a secret saved before destinations were recorded to where the settings point at its first use, and holds it there', async () => {
    const { vault, http } = await setup();
    await vault.setSecret('okta.apiToken', '00token');
    await oktaClientFrom(okta('https://acme.okta.com'), vault, http);
    const stored = await vault.getSecret('okta.apiToken');
    expect(stored.ok && stored.data && openSecret(stored.data)).toEqual({ value: '00token', destination: { service: 'okta', origin: 'https://acme.okta.com' } });
    expect((await problemOf(oktaClientFrom(okta('https://evil.okta.com'), vault, http))).code).toBe('not-configured');
  });
});

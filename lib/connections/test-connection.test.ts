import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createHttpClient } from '../http/fetch-core';
import { parseSettings, type Settings } from '../settings/settings';
import { createMemoryArea, createMemoryDeviceKeyStore } from '../vault/storage-area';
import { createVault, type Vault } from '../vault/vault';
import { testOkta, testTwilio, type ConnectionTestDeps } from './test-connection';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 1, workers: 30, oktaUsers: 40 });
});
afterAll(() => sandbox.close());

let vault: Vault;
let saved: Settings[];
let deps: ConnectionTestDeps;
beforeEach(async () => {
  sandbox.reseed();
  vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() }, pbkdf2Iterations: 1000 });
  await vault.setup({});
  saved = [];
  // No real waiting between retries: the tests are about what the admin is told.
  deps = { http: createHttpClient({ fetch: sandboxFetch(sandbox), sleep: async () => undefined }), vault, saveSettings: async (s) => void saved.push(s) };
});

const oktaSettings = () => parseSettings({ okta: { orgUrl: `https://${SANDBOX_HOSTS.okta}`, authMethod: 'api-token' } });
const twilioSettings = () => {
  const c = sandbox.state.twilio.credentials;
  return parseSettings({ twilio: { accountSid: c.accountSid, apiKeySid: c.apiKeySid } });
};

describe('Okta connection test', () => {
  it('signs in with an API token, finds the one Flex app and remembers it', async () => {
    await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
    const result = await testOkta(oktaSettings(), deps);
    expect(result.checks.map((c) => [c.id, c.ok])).toEqual([['credentials', true], ['users', true], ['flex-app', true]]);
    const flexApp = sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
    expect(result.discovered).toEqual([expect.objectContaining({ id: flexApp.id, recommended: true })]);
    expect(saved.at(-1)?.okta.flexAppId).toBe(flexApp.id);
  });

  it('says the token was rejected and where to make a new one', async () => {
    await vault.setSecret('okta.apiToken', 'not-a-real-token');
    const result = await testOkta(oktaSettings(), deps);
    expect(result.ok).toBe(false);
    expect(result.checks.at(-1)?.problem).toMatchObject({ code: 'bad-credentials', nextStep: expect.stringContaining('Security') });
  });

  it('says when no app points at Twilio', async () => {
    await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
    sandbox.state.okta.apps = sandbox.state.okta.apps.filter((a) => a.label !== 'Twilio Flex');
    const result = await testOkta(oktaSettings(), deps);
    expect(result.checks.at(-1)?.problem).toMatchObject({ code: 'no-flex-app' });
  });

  it('asks to unlock rather than failing obscurely when the vault is locked', async () => {
    await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
    await vault.lock();
    const result = await testOkta(oktaSettings(), deps);
    expect(result.checks).toEqual([expect.objectContaining({ id: 'credentials', ok: false, problem: expect.objectContaining({ code: 'locked' }) })]);
  });

  it('names the host it could not reach', async () => {
    await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 'drop' });
    const result = await testOkta(oktaSettings(), deps);
    expect(result.checks.at(-1)?.problem).toMatchObject({ code: 'network-unreachable', message: expect.stringContaining(SANDBOX_HOSTS.okta) });
  });
});

describe('Twilio connection test', () => {
  it('signs in with an API key, finds Flex and its workspace, and remembers the workspace', async () => {
    await vault.setSecret('twilio.apiKeySecret', sandbox.state.twilio.credentials.apiKeySecret);
    const result = await testTwilio(twilioSettings(), deps);
    expect(result.ok).toBe(true);
    const flexWs = sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
    expect(result.discovered.filter((d) => d.recommended).map((d) => d.id)).toEqual([flexWs]);
    expect(result.discovered.length).toBe(sandbox.state.twilio.workspaces.length);
    expect(saved.at(-1)?.twilio.workspaceSid).toBe(flexWs);
  });

  it('says the account has no Flex', async () => {
    await vault.setSecret('twilio.apiKeySecret', sandbox.state.twilio.credentials.apiKeySecret);
    sandbox.state.twilio.flex = null;
    const result = await testTwilio(twilioSettings(), deps);
    expect(result.checks.at(-1)?.problem).toMatchObject({ code: 'no-flex' });
  });

  it('says the key was rejected, and mentions the region', async () => {
    await vault.setSecret('twilio.apiKeySecret', 'wrong');
    const result = await testTwilio(twilioSettings(), deps);
    expect(result.checks.at(-1)?.problem).toMatchObject({ code: 'bad-credentials', nextStep: expect.stringMatching(/region/i) });
  });

  it('says no secret is saved yet', async () => {
    const result = await testTwilio(twilioSettings(), deps);
    expect(result.checks[0]?.problem).toMatchObject({ code: 'not-configured', message: 'No Twilio API key secret is saved.' });
  });
});

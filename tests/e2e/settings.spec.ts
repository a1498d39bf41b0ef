import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { openSecret } from '../../lib/connections/secret-destinations';
import { exportSettings, parseSettings } from '../../lib/settings/settings';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { registerServiceApp } from '../../sandbox/okta/oauth-token';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { contentScriptWorld, decryptableSecrets, dumpExtensionStore } from './isolated-world';
import { savedNote, SettingsPage } from './settings-page';

const PASSPHRASE = 'correct horse battery staple';
const ORG_URL = `https://${SANDBOX_HOSTS.okta}`;
const ADMIN_URL = `https://${SANDBOX_HOSTS.oktaAdmin}`;
/** What the settings page tells admins to grant a service app. */
const ALL_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.apps.read', 'okta.apps.manage', 'okta.sessions.manage'];

const oktaToken = (sandbox: Sandbox) => sandbox.state.okta.apiTokens[0]!;
const flexApp = (sandbox: Sandbox) => sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;

/** The settings page with a passphrase vault set up, as every secret needs. */
async function withVault({ context, extensionId }: { context: BrowserContext; extensionId: string }) {
  const settings = await SettingsPage.open(context, extensionId);
  await settings.createVault(PASSPHRASE);
  return settings;
}

async function withTwilioKey(settings: SettingsPage, sandbox: Sandbox, secret = sandbox.state.twilio.credentials.apiKeySecret) {
  const { accountSid, apiKeySid } = sandbox.state.twilio.credentials;
  await settings.saveTwilioApiKey(accountSid, apiKeySid, secret);
}

test.describe('vault', () => {
  test('refuses a mismatched confirmation, then locks and unlocks with the passphrase only', async ({ context, extensionId, extensionErrors }) => {
    const settings = await SettingsPage.open(context, extensionId);
    const { security } = settings;
    await security.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await security.getByLabel('Confirm passphrase').fill(`${PASSPHRASE}!`);
    await expect(security.getByLabel('Confirm passphrase')).toHaveAccessibleDescription('The two passphrases differ.');
    await security.getByRole('button', { name: 'Create vault' }).click();
    // Nothing was created: after a reload the vault still asks to be set up.
    await settings.page.reload();
    await expect(security.getByRole('button', { name: 'Create vault' })).toBeVisible();

    await settings.createVault(PASSPHRASE);
    await expect(security).toContainText('Unlocked Protected by your passphrase.');
    await security.getByRole('button', { name: 'Lock now' }).click();
    await expect(security).toContainText('Locked Secrets stay encrypted until you unlock.');

    await security.getByLabel('Vault passphrase').fill('not the passphrase');
    await security.getByRole('button', { name: 'Unlock' }).click();
    await expect(security.getByRole('alert')).toContainText('That passphrase does not unlock the credential vault.');
    await expect(security.getByRole('alert')).toContainText('Check the passphrase and try again; nothing stored was changed.');
    await expect(security.getByRole('button', { name: 'Unlock' })).toBeVisible();

    await security.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await security.getByRole('button', { name: 'Unlock' }).click();
    await expect(security.getByRole('status')).toHaveText('Unlocked.');
    await expect(security).toContainText('Unlocked Protected by your passphrase.');
    expect(extensionErrors).toEqual([]);
  });
});

test.describe('Okta', () => {
  test('an API token: the admin host is saved as the org, the token as "Saved", and the test finds the Flex app', async ({ context, extensionId, sandbox, extensionErrors }) => {
    const settings = await withVault({ context, extensionId });
    const { okta } = settings;
    await settings.saveOktaToken(ADMIN_URL, oktaToken(sandbox));
    await expect(okta.getByLabel('Okta org URL')).toHaveValue(ORG_URL);
    await expect(okta.getByLabel('Okta API token')).toHaveAccessibleName('Okta API token Saved');
    await expect(okta.getByLabel('Okta API token')).toHaveValue('');

    await settings.testConnection('Okta');
    await expect(settings.checks('Okta')).toHaveText(['✓Credentials are saved and unlocked — API token', `✓Signed in to ${SANDBOX_HOSTS.okta} and can read users`, '✓Found the Flex app — Twilio Flex']);
    await expect(settings.report('Okta')).toContainText('Connection works.');
    await expect(okta.getByRole('radio', { name: new RegExp(`^Twilio Flex \\(${flexApp(sandbox).id}`) })).toBeChecked();

    // Remembered: a fresh page shows the normalised org and the chosen app.
    await settings.page.reload();
    await expect(okta.getByLabel('Okta org URL')).toHaveValue(ORG_URL);
    await expect(okta.getByText('Flex app: Twilio Flex')).toBeVisible();
    expect(extensionErrors).toEqual([]);
  });

  test('an OAuth service app that requires DPoP: token from the org server, DPoP-bound API calls', async ({ context, extensionId, sandbox }) => {
    const app = registerServiceApp(sandbox.state, { scopes: ALL_SCOPES, requireDpop: true });
    const settings = await withVault({ context, extensionId });
    await settings.saveOktaServiceApp(ORG_URL, app.clientId, JSON.stringify(app.privateJwk));
    await expect(settings.okta.getByLabel('Private key (JWK or PEM)')).toHaveAccessibleName('Private key (JWK or PEM) Saved');

    await settings.testConnection('Okta');
    await expect(settings.checks('Okta')).toHaveText([/^✓Credentials .* OAuth 2\.0 service app$/, /^✓Signed in/, '✓Found the Flex app — Twilio Flex']);
    const tokenCalls = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, method: 'POST', path: /^\/oauth2\/v1\/token$/ });
    expect(tokenCalls.at(-1)?.status).toBe(200);
    // The sandbox only binds a token to a key when a DPoP proof came with the request, and then refuses it without one.
    expect(sandbox.state.okta.accessTokens?.map((t) => Boolean(t.dpopJkt))).toEqual([true]);
    const apiCalls = sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\// });
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((r) => r.status === 200)).toBe(true);
  });

  test.describe('failures name the cause and the fix', () => {
    const failedOkta = async (settings: SettingsPage) => {
      await settings.testConnection('Okta');
      await expect(settings.checks('Okta').last()).toHaveText(/^✗/);
      return settings.report('Okta').getByRole('alert');
    };

    test('a wrong API token', async ({ context, extensionId }) => {
      const settings = await withVault({ context, extensionId });
      await settings.saveOktaToken(ORG_URL, '00-not-a-token-okta-knows');
      const alert = await failedOkta(settings);
      await expect(alert).toContainText('The Okta token was rejected (E0000011).');
      await expect(alert).toContainText('Create a new token in Security → API and paste it in Settings.');
    });

    test('an unreachable org', async ({ context, extensionId, sandbox }) => {
      const settings = await withVault({ context, extensionId });
      await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
      sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, respond: 'drop' });
      const alert = await failedOkta(settings);
      await expect(alert).toContainText(`Could not reach ${SANDBOX_HOSTS.okta}.`);
      await expect(alert).toContainText('Check your network, VPN or proxy');
    });

    test('a service app without the apps scopes', async ({ context, extensionId, sandbox }) => {
      const app = registerServiceApp(sandbox.state, { scopes: ALL_SCOPES.filter((s) => !s.startsWith('okta.apps.')), requireDpop: true });
      const settings = await withVault({ context, extensionId });
      await settings.saveOktaServiceApp(ORG_URL, app.clientId, JSON.stringify(app.privateJwk));
      const alert = await failedOkta(settings);
      await expect(alert).toContainText('has not been granted okta.apps.read, okta.apps.manage');
      await expect(alert).toContainText('Grant okta.apps.read, okta.apps.manage in the service app');
      await expect(alert).toContainText('Okta API Scopes');
    });

    test('a clock ten minutes off', async ({ context, extensionId, sandbox }) => {
      const app = registerServiceApp(sandbox.state, { scopes: ALL_SCOPES, requireDpop: true });
      const settings = await withVault({ context, extensionId });
      await settings.saveOktaServiceApp(ORG_URL, app.clientId, JSON.stringify(app.privateJwk));
      sandbox.clockOffsetMs = 10 * 60_000;
      const alert = await failedOkta(settings);
      await expect(alert).toContainText("Your computer's clock is 10 minutes behind Okta's");
      await expect(alert).toContainText("Fix this computer's clock");
    });

    test('no SAML app that sends people to Twilio', async ({ context, extensionId, sandbox }) => {
      sandbox.state.okta.apps = sandbox.state.okta.apps.filter((a) => a.label !== 'Twilio Flex');
      const settings = await withVault({ context, extensionId });
      await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
      const alert = await failedOkta(settings);
      await expect(alert).toContainText('No SAML app in this Okta org sends people to Twilio.');
      await expect(alert).toContainText("Check that the Flex app's Single sign-on URL points at Twilio");
    });
  });

  test('two rate-limit answers in a row are waited out and the test still passes', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, method: 'GET', path: '^/api/v1/users$', respond: 429, times: 2 });
    await settings.testConnection('Okta');
    await expect(settings.report('Okta')).toContainText('Connection works.');
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ }).map((r) => r.status)).toEqual([429, 429, 200]);
  });
});

test.describe('Twilio', () => {
  test('an API key: the test finds Flex and remembers its workspace', async ({ context, extensionId, sandbox, extensionErrors }) => {
    const settings = await withVault({ context, extensionId });
    const { twilio } = settings;
    await withTwilioKey(settings, sandbox);
    await expect(twilio.getByLabel('API key secret')).toHaveAccessibleName('API key secret Saved');

    await settings.testConnection('Twilio');
    const flex = sandbox.state.twilio.flex!;
    const workspace = sandbox.state.twilio.workspaces.find((w) => w.sid === flex.taskrouterWorkspaceSid)!;
    await expect(settings.checks('Twilio')).toHaveText([
      '✓Credentials are saved and unlocked — API key',
      `✓Signed in and found Flex on this account — ${SANDBOX_HOSTS.flexApi} · Flex workspace ${workspace.sid}`,
      new RegExp(`^✓Listed TaskRouter workspaces — ${sandbox.state.twilio.workspaces.length} workspaces?; Flex uses ${workspace.friendlyName}$`),
    ]);
    await expect(twilio.getByRole('radio', { name: `${workspace.friendlyName} (${workspace.sid} · Flex)` })).toBeChecked();

    await settings.page.reload();
    await expect(twilio.getByText(`Flex workspace: ${workspace.friendlyName}`)).toBeVisible();
    expect(extensionErrors).toEqual([]);
  });

  test('the Auth Token mode warns what it risks, and works', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    const { twilio } = settings;
    const { accountSid, authToken } = sandbox.state.twilio.credentials;
    await twilio.getByLabel('Twilio Account SID').fill(accountSid);
    await twilio.getByRole('checkbox', { name: "Use the account's Auth Token instead of an API key" }).check();
    await expect(twilio.getByRole('note')).toContainText('The Auth Token can do everything on the account');
    await expect(twilio.getByLabel('API key SID')).toHaveCount(0);
    await twilio.getByLabel('Auth Token', { exact: true }).fill(authToken);
    await settings.saveTwilio();
    await settings.testConnection('Twilio');
    await expect(settings.checks('Twilio').first()).toHaveText('✓Credentials are saved and unlocked — Auth Token (an API key is safer)');
    await expect(settings.report('Twilio')).toContainText('Connection works.');
  });

  test.describe('failures name the cause and the fix', () => {
    const failedTwilio = async (settings: SettingsPage) => {
      await settings.testConnection('Twilio');
      await expect(settings.checks('Twilio').last()).toHaveText(/^✗/);
      return settings.report('Twilio').getByRole('alert');
    };

    test('a wrong secret, with the region to check', async ({ context, extensionId, sandbox }) => {
      const settings = await withVault({ context, extensionId });
      await withTwilioKey(settings, sandbox, 'not-the-secret');
      const alert = await failedTwilio(settings);
      await expect(alert).toContainText('Twilio rejected the Account SID or API key (20003).');
      await expect(alert).toContainText('and that the region (now US1) matches where the account');
    });

    test('an account without Flex', async ({ context, extensionId, sandbox }) => {
      sandbox.state.twilio.flex = null;
      const settings = await withVault({ context, extensionId });
      await withTwilioKey(settings, sandbox);
      const alert = await failedTwilio(settings);
      await expect(alert).toContainText('This Twilio account has no Flex configuration.');
      await expect(alert).toContainText('Check the Account SID, or that Flex is set up on it.');
    });

    test('the wrong region', async ({ context, extensionId, sandbox }) => {
      const settings = await withVault({ context, extensionId });
      await settings.twilio.getByLabel('Region').selectOption({ label: 'IE1' });
      await withTwilioKey(settings, sandbox);
      const alert = await failedTwilio(settings);
      await expect(alert).toContainText('Twilio rejected the Account SID or API key (20003).');
      await expect(alert).toContainText('the region (now IE1)');
      expect(sandbox.requestsMatching({ host: 'flex-api.dublin.ie1.twilio.com' }).map((r) => r.status)).toEqual([401]);
    });

    test('an unreachable API host', async ({ context, extensionId, sandbox }) => {
      const settings = await withVault({ context, extensionId });
      await withTwilioKey(settings, sandbox);
      sandbox.faults.rules.push({ host: SANDBOX_HOSTS.flexApi, respond: 'drop' });
      const alert = await failedTwilio(settings);
      await expect(alert).toContainText(`Could not reach ${SANDBOX_HOSTS.flexApi}.`);
    });

    test('a server error, then trying again works', async ({ context, extensionId, sandbox }) => {
      const settings = await withVault({ context, extensionId });
      await withTwilioKey(settings, sandbox);
      sandbox.faults.rules.push({ host: SANDBOX_HOSTS.flexApi, respond: 500, times: 1 });
      const alert = await failedTwilio(settings);
      await expect(alert).toContainText('Twilio failed on its side (20500).');
      await expect(alert).toContainText('Try again in a few minutes');
      await settings.testConnection('Twilio');
      await expect(settings.report('Twilio')).toContainText('Connection works.');
    });
  });

  test('a mistyped Account SID is explained at the field and nothing is saved', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    const { twilio } = settings;
    const { accountSid, apiKeySid } = sandbox.state.twilio.credentials;
    const mistyped = `${accountSid.slice(0, -1)}G`;
    await twilio.getByLabel('Twilio Account SID').fill(mistyped);
    await twilio.getByLabel('API key SID').fill(apiKeySid);
    await twilio.getByRole('button', { name: 'Save Twilio settings' }).click();
    await expect(twilio.getByLabel('Twilio Account SID')).toHaveAccessibleDescription('An Account SID is AC followed by 32 lowercase hex characters.');
    await expect(twilio.getByLabel('Twilio Account SID')).toHaveAttribute('aria-invalid', 'true');
    await expect(twilio.getByText('Unsaved changes')).toBeVisible();
    await expect(savedNote(twilio)).toHaveCount(0);
    await settings.page.reload();
    await expect(twilio.getByLabel('Twilio Account SID')).toHaveValue('');
  });
});

test('export then import restores the settings, and the file holds no secret', async ({ context, extensionId, sandbox }) => {
  const settings = await withVault({ context, extensionId });
  const { page, okta, twilio, backup } = settings;
  await settings.saveOktaToken(ADMIN_URL, oktaToken(sandbox));
  await withTwilioKey(settings, sandbox);
  const { accountSid, apiKeySecret } = sandbox.state.twilio.credentials;

  const downloading = page.waitForEvent('download');
  await backup.getByRole('button', { name: 'Export settings' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('flex-steward-settings.json');
  const file = await download.path();
  const text = await readFile(file, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ format: 'flex-steward-settings', settings: { okta: { orgUrl: ORG_URL, authMethod: 'api-token' }, twilio: { accountSid } } });
  expect(text).not.toContain(oktaToken(sandbox));
  expect(text).not.toContain(apiKeySecret);
  await expect(backup.getByRole('status')).toHaveText('Exported. The file holds no secrets.');

  // Someone changes the account, then the admin brings the exported settings back.
  await twilio.getByLabel('Twilio Account SID').fill(`AC${'0'.repeat(32)}`);
  await settings.saveTwilio();
  const choosing = page.waitForEvent('filechooser');
  await backup.getByLabel('Import settings').click();
  await (await choosing).setFiles(file);
  await expect(backup.getByRole('status')).toHaveText('Imported. Enter the secrets again: exports never contain them.');
  await expect(twilio.getByLabel('Twilio Account SID')).toHaveValue(accountSid);
  await expect(okta.getByLabel('Okta org URL')).toHaveValue(ORG_URL);
  await expect(okta.getByRole('radio', { name: /^API token/ })).toBeChecked();
});

test.describe('credentials go only where they were saved for', () => {
  const ELSEWHERE = `https://${SANDBOX_HOSTS.oktaElsewhere}`;

  test('a 307 from the Okta API is not followed: the admin is told, and its target never hears of the request', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
    sandbox.faults.rules.push({ host: SANDBOX_HOSTS.okta, path: '^/api/v1/users$', respond: 307, location: `${ELSEWHERE}/api/v1/users` });
    await settings.testConnection('Okta');
    const alert = settings.report('Okta').getByRole('alert');
    // The browser hides a redirect's target from the extension, so the sentence cannot name it.
    await expect(alert).toContainText(`Okta (${SANDBOX_HOSTS.okta}) answered with a redirect to another address; Flex Steward does not follow redirects with credentials.`);
    await expect(alert).toContainText('Check the org URL in Settings');
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta, path: /^\/api\/v1\/users$/ }).map((r) => r.status)).toEqual([307]);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.oktaElsewhere })).toEqual([]);
  });

  test('an import that names another org clears the token saved for this one, says so, and the other org hears nothing', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    const { page, okta, backup } = settings;
    await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
    await withTwilioKey(settings, sandbox);
    const { accountSid, apiKeySid } = sandbox.state.twilio.credentials;
    const file = exportSettings(parseSettings({ okta: { orgUrl: ELSEWHERE, authMethod: 'api-token' }, twilio: { accountSid, apiKeySid } }), new Date());

    const choosing = page.waitForEvent('filechooser');
    await backup.getByLabel('Import settings').click();
    await (await choosing).setFiles({ name: 'other-org.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect(backup.getByRole('status', { name: 'Secrets cleared' })).toHaveText(
      `Cleared the Okta API token saved for ${SANDBOX_HOSTS.okta}: the settings now name ${SANDBOX_HOSTS.oktaElsewhere}, and Flex Steward sends a secret only where it was saved for. Enter the one for ${SANDBOX_HOSTS.oktaElsewhere}.`,
    );
    await expect(okta.getByLabel('Okta org URL')).toHaveValue(ELSEWHERE);
    await expect(okta.getByText('Saved', { exact: true })).toHaveCount(0);
    // The Twilio key was saved for the same account and region, so it stays.
    await expect(settings.twilio.getByText('Saved', { exact: true })).toHaveCount(1);

    await settings.testConnection('Okta');
    await expect(settings.report('Okta').getByRole('alert')).toContainText('No Okta API token is saved.');
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.oktaElsewhere })).toEqual([]);
  });
});

test.describe('secrets are out of a content script’s reach', () => {
  const CONSOLE_PAGE = `https://${SANDBOX_HOSTS.console}/us1/develop/flex/users-and-access/single-sign-on`;
  const PRIVILEGED = [
    ['settings.get', {}],
    ['settings.export', {}],
    ['vault.unlock', { passphrase: PASSPHRASE }],
    ['connection.test', { side: 'okta' }],
  ] as const;

  /** Everything a content script could try, from the Console page it runs on. */
  async function assertOutOfReach(page: Page, extensionId: string, secrets: string[]) {
    await page.goto(CONSOLE_PAGE);
    const world = await contentScriptWorld(page, extensionId);

    const session = await world.attempt('chrome.storage.session.get(null)');
    expect(session).toEqual({ ok: false, error: expect.stringMatching(/Access to storage is not allowed from this context/) });

    // storage.local holds only change hints; the vault, settings and runs are in the extension
    // origin's IndexedDB, which the content script (in the page's origin) cannot open.
    const local = await world.attempt<Record<string, unknown>>('chrome.storage.local.get(null)');
    expect(local.ok).toBe(true);
    expect(Object.keys(local.ok ? local.value : {}).filter((key) => !key.startsWith('signal.'))).toEqual([]);
    const store = await world.attempt<Record<string, unknown>>(`(${dumpExtensionStore.toString()})()`);
    expect(store).toEqual({ ok: true, value: {} });
    const localText = JSON.stringify(local.ok && local.value);
    for (const secret of secrets) expect(localText).not.toContain(secret);

    for (const [command, payload] of PRIVILEGED) {
      const answer = await world.attempt(`chrome.runtime.sendMessage(${JSON.stringify({ command, payload })})`);
      expect(answer, command).toEqual({ ok: true, value: { ok: false, problem: expect.objectContaining({ code: 'permission-denied', message: `"${command}" can only be run from Flex Steward's own windows.` }) } });
    }
    const ping = await world.attempt('chrome.runtime.sendMessage({ command: "ping", payload: {} })');
    expect(ping).toEqual({ ok: true, value: { ok: true, data: { version: expect.any(String) } } });
    await world.detach();
  }

  test('with a passphrase vault: no session storage, only ciphertext, privileged commands refused', async ({ context, extensionId, sandbox }) => {
    const settings = await withVault({ context, extensionId });
    await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
    await withTwilioKey(settings, sandbox);
    const secrets = [oktaToken(sandbox), sandbox.state.twilio.credentials.apiKeySecret];
    // This extension page can read the store and the unlocked key, so it decrypts: proof that the
    // check would notice ciphertext and key within reach.
    const store = await settings.page.evaluate(dumpExtensionStore);
    expect(Object.keys(store)).toEqual(expect.arrayContaining(['settings', 'vault.meta', 'vault.secret.okta.apiToken']));
    const dumps = [store, await settings.page.evaluate(() => chrome.storage.session.get(null))];
    // Each plaintext is the secret sealed with its destination.
    expect((await settings.page.evaluate(decryptableSecrets, dumps)).map((plain) => openSecret(plain).value).sort()).toEqual([...secrets].sort());

    await assertOutOfReach(await context.newPage(), extensionId, [...secrets, PASSPHRASE]);
  });

  test('with a device-key vault: the key is nowhere a content script can read', async ({ context, extensionId, sandbox }) => {
    const settings = await SettingsPage.open(context, extensionId);
    await settings.security.getByRole('radio', { name: /^A device key, no passphrase\./ }).check();
    await expect(settings.security.getByLabel('Vault passphrase')).toHaveCount(0);
    await settings.security.getByRole('button', { name: 'Create vault' }).click();
    await expect(settings.security).toContainText('Unlocked Protected by a device key.');
    await settings.saveOktaToken(ORG_URL, oktaToken(sandbox));
    await withTwilioKey(settings, sandbox);
    await settings.testConnection('Okta');
    await expect(settings.report('Okta')).toContainText('Connection works.');

    await assertOutOfReach(await context.newPage(), extensionId, [oktaToken(sandbox), sandbox.state.twilio.credentials.apiKeySecret]);
  });
});

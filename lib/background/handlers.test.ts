import { describe, expect, it, vi } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { openSecret } from '../connections/secret-destinations';
import type { Handlers } from '../messages/router';
import { exportSettings, parseSettings, type Settings } from '../settings/settings';
import { createMemoryArea, createMemoryDeviceKeyStore } from '../vault/storage-area';
import { createVault, type Vault } from '../vault/vault';
import { createHandlers, type Services } from './handlers';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const OTHER_ACCOUNT = `AC${'b'.repeat(32)}`;
const KEY = `SK${'c'.repeat(32)}`;

const configured = (patch: { okta?: Partial<Settings['okta']>; twilio?: Partial<Settings['twilio']> } = {}) =>
  parseSettings({ okta: { orgUrl: 'https://acme.okta.com', authMethod: 'api-token', ...patch.okta }, twilio: { accountSid: ACCOUNT, apiKeySid: KEY, ...patch.twilio } });

/** The settings handlers over a real (in-memory) vault; the other services are never reached here. */
async function setup({ passphrase = 'pass phrase' }: { passphrase?: string } = {}) {
  const vault: Vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() }, pbkdf2Iterations: 1000 });
  await vault.setup({ passphrase });
  let stored = parseSettings({});
  const prepared: Settings[] = [];
  const services = {
    version: '0.0.0',
    now: () => new Date('2026-05-04T10:00:00Z'),
    vault,
    settings: { load: async () => stored, save: async (next: Settings) => void (stored = next) },
    prepareOrigins: async (next: Settings) => void prepared.push(next),
  } as unknown as Services;
  const handlers = createHandlers(services) as Required<Handlers>;
  const fromSettingsPage = { id: 'ext', url: 'chrome-extension://ext/options.html', kind: 'extension-page' } as never;
  const save = (settings: Settings, secrets: Record<string, string> = {}) => handlers['settings.save']({ settings, secrets, clearSecrets: [] } as never, fromSettingsPage) as Promise<{ settings: Settings; savedSecrets: string[]; notice?: string }>;
  const importFile = (settings: Settings) => handlers['settings.import']({ json: exportSettings(settings, new Date()) } as never, fromSettingsPage) as Promise<{ settings: Settings; savedSecrets: string[]; notice?: string }>;
  const secretFor = async (name: 'okta.apiToken' | 'twilio.apiKeySecret') => {
    const result = await vault.getSecret(name);
    return result.ok && result.data ? openSecret(result.data) : undefined;
  };
  return { vault, save, importFile, secretFor, stored: () => stored, prepared, passphrase };
}

describe('settings.save and settings.import keep secrets with the destination they were saved for', () => {
  it('seals each typed secret with the org, or the account and region, the saved settings name', async () => {
    const h = await setup();
    await h.save(configured({ twilio: { region: 'ie1' } }), { 'okta.apiToken': ' 00token ', 'twilio.apiKeySecret': 'key-secret' });
    expect(await h.secretFor('okta.apiToken')).toEqual({ value: '00token', destination: { service: 'okta', origin: 'https://acme.okta.com' } });
    expect(await h.secretFor('twilio.apiKeySecret')).toEqual({ value: 'key-secret', destination: { service: 'twilio', accountSid: ACCOUNT, region: 'ie1', host: 'taskrouter.dublin.ie1.twilio.com' } });
  });

  it('clears the Okta token when the org URL changes without a new token, and says so', async () => {
    const h = await setup();
    await h.save(configured(), { 'okta.apiToken': '00token', 'twilio.apiKeySecret': 'key-secret' });
    const answer = await h.save(configured({ okta: { orgUrl: 'https://other.okta.com' } }));
    expect(answer.savedSecrets).toEqual(['twilio.apiKeySecret']);
    expect(answer.notice).toBe(
      'Cleared the Okta API token saved for acme.okta.com: the settings now name other.okta.com, and Flex Steward sends a secret only where it was saved for. Enter the one for other.okta.com.',
    );
    expect(await h.secretFor('okta.apiToken')).toBeUndefined();
  });

  it('keeps a secret typed together with the new org, bound to the new org, and clears the other Okta secret', async () => {
    const h = await setup();
    await h.save(configured({ okta: { authMethod: 'oauth', clientId: '0oa1' } }), { 'okta.privateKey': '{"kty":"EC"}' });
    await h.save(configured({ okta: { orgUrl: 'https://other.okta.com' } }), { 'okta.apiToken': 'new-token' });
    expect(await h.secretFor('okta.apiToken')).toEqual({ value: 'new-token', destination: { service: 'okta', origin: 'https://other.okta.com' } });
    expect(h.stored().okta.orgUrl).toBe('https://other.okta.com');
    expect(await h.vault.savedSecretNames()).toEqual(['okta.apiToken']);
  });

  it('changes nothing about secrets when the org is written another way (the admin console, a trailing path)', async () => {
    const h = await setup();
    await h.save(configured(), { 'okta.apiToken': '00token' });
    const answer = await h.save(configured({ okta: { orgUrl: 'acme-admin.okta.com/admin/dashboard' } }));
    expect(answer.notice).toBeUndefined();
    expect(answer.settings.okta.orgUrl).toBe('https://acme.okta.com');
    expect(answer.savedSecrets).toEqual(['okta.apiToken']);
  });

  it('clears the Twilio secret when an import names another account or another region', async () => {
    for (const twilio of [{ accountSid: OTHER_ACCOUNT }, { region: 'au1' as const }]) {
      const h = await setup();
      await h.save(configured(), { 'okta.apiToken': '00token', 'twilio.apiKeySecret': 'key-secret' });
      const answer = await h.importFile(configured({ twilio }));
      expect(answer.savedSecrets).toEqual(['okta.apiToken']);
      expect(answer.notice).toMatch(new RegExp(`^Cleared the Twilio API key secret saved for account ${ACCOUNT} in US1 \\(taskrouter\\.twilio\\.com\\): the settings now name account AC`));
    }
  });

  it('clears the Okta secrets when an import names another org, before the imported settings are stored', async () => {
    const h = await setup();
    await h.save(configured(), { 'okta.apiToken': '00token', 'twilio.apiKeySecret': 'key-secret' });
    const answer = await h.importFile(configured({ okta: { orgUrl: 'https://other.okta.com' } }));
    expect(answer.notice).toMatch(/^Cleared the Okta API token saved for acme\.okta\.com: the settings now name other\.okta\.com/);
    expect(answer.savedSecrets).toEqual(['twilio.apiKeySecret']);
    expect(h.stored().okta.orgUrl).toBe('https://other.okta.com');
  });

  it('refuses an import that would clear secrets while the vault is locked, and changes nothing', async () => {
    const h = await setup();
    await h.save(configured(), { 'okta.apiToken': '00token' });
    await h.vault.lock();
    const p = await problemOf(h.importFile(configured({ okta: { orgUrl: 'https://other.okta.com' } })));
    expect(p).toMatchObject({ code: 'locked', message: 'Nothing was changed: these settings name another destination, so the Okta API token saved for the old one must be cleared, and the vault is locked.', nextStep: 'Unlock the vault under Security, then import the file again.' });
    expect(h.stored().okta.orgUrl).toBe('https://acme.okta.com');
    expect(await h.vault.savedSecretNames()).toEqual(['okta.apiToken']);
  });

  it('validates an imported org URL as Save does: normalised, or refused with the reason', async () => {
    const h = await setup();
    expect((await h.importFile(configured({ okta: { orgUrl: 'https://acme-admin.okta.com/admin/dashboard' } }))).settings.okta.orgUrl).toBe('https://acme.okta.com');
    for (const [orgUrl, message] of [
      ['http://acme.okta.com', '“http://acme.okta.com” does not use https, and Okta only answers over https.'],
      ['https://acme.okta.com:8443', 'Okta orgs are served on the standard https port, not :8443.'],
      ['https://okta.com', 'okta.com is Okta\'s own site, not your org.'],
    ] as const) {
      expect(await problemOf(h.importFile(configured({ okta: { orgUrl } })))).toMatchObject({ code: 'not-configured', message });
    }
    expect(h.stored().okta.orgUrl).toBe('https://acme.okta.com');
    expect(h.prepared.map((s) => s.okta.orgUrl)).toEqual(['https://acme.okta.com']);
  });
});

describe('what counts as activity for the idle lock', () => {
  it('an admin action in an extension page restarts the idle time; a content script’s lookup and a page refreshing itself do not', async () => {
    const touch = vi.fn(async () => ({ state: 'unlocked', mode: 'device-key', idleLockMinutes: 15 }));
    const services = {
      vault: { touch },
      openOptions: async () => undefined,
      status: { forWorkers: async () => ({ statuses: [] }) },
      runs: { forWorkers: async () => [], list: async () => ({ entries: [], total: 0, prunable: 0, limits: { runs: 1000, days: 180 } }) },
      storageMove: async () => null,
    } as unknown as Services;
    const handlers = createHandlers(services) as Required<Handlers>;
    const page = { id: 'ext', kind: 'extension-page' } as never;
    const contentScript = { id: 'ext', kind: 'content-script' } as never;

    await handlers['workers.status']({ workspaceSid: 'WS1', workerSids: [], refresh: false }, contentScript);
    await handlers['ui.openSettings']({}, contentScript);
    await handlers['runs.list']({ offset: 0, limit: 50 }, page);
    expect(touch).not.toHaveBeenCalled();
    await handlers['ui.openSettings']({}, page);
    expect(touch).toHaveBeenCalledTimes(1);
  });
});

import { browser } from 'wxt/browser';
import { oktaClientFrom, twilioClientFrom } from '../connections/clients';
import { createHttpClient, type HttpClient } from '../http/fetch-core';
import { ProblemError, problem } from '../problem';
import { parseSettings, SETTINGS_KEY, type Settings } from '../settings/settings';
import { customOktaOrigin, ensureOktaOrigin, type ScriptingApi } from '../settings/okta-origin';
import { createTtlCache } from '../status/ttl-cache';
import { createStatusService } from '../status/worker-status-service';
import { browserVaultStorage } from '../vault/browser-storage';
import { createVault } from '../vault/vault';
import { createRunner, RUNS_ALARM } from '../runs/runner';
import type { Services } from './handlers';
import { createRunsService } from './runs-service';

const OKTA_CONTENT_SCRIPT = 'content-scripts/okta-admin.js';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

/** The custom Okta origins content scripts may speak from: the configured one, once granted. */
export async function customOktaOrigins(): Promise<string[]> {
  const origin = customOktaOrigin((await loadSettings()).okta.orgUrl);
  return origin ? [origin] : [];
}

/** Whether the admin's grant for a custom Okta domain still stands; asked before every request to it. */
export const originGranted = (origin: string): Promise<boolean> => browser.permissions.contains({ origins: [`${origin}/*`] });

/** The real browser's implementations of what the handlers need. */
export async function browserServices(testConnection: (http: HttpClient, vault: Services['vault']) => Services['testConnection']): Promise<Services> {
  const storage = await browserVaultStorage();
  const vault = createVault({ storage });
  const http = createHttpClient();
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  const twilio = async (client: HttpClient) => twilioClientFrom((await loadSettings()).twilio, vault, client);
  const okta = async (client: HttpClient) => oktaClientFrom((await loadSettings()).okta, vault, client, { originGranted });
  // The vault's session area: restricted to trusted contexts, so cached lookups never reach a page.
  const status = createStatusService({ settings: loadSettings, twilio: () => twilio(http), okta: () => okta(http), cache: createTtlCache({ area: storage.session }) });
  const runner = createRunner({
    area: storage.local,
    session: storage.session,
    http,
    twilio,
    okta,
    settings: loadSettings,
    // Whatever a run changed, badges must not keep showing what was true before it.
    onChange: (run) => void status.invalidate(run.subject.email ? [run.subject.email] : []),
    // Created once per service-worker start: a lease left in the journal is a stopped instance's.
    sole: true,
    alarm: {
      schedule: () => browser.alarms.create(RUNS_ALARM, { periodInMinutes: 0.5 }),
      clear: () => browser.alarms.clear(RUNS_ALARM).then(() => undefined),
    },
  });
  return {
    version: browser.runtime.getManifest().version,
    now: () => new Date(),
    vault,
    settings: {
      load: loadSettings,
      save: (settings) => browser.storage.local.set({ [SETTINGS_KEY]: settings }),
    },
    async prepareOrigins(settings) {
      if (!scripting) {
        if (customOktaOrigin(settings.okta.orgUrl)) throw new ProblemError(problem('permission-denied', 'This browser cannot run Flex Steward on a custom Okta domain.', 'Use your org’s okta.com address instead.', { service: 'extension' }));
        return;
      }
      await ensureOktaOrigin(settings.okta.orgUrl, browser.permissions, scripting, OKTA_CONTENT_SCRIPT);
    },
    testConnection: testConnection(http, vault),
    async openWorker(workspaceSid, workerSid) {
      const url = browser.runtime.getURL(`/deprovision.html?workspace=${workspaceSid}&worker=${workerSid}`);
      await browser.windows.create({ url, type: 'popup', width: 560, height: 720 });
    },
    async openOptions(section) {
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html${section ? `#${section}` : ''}`) });
    },
    status,
    runs: createRunsService({ runner, session: storage.session, settings: loadSettings, twilio: () => twilio(http), okta: () => okta(http), newId: () => crypto.randomUUID() }),
  };
}

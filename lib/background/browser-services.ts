import { AUDIT_ALARM, createAuditEngine } from '../audit/engine';
import { browser } from 'wxt/browser';
import { oktaClientFrom, twilioClientFrom } from '../connections/clients';
import { createDiscovery } from '../connections/discover';
import { createHttpClient, type HttpClient } from '../http/fetch-core';
import { createRequestCounter } from '../http/request-counter';
import { createServerClock } from '../http/server-clock';
import { readSamlInput } from '../saml/input';
import { loadSamlDiagnosis } from '../saml/load';
import { createSamlLoginTest } from '../saml/service';
import { parseSettings, SETTINGS_KEY, settingsSchema, type Settings } from '../settings/settings';
import { oktaAdminOrigin, requireOktaOrigin, syncOktaAdminScript, type ScriptingApi } from '../settings/okta-origin';
import { oneAtATime } from '../one-at-a-time';
import { signalRunChanged, signalVaultLocked } from '../storage/change-signal';
import { extensionStore } from '../storage/extension-store';
import { movedAnything, moveFromLocal, type StorageMove } from '../storage/move-from-local';
import type { KeyValueArea } from '../vault/storage-area';
import { createTtlCache } from '../status/ttl-cache';
import { createStatusService } from '../status/worker-status-service';
import { createSsoCheckService } from '../sso/check-service';
import { readOpenFlexSsoPage } from '../sso/flex-page-tab';
import { createMigrationMemory } from '../sso/migration-memory';
import { showMigrationReminder } from '../sso/migration-badge';
import { fetchFlexConnectionSid } from '../twilio/flex-auth-config';
import { TWILIO_CONSOLE_ORIGIN } from '../hosts';
import { browserLocalArea, browserVaultStorage } from '../vault/browser-storage';
import { createVault } from '../vault/vault';
import { createRunner, RUNS_ALARM } from '../runs/runner';
import type { Services } from './handlers';
import { createRunsService } from './runs-service';
import { oktaAdminLogin, syncCredentials, syncRestSource } from '../team/connect';
import { createTeamService } from '../team/team-service';
import { connectTeamLive } from '../team/live';
import { mintSyncToken } from '../team/token';

const OKTA_CONTENT_SCRIPT = 'content-scripts/okta-admin.js';
/** Disarms the SAML login test's capture when its ten minutes are up, whether or not a page is open. */
export const SAML_CAPTURE_ALARM = 'flex-steward.saml.capture';
const SSO_REMINDER_NOTIFICATION = 'flex-steward.sso.switch-back';

/**
 * The extension store, once what an older version left in `storage.local` has been moved into it.
 * Everything below reads and writes through this, so nothing reads the store before the move.
 */
let storeReady: Promise<{ store: KeyValueArea; move: StorageMove }> | undefined;
function ready() {
  storeReady ??= (async () => {
    const store = extensionStore(globalThis.indexedDB);
    return { store, move: await moveFromLocal(browserLocalArea(), store, () => new Date()) };
  })();
  return storeReady;
}

export async function loadSettings(): Promise<Settings> {
  const { store } = await ready();
  return parseSettings((await store.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  const { store } = await ready();
  await store.set({ [SETTINGS_KEY]: settingsSchema.parse(settings) });
}

/** The one Okta origin a content script may speak from: the configured org's Admin Console. */
export async function configuredOktaAdminOrigin(): Promise<string | null> {
  return oktaAdminOrigin((await loadSettings()).okta.orgUrl);
}

/** Whether the admin's grant for a custom Okta domain still stands; asked before every request to it. */
export const originGranted = (origin: string): Promise<boolean> => browser.permissions.contains({ origins: [`${origin}/*`] });

export async function browserServices(testConnection: (http: HttpClient, vault: Services['vault']) => Services['testConnection']): Promise<Services> {
  const { store, move } = await ready();
  const storage = await browserVaultStorage(store);
  const vault = createVault({ storage });
  // Every API answer's Date, for judging a SAML response's validity window on the servers' time.
  const serverClock = createServerClock(storage.session);
  const http = createHttpClient({ serverClock });
  const auditCounter = createRequestCounter();
  const auditHttp = createHttpClient({ serverClock, counter: auditCounter });
  const scripting = (browser as unknown as { scripting: ScriptingApi }).scripting;
  // Two saves each read, then change, the registrations; interleaved, both would register the same
  // id and the second would fail.
  const registrations = oneAtATime();
  const syncScriptsFor = (settings: Settings) => registrations(() => syncOktaAdminScript(settings.okta.orgUrl, scripting, OKTA_CONTENT_SCRIPT));
  // At every service-worker start, and before any handler can save new settings: the registered
  // Okta admin script follows the stored settings, whatever the browser kept or an older version left.
  await syncScriptsFor(await loadSettings()).catch((error: unknown) => console.error('[Flex Steward] could not register the Okta admin content script', error));
  const twilio = async (client: HttpClient) => twilioClientFrom((await loadSettings()).twilio, vault, client);
  const okta = async (client: HttpClient) => oktaClientFrom((await loadSettings()).okta, vault, client, { originGranted });
  // The vault's session area: restricted to trusted contexts, so cached lookups never reach a page.
  // The Flex app and workspace are found on first use when Settings has none, as Test connection finds them.
  const discovery = createDiscovery({ load: loadSettings, save: saveSettings, okta: () => okta(http), twilio: () => twilio(http) });
  const status = createStatusService({
    settings: discovery.settings,
    flexAppProblem: discovery.flexAppProblem,
    twilio: () => twilio(http),
    okta: () => okta(http),
    cache: createTtlCache({ area: storage.session }),
  });
  const migration = createMigrationMemory(store);
  const sso = createSsoCheckService({
    now: () => new Date(),
    settings: discovery.settings,
    flexAppProblem: discovery.flexAppProblem,
    okta: () => okta(http),
    flexConnectionSid: (accountSid) => fetchFlexConnectionSid(http, accountSid),
    readFlexPage: () =>
      readOpenFlexSsoPage({
        consoleTabs: () => browser.tabs.query({ url: `${TWILIO_CONSOLE_ORIGIN}/*` }),
        run: async (tabId, func) => (await browser.scripting.executeScript({ target: { tabId }, func }))[0]?.result,
      }),
    cache: createTtlCache({ area: storage.session, namespace: 'sso-cache:' }),
    migration,
  });
  const refreshReminder = () =>
    showMigrationReminder(migration, new Date(), browser.action, {
      // Only when the admin turned it on in Settings and the browser granted the optional permission.
      allowed: async () => (await loadSettings()).sso.reminderNotification && (await browser.permissions.contains({ permissions: ['notifications'] })),
      show: async (title, message) => {
        await browser.notifications.create(SSO_REMINDER_NOTIFICATION, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/48.png'), title, message });
      },
    });
  const syncRest = syncRestSource(vault, http);
  const team = createTeamService({
    settings: loadSettings,
    area: store,
    rest: async () => syncRest((await loadSettings()).twilio),
    tokenInput: async () => syncCredentials((await loadSettings()).twilio, vault),
    mintToken: mintSyncToken,
    // The twilio-sync SDK in this service worker (README § Team mode: why here and not an offscreen document).
    connectLive: connectTeamLive,
    oktaLogin: async () => oktaAdminLogin((await loadSettings()).okta, () => okta(http)),
    // A colleague's run appeared or moved on: the open history reloads.
    onLedgerChanged: () => void signalRunChanged(),
  });
  const runner = createRunner({
    team: () => team.runner(),
    area: store,
    session: storage.session,
    http,
    twilio,
    okta,
    settings: loadSettings,
    // Whatever a run changed, badges must not keep showing what was true before it.
    onChange: (run) => {
      void status.invalidate(run.subject.email ? [run.subject.email] : []);
      void signalRunChanged();
    },
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
      save: saveSettings,
    },
    storageMove: async () => (movedAnything(move) ? move : null),
    vaultLocked: signalVaultLocked,
    async prepareOrigins(settings) {
      await requireOktaOrigin(settings.okta.orgUrl, browser.permissions);
      await syncScriptsFor(settings);
    },
    testConnection: testConnection(http, vault),
    async openWorker(workspaceSid, workerSid) {
      const url = browser.runtime.getURL(`/deprovision.html?workspace=${workspaceSid}&worker=${workerSid}`);
      await browser.windows.create({ url, type: 'popup', width: 560, height: 720 });
    },
    async openLoginTest() {
      await browser.windows.create({ url: browser.runtime.getURL('/login-test.html'), type: 'popup', width: 560, height: 760 });
    },
    // The side panel itself can only be opened inside the user gesture, which the message's trip
    // through the router has spent; the same page in Flex Steward's own window works every time.
    async openAudit() {
      await browser.windows.create({ url: browser.runtime.getURL('/sidepanel.html#audit'), type: 'popup', width: 760, height: 860 });
    },
    async openOptions(section) {
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html${section ? `#${section}` : ''}`) });
    },
    status,
    sso,
    team,
    samlLoginTest: createSamlLoginTest({
      now: Date.now,
      session: storage.session,
      alarm: {
        schedule: (at) => browser.alarms.create(SAML_CAPTURE_ALARM, { when: at }),
        clear: () => browser.alarms.clear(SAML_CAPTURE_ALARM).then(() => undefined),
      },
      // In an extension page this import() would be a chunk of its own; a service worker may not
      // import(), so WXT inlines it here: what it keeps out is every other bundle (README § SAML login test).
      engine: async () => {
        const { diagnoseSamlResponse } = await loadSamlDiagnosis();
        return { read: readSamlInput, diagnose: diagnoseSamlResponse };
      },
      context: () => sso.loginContext(),
      clockSkewMs: () => serverClock.skewMs(),
      lookUpEmail: (email) => status.forEmail(email),
    }),
    ssoMigration: { memory: migration, refreshReminder },
    audit: createAuditEngine({
      area: store,
      settings: discovery.settings,
      flexAppProblem: discovery.flexAppProblem,
      twilio,
      okta,
      // Its own fetch core: the audit's pages queue apart from the badges' lookups, and are counted for its progress.
      http: auditHttp,
      counter: auditCounter,
      alarm: {
        schedule: () => browser.alarms.create(AUDIT_ALARM, { periodInMinutes: 0.5 }),
        clear: () => browser.alarms.clear(AUDIT_ALARM).then(() => undefined),
      },
    }),
    runs: createRunsService({ runner, team, session: storage.session, settings: discovery.settings, twilio: () => twilio(http), okta: () => okta(http), newId: () => crypto.randomUUID() }),
  };
}

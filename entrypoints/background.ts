import { browser } from 'wxt/browser';
import { browserServices, configuredOktaAdminOrigin, originGranted, SAML_CAPTURE_ALARM, saveSettings } from '../lib/background/browser-services';
import { createHandlers, type Services } from '../lib/background/handlers';
import { testOkta, testTwilio } from '../lib/connections/test-connection';
import { createRouter } from '../lib/messages/router';
import { RUNS_ALARM } from '../lib/runs/runner';
import { AUDIT_ALARM } from '../lib/audit/engine';
import { FLEX_ACS_URL_PATTERNS } from '../lib/hosts';

const VAULT_IDLE_ALARM = 'flex-steward.vault.idle';
/** The SSO switch-back reminder counts days: an hourly look is plenty. */
const SSO_REMINDER_ALARM = 'flex-steward.sso.reminder';

async function lockIfIdle(services: Services): Promise<void> {
  if ((await services.vault.lockIfIdle()).lockedNow) await services.vaultLocked();
}

// The only context that holds credentials and calls Okta and Twilio.
export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const services = browserServices((http, vault) => (side, settings) => {
    const deps = { http, vault, originGranted, saveSettings };
    return side === 'okta' ? testOkta(settings, deps) : testTwilio(settings, deps);
  });
  const route = createRouter(services.then(createHandlers), async () => ({ extensionId: browser.runtime.id, extensionOrigin, oktaAdminOrigin: await configuredOktaAdminOrigin() }));
  // Listeners are registered synchronously, as MV3 requires to wake the worker for them.
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.runtime.onStartup.addListener(() => void services.then((s) => s.runs.onBrowserStartup()));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RUNS_ALARM) void services.then((s) => s.runs.resume());
    if (alarm.name === AUDIT_ALARM) void services.then((s) => s.audit.continueAfterRestart());
    if (alarm.name === VAULT_IDLE_ALARM) void services.then(lockIfIdle);
    if (alarm.name === SSO_REMINDER_ALARM) void services.then((s) => s.ssoMigration.refreshReminder());
    if (alarm.name === SAML_CAPTURE_ALARM) void services.then((s) => s.samlLoginTest.expire());
  });
  // The SAML login test's capture (README § Single sign-on, "Where the listener lives"): here, at top
  // level, so a login in any window wakes the worker even with every Flex Steward page closed. It is
  // non-blocking (no 'blocking' option, returns nothing): it can read the posted SAMLResponse, never
  // hold up or change the login. While disarmed it reads one storage.session key and keeps nothing.
  browser.webRequest.onBeforeRequest.addListener(
    (details) => {
      void services.then((s) => s.samlLoginTest.observe(details));
      return undefined;
    },
    { urls: FLEX_ACS_URL_PATTERNS },
    ['requestBody'],
  );
  // The idle lock happens on time even when nothing asks the vault anything (README § Security model).
  void browser.alarms.create(VAULT_IDLE_ALARM, { periodInMinutes: 1 });
  void browser.alarms.create(SSO_REMINDER_ALARM, { periodInMinutes: 60 });
  void services.then((s) => s.ssoMigration.refreshReminder());
  // A worker stopped mid-run picks the run up where the journal says it was, and an audit where its checkpoint was.
  void services.then((s) => s.runs.resume());
  void services.then((s) => s.audit.continueAfterRestart());
});

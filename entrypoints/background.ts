import { browser } from 'wxt/browser';
import { browserServices, customOktaOrigins, originGranted } from '../lib/background/browser-services';
import { createHandlers } from '../lib/background/handlers';
import { testOkta, testTwilio } from '../lib/connections/test-connection';
import { createRouter } from '../lib/messages/router';
import { RUNS_ALARM } from '../lib/runs/runner';
import { SETTINGS_KEY } from '../lib/settings/settings';

// The only context that holds credentials and calls Okta and Twilio.
export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const services = browserServices((http, vault) => (side, settings) => {
    const deps = { http, vault, originGranted, saveSettings: (next: typeof settings) => browser.storage.local.set({ [SETTINGS_KEY]: next }) };
    return side === 'okta' ? testOkta(settings, deps) : testTwilio(settings, deps);
  });
  const route = createRouter(services.then(createHandlers), async () => ({ extensionId: browser.runtime.id, extensionOrigin, customOktaOrigins: await customOktaOrigins() }));
  // Listeners are registered synchronously, as MV3 requires to wake the worker for them.
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.runtime.onStartup.addListener(() => void services.then((s) => s.runs.onBrowserStartup()));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RUNS_ALARM) void services.then((s) => s.runs.resume());
  });
  // A worker stopped mid-run picks the run up where the journal says it was.
  void services.then((s) => s.runs.resume());
});

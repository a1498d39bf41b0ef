import { browser } from 'wxt/browser';
import { browserServices, customOktaOrigins } from '../lib/background/browser-services';
import { createHandlers } from '../lib/background/handlers';
import { testOkta, testTwilio } from '../lib/connections/test-connection';
import { createRouter } from '../lib/messages/router';
import { SETTINGS_KEY } from '../lib/settings/settings';

// The only context that holds credentials and calls Okta and Twilio.
export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const handlers = browserServices((http, vault) => (side, settings) => {
    const deps = { http, vault, saveSettings: (next: typeof settings) => browser.storage.local.set({ [SETTINGS_KEY]: next }) };
    return side === 'okta' ? testOkta(settings, deps) : testTwilio(settings, deps);
  }).then(createHandlers);
  const route = createRouter(handlers, async () => ({ extensionId: browser.runtime.id, extensionOrigin, customOktaOrigins: await customOktaOrigins() }));
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
});

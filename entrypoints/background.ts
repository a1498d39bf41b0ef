import { browser } from 'wxt/browser';
import { handlers } from '../lib/background/handlers';
import { createRouter } from '../lib/messages/router';

// The only context that will hold credentials and call Okta and Twilio.
export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const route = createRouter(handlers, () => ({ extensionId: browser.runtime.id, extensionOrigin, customOktaOrigins: [] }));
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
});

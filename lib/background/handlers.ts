import { browser } from 'wxt/browser';
import type { Handlers } from '../messages/router';
import { parseSettings, SETTINGS_KEY } from '../settings/settings';

async function loadSettings() {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

/** The background's answers to each command; the router has already checked sender and payload. */
export const handlers: Handlers = {
  async ping() {
    return { version: browser.runtime.getManifest().version };
  },
  async 'connection.status'() {
    const settings = await loadSettings();
    return {
      okta: { configured: Boolean(settings.okta.orgUrl), label: settings.okta.orgUrl ? new URL(settings.okta.orgUrl).hostname : undefined },
      twilio: { configured: Boolean(settings.twilio.accountSid), label: settings.twilio.accountSid },
    };
  },
  async 'ui.openSettings'({ section }) {
    await browser.tabs.create({ url: browser.runtime.getURL(`/options.html${section ? `#${section}` : ''}`) });
    return { opened: true };
  },
};

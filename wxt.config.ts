import { defineConfig } from 'wxt';
import { OKTA_CLOUD_HOST_PATTERNS, TWILIO_API_HOST_PATTERNS, TWILIO_CONSOLE_PATTERNS } from './lib/hosts';

// Every permission here is justified in README.md § Permissions; keep the two in step.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Flex Steward',
    description: 'Keeps Twilio Flex seats and single sign-on in step with Okta, inside the consoles admins already use.',
    permissions: ['storage', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [...TWILIO_CONSOLE_PATTERNS, ...TWILIO_API_HOST_PATTERNS, ...OKTA_CLOUD_HOST_PATTERNS],
    // An Okta org on its own domain is asked for at the moment the admin saves it, for that origin only.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: 'Flex Steward' },
    ...(browser === 'firefox'
      ? {
          sidebar_action: { default_panel: 'sidepanel.html', default_title: 'Flex Steward' },
          browser_specific_settings: { gecko: { id: 'flex-steward@example.org', strict_min_version: '128.0' } },
        }
      : {}),
  }),
});

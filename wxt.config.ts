import { defineConfig } from 'wxt';
import { FLEX_ACS_HOST_PATTERNS, OKTA_CLOUD_HOST_PATTERNS, TWILIO_API_HOST_PATTERNS, TWILIO_CONSOLE_PATTERNS } from './lib/hosts';

// WXT loads .env files (we have none) with dotenv, whose every load prints a line with an
// advertising tip; DOTENV_CONFIG_QUIET silences it (https://github.com/motdotla/dotenv#quiet).
// WXT reads this file before it loads the .env files, so setting it here is in time.
process.env.DOTENV_CONFIG_QUIET ??= 'true';

/**
 * zod's compiled regexes carry `@__PURE__` comments where Rollup cannot use them; Rollup warns
 * (INVALID_ANNOTATION, https://rollupjs.org/configuration-options/#pure) and drops the comment,
 * which changes nothing in the bundle. Only that warning, only from zod, is silenced.
 */
const isZodAnnotationWarning = (warning: { code?: string; id?: string }) => warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '');

// Every permission here is justified in README.md § Permissions; keep the two in step.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // `wxt zip -b firefox` also zips the sources for addons.mozilla.org's review; WXT leaves out
  // node_modules, dot-files, tests and .output, and these are test and tool output as well.
  zip: { excludeSources: ['reports/**', 'test-results/**', 'playwright-report/**', '**/*.log'] },
  vite: () => ({
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          if (!isZodAnnotationWarning(warning)) warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: 'Flex Steward',
    description: 'Keeps Twilio Flex seats and single sign-on in step with Okta, inside the consoles admins already use.',
    permissions: ['storage', 'alarms', 'scripting', 'webRequest', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [...TWILIO_CONSOLE_PATTERNS, ...TWILIO_API_HOST_PATTERNS, ...FLEX_ACS_HOST_PATTERNS, ...OKTA_CLOUD_HOST_PATTERNS],
    // An Okta org on its own domain is asked for at the moment the admin saves it, for that origin only.
    optional_host_permissions: ['https://*/*'],
    // The SSO switch-back reminder on the desktop, asked for when the admin turns it on in Settings.
    optional_permissions: ['notifications'],
    // The manifest's `icons` come from public/icon/<size>.png (drawn by tests/support/make-icons.ts).
    action: { default_title: 'Flex Steward', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png' } },
    ...(browser === 'firefox'
      ? {
          sidebar_action: { default_panel: 'sidepanel.html', default_title: 'Flex Steward' },
          browser_specific_settings: { gecko: { id: 'flex-steward@flexsteward.dev', strict_min_version: '128.0' } },
        }
      : {}),
  }),
});

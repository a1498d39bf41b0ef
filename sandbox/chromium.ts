import { resolve } from 'node:path';
import { SANDBOX_HOSTS } from './hosts';
import { shellUrlForFrame } from './pages/console';
import type { Sandbox } from './server';

/** How Chromium is started against the sandbox: by the tests, the demo, the bench and a developer. */

export const EXTENSION_PATH = resolve(import.meta.dirname, '../.output/chrome-mv3');

/** Debian's Chromium by default; branded Chrome 137+ ignores --load-extension, so point CHROMIUM_PATH at a Chromium build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs(sandbox: Pick<Sandbox, 'hostResolverRules'>, extensionPath = EXTENSION_PATH): string[] {
  return [
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
    `--host-resolver-rules=${sandbox.hostResolverRules}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

/** The Console's TaskRouter worker list for a workspace, as the Console shell shows it. */
export const consoleWorkersUrl = (workspaceSid: string) => `https://${SANDBOX_HOSTS.console}${shellUrlForFrame(`/console/taskrouter/workspaces/${workspaceSid}/workers`)}`;

const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * A command to paste into a POSIX shell that starts Chromium, in a throwaway profile, with the
 * built extension loaded and every sandbox host resolved to the sandbox, on `url`.
 */
export function chromiumCommand(sandbox: Pick<Sandbox, 'hostResolverRules'>, url: string, chromiumPath = CHROMIUM_PATH): string {
  const words = [chromiumPath, ...chromiumArgs(sandbox), url].map(shellQuote);
  return [`${words[0]} --user-data-dir="$(mktemp -d)"`, ...words.slice(1)].join(' \\\n    ');
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, type BrowserContext, type Worker } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from '../../sandbox/chromium';
import { startSandbox, type Sandbox } from '../../sandbox/server';

/**
 * Chromium with the production build loaded, every remote party played by the sandbox. Given a
 * `userDataDir`, it starts with that profile and leaves it in place on close, so a test can start
 * the browser again with the same profile; otherwise the profile is a temporary one, removed on close.
 * `extraArgs` are added to Chromium's command line (the bench's frame timing uncaps the frame rate).
 */
export async function launchWithExtension(sandbox: Pick<Sandbox, 'hostResolverRules'>, options: { headless?: boolean; userDataDir?: string; extraArgs?: string[] } = {}) {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'flex-steward-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...chromiumArgs(sandbox), ...(options.extraArgs ?? [])],
    viewport: { width: 1280, height: 860 },
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  const close = async () => {
    await context.close();
    if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, serviceWorker, extensionId, close };
}

/** The world every test starts in; a test may reseed a larger one, and the next test is back to this. */
const E2E_WORLD = { seed: 1, workers: 60, oktaUsers: 80 };

interface WorkerFixtures {
  sandbox: Sandbox;
}
interface TestFixtures {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  extensionErrors: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sandbox: [
    async ({}, use) => {
      const sandbox = await startSandbox(E2E_WORLD);
      await use(sandbox);
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
  // Each test gets a fresh profile and a freshly seeded world.
  context: async ({ sandbox }, use) => {
    sandbox.reseed(E2E_WORLD);
    const launched = await launchWithExtension(sandbox);
    await use(launched.context);
    await launched.close();
  },
  serviceWorker: async ({ context }, use) => {
    await use(context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker')));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  /** Errors any extension page or the service worker logged; tests assert it stays empty. */
  extensionErrors: async ({ context, extensionId }, use) => {
    const errors: string[] = [];
    context.on('weberror', (e) => errors.push(String(e.error())));
    context.on('console', (m) => {
      if (m.type() === 'error' && m.location().url.startsWith(`chrome-extension://${extensionId}`)) errors.push(m.text());
    });
    await use(errors);
  },
});

export const expect = test.expect;

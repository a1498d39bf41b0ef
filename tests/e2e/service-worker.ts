import type { Page } from '@playwright/test';

/**
 * Stops the extension's service worker the way Chrome does when it idles one out: whatever it was
 * doing is cut off, and nothing it held in memory survives. Resolves once Chrome reports it stopped.
 */
export async function stopServiceWorker(extensionPage: Page): Promise<void> {
  // Node's URL gives `null` as the origin of a chrome-extension: URL.
  const origin = `chrome-extension://${new URL(extensionPage.url()).host}/`;
  const cdp = await extensionPage.context().newCDPSession(extensionPage);
  try {
    let stopped!: () => void;
    const gone = new Promise<void>((resolve) => (stopped = resolve));
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.scriptURL.startsWith(origin) && v.runningStatus === 'stopped')) stopped();
    });
    await cdp.send('ServiceWorker.enable');
    // Chrome's answer can come long after the stop (half a minute here, once the alarm had woken the worker again), so its report of the stop is what counts.
    void cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
    await gone;
  } finally {
    // Detaching waits for that answer too.
    void cdp.detach().catch(() => undefined);
  }
}

import type { Page } from '@playwright/test';
import { expect } from './fixtures';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The content script's isolated world in a page's top frame, reached through CDP: code evaluated
 * here has exactly the powers Flex Steward's content script has, which Playwright's own
 * `page.evaluate` (the page's main world) does not.
 */
export async function contentScriptWorld(page: Page, extensionId: string) {
  const cdp = await page.context().newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context as ExecutionContext));
  const { frameTree } = await cdp.send('Page.getFrameTree');
  await cdp.send('Runtime.enable');
  // Playwright keeps an isolated world of its own in every frame; ours carries the extension's origin.
  const isOurs = (c: ExecutionContext) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && (c.origin === `chrome-extension://${extensionId}` || c.name === 'Flex Steward');
  await expect.poll(() => contexts.filter(isOurs).length, { message: 'the content script’s isolated world appears' }).toBeGreaterThan(0);
  const contextId = contexts.find(isOurs)!.id;

  return {
    /** Runs `code` (an expression, awaited) in the content script's world; a throw or rejection comes back as `{ ok: false }`. */
    async attempt<T>(code: string): Promise<Attempt<T>> {
      const expression = `(async () => { try { return { ok: true, value: await (${code}) }; } catch (e) { return { ok: false, error: String(e && e.message || e) }; } })()`;
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(`Evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as Attempt<T>;
    },
    detach: () => cdp.detach(),
  };
}

/**
 * What anyone holding these storage dumps could decrypt: every string that decodes to 32 bytes is
 * tried as an AES-GCM key on every `{ iv, ct }` record, with the record's storage key as the
 * additional data, as the vault binds it. Runs in the browser, so it must stay self-contained.
 */
export async function decryptableSecrets(dumps: Record<string, unknown>[]): Promise<string[]> {
  const strings: string[] = [];
  const records: { slot: string; iv: string; ct: string }[] = [];
  const walk = (value: unknown, slot: string) => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.iv === 'string' && typeof record.ct === 'string') records.push({ slot, iv: record.iv, ct: record.ct });
      for (const inner of Object.values(record)) walk(inner, slot);
    }
  };
  for (const dump of dumps) for (const [slot, value] of Object.entries(dump)) walk(value, slot);
  const bytes = (text: string) => {
    try {
      return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    } catch {
      return undefined;
    }
  };
  const found: string[] = [];
  for (const raw of strings.map(bytes).filter((b): b is Uint8Array<ArrayBuffer> => b?.length === 32)) {
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    for (const record of records) {
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(record.iv)!, additionalData: new TextEncoder().encode(record.slot) }, key, bytes(record.ct)!);
        found.push(new TextDecoder().decode(plain));
      } catch {
        // Not this key, or not this slot.
      }
    }
  }
  return found;
}

/**
 * Every item in Flex Steward's extension store (IndexedDB `flex-steward`, store `items`) of the
 * origin this runs in. In an extension page that is the real store; in a content script it is the
 * page's origin, where the store does not exist. Runs in the browser, so it stays self-contained.
 */
export async function dumpExtensionStore(): Promise<Record<string, unknown>> {
  const existing = await indexedDB.databases();
  if (!existing.some((db) => db.name === 'flex-steward')) return {};
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('flex-steward');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  if (!db.objectStoreNames.contains('items')) return {};
  const store = db.transaction('items').objectStore('items');
  const read = <T>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
  const [keys, values] = await Promise.all([read(store.getAllKeys()), read(store.getAll())]);
  db.close();
  return Object.fromEntries(keys.map((key, i) => [String(key), values[i]]));
}

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { form, signedFetch } from './test-fixtures';
import { useSandboxWebSocket } from './twilsock-websocket';

/** What a test of the twilio-sync SDK against the sandbox works against; read its fields inside tests. */
export interface TwilsockSandbox {
  readonly sandbox: Sandbox;
  /** A Sync Service made afresh over REST for the current test. */
  readonly serviceSid: string;
  /** POSTs a form to the Sync REST API under `/v1/Services`, signed with the account's API key, as a colleague's runner would. */
  syncPost(path: string, fields: Record<string, string>): Promise<Response>;
}

/**
 * Registers the hooks the SDK tests share: one sandbox for the enclosing block with the SDK's
 * WebSocket pointed at it, and before each test an empty Sync with one new Service.
 */
export function useTwilsockSandbox(seed: number): TwilsockSandbox {
  let sandbox: Sandbox | undefined;
  let serviceSid: string | undefined;
  let restoreWebSocket = () => {};
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTwilsockSandbox: read its fields inside a test or hook, not while the file loads');
    return value;
  };
  const syncPost = (path: string, fields: Record<string, string>) => {
    const api = signedFetch(sandboxFetch(ready(sandbox)), ready(sandbox).state.twilio.credentials);
    return api(`https://${SANDBOX_HOSTS.sync}/v1/Services${path}`, form(fields));
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ seed });
    restoreWebSocket = useSandboxWebSocket(sandbox);
  });
  beforeEach(async () => {
    delete ready(sandbox).state.twilio.sync;
    const created = await syncPost('', { FriendlyName: 'Flex Steward' });
    serviceSid = ((await created.json()) as { sid: string }).sid;
  });
  afterAll(async () => {
    restoreWebSocket();
    await sandbox?.close();
  });
  return {
    get sandbox() {
      return ready(sandbox);
    },
    get serviceSid() {
      return ready(serviceSid);
    },
    syncPost,
  };
}

import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from './router';
import type { TrustContext } from './sender';

const trust: TrustContext = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext', oktaAdminOrigin: 'https://acme-admin.okta.com' };
const fromPopup = { id: 'ext', url: 'chrome-extension://ext/popup.html', origin: 'chrome-extension://ext' };
const fromConsoleFrame = { id: 'ext', url: 'https://www.twilio.com/console/taskrouter/workspaces/WS/workers', origin: 'https://www.twilio.com', frameId: 7, tab: { url: 'https://console.twilio.com/us1/develop/taskrouter' } };

/** Only the commands these tests send; the router never reaches the others. */
function handlers(): Handlers {
  return {
    ping: vi.fn(async () => ({ version: '1.0.0' })),
    'connection.status': vi.fn(async () => ({ okta: { configured: true, label: 'acme', apiToken: 'LEAK' } as never, twilio: { configured: false } })),
    'ui.openSettings': vi.fn(async () => ({ opened: true })),
    'settings.save': vi.fn(async () => {
      throw new Error('must not run');
    }),
    'person.lookup': vi.fn(async () => ({ email: 'ana@example.com', people: [], workers: [] })),
    'person.suggest': vi.fn(async () => ({ people: [] })),
    'saml.arm': vi.fn(async () => ({ armed: true, armedUntil: '2026-12-02T01:10:00.000Z', captured: 0 })),
    'saml.diagnose': vi.fn(async () => ({ results: [], checkedAgainst: {}, problems: [] })),
    'ui.openLoginTest': vi.fn(async () => ({ opened: true })),
    'runs.pause': vi.fn(async () => {
      throw new Error('must not run');
    }),
  } as Partial<Handlers> as Handlers;
}

describe('message router', () => {
  it('lets only Flex Steward’s own pages arm the SAML login test or diagnose a response; a content script may only ask to open it', async () => {
    const h = handlers();
    const route = createRouter(h, () => trust);
    expect(await route({ command: 'saml.arm', payload: {} }, fromConsoleFrame)).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(await route({ command: 'saml.diagnose', payload: { text: 'PHNhbWxwOlJlc3BvbnNlLz4=' } }, fromConsoleFrame)).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(h['saml.arm']).not.toHaveBeenCalled();
    expect(await route({ command: 'ui.openLoginTest', payload: {} }, fromConsoleFrame)).toEqual({ ok: true, data: { opened: true } });
    expect(await route({ command: 'saml.arm', payload: {} }, fromPopup)).toMatchObject({ ok: true, data: { armed: true } });
  });

  it('accepts a dropped file of up to 5 MB to diagnose and refuses a larger one, saying why', async () => {
    const h = handlers();
    const route = createRouter(h, () => trust);
    expect(await route({ command: 'saml.diagnose', payload: { text: 'x'.repeat(5 * 1024 * 1024) } }, fromPopup)).toMatchObject({ ok: true });
    const refused = await route({ command: 'saml.diagnose', payload: { text: 'x'.repeat(5 * 1024 * 1024 + 1) } }, fromPopup);
    expect(refused).toMatchObject({ ok: false, problem: { code: 'invalid-request', message: expect.stringContaining('the text is larger than 5 MB') } });
    expect(h['saml.diagnose']).toHaveBeenCalledTimes(1);
  });

  it('answers a content script from the Console frame with a read-only lookup', async () => {
    const route = createRouter(handlers(), () => trust);
    expect(await route({ command: 'ping', payload: {} }, fromConsoleFrame)).toEqual({ ok: true, data: { version: '1.0.0' } });
  });

  it('strips fields a handler returns beyond its response schema, so secrets cannot ride along', async () => {
    const route = createRouter(handlers(), () => trust);
    const result = await route({ command: 'connection.status', payload: {} }, fromPopup);
    expect(JSON.stringify(result)).not.toContain('LEAK');
  });

  it('rejects unknown commands, malformed payloads and senders from other extensions or pages', async () => {
    const h = handlers();
    const route = createRouter(h, () => trust);
    expect(await route({ command: 'vault.dump', payload: {} }, fromPopup)).toMatchObject({ ok: false, problem: { code: 'invalid-request' } });
    expect(await route({ command: 'ui.openSettings', payload: { section: 'salesforce' } }, fromPopup)).toMatchObject({ ok: false, problem: { code: 'invalid-request' } });
    expect(await route({ command: 'ping', payload: {} }, { ...fromPopup, id: 'other-extension' })).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(await route({ command: 'ping', payload: {} }, { id: 'ext', url: 'https://evil.example/', origin: 'https://evil.example', frameId: 0 })).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(h.ping).not.toHaveBeenCalled();
  });

  it('refuses commands that change state when a content script sends them, before looking at the payload', async () => {
    const h = handlers();
    const result = await createRouter(h, () => trust)({ command: 'settings.save', payload: { settings: {} } }, fromConsoleFrame);
    expect(result).toMatchObject({ ok: false, problem: { code: 'permission-denied', message: expect.stringContaining("Flex Steward's own windows") } });
    expect(h['settings.save']).not.toHaveBeenCalled();
  });

  it('lets only Flex Steward’s own windows pause a run: a content script is refused before the runner hears of it', async () => {
    const h = handlers();
    const result = await createRouter(h, () => trust)({ command: 'runs.pause', payload: { runId: 'run-1' } }, fromConsoleFrame);
    expect(result).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(h['runs.pause']).not.toHaveBeenCalled();
  });

  it('looks people up and suggests them for Flex Steward’s own pages only, and only for well-formed queries', async () => {
    const h = handlers();
    const route = createRouter(h, () => trust);
    expect(await route({ command: 'person.suggest', payload: { prefix: 'ana' } }, fromConsoleFrame)).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    expect(await route({ command: 'person.lookup', payload: { query: { kind: 'email', email: 'ana@example.com' } } }, fromConsoleFrame)).toMatchObject({ ok: false, problem: { code: 'permission-denied' } });
    for (const query of [{ kind: 'email', email: 'ana lima@example.com' }, { kind: 'okta-login', login: 'ana/../../apps' }, { kind: 'worker', workerSid: 'WS' + '0'.repeat(32) }, { kind: 'okta-user', id: '00g1abcdEFGH2ijkl3m4' }]) {
      expect(await route({ command: 'person.lookup', payload: { query } }, fromPopup)).toMatchObject({ ok: false, problem: { code: 'invalid-request' } });
    }
    expect(await route({ command: 'person.suggest', payload: { prefix: 'a"' } }, fromPopup)).toMatchObject({ ok: false, problem: { code: 'invalid-request' } });
    expect(h['person.lookup']).not.toHaveBeenCalled();
    expect(h['person.suggest']).not.toHaveBeenCalled();
    expect(await route({ command: 'person.lookup', payload: { query: { kind: 'okta-user', id: '00uTtRFMdT1Myd1SUwc1' } } }, fromPopup)).toMatchObject({ ok: true });
    expect(h['person.lookup']).toHaveBeenCalledWith({ query: { kind: 'okta-user', id: '00uTtRFMdT1Myd1SUwc1' } }, expect.anything());
  });

  it('turns a handler failure into a problem instead of throwing across the boundary', async () => {
    const h = handlers();
    h.ping = async () => {
      throw new Error('boom');
    };
    const result = await createRouter(h, () => trust)({ command: 'ping', payload: {} }, fromPopup);
    expect(result).toMatchObject({ ok: false, problem: { code: 'unknown', message: expect.stringContaining('boom') } });
  });
});

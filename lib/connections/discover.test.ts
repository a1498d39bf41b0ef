import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { harness, ORG } from '../runs/test-fixtures';
import { parseSettings, type Settings } from '../settings/settings';
import { createDiscovery } from './discover';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3, workers: 30, oktaUsers: 40 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

/** Settings as an admin leaves them after Save without Test connection: no Flex app, no workspace. */
function saveOnly() {
  const h = harness(sandbox);
  let stored: Settings = parseSettings({ okta: { orgUrl: ORG, authMethod: 'api-token' }, twilio: { accountSid: h.settings.twilio.accountSid, apiKeySid: h.settings.twilio.apiKeySid } });
  const saves: Settings[] = [];
  const discovery = createDiscovery({
    load: async () => stored,
    save: async (next) => {
      stored = next;
      saves.push(next);
    },
    okta: () => h.okta(h.http),
    twilio: () => h.twilio(h.http),
  });
  return { discovery, saves };
}

describe('discovery on first use', () => {
  it('finds the one Flex app and the Flex workspace, saves them once, and then asks nobody', async () => {
    const { discovery, saves } = saveOnly();
    const [a, b] = await Promise.all([discovery.settings(), discovery.settings()]);
    const app = sandbox.state.okta.apps.find((x) => x.label === 'Twilio Flex')!;
    expect(a.okta).toMatchObject({ flexAppId: app.id, flexAppLabel: 'Twilio Flex' });
    expect(a.twilio.workspaceSid).toBe(sandbox.state.twilio.flex!.taskrouterWorkspaceSid);
    expect(b).toEqual(a);
    expect(saves).toHaveLength(1);
    sandbox.clearRequests();
    await discovery.settings();
    expect(sandbox.requests).toEqual([]);
    expect(discovery.flexAppProblem()).toBeNull();
  });

  it('does not guess between several apps that point at Twilio: says which, and leaves Settings alone', async () => {
    const flex = sandbox.state.okta.apps.find((x) => x.label === 'Twilio Flex')!;
    sandbox.state.okta.apps.push({ ...structuredClone(flex), id: '0oaSECONDFLEXAPP0001', label: 'Twilio Flex (test)' });
    const { discovery, saves } = saveOnly();
    const settings = await discovery.settings();
    expect(settings.okta.flexAppId).toBeUndefined();
    expect(discovery.flexAppProblem()).toMatchObject({ code: 'no-flex-app', message: 'Flex app not found in Okta: 2 apps send people to Twilio (Twilio Flex, Twilio Flex (test)).' });
    expect(saves.every((s) => s.okta.flexAppId === undefined)).toBe(true);
  });
});

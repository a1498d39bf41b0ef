import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../problem';
import { customOktaOrigin, ensureOktaOrigin, requestOktaOrigin, type PermissionsApi, type ScriptingApi } from './okta-origin';

function fakePermissions(granted: string[], answer: boolean): PermissionsApi & { requested: string[][] } {
  const requested: string[][] = [];
  return {
    requested,
    contains: async ({ origins }) => origins.every((o) => granted.includes(o)),
    request: async ({ origins }) => {
      requested.push(origins);
      if (answer) granted.push(...origins);
      return answer;
    },
  };
}

function fakeScripting(): ScriptingApi & { scripts: Map<string, string[]> } {
  const scripts = new Map<string, string[]>();
  return {
    scripts,
    getRegisteredContentScripts: async ({ ids }) => ids.filter((id) => scripts.has(id)).map((id) => ({ id })),
    registerContentScripts: vi.fn(async (list: { id: string; matches: string[] }[]) => void list.forEach((s) => scripts.set(s.id, s.matches))),
    unregisterContentScripts: async ({ ids }) => void ids.forEach((id) => scripts.delete(id)),
  };
}

describe('custom Okta domains', () => {
  it('needs no permission for Okta cloud domains and asks for exactly the custom origin otherwise', async () => {
    expect(customOktaOrigin('https://acme.okta.com')).toBeNull();
    expect(customOktaOrigin('https://acme.okta-emea.com/')).toBeNull();
    expect(customOktaOrigin('https://login.acme.com/some/path')).toBe('https://login.acme.com');

    const cloud = fakePermissions([], true);
    expect(await requestOktaOrigin('https://acme.oktapreview.com', cloud)).toBe('not-needed');
    expect(cloud.requested).toEqual([]);

    const custom = fakePermissions([], true);
    expect(await requestOktaOrigin('https://login.acme.com', custom)).toBe('granted');
    expect(custom.requested).toEqual([['https://login.acme.com/*']]);
    expect(await requestOktaOrigin('https://login.acme.com', custom)).toBe('granted');
    expect(custom.requested).toHaveLength(1);
  });

  it('reports a refused prompt', async () => {
    expect(await requestOktaOrigin('https://login.acme.com', fakePermissions([], false))).toBe('denied');
  });

  it('refuses to save an ungranted custom domain, with what to do', async () => {
    const error = await ensureOktaOrigin('https://login.acme.com', fakePermissions([], false), fakeScripting(), 'okta.js').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({ code: 'permission-denied', nextStep: expect.stringContaining('Allow') });
  });

  it('keeps the admin content script registered for the configured custom origin only', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://login.acme.com/*', 'https://sso.other.com/*'], true);
    await ensureOktaOrigin('https://login.acme.com', permissions, scripting, 'okta.js');
    expect([...scripting.scripts.values()]).toEqual([['https://login.acme.com/*']]);
    await ensureOktaOrigin('https://sso.other.com', permissions, scripting, 'okta.js');
    expect([...scripting.scripts.values()]).toEqual([['https://sso.other.com/*']]);
    await ensureOktaOrigin('https://acme.okta.com', permissions, scripting, 'okta.js');
    expect(scripting.scripts.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ProblemError } from '../problem';
import { customOktaOrigin, OKTA_ADMIN_SCRIPT_ID, oktaAdminOrigin, requestOktaOrigin, requireOktaOrigin, syncOktaAdminScript, type PermissionsApi, type ScriptingApi } from './okta-origin';

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

function fakeScripting(initial: [string, string[]][] = []): ScriptingApi & { scripts: Map<string, string[]>; registrations: number } {
  const scripts = new Map<string, string[]>(initial);
  const fake = {
    scripts,
    registrations: 0,
    getRegisteredContentScripts: async () => [...scripts].map(([id, matches]) => ({ id, matches })),
    registerContentScripts: async (list: { id: string; matches: string[] }[]) => {
      for (const s of list) {
        // As Chromium does: registering an id twice is an error, not a replacement.
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, s.matches);
      }
      fake.registrations += 1;
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => void ids.forEach((id) => scripts.delete(id)),
  };
  return fake;
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
    const error = await requireOktaOrigin('https://login.acme.com', fakePermissions([], false)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({ code: 'permission-denied', nextStep: expect.stringContaining('Allow') });
    await expect(requireOktaOrigin('https://login.acme.com', fakePermissions(['https://login.acme.com/*'], false))).resolves.toBeUndefined();
    await expect(requireOktaOrigin('https://acme.okta.com', fakePermissions([], false))).resolves.toBeUndefined();
  });
});

describe('the Okta admin content script', () => {
  it('runs on the configured org’s Admin Console origin only', () => {
    expect(oktaAdminOrigin('https://acme.okta.com')).toBe('https://acme-admin.okta.com');
    expect(oktaAdminOrigin('https://login.acme.com')).toBe('https://login.acme.com');
    expect(oktaAdminOrigin(undefined)).toBeNull();
    expect(oktaAdminOrigin('http://acme.okta.com')).toBeNull();
  });

  it('is registered for exactly that origin, follows the org when it changes and goes when it is cleared', async () => {
    const scripting = fakeScripting();
    await syncOktaAdminScript('https://acme.okta.com', scripting, 'okta.js');
    expect([...scripting.scripts]).toEqual([[OKTA_ADMIN_SCRIPT_ID, ['https://acme-admin.okta.com/*']]]);
    await syncOktaAdminScript('https://login.globex.com', scripting, 'okta.js');
    expect([...scripting.scripts]).toEqual([[OKTA_ADMIN_SCRIPT_ID, ['https://login.globex.com/*']]]);
    await syncOktaAdminScript(undefined, scripting, 'okta.js');
    expect(scripting.scripts.size).toBe(0);
  });

  it('leaves a registration that is already right alone, and removes what an older version registered', async () => {
    const scripting = fakeScripting([['okta-admin-custom-domain', ['https://login.acme.com/*']]]);
    await syncOktaAdminScript('https://acme.okta.com', scripting, 'okta.js');
    await syncOktaAdminScript('https://acme.okta.com', scripting, 'okta.js');
    expect([...scripting.scripts]).toEqual([[OKTA_ADMIN_SCRIPT_ID, ['https://acme-admin.okta.com/*']]]);
    expect(scripting.registrations).toBe(1);
  });
});

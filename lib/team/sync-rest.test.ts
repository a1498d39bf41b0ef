import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tests/support/problem-of';
import { syncRest, useSyncSandbox } from './test-fixtures';

const env = useSyncSandbox(13);

describe('Sync REST client', () => {
  it('creates a service named Flex Steward', () => {
    expect(env.serviceSid).toMatch(/^IS[0-9a-f]{32}$/);
  });

  it('finds a list made by another client instead of failing on the 409', async () => {
    const first = await env.rest.ensureList(env.serviceSid, 'flex-steward-runs');
    const second = await syncRest(env.sandbox).ensureList(env.serviceSid, 'flex-steward-runs');
    expect(second.sid).toBe(first.sid);
  });

  it('appends, updates in place and reads the newest items first', async () => {
    await env.rest.ensureList(env.serviceSid, 'runs');
    const a = await env.rest.appendListItem(env.serviceSid, 'runs', { n: 1 });
    const b = await env.rest.appendListItem(env.serviceSid, 'runs', { n: 2 });
    expect(b.index).toBeGreaterThan(a.index);
    await env.rest.updateListItem(env.serviceSid, 'runs', a.index, { n: 11 });
    const newest = await env.rest.newestListItems(env.serviceSid, 'runs', 10);
    expect(newest.map((item) => item.data)).toEqual([{ n: 2 }, { n: 11 }]);
  });

  it('tells a created map item from one that already exists, and guards updates and deletes with revisions', async () => {
    await env.rest.ensureMap(env.serviceSid, 'locks');
    const created = await env.rest.createMapItem(env.serviceSid, 'locks', 'email:ana@example.com', { who: 'ana' }, 300);
    expect('created' in created).toBe(true);
    const again = await env.rest.createMapItem(env.serviceSid, 'locks', 'email:ana@example.com', { who: 'ben' }, 300);
    expect(again).toMatchObject({ exists: { key: 'email:ana@example.com', data: { who: 'ana' } } });
    const revision = 'created' in created ? created.created.revision : '';
    const updated = await env.rest.updateMapItem(env.serviceSid, 'locks', 'email:ana@example.com', { who: 'ana', n: 2 }, { ifMatch: revision, ttlSeconds: 300 });
    expect(updated.revision).not.toBe(revision);
    expect((await problemOf(env.rest.updateMapItem(env.serviceSid, 'locks', 'email:ana@example.com', {}, { ifMatch: revision }))).code).toBe('precondition-failed');
    expect((await problemOf(env.rest.deleteMapItem(env.serviceSid, 'locks', 'email:ana@example.com', { ifMatch: revision }))).code).toBe('precondition-failed');
    expect(await env.rest.deleteMapItem(env.serviceSid, 'locks', 'email:ana@example.com', { ifMatch: updated.revision })).toBe('deleted');
    expect(await env.rest.deleteMapItem(env.serviceSid, 'locks', 'email:ana@example.com')).toBe('already-gone');
    expect(await env.rest.getMapItem(env.serviceSid, 'locks', 'email:ana@example.com')).toBeNull();
  });

  it('lists every item of a map', async () => {
    await env.rest.ensureMap(env.serviceSid, 'operators');
    for (const who of ['a', 'b', 'c']) await env.rest.createMapItem(env.serviceSid, 'operators', `${who}@example.com`, { email: `${who}@example.com` });
    expect((await env.rest.mapItems(env.serviceSid, 'operators')).map((item) => item.key).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('refuses a service SID that is not one before sending anything', async () => {
    expect((await problemOf(env.rest.ensureList('IS../../Accounts', 'runs'))).code).toBe('not-configured');
  });
});

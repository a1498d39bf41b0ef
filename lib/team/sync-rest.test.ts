import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { ProblemError } from '../problem';
import type { SyncRest } from './sync-rest';
import { newService, syncRest } from './test-fixtures';

let sandbox: Sandbox;
let rest: SyncRest;
let service: string;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reseed();
  rest = syncRest(sandbox);
  service = await newService(sandbox);
});

const problemOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProblemError);
  return (error as ProblemError).problem;
};

describe('Sync REST client', () => {
  it('creates a service named Flex Steward', () => {
    expect(service).toMatch(/^IS[0-9a-f]{32}$/);
  });

  it('finds a list made by another client instead of failing on the 409', async () => {
    const first = await rest.ensureList(service, 'flex-steward-runs');
    const second = await syncRest(sandbox).ensureList(service, 'flex-steward-runs');
    expect(second.sid).toBe(first.sid);
  });

  it('appends, updates in place and reads the newest items first', async () => {
    await rest.ensureList(service, 'runs');
    const a = await rest.appendListItem(service, 'runs', { n: 1 });
    const b = await rest.appendListItem(service, 'runs', { n: 2 });
    expect(b.index).toBeGreaterThan(a.index);
    await rest.updateListItem(service, 'runs', a.index, { n: 11 });
    const newest = await rest.newestListItems(service, 'runs', 10);
    expect(newest.map((item) => item.data)).toEqual([{ n: 2 }, { n: 11 }]);
  });

  it('tells a created map item from one that already exists, and guards updates and deletes with revisions', async () => {
    await rest.ensureMap(service, 'locks');
    const created = await rest.createMapItem(service, 'locks', 'email:ana@example.com', { who: 'ana' }, 300);
    expect('created' in created).toBe(true);
    const again = await rest.createMapItem(service, 'locks', 'email:ana@example.com', { who: 'ben' }, 300);
    expect(again).toMatchObject({ exists: { key: 'email:ana@example.com', data: { who: 'ana' } } });
    const revision = 'created' in created ? created.created.revision : '';
    const updated = await rest.updateMapItem(service, 'locks', 'email:ana@example.com', { who: 'ana', n: 2 }, { ifMatch: revision, ttlSeconds: 300 });
    expect(updated.revision).not.toBe(revision);
    expect((await problemOf(rest.updateMapItem(service, 'locks', 'email:ana@example.com', {}, { ifMatch: revision }))).code).toBe('precondition-failed');
    expect((await problemOf(rest.deleteMapItem(service, 'locks', 'email:ana@example.com', { ifMatch: revision }))).code).toBe('precondition-failed');
    expect(await rest.deleteMapItem(service, 'locks', 'email:ana@example.com', { ifMatch: updated.revision })).toBe('deleted');
    expect(await rest.deleteMapItem(service, 'locks', 'email:ana@example.com')).toBe('already-gone');
    expect(await rest.getMapItem(service, 'locks', 'email:ana@example.com')).toBeNull();
  });

  it('lists every item of a map', async () => {
    await rest.ensureMap(service, 'operators');
    for (const who of ['a', 'b', 'c']) await rest.createMapItem(service, 'operators', `${who}@example.com`, { email: `${who}@example.com` });
    expect((await rest.mapItems(service, 'operators')).map((item) => item.key).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('refuses a service SID that is not one before sending anything', async () => {
    expect((await problemOf(rest.ensureList('IS../../Accounts', 'runs'))).code).toBe('not-configured');
  });
});

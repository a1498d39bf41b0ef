import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createTtlCache } from './ttl-cache';

function setup(ttlMs = 1000) {
  let clock = 10_000;
  const area = createMemoryArea();
  const cache = createTtlCache({ area, now: () => clock, ttlMs });
  return { area, cache, advance: (ms: number) => (clock += ms) };
}

describe('the status cache', () => {
  it('returns what was stored until it expires', async () => {
    const { cache, advance } = setup();
    await cache.set('okta:ana@example.com', { people: ['00u1'] });
    advance(999);
    expect(await cache.get('okta:ana@example.com')).toEqual({ people: ['00u1'] });
    advance(1);
    expect(await cache.get('okta:ana@example.com')).toBeUndefined();
  });

  it('reads and writes many keys at once, leaving out the missing and the expired', async () => {
    const { cache, advance } = setup();
    await cache.setMany([['a', 1], ['b', 2]]);
    advance(500);
    await cache.set('c', 3, 5000);
    advance(600);
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual(new Map([['c', 3]]));
  });

  it('forgets single keys and whole prefixes, and nothing else', async () => {
    const { cache } = setup();
    await cache.setMany([['workers:WS1', 1], ['workers:WS2', 2], ['worker:WS1:WK1', 3], ['okta:a@x.io', 4], ['okta:b@x.io', 5]]);
    await cache.delete('okta:a@x.io');
    await cache.deleteWhere('workers:');
    expect(await cache.getMany(['workers:WS1', 'workers:WS2', 'worker:WS1:WK1', 'okta:a@x.io', 'okta:b@x.io'])).toEqual(
      new Map([['worker:WS1:WK1', 3], ['okta:b@x.io', 5]]),
    );
  });

  it('sweeps expired entries out of storage instead of keeping them for the life of the browser', async () => {
    const { area, cache, advance } = setup();
    await cache.set('old', 'x');
    advance(2000);
    await cache.set('new', 'y');
    expect(Object.keys(area.entries()).sort()).toEqual(['status-cache:#index', 'status-cache:new']);
  });

  it('keeps every key when writers overlap, so a later prefix delete still finds them', async () => {
    const { area, cache } = setup();
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.set(`workers:WS${i}`, i)));
    await cache.deleteWhere('workers:');
    expect(Object.keys(area.entries())).toEqual(['status-cache:#index']);
  });

  it('shares an area without touching keys outside its namespace', async () => {
    const { area, cache } = setup();
    await area.set({ 'vault.session': { key: 'k' } });
    await cache.set('okta:a@x.io', 1);
    await cache.deleteWhere('');
    expect(area.entries()).toMatchObject({ 'vault.session': { key: 'k' } });
  });
});

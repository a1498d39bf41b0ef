import { beforeEach, describe, expect, it } from 'vitest';
import { createRecentLookups, MAX_RECENT_LOOKUPS, RECENT_LOOKUPS_KEY, type RecentStorage } from './recent-lookups';

function memoryStorage(): RecentStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('recent lookups', () => {
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    storage = memoryStorage();
  });

  it('keeps the newest first, once whatever its case, and at most ten', () => {
    const recent = createRecentLookups(storage);
    recent.add('ana@example.com');
    recent.add('ben@example.com');
    expect(recent.add(' ANA@example.com ')).toEqual(['ANA@example.com', 'ben@example.com']);
    for (let i = 0; i < 15; i += 1) recent.add(`person${i}@example.com`);
    expect(recent.list()).toHaveLength(MAX_RECENT_LOOKUPS);
    expect(recent.list()[0]).toBe('person14@example.com');
  });

  it('remembers only text that is a lookup, never a pasted secret or a malformed value', () => {
    const recent = createRecentLookups(storage);
    recent.add('SSWS 00abcdefghijklmnopqrstuvwxyz');
    recent.add('"john..doe"@example.com');
    expect(recent.list()).toEqual([]);
    expect(storage.items.has(RECENT_LOOKUPS_KEY)).toBe(false);
  });

  it('clears, and survives storage someone else wrote', () => {
    const recent = createRecentLookups(storage);
    recent.add('ana@example.com');
    recent.clear();
    expect(recent.list()).toEqual([]);
    storage.setItem(RECENT_LOOKUPS_KEY, '{not json');
    expect(recent.list()).toEqual([]);
    storage.setItem(RECENT_LOOKUPS_KEY, JSON.stringify([42, 'ben@example.com', 'with space']));
    expect(recent.list()).toEqual(['ben@example.com']);
  });
});

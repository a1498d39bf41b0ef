import { describe, expect, it } from 'vitest';
import { chunkEmailSearches, emailOrLoginEquals, encodedSearchLength } from '../okta/search-expression';
import { createSearchGrouper } from './search-groups';

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `agent.${i}@contact-centre.example`);

describe('createSearchGrouper', () => {
  it('groups addresses so each group is exactly one Okta search, as few as the batched searches', () => {
    const grouper = createSearchGrouper();
    for (const address of addresses(500)) grouper.add(address, address);
    for (const group of grouper.groups) expect(chunkEmailSearches(group.forms)).toHaveLength(1);
    expect(grouper.groups.flatMap((g) => g.keys)).toEqual(addresses(500));
    expect(grouper.groups.length).toBe(chunkEmailSearches(addresses(500)).length);
    expect(grouper.groups.length).toBeLessThan(500 / 20);
  });

  it('keeps both spellings of an international address in one group, and counts an address once', () => {
    // Room for exactly the first address: its two spellings never split, and nothing else fits beside them.
    const grouper = createSearchGrouper(encodedSearchLength(emailOrLoginEquals(['ana@bücher.example', 'ana@xn--bcher-kva.example'])));
    grouper.add('ana@xn--bcher-kva.example', 'ana@bücher.example');
    grouper.add('ana@xn--bcher-kva.example', 'ANA@bücher.example');
    grouper.add('bo@example.com', 'bo@example.com');
    expect(grouper.groups.map((g) => g.forms)).toEqual([['ana@bücher.example', 'ana@xn--bcher-kva.example'], ['bo@example.com']]);
  });

  it('leaves out an address Okta cannot be asked about, at no cost', () => {
    const grouper = createSearchGrouper();
    expect(grouper.add('bad', 'tab\t@example.com')).toBe(false);
    expect(grouper.add('\u212Aelvin@example.com', '\u212Aelvin@example.com')).toBe(false);
    expect(grouper.groups).toHaveLength(0);
  });
});

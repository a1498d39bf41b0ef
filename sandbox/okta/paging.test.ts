import { describe, expect, it } from 'vitest';
import { linkHeader, pageAfter, parseLimit } from './paging';

describe('parseLimit', () => {
  const rule = { default: 200, max: 200 };
  it('defaults, clamps to the maximum, and ignores nonsense', () => {
    expect(parseLimit(null, rule)).toBe(200);
    expect(parseLimit('25', rule)).toBe(25);
    expect(parseLimit('1000', rule)).toBe(200);
    expect(parseLimit('0', rule)).toBe(200);
    expect(parseLimit('-5', rule)).toBe(200);
    expect(parseLimit('ten', rule)).toBe(200);
  });
});

describe('pageAfter', () => {
  const items = ['c', 'a', 'e', 'b', 'd'].map((id) => ({ id }));
  const idOf = (item: { id: string }) => item.id;

  it('walks the items in id order, each exactly once', () => {
    const first = pageAfter(items, idOf, null, 2);
    expect(first).toEqual({ items: [{ id: 'a' }, { id: 'b' }], next: 'b' });
    const second = pageAfter(items, idOf, first.next!, 2);
    expect(second).toEqual({ items: [{ id: 'c' }, { id: 'd' }], next: 'd' });
    expect(pageAfter(items, idOf, second.next!, 2)).toEqual({ items: [{ id: 'e' }] });
  });

  it('gives no next cursor when the page ends exactly at the last item', () => {
    expect(pageAfter(items, idOf, null, 5).next).toBeUndefined();
  });

  it('keeps going after an item that was removed since the cursor was issued', () => {
    expect(pageAfter(items.filter((i) => i.id !== 'b'), idOf, 'b', 2).items).toEqual([{ id: 'c' }, { id: 'd' }]);
  });

  it('pages only the items that match, with a next cursor only while another match remains', () => {
    const odd = (item: { id: string }) => item.id !== 'b' && item.id !== 'd';
    expect(pageAfter(items, idOf, null, 2, odd)).toEqual({ items: [{ id: 'a' }, { id: 'c' }], next: 'c' });
    expect(pageAfter(items, idOf, 'c', 2, odd)).toEqual({ items: [{ id: 'e' }] });
    expect(pageAfter(items, idOf, 'a', 1, (item) => item.id === 'a')).toEqual({ items: [] });
  });

  it('sees items added to, replaced in or removed from the same collection between pages', () => {
    const live = ['b', 'd'].map((id) => ({ id }));
    expect(pageAfter(live, idOf, null, 10).items).toEqual([{ id: 'b' }, { id: 'd' }]);
    live.push({ id: 'a' });
    expect(pageAfter(live, idOf, null, 10).items).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'd' }]);
    live[0] = { id: 'c' };
    expect(pageAfter(live, idOf, null, 10).items).toEqual([{ id: 'a' }, { id: 'c' }, { id: 'd' }]);
    live.pop();
    expect(pageAfter(live, idOf, 'a', 10).items).toEqual([{ id: 'c' }, { id: 'd' }]);
  });
});

describe('linkHeader', () => {
  it('names self, and next with limit and after first and the query kept', () => {
    const url = new URL('https://steward-sandbox.okta.com/api/v1/users?search=profile.email%20sw%20%22a%2Bb%22&limit=2');
    expect(linkHeader(url, 2, '00u9')).toBe(
      '<https://steward-sandbox.okta.com/api/v1/users?search=profile.email%20sw%20%22a%2Bb%22&limit=2>; rel="self", ' +
        '<https://steward-sandbox.okta.com/api/v1/users?limit=2&after=00u9&search=profile.email%20sw%20%22a%2Bb%22>; rel="next"',
    );
  });

  it('has only self on the last page', () => {
    expect(linkHeader(new URL('https://steward-sandbox.okta.com/api/v1/apps'), 20, undefined)).toBe('<https://steward-sandbox.okta.com/api/v1/apps>; rel="self"');
  });
});

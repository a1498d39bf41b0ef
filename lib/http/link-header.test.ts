import { describe, expect, it } from 'vitest';
import { nextLink, parseLinkHeader } from './link-header';

describe('Link header', () => {
  it('finds Okta\'s next page among self and next links joined by the Fetch API', () => {
    const header =
      '<https://steward-sandbox.okta.com/api/v1/users?limit=200>; rel="self", <https://steward-sandbox.okta.com/api/v1/users?after=00u1abc&limit=200>; rel="next"';
    expect(nextLink(header)).toBe('https://steward-sandbox.okta.com/api/v1/users?after=00u1abc&limit=200');
  });

  it('says there is no next page when only self is present or the header is missing', () => {
    expect(nextLink('<https://steward-sandbox.okta.com/api/v1/users?limit=200>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
    expect(nextLink('')).toBeUndefined();
  });

  it('tolerates odd spacing, unquoted and multi-valued rel, other parameters and commas inside URLs', () => {
    const header = '  <https://a.example/x?filter=a,b>;title="one, two" ;  REL = "prev  first" ,<https://a.example/y?q=1,2>;rel=next;type="application/json"';
    expect(parseLinkHeader(header)).toEqual([
      { url: 'https://a.example/x?filter=a,b', rels: ['prev', 'first'] },
      { url: 'https://a.example/y?q=1,2', rels: ['next'] },
    ]);
    expect(nextLink(header)).toBe('https://a.example/y?q=1,2');
  });

  it('resolves a relative next link against the request URL', () => {
    expect(nextLink('</api/v1/apps?after=0oa9>; rel="next"', 'https://steward-sandbox.okta.com/api/v1/apps?limit=500')).toBe('https://steward-sandbox.okta.com/api/v1/apps?after=0oa9');
  });

  it('ignores a truncated link rather than inventing one', () => {
    expect(parseLinkHeader('<https://a.example/next; rel="next"')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { lookupQuerySchema, parseLookupQuery, queryText, suggestionPrefix } from './lookup-query';

const WK = 'WK' + '0123456789abcdef'.repeat(2);

describe('parseLookupQuery', () => {
  it.each([
    ['ana@example.com', { kind: 'email', email: 'ana@example.com' }],
    ['  Ana.Lima@Example.com\t', { kind: 'email', email: 'Ana.Lima@Example.com' }],
    ['josé@bücher.example', { kind: 'email', email: 'josé@bücher.example' }],
    ['ana.lima', { kind: 'okta-login', login: 'ana.lima' }],
    ['00uTtRFMdT1Myd1SUwc1', { kind: 'okta-user', id: '00uTtRFMdT1Myd1SUwc1' }],
    [WK, { kind: 'worker', workerSid: WK }],
  ])('%j is looked up as %j', (input, query) => {
    expect(parseLookupQuery(input)).toEqual({ ok: true, query });
    expect(lookupQuerySchema.parse(query)).toEqual(query);
    expect(queryText(query as never)).toBe(input.trim());
  });

  it.each([
    ['', /Type an email address/],
    ['   ', /Type an email address/],
    ['ana lima', /Spaces cannot be part/],
    ['ana@example.com ana2@example.com', /Spaces cannot be part/],
    ['"john..doe"@example.com', /Quotes and backslashes are not looked up.*00u/],
    ["o'brien@example.com", /Quotes and backslashes/],
    ['ana\\@example.com', /Quotes and backslashes/],
    ['a'.repeat(500), /500 characters; an email address has at most 320/],
    ['ana@', /not a whole email address/],
    ['@example.com', /not a whole email address/],
    ['ana@example', /not a whole email address/],
    ['WS' + '0'.repeat(32), /WS… is a TaskRouter workspace, not a worker\. Worker SIDs start with WK/],
    ['AC' + '0'.repeat(32), /an account, not a worker/],
    ['WK' + 'A'.repeat(32), /lowercase hexadecimal/],
    ['WK0123abc', /32 hexadecimal digits; this one has 7/],
    ['00g1abcdEFGH2ijkl3m4', /is a group id, not a person\. Okta user ids start with 00u/],
    ['0oa1abcdEFGH2ijkl3m4', /is an app id/],
    ['ana/lima', /characters no login uses/],
    ['ana;lima', /characters no login uses/],
  ])('%j is refused: %s', (input, message) => {
    const parsed = parseLookupQuery(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('the command schema refuses what the parser refuses, so a forged request cannot slip past the popup', () => {
    expect(lookupQuerySchema.safeParse({ kind: 'email', email: '"john..doe"@example.com' }).success).toBe(false);
    expect(lookupQuerySchema.safeParse({ kind: 'email', email: 'ana' }).success).toBe(false);
    expect(lookupQuerySchema.safeParse({ kind: 'okta-login', login: 'ana/../apps' }).success).toBe(false);
    expect(lookupQuerySchema.safeParse({ kind: 'okta-user', id: '00g1abcdEFGH2ijkl3m4' }).success).toBe(false);
    expect(lookupQuerySchema.safeParse({ kind: 'worker', workerSid: 'WS' + '0'.repeat(32) }).success).toBe(false);
  });
});

describe('suggestionPrefix', () => {
  it.each([
    ['he', 'he'],
    [' Sør ', 'Sør'],
    ['helga.sorensen@ex', 'helga.sorensen@ex'],
    ['h', null],
    ['helga s', null],
    ['"h', null],
    ['00uTtRFMdT1Myd1SUwc1', null],
    [WK, null],
    ['WK0123', null],
  ])('%j asks Okta for %j', (input, prefix) => {
    expect(suggestionPrefix(input)).toBe(prefix);
  });
});

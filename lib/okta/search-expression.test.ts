import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, type Expression } from '../../sandbox/okta/search-expression';
import { readUserAttribute, USER_SEARCH } from '../../sandbox/okta/user-query';
import type { OktaUser } from '../../sandbox/state';
import {
  chunkEmailSearches,
  DEFAULT_MAX_ENCODED_SEARCH_LENGTH,
  emailOrLoginEquals,
  encodedSearchLength,
  MAX_SEARCH_VALUE_LENGTH,
  oktaStringLiteral,
} from './search-expression';
import { problemFrom } from '../../tests/support/problem-of';

interface Term {
  attribute: string;
  operator: string;
  value: string;
}

/** The expression as the sandbox's Okta `search` parser reads it (string literals are JSON strings). */
function parsed(expression: string): Expression {
  const result = parseExpression(expression, USER_SEARCH);
  if (!result.ok) throw new Error(`${result.cause}: ${expression}`);
  return result.expression;
}

const orTerms = (expression: Expression): Expression[] => (expression.kind === 'or' ? [...orTerms(expression.left), ...orTerms(expression.right)] : [expression]);

/**
 * The comparisons joined by `or`. Anything else (an `and`, a `not`, a `pr`) fails the test, so an
 * address that smuggled in an operator or a term of its own would show.
 */
function topLevelOrTerms(expression: string): Term[] {
  return orTerms(parsed(expression)).map((term) => {
    if (term.kind !== 'compare') throw new Error(`Not a comparison: ${JSON.stringify(term)} in ${expression}`);
    return { attribute: term.attribute, operator: term.operator, value: term.value };
  });
}

const expectedTerms = (emails: string[]): Term[] =>
  emails.flatMap((value) => [
    { attribute: 'profile.email', operator: 'eq', value },
    { attribute: 'profile.login', operator: 'eq', value },
  ]);

const HOSTILE = [
  'a"||email!="x@y.z',
  'x@y.z" or profile.login sw "',
  'x@y.z\\" or status eq "ACTIVE',
  'trailing-backslash@y.z\\',
  '") or (status pr or profile.email eq "',
];

describe('oktaStringLiteral', () => {
  it('quotes a plain address unchanged', () => {
    expect(oktaStringLiteral('ada@example.com')).toBe('"ada@example.com"');
  });

  it('escapes double quotes and backslashes the way a JSON string does', () => {
    expect(oktaStringLiteral('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(JSON.parse(oktaStringLiteral('a"b\\c'))).toBe('a"b\\c');
  });

  it.each([
    ['a line feed', 'ada\n@example.com', '\\u000a'],
    ['a NUL', 'ada\u0000@example.com', '\\u0000'],
    ['a tab', 'ada\t@example.com', '\\u0009'],
    ['DEL', 'ada\u007f@example.com', '\\u007f'],
  ])('refuses %s with an invalid-request problem that shows where it is', (_, value, shownAs) => {
    const refused = problemFrom(() => oktaStringLiteral(value));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toContain('control character');
    expect(refused.message).toContain(`ada${shownAs}@example.com`);
    expect(refused.nextStep).not.toBe('');
  });

  it('accepts an address of exactly 320 characters and refuses 321', () => {
    const local = 'a'.repeat(64);
    const at320 = `${local}@${'d'.repeat(MAX_SEARCH_VALUE_LENGTH - 65)}`;
    expect(at320).toHaveLength(320);
    expect(oktaStringLiteral(at320)).toBe(`"${at320}"`);
    const refused = problemFrom(() => oktaStringLiteral(`${at320}x`));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/321 characters long/);
    expect(refused.message).toContain('…');
  });

  it('counts characters, not UTF-16 units, against the length limit', () => {
    const emoji = `${'😀'.repeat(300)}@x.io`;
    expect(emoji.length).toBeGreaterThan(MAX_SEARCH_VALUE_LENGTH);
    expect(oktaStringLiteral(emoji)).toBe(`"${emoji}"`);
  });

  it('refuses a look-alike address, which Okta might fold onto the person it imitates', () => {
    const refused = problemFrom(() => oktaStringLiteral('\u212Aelly.park@example.com'));
    expect(refused).toMatchObject({ code: 'invalid-request', service: 'extension' });
    expect(refused.message).toContain('U+212A KELVIN SIGN looks like “K”');
    expect(problemFrom(() => emailOrLoginEquals(['ada@example.com', 'omar@ｅｘａｍｐｌｅ.com'])).message).toContain('look-alike');
    expect(oktaStringLiteral('josé@bücher.example')).toBe('"josé@bücher.example"');
  });

  it('refuses an empty address and a lone surrogate, which could not be URL-encoded', () => {
    expect(problemFrom(() => oktaStringLiteral('')).code).toBe('invalid-request');
    expect(problemFrom(() => oktaStringLiteral('ada\ud800@example.com')).message).toContain('broken Unicode');
  });
});

describe('emailOrLoginEquals', () => {
  it('matches email or login for each address, two terms per address', () => {
    expect(emailOrLoginEquals(['a@x.io', 'b@x.io'])).toBe(
      'profile.email eq "a@x.io" or profile.login eq "a@x.io" or profile.email eq "b@x.io" or profile.login eq "b@x.io"',
    );
  });

  it.each(HOSTILE)('cannot be widened by %s: still two eq terms whose literal is the address', (hostile) => {
    expect(topLevelOrTerms(emailOrLoginEquals([hostile]))).toEqual(expectedTerms([hostile]));
  });

  it('keeps exactly two terms per address when hostile and ordinary addresses share an expression', () => {
    const emails = ['ada@example.com', ...HOSTILE, 'grace@example.com'];
    const terms = topLevelOrTerms(emailOrLoginEquals(emails));
    expect(terms).toHaveLength(2 * emails.length);
    expect(terms).toEqual(expectedTerms(emails));
  });

  it.each([
    ['plus addressing', 'ada+flex@example.com'],
    ['an apostrophe', "o'brien@example.com"],
    ['an internationalised domain', 'josé@bücher.de'],
    ['a non-Latin address', '用户@例子.广告'],
    ['a punycode domain', 'ada@xn--bcher-kva.de'],
    ['a hyphenated domain', 'mary-jane@my-company.example'],
  ])('passes %s through untouched', (_, email) => {
    const expression = emailOrLoginEquals([email]);
    expect(expression).toBe(`profile.email eq "${email}" or profile.login eq "${email}"`);
    expect(topLevelOrTerms(expression)).toEqual(expectedTerms([email]));
  });

  it('escapes a quoted local part so it stays one literal', () => {
    const email = '"john..doe"@example.com';
    const expression = emailOrLoginEquals([email]);
    expect(expression).toBe('profile.email eq "\\"john..doe\\"@example.com" or profile.login eq "\\"john..doe\\"@example.com"');
    expect(topLevelOrTerms(expression)).toEqual(expectedTerms([email]));
  });

  it('keeps a plus sign a plus sign through URL query encoding', () => {
    const expression = emailOrLoginEquals(['ada+flex@example.com']);
    const query = new URLSearchParams({ search: expression }).toString();
    expect(query).toContain('ada%2Bflex');
    expect(new URLSearchParams(query).get('search')).toBe(expression);
  });

  it('refuses an empty list, which Okta would read as "every user"', () => {
    const refused = problemFrom(() => emailOrLoginEquals([]));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/No addresses/);
  });

  it('refuses the whole expression when one address is unsafe', () => {
    expect(problemFrom(() => emailOrLoginEquals(['ada@example.com', 'bad\r\n@example.com'])).code).toBe('invalid-request');
  });
});

describe('encodedSearchLength', () => {
  it('takes the longer of the two common URL encodings', () => {
    // A space costs 3 with encodeURIComponent, an apostrophe 3 with URLSearchParams.
    expect(encodedSearchLength('a b')).toBe(encodeURIComponent('a b').length);
    expect(encodedSearchLength("o'b")).toBe('o%27b'.length);
    expect(encodedSearchLength('é')).toBe('%C3%A9'.length);
  });
});

describe('chunkEmailSearches', () => {
  const many = Array.from({ length: 200 }, (_, n) => `agent.number.${n}@contact-centre.example.com`);

  it('splits a long list into expressions that each fit the URL budget', () => {
    const expressions = chunkEmailSearches(many);
    expect(expressions.length).toBeGreaterThan(1);
    for (const expression of expressions) expect(encodedSearchLength(expression)).toBeLessThanOrEqual(DEFAULT_MAX_ENCODED_SEARCH_LENGTH);
  });

  it('searches for every address exactly once, in order, across the chunks', () => {
    const values = chunkEmailSearches(many).flatMap((expression) => topLevelOrTerms(expression).filter((t) => t.attribute === 'profile.email').map((t) => t.value));
    expect(values).toEqual(many);
  });

  it('fills each chunk: no chunk could have taken the next address', () => {
    const expressions = chunkEmailSearches(many);
    let next = 0;
    for (const expression of expressions.slice(0, -1)) {
      next += topLevelOrTerms(expression).length / 2;
      const grown = `${expression} or ${emailOrLoginEquals([many[next]!])}`;
      expect(encodedSearchLength(grown)).toBeGreaterThan(DEFAULT_MAX_ENCODED_SEARCH_LENGTH);
    }
  });

  it('searches once for addresses that differ only in case, since Okta ignores case', () => {
    expect(chunkEmailSearches(['Ada@Example.com', 'ada@example.com', 'grace@example.com'])).toEqual([emailOrLoginEquals(['Ada@Example.com', 'grace@example.com'])]);
  });

  it('keeps hostile addresses to their own two terms even when split across chunks', () => {
    const emails = [...HOSTILE, ...HOSTILE.map((h) => `second.${h}`), ...HOSTILE.map((h) => `third.${h}`)];
    const expressions = chunkEmailSearches(emails, 300);
    expect(expressions.length).toBeGreaterThan(1);
    expect(expressions.flatMap(topLevelOrTerms)).toEqual(expectedTerms(emails));
  });

  it('returns no expressions for no addresses, so a caller makes no request at all', () => {
    expect(chunkEmailSearches([])).toEqual([]);
  });

  it('refuses an address that could not fit the budget even alone', () => {
    const refused = problemFrom(() => chunkEmailSearches(['ada@example.com', `${'"'.repeat(300)}@x.io`]));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/too long to search for/);
  });

  it('refuses an unsafe address anywhere in the list', () => {
    expect(problemFrom(() => chunkEmailSearches([...many, 'evil\u0000@example.com'])).code).toBe('invalid-request');
  });
});

describe("evaluated by the sandbox's Okta search", () => {
  const user = (email: string): OktaUser => ({
    id: `00u${email.replace(/[^a-z]/gi, '').slice(0, 10)}`,
    status: 'ACTIVE',
    created: '2024-01-01T00:00:00.000Z',
    activated: '2024-01-01T00:00:00.000Z',
    statusChanged: '2024-01-01T00:00:00.000Z',
    lastLogin: null,
    lastUpdated: '2024-01-01T00:00:00.000Z',
    passwordChanged: null,
    profile: { firstName: 'A', lastName: 'B', email, login: email },
  });
  const directory = ['ada@example.com', 'grace@example.com', 'x@y.z', 'victim@example.com'].map(user);
  const found = (expression: string) => directory.filter((u) => evaluate(parsed(expression), readUserAttribute(u, 'oty1'), { caseInsensitive: true })).map((u) => u.profile.email);

  it('finds only the addresses asked for, ignoring case as Okta does, however hostile the rest', () => {
    expect(found(emailOrLoginEquals(['ADA@example.com', ...HOSTILE]))).toEqual(['ada@example.com']);
  });

  it('would have been widened without escaping: the same address pasted raw matches everyone', () => {
    const raw = 'x@y.z" or profile.login sw "';
    expect(found(`profile.email eq "${raw}"`)).toEqual(directory.map((u) => u.profile.email));
    expect(found(emailOrLoginEquals([raw]))).toEqual([]);
  });
});

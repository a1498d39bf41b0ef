import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, tokenize, type Dialect, type Expression } from './search-expression';

const ANY: Dialect = {
  allowNot: true,
  attribute: (name) => (name === 'lastUpdated' ? { type: 'date', operators: ['eq', 'gt', 'ge', 'lt', 'le', 'pr'] } : { type: 'string', operators: ['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr'] }),
};

function parse(text: string, dialect: Dialect = ANY): Expression {
  const result = parseExpression(text, dialect);
  if (!result.ok) throw new Error(result.cause);
  return result.expression;
}

function cause(text: string, dialect: Dialect = ANY): string {
  const result = parseExpression(text, dialect);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.cause;
}

const record = (values: Record<string, string | null>) => (name: string) => values[name];

describe('string literals', () => {
  it('keeps an escaped quote inside the literal, so an injected clause stays part of the value', () => {
    const address = 'a"||email!="x@y.z';
    const escaped = address.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    expect(parse(`profile.email eq "${escaped}"`)).toEqual({ kind: 'compare', attribute: 'profile.email', operator: 'eq', value: address, type: 'string' });
  });

  it('rejects the same address unescaped instead of reading extra clauses out of it', () => {
    expect(parseExpression('profile.email eq "a"||email!="x@y.z"', ANY).ok).toBe(false);
  });

  it('does not let "or" inside a literal widen the query', () => {
    const expression = parse('profile.email eq "x\\" or profile.email sw \\""');
    expect(expression).toMatchObject({ kind: 'compare', value: 'x" or profile.email sw "' });
    expect(evaluate(expression, record({ 'profile.email': 'someone@example.com' }), { caseInsensitive: true })).toBe(false);
  });

  it('reads backslash escapes as JSON does', () => {
    expect(parse('profile.x eq "back\\\\slash \\/ \\u0041 \\t"')).toMatchObject({ value: 'back\\slash / A \t' });
  });

  it('rejects unknown escapes, bad \\u escapes and unterminated strings', () => {
    expect(cause('profile.x eq "a\\qb"')).toMatch(/Invalid escape/);
    expect(cause('profile.x eq "\\u12"')).toMatch(/\\u escape/);
    expect(cause('profile.x eq "open')).toMatch(/Unterminated string/);
    expect(cause('profile.x eq "trailing\\')).toMatch(/Invalid escape/);
  });

  it('tokenizes words, parentheses and strings with their positions', () => {
    expect(tokenize('(a eq "b c")')).toEqual([
      { kind: '(', at: 0 },
      { kind: 'word', text: 'a', at: 1 },
      { kind: 'word', text: 'eq', at: 3 },
      { kind: 'string', text: 'b c', at: 6 },
      { kind: ')', at: 11 },
    ]);
  });
});

describe('grammar', () => {
  it('binds "and" tighter than "or"', () => {
    expect(parse('a eq "1" or b eq "2" and c eq "3"')).toMatchObject({ kind: 'or', left: { attribute: 'a' }, right: { kind: 'and', left: { attribute: 'b' }, right: { attribute: 'c' } } });
  });

  it('lets parentheses override precedence', () => {
    expect(parse('(a eq "1" or b eq "2") and c eq "3"')).toMatchObject({ kind: 'and', left: { kind: 'or' }, right: { attribute: 'c' } });
  });

  it('reads operators and logical words in any case, attribute names exactly', () => {
    expect(parse('a EQ "1" AND b Sw "2" Or NOT (c pr)')).toMatchObject({ kind: 'or', left: { kind: 'and', left: { operator: 'eq' }, right: { operator: 'sw' } }, right: { kind: 'not', operand: { kind: 'present', attribute: 'c' } } });
  });

  it('explains what is wrong', () => {
    expect(cause('')).toMatch(/Expected an attribute name but found end of expression/);
    expect(cause('a eq')).toMatch(/Expected a quoted string after 'a eq' but found end of expression/);
    expect(cause('a eq ACTIVE')).toMatch(/Expected a quoted string/);
    expect(cause('a ne "x"')).toMatch(/'ne' operator is not supported/);
    expect(cause('a equals "x"')).toMatch(/Expected an operator after 'a'/);
    expect(cause('(a eq "x"')).toMatch(/Expected '\)'/);
    expect(cause('a eq "x")')).toMatch(/Unexpected '\)'/);
    expect(cause('a eq "x" b eq "y"')).toMatch(/Unexpected 'b'/);
    expect(cause('a eq "x" and')).toMatch(/end of expression/);
    expect(cause('a eq "x" && b eq "y"')).toMatch(/Unexpected character '&'/);
    expect(cause('eq eq "x"')).toMatch(/Expected an attribute name/);
  });

  it('checks attributes, operators, dates and "not" against the dialect', () => {
    const strict: Dialect = { allowNot: false, attribute: (name) => (name === 'status' ? { type: 'string', operators: ['eq'] } : name === 'lastUpdated' ? { type: 'date', operators: ['gt'] } : undefined) };
    expect(parseExpression('status eq "ACTIVE" or lastUpdated gt "2024-01-01T00:00:00.000Z"', strict).ok).toBe(true);
    expect(cause('nickName eq "x"', strict)).toMatch(/Unsupported attribute 'nickName'/);
    expect(cause('status sw "A"', strict)).toMatch(/'sw' operator is not supported for 'status'/);
    expect(cause('not (status eq "A")', strict)).toMatch(/'not' operator is not supported/);
    expect(cause('lastUpdated gt "yesterday"', strict)).toMatch(/not a valid date/);
    expect(cause('lastUpdated gt "2024-13-45T00:00:00Z"', strict)).toMatch(/not a valid date/);
  });
});

describe('evaluate', () => {
  const user = record({ 'profile.email': 'Ada.Lovelace@Example.com', status: 'ACTIVE', lastUpdated: '2024-05-01T10:00:00.000Z', 'profile.nickName': null });
  const matches = (text: string, caseInsensitive = true) => evaluate(parse(text), user, { caseInsensitive });

  it('compares strings case-insensitively only when asked', () => {
    expect(matches('profile.email eq "ada.lovelace@example.com"')).toBe(true);
    expect(matches('profile.email eq "ada.lovelace@example.com"', false)).toBe(false);
    expect(matches('profile.email eq "Ada.Lovelace@Example.com"', false)).toBe(true);
  });

  it('supports sw, co and ordering', () => {
    expect(matches('profile.email sw "ada."')).toBe(true);
    expect(matches('profile.email co "lovelace@"')).toBe(true);
    expect(matches('profile.email co "babbage"')).toBe(false);
    expect(matches('status lt "STAGED" or status gt "STAGED"')).toBe(true);
  });

  it('compares dates as instants, whatever their offset', () => {
    expect(matches('lastUpdated gt "2024-05-01T09:59:59.999Z"')).toBe(true);
    expect(matches('lastUpdated eq "2024-05-01T12:00:00+02:00"')).toBe(true);
    expect(matches('lastUpdated lt "2024-05-01T10:00:00.000Z"')).toBe(false);
    expect(matches('lastUpdated le "2024-05-01T10:00:00.000Z"')).toBe(true);
  });

  it('treats missing and null attributes as absent', () => {
    expect(matches('profile.nickName pr')).toBe(false);
    expect(matches('profile.email pr')).toBe(true);
    expect(matches('profile.nickName eq "x"')).toBe(false);
    expect(matches('not (profile.nickName pr)')).toBe(true);
  });

  it('combines with and, or and not', () => {
    expect(matches('status eq "active" and (profile.email sw "zed" or profile.email sw "ada")')).toBe(true);
    expect(matches('status eq "active" and not (profile.email sw "ada")')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, lookup, parseExpression, workerResolver, type WorkerFacts } from './target-workers-expression';

const alice: WorkerFacts = {
  sid: 'WK' + 'a'.repeat(32),
  friendlyName: 'alice@example.com',
  activityName: 'Available',
  activitySid: 'WA' + '1'.repeat(32),
  attributes: JSON.stringify({
    email: 'alice@example.com',
    full_name: 'Alice Liddell',
    skills: ['support', 'sales'],
    level: 3,
    rating: 4.5,
    supervisor: false,
    routing: { skills: ['billing'], levels: { billing: 2 } },
    sid: 'not-the-real-sid',
  }),
};

const matches = (expression: string, worker: WorkerFacts = alice) => evaluate(parseExpression(expression), workerResolver(worker));

function rejection(expression: string): ExpressionError {
  try {
    parseExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${expression} to be rejected`);
}

describe('TargetWorkersExpression', () => {
  it('compares strings case-sensitively, in either quote style', () => {
    expect(matches('email == "alice@example.com"')).toBe(true);
    expect(matches("email == 'alice@example.com'")).toBe(true);
    expect(matches('email == "Alice@example.com"')).toBe(false);
    expect(matches('email != "bob@example.com"')).toBe(true);
    expect(matches('email = "alice@example.com"')).toBe(true);
  });

  it('reads single quotes inside double-quoted strings and vice versa as plain characters', () => {
    const obrien = { ...alice, attributes: JSON.stringify({ name: "O'Brien", nick: 'say "hi"' }) };
    expect(matches(`name == "O'Brien"`, obrien)).toBe(true);
    expect(matches(`nick == 'say "hi"'`, obrien)).toBe(true);
  });

  it('compares numbers and booleans by type, never across types', () => {
    expect(matches('level == 3')).toBe(true);
    expect(matches('level == 3.0')).toBe(true);
    expect(matches('level == "3"')).toBe(false);
    expect(matches('level != "3"')).toBe(true);
    expect(matches('rating >= 4.5 AND rating < 5')).toBe(true);
    expect(matches('level > 3')).toBe(false);
    expect(matches('supervisor == false')).toBe(true);
    expect(matches('supervisor == "false"')).toBe(false);
    expect(matches('1 == 1')).toBe(true);
    expect(matches('level > -1')).toBe(true);
  });

  it('follows dotted paths and array indices into attributes', () => {
    expect(matches('routing.skills HAS "billing"')).toBe(true);
    expect(matches('routing.levels.billing == 2')).toBe(true);
    expect(matches('skills[1] == "sales"')).toBe(true);
    expect(matches('skills[5] == "sales"')).toBe(false);
    expect(matches('routing.missing.deeper == "x"')).toBe(false);
  });

  it('supports IN, NOT IN, HAS and CONTAINS', () => {
    expect(matches("email IN ['alice@example.com', 'bob@example.com']")).toBe(true);
    expect(matches("email IN ['bob@example.com']")).toBe(false);
    expect(matches("email NOT IN ['bob@example.com']")).toBe(true);
    expect(matches("email not in ['alice@example.com']")).toBe(false);
    expect(matches('level IN [1, 2, 3]')).toBe(true);
    expect(matches("email IN []")).toBe(false);
    expect(matches('skills HAS "support"')).toBe(true);
    expect(matches('skills HAS "Support"')).toBe(false);
    expect(matches('full_name CONTAINS "Lidd"')).toBe(true);
    expect(matches('full_name CONTAINS "lidd"')).toBe(false);
    expect(matches('skills CONTAINS "sal"')).toBe(true);
    expect(matches('email HAS "alice@example.com"')).toBe(false);
  });

  it('combines with AND/OR/&&/||/NOT and parentheses, AND binding tighter than OR', () => {
    expect(matches('level == 1 OR level == 3')).toBe(true);
    expect(matches('level == 1 || level == 3')).toBe(true);
    expect(matches('level == 3 AND supervisor == true')).toBe(false);
    expect(matches('level == 3 && supervisor == false')).toBe(true);
    expect(matches('level == 9 AND level == 9 OR level == 3')).toBe(true);
    expect(matches('level == 9 AND (level == 9 OR level == 3)')).toBe(false);
    expect(matches('NOT (level == 9)')).toBe(true);
    expect(matches('(skills HAS "support") and (skills HAS "sales")')).toBe(true);
  });

  it("resolves the worker's own sid, friendly_name and activity ahead of attributes of the same name", () => {
    expect(matches(`sid == "${alice.sid}"`)).toBe(true);
    expect(matches('sid == "not-the-real-sid"')).toBe(false);
    expect(matches('friendly_name == "alice@example.com"')).toBe(true);
    expect(matches("activity_name IN ['Available', 'Busy']")).toBe(true);
    expect(matches(`activity_sid == "${alice.activitySid}"`)).toBe(true);
  });

  it('treats missing keys as NULL: no comparison with them holds, not even !=', () => {
    expect(matches('nickname == "al"')).toBe(false);
    expect(matches('nickname != "al"')).toBe(false);
    expect(matches("nickname NOT IN ['al']")).toBe(false);
    expect(matches('NOT (nickname == "al")')).toBe(true);
  });

  it('lets a worker with malformed attributes match only on its own fields', () => {
    const broken = { ...alice, attributes: '{"email": "alice@example.com"' };
    expect(matches('email == "alice@example.com"', broken)).toBe(false);
    expect(matches('email != "x"', broken)).toBe(false);
    expect(matches('friendly_name == "alice@example.com"', broken)).toBe(true);
  });

  it('never lets a quote-escaping injection widen the match', () => {
    const injection = 'email=="a\\"||email!=\\"x"';
    expect(injection).toBe(String.raw`email=="a\"||email!=\"x"`);
    expect(rejection(injection).message).toMatch(/backslash/i);
    expect(rejection(String.raw`email=='a\'||1==1||email==\'x'`).message).toMatch(/backslash/i);
  });

  it('rejects malformed expressions with a position', () => {
    expect(rejection('').message).toMatch(/empty/);
    expect(rejection('email ==').message).toMatch(/value was expected/);
    expect(rejection('email "x"').message).toMatch(/comparison operator/);
    expect(rejection('email == "x').position).toBe(9);
    expect(rejection('email == "x" AND').message).toMatch(/value was expected/);
    expect(rejection('(email == "x"').message).toMatch(/Expected '\)'/);
    expect(rejection('email == "x")').message).toMatch(/after the end/);
    expect(rejection('email == "x" ; drop').position).toBe(13);
    expect(rejection('email IN ["a" "b"]').message).toMatch(/Expected ','/);
    expect(rejection('email IN [nested]').message).toMatch(/List items/);
    expect(rejection('email ! "x"').message).toMatch(/Unexpected character '!'/);
    expect(rejection('a-b == 1').message).toMatch(/Unexpected character '-'/);
    expect(rejection('AND == 1').message).toMatch(/Unexpected keyword AND/);
  });

  it('refuses nesting deep enough to be an attack rather than a query', () => {
    expect(matches('('.repeat(20) + 'level == 3' + ')'.repeat(20))).toBe(true);
    expect(rejection('('.repeat(500) + 'level == 3' + ')'.repeat(500)).message).toMatch(/nested too deeply/);
  });
});

describe('lookup', () => {
  it('ignores inherited properties so that prototype keys resolve to NULL', () => {
    expect(lookup({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(lookup({}, ['constructor'])).toBeUndefined();
    expect(lookup({ a: [1, 2] }, ['a', 'length'])).toBeUndefined();
    expect(lookup(undefined, ['a'])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, workerResolver, type Expression } from '../../sandbox/twilio/target-workers-expression';
import { emailEquals, emailIn, MAX_EXPRESSION_VALUE_LENGTH, taskRouterStringLiteral } from './target-workers-expression';
import { problemFrom } from '../../tests/support/problem-of';

/** How the sandbox's TaskRouter parser reads `email == "…"` for this address. */
const equalsTree = (email: string): Expression => ({ kind: 'compare', op: '==', left: { kind: 'path', segments: ['email'] }, right: { kind: 'literal', value: email } });

describe('emailEquals', () => {
  it('compares the email attribute with a double-quoted address', () => {
    expect(emailEquals('ada@example.com')).toBe('email == "ada@example.com"');
  });

  it('passes the address through exactly, because TaskRouter compares case-sensitively', () => {
    expect(emailEquals('Ada.Lovelace@Example.com')).toBe('email == "Ada.Lovelace@Example.com"');
  });

  it.each([
    ['a double quote that would close the string', 'a"||email!="x@y.z'],
    ['a double quote followed by a new term', 'x@y.z" or profile.login sw "'],
    ['a quoted local part', '"john..doe"@example.com'],
  ])('refuses %s and points the admin to the worker SID', (_, email) => {
    const refused = problemFrom(() => emailEquals(email));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toContain('double quote');
    expect(refused.message).toContain(email);
    expect(refused.nextStep).toMatch(/SID/);
  });

  it.each([['x@y.z\\'], ['x@y.z\\" OR 1 == 1']])('refuses a backslash, which has no documented meaning inside a string: %s', (email) => {
    const refused = problemFrom(() => emailEquals(email));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/backslash|double quote/);
  });

  it.each([
    ['a line feed', 'ada\n@example.com', '\\u000a'],
    ['a NUL', '\u0000ada@example.com', '\\u0000'],
    ['DEL', 'ada@example.com\u007f', '\\u007f'],
  ])('refuses %s, showing it readably', (_, email, shownAs) => {
    const refused = problemFrom(() => emailEquals(email));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toContain('control character');
    expect(refused.message).toContain(shownAs);
  });

  it.each([
    ["a single quote meant to close a single-quoted string", "x@y.z' OR 1 == 1 OR email == 'q"],
    ['parentheses and operators', 'a@b.c) OR (1 == 1'],
    ['bare keywords', 'a@b.c OR email != x'],
  ])('keeps %s inside the one string constant', (_, email) => {
    expect(parseExpression(emailEquals(email))).toEqual(equalsTree(email));
  });

  it.each([
    ['plus addressing', 'ada+flex@example.com'],
    ['an apostrophe', "o'brien@example.com"],
    ['an internationalised domain', 'josé@bücher.de'],
    ['a non-Latin address', '用户@例子.广告'],
    ['a hyphenated address', 'mary-jane@my-company.example'],
  ])('accepts %s unchanged', (_, email) => {
    expect(emailEquals(email)).toBe(`email == "${email}"`);
    expect(parseExpression(emailEquals(email))).toEqual(equalsTree(email));
  });

  it('accepts an address of exactly 320 characters and refuses 321', () => {
    const at320 = `${'a'.repeat(64)}@${'d'.repeat(MAX_EXPRESSION_VALUE_LENGTH - 65)}`;
    expect(emailEquals(at320)).toBe(`email == "${at320}"`);
    const refused = problemFrom(() => emailEquals(`${at320}x`));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/321 characters long/);
  });

  it('refuses an empty address and a lone surrogate', () => {
    expect(problemFrom(() => taskRouterStringLiteral('')).code).toBe('invalid-request');
    expect(problemFrom(() => taskRouterStringLiteral('ada\udc00@example.com')).message).toContain('broken Unicode');
  });
});

describe('emailIn', () => {
  it('lists the addresses as double-quoted constants', () => {
    expect(emailIn(['a@x.io', 'b@x.io'])).toBe('email IN ["a@x.io","b@x.io"]');
  });

  it('keeps exactly one string constant per address, whatever the addresses contain', () => {
    const emails = ['ada@example.com', "x@y.z' , 'evil@example.com", 'a@b.c] OR (1 == 1', "o'brien@example.com"];
    expect(parseExpression(emailIn(emails))).toEqual({ kind: 'compare', op: 'IN', left: { kind: 'path', segments: ['email'] }, right: { kind: 'list', values: emails } });
  });

  it('refuses the whole list when one address cannot be written safely', () => {
    const refused = problemFrom(() => emailIn(['ada@example.com', '"john..doe"@example.com']));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toContain('"john..doe"@example.com');
    expect(refused.nextStep).toMatch(/SID/);
  });

  it('refuses an empty list as a bug rather than sending a query that matches nobody', () => {
    const refused = problemFrom(() => emailIn([]));
    expect(refused.code).toBe('invalid-request');
    expect(refused.message).toMatch(/No addresses/);
  });
});

describe("evaluated by the sandbox's TaskRouter", () => {
  const workers = ['ada@example.com', 'grace@example.com', 'x@y.z', "o'brien@example.com"].map((email, n) => ({
    email,
    resolve: workerResolver({ sid: `WK${String(n).padStart(32, '0')}`, friendlyName: `agent_${n}`, activityName: 'Available', activitySid: `WA${'0'.repeat(32)}`, attributes: JSON.stringify({ email }) }),
  }));
  const found = (expression: string) => workers.filter((w) => evaluate(parseExpression(expression), w.resolve)).map((w) => w.email);

  it('finds exactly the addresses asked for, however the rest are written', () => {
    expect(found(emailEquals("o'brien@example.com"))).toEqual(["o'brien@example.com"]);
    expect(found(emailEquals("x@y.z' OR 1 == 1 OR email == 'q"))).toEqual([]);
    expect(found(emailIn(['ada@example.com', "x@y.z' , 'grace@example.com"]))).toEqual(['ada@example.com']);
  });

  it('matches case-sensitively, so the address must be passed as the worker holds it', () => {
    expect(found(emailEquals('ADA@example.com'))).toEqual([]);
  });

  it('would have been widened had a double quote been let through: the raw address matches everyone', () => {
    const raw = 'x@y.z" OR email != "';
    expect(found(`email == "${raw}"`)).toEqual(workers.map((w) => w.email));
    expect(problemFrom(() => emailEquals(raw)).code).toBe('invalid-request');
  });
});

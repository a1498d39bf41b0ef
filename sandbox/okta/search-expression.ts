/**
 * The expression language of Okta's `search` and `filter` query parameters (a SCIM subset):
 * `profile.email eq "a@b.c" and (status eq "ACTIVE" or status sw "SUS")`.
 *
 * String literals are read exactly, escapes included, so a value that contains `"` or `or`
 * can never turn into extra clauses: a client that escapes an address gets exactly that address.
 */

export type Operator = 'eq' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';

/** Operators the grammar knows; `ne` and `ew` are SCIM words Okta does not accept, rejected by name. */
const OPERATORS = new Set(['eq', 'ne', 'sw', 'ew', 'co', 'gt', 'ge', 'lt', 'le', 'pr']);

export type Expression =
  | { kind: 'compare'; attribute: string; operator: Exclude<Operator, 'pr'>; value: string; type: AttributeType }
  | { kind: 'present'; attribute: string }
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression };

export type AttributeType = 'string' | 'date';

export interface AttributeRule {
  type: AttributeType;
  operators: readonly Operator[];
}

/** What one query parameter accepts: which attributes with which operators, and whether `not` exists. */
export interface Dialect {
  attribute: (name: string) => AttributeRule | undefined;
  allowNot: boolean;
}

export type ParseResult = { ok: true; expression: Expression } | { ok: false; cause: string };

type Token = { kind: 'word'; text: string; at: number } | { kind: 'string'; text: string; at: number } | { kind: '(' | ')'; at: number };

class SyntaxProblem extends Error {}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxProblem(`Invalid \\u escape at position ${i}`);
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) throw new SyntaxProblem(`Invalid escape sequence at position ${i}`);
      value += escaped;
      i += 2;
      continue;
    }
    value += c;
    i += 1;
  }
  throw new SyntaxProblem(`Unterminated string starting at position ${start}`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, at: i });
      i += 1;
    } else if (c === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ kind: 'string', text: value, at: i });
      i = end;
    } else {
      const word = /^[A-Za-z0-9_.]+/.exec(text.slice(i));
      if (!word) throw new SyntaxProblem(`Unexpected character '${c}' at position ${i}`);
      tokens.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
    }
  }
  return tokens;
}

const describe = (token: Token | undefined) => (token === undefined ? 'end of expression' : token.kind === 'word' ? `'${token.text}'` : token.kind === 'string' ? 'a string' : `'${token.kind}'`);

const isKeyword = (token: Token | undefined, keyword: string) => token?.kind === 'word' && token.text.toLowerCase() === keyword;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parser(tokens: Token[], dialect: Dialect) {
  let pos = 0;
  const peek = () => tokens[pos];

  function expression(): Expression {
    let left = conjunction();
    while (isKeyword(peek(), 'or')) {
      pos += 1;
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  }

  function conjunction(): Expression {
    let left = unary();
    while (isKeyword(peek(), 'and')) {
      pos += 1;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }

  function unary(): Expression {
    const token = peek();
    if (isKeyword(token, 'not')) {
      if (!dialect.allowNot) throw new SyntaxProblem(`The 'not' operator is not supported here`);
      pos += 1;
      return { kind: 'not', operand: unary() };
    }
    if (token?.kind === '(') {
      pos += 1;
      const inner = expression();
      const close = peek();
      if (close?.kind !== ')') throw new SyntaxProblem(`Expected ')' but found ${describe(close)}`);
      pos += 1;
      return inner;
    }
    return comparison();
  }

  function comparison(): Expression {
    const attributeToken = peek();
    if (attributeToken?.kind !== 'word' || ['and', 'or', 'not'].includes(attributeToken.text.toLowerCase()) || OPERATORS.has(attributeToken.text.toLowerCase())) {
      throw new SyntaxProblem(`Expected an attribute name but found ${describe(attributeToken)}`);
    }
    pos += 1;
    const attribute = attributeToken.text;
    const rule = dialect.attribute(attribute);
    if (!rule) throw new SyntaxProblem(`Unsupported attribute '${attribute}'`);

    const operatorToken = peek();
    const operator = operatorToken?.kind === 'word' ? operatorToken.text.toLowerCase() : undefined;
    if (operator === undefined || !OPERATORS.has(operator)) throw new SyntaxProblem(`Expected an operator after '${attribute}' but found ${describe(operatorToken)}`);
    pos += 1;
    if (!rule.operators.includes(operator as Operator)) throw new SyntaxProblem(`The '${operator}' operator is not supported for '${attribute}'`);
    if (operator === 'pr') return { kind: 'present', attribute };

    const valueToken = peek();
    if (valueToken?.kind !== 'string') throw new SyntaxProblem(`Expected a quoted string after '${attribute} ${operator}' but found ${describe(valueToken)}`);
    pos += 1;
    if (rule.type === 'date' && !(ISO_DATE.test(valueToken.text) && !Number.isNaN(Date.parse(valueToken.text)))) {
      throw new SyntaxProblem(`'${valueToken.text}' is not a valid date for '${attribute}'`);
    }
    return { kind: 'compare', attribute, operator: operator as Exclude<Operator, 'pr'>, value: valueToken.text, type: rule.type };
  }

  return {
    parse(): Expression {
      const result = expression();
      const rest = peek();
      if (rest !== undefined) throw new SyntaxProblem(`Unexpected ${describe(rest)} at position ${rest.at}`);
      return result;
    },
  };
}

export function parseExpression(text: string, dialect: Dialect): ParseResult {
  try {
    return { ok: true, expression: parser(tokenize(text), dialect).parse() };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, cause: error.message };
    throw error;
  }
}

export interface EvaluationOptions {
  /** `search` compares string values case-insensitively; `filter` does not. */
  caseInsensitive: boolean;
}

/** A resource's attribute as the expression sees it; absent and null attributes are "not present". */
export type ReadAttribute = (name: string) => string | number | boolean | null | undefined;

function compare(actual: string, expected: string, operator: Exclude<Operator, 'pr'>, type: AttributeType, options: EvaluationOptions): boolean {
  if (type === 'date') {
    const a = Date.parse(actual);
    const b = Date.parse(expected);
    if (Number.isNaN(a)) return false;
    return { eq: a === b, sw: false, co: false, gt: a > b, ge: a >= b, lt: a < b, le: a <= b }[operator];
  }
  const a = options.caseInsensitive ? actual.toLowerCase() : actual;
  const b = options.caseInsensitive ? expected.toLowerCase() : expected;
  return { eq: a === b, sw: a.startsWith(b), co: a.includes(b), gt: a > b, ge: a >= b, lt: a < b, le: a <= b }[operator];
}

export function evaluate(expression: Expression, read: ReadAttribute, options: EvaluationOptions): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, read, options) && evaluate(expression.right, read, options);
    case 'or':
      return evaluate(expression.left, read, options) || evaluate(expression.right, read, options);
    case 'not':
      return !evaluate(expression.operand, read, options);
    case 'present': {
      const value = read(expression.attribute);
      return value !== undefined && value !== null && value !== '';
    }
    case 'compare': {
      const value = read(expression.attribute);
      if (value === undefined || value === null) return false;
      return compare(String(value), expression.value, expression.operator, expression.type, options);
    }
  }
}

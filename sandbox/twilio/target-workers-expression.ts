/**
 * TaskRouter's `TargetWorkersExpression`, as the Workers list evaluates it
 * (https://www.twilio.com/docs/taskrouter/expression-syntax).
 *
 * Supported: string literals in single or double quotes, numbers, `true`/`false`, list literals
 * `['a', 'b']`, attribute paths with dots and indices (`routing.skills[0]`), the comparisons
 * `==` (`=`), `!=`, `<`, `<=`, `>`, `>=`, `IN`, `NOT IN`, `HAS`, `CONTAINS`, the logic `AND`/`&&`,
 * `OR`/`||`, `NOT`, and parentheses. Keywords are case-insensitive, as in Twilio's own examples
 * (`activity_name in [...]`).
 *
 * Semantics, and where they are a deliberate choice because Twilio does not document them:
 * - String comparison is case-sensitive for every operator, `CONTAINS` included.
 * - Comparisons between different types are false (`!=` is true), as are comparisons involving
 *   a key the document lacks (NULL) or an object; so a worker whose attributes are not valid JSON
 *   matches no attribute condition.
 * - Backslashes inside string literals are rejected rather than read as escapes. Twilio documents
 *   no escape syntax, so a client that escapes quotes to build an expression from user data would
 *   be relying on behaviour the real API may not have; rejecting keeps such input from ever
 *   widening a query.
 */

export type Scalar = string | number | boolean;

export type Operand =
  | { kind: 'literal'; value: Scalar }
  | { kind: 'list'; values: Scalar[] }
  | { kind: 'path'; segments: (string | number)[] };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN' | 'HAS' | 'CONTAINS';

export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand };

export class ExpressionError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the expression where the problem was found. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'path'; segments: (string | number)[]; at: number }
  | { type: 'word'; value: string; at: number }
  | { type: 'punct'; value: string; at: number }
  | { type: 'end'; at: number };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'HAS', 'CONTAINS', 'TRUE', 'FALSE']);
const PUNCTUATION = ['==', '!=', '>=', '<=', '&&', '||', '=', '>', '<', '(', ')', '[', ']', ','];
/** Deep enough for any hand-written expression, shallow enough that hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') throw new ExpressionError('Backslashes are not allowed inside string literals', j);
        value += source[j];
        j++;
      }
      if (j >= source.length) throw new ExpressionError('Unterminated string literal', at);
      tokens.push({ type: 'string', value, at });
      i = j + 1;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (word) {
      i += word[0].length;
      if (KEYWORDS.has(word[0].toUpperCase())) {
        tokens.push({ type: 'word', value: word[0].toUpperCase(), at });
        continue;
      }
      const segments: (string | number)[] = [word[0]];
      for (;;) {
        const member = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(i));
        const index = /^\[(\d+)\]/.exec(source.slice(i));
        if (member) segments.push(member[1]!);
        else if (index) segments.push(Number(index[1]));
        else break;
        i += (member ?? index)![0].length;
      }
      tokens.push({ type: 'path', segments, at });
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw new ExpressionError(`Unexpected character '${c}'`, at);
    tokens.push({ type: 'punct', value: punct, at });
    i += punct.length;
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index++;
    return token;
  }

  private isWord(value: string, offset = 0): boolean {
    const token = this.tokens[this.index + offset];
    return token?.type === 'word' && token.value === value;
  }

  private isPunct(...values: string[]): boolean {
    const token = this.peek();
    return token.type === 'punct' && values.includes(token.value);
  }

  private expectPunct(value: string) {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) throw new ExpressionError(`Expected '${value}'`, token.at);
  }

  parseAll(): Expression {
    if (this.peek().type === 'end') throw new ExpressionError('The expression is empty', 0);
    const expression = this.parseOr();
    const rest = this.peek();
    if (rest.type !== 'end') throw new ExpressionError('Unexpected input after the end of the expression', rest.at);
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isWord('OR') || this.isPunct('||')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseUnary();
    while (this.isWord('AND') || this.isPunct('&&')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expression {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('The expression is nested too deeply', this.peek().at);
    try {
      if (this.isWord('NOT')) {
        this.next();
        return { kind: 'not', operand: this.parseUnary() };
      }
      if (this.isPunct('(')) {
        this.next();
        const inner = this.parseOr();
        this.expectPunct(')');
        return inner;
      }
      return this.parseComparison();
    } finally {
      this.depth--;
    }
  }

  private parseComparison(): Expression {
    const left = this.parseOperand();
    const opToken = this.peek();
    const op = this.parseOperator();
    if (!op) throw new ExpressionError('Expected a comparison operator', opToken.at);
    return { kind: 'compare', op, left, right: this.parseOperand() };
  }

  private parseOperator(): CompareOp | undefined {
    const token = this.peek();
    if (token.type === 'punct') {
      const symbol = ({ '==': '==', '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const)[token.value as '=='];
      if (symbol) this.next();
      return symbol;
    }
    if (token.type !== 'word') return undefined;
    if (token.value === 'NOT' && this.isWord('IN', 1)) {
      this.next();
      this.next();
      return 'NOT IN';
    }
    if (token.value === 'IN' || token.value === 'HAS' || token.value === 'CONTAINS') {
      this.next();
      return token.value;
    }
    return undefined;
  }

  private parseOperand(): Operand {
    const token = this.next();
    switch (token.type) {
      case 'path':
        return { kind: 'path', segments: token.segments };
      case 'string':
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'word':
        if (token.value === 'TRUE' || token.value === 'FALSE') return { kind: 'literal', value: token.value === 'TRUE' };
        throw new ExpressionError(`Unexpected keyword ${token.value}`, token.at);
      case 'punct':
        if (token.value === '[') return { kind: 'list', values: this.parseListRest() };
        throw new ExpressionError(`Unexpected '${token.value}'`, token.at);
      case 'end':
        throw new ExpressionError('The expression ends where a value was expected', token.at);
    }
  }

  private parseListRest(): Scalar[] {
    const values: Scalar[] = [];
    if (this.isPunct(']')) {
      this.next();
      return values;
    }
    for (;;) {
      const token = this.next();
      if (token.type === 'string' || token.type === 'number') values.push(token.value);
      else if (token.type === 'word' && (token.value === 'TRUE' || token.value === 'FALSE')) values.push(token.value === 'TRUE');
      else throw new ExpressionError('List items must be strings, numbers or booleans', token.at);
      const separator = this.next();
      if (separator.type === 'punct' && separator.value === ']') return values;
      if (separator.type !== 'punct' || separator.value !== ',') throw new ExpressionError("Expected ',' or ']' in a list", separator.at);
    }
  }
}

/** Parses an expression; throws ExpressionError with a position for anything it cannot read. */
export function parseExpression(source: string): Expression {
  return new Parser(tokenize(source)).parseAll();
}

/** Looks up a path; undefined stands for TaskRouter's NULL. */
export type Resolver = (segments: (string | number)[]) => unknown;

const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const sameScalar = (a: Scalar, b: unknown) => typeof a === typeof b && a === b;

function operandValue(operand: Operand, resolve: Resolver): unknown {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'list') return operand.values;
  return resolve(operand.segments);
}

function compare(op: CompareOp, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return isScalar(left) && isScalar(right) && sameScalar(left, right);
    case '!=':
      return isScalar(left) && isScalar(right) && !sameScalar(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
      if (!comparable) return false;
      const [l, r] = [left as number | string, right as number | string];
      return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
    }
    case 'IN':
      return isScalar(left) && Array.isArray(right) && right.some((item) => sameScalar(left, item));
    case 'NOT IN':
      return isScalar(left) && Array.isArray(right) && !right.some((item) => sameScalar(left, item));
    case 'HAS':
      return Array.isArray(left) && isScalar(right) && left.some((item) => sameScalar(right, item));
    case 'CONTAINS':
      if (typeof right !== 'string') return false;
      if (typeof left === 'string') return left.includes(right);
      return Array.isArray(left) && left.some((item) => typeof item === 'string' && item.includes(right));
  }
}

export function evaluate(expression: Expression, resolve: Resolver): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, resolve) && evaluate(expression.right, resolve);
    case 'or':
      return evaluate(expression.left, resolve) || evaluate(expression.right, resolve);
    case 'not':
      return !evaluate(expression.operand, resolve);
    case 'compare':
      return compare(expression.op, operandValue(expression.left, resolve), operandValue(expression.right, resolve));
  }
}

/** Walks `segments` into a parsed JSON value; missing keys, wrong types and inherited properties are NULL. */
export function lookup(document: unknown, segments: (string | number)[]): unknown {
  let current = document;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

export interface WorkerFacts {
  sid: string;
  friendlyName: string;
  activityName: string | null;
  activitySid: string;
  /** The worker's attributes JSON string, possibly malformed. */
  attributes: string;
}

function parseAttributes(attributes: string): unknown {
  try {
    return JSON.parse(attributes);
  } catch {
    return undefined;
  }
}

/**
 * A resolver over one worker: its own `sid`, `friendly_name`, `activity_name` and `activity_sid`
 * (the last two per Twilio's 2022 changelog for the Workers list), then its attributes. The
 * worker's own fields win over attributes of the same name because they are what Twilio stores
 * on the resource itself.
 */
export function workerResolver(worker: WorkerFacts): Resolver {
  const attributes = parseAttributes(worker.attributes);
  const own: Record<string, unknown> = {
    sid: worker.sid,
    friendly_name: worker.friendlyName,
    activity_name: worker.activityName ?? undefined,
    activity_sid: worker.activitySid,
  };
  return (segments) => {
    const [first] = segments;
    if (segments.length === 1 && typeof first === 'string' && Object.prototype.hasOwnProperty.call(own, first)) return own[first];
    return lookup(attributes, segments);
  };
}

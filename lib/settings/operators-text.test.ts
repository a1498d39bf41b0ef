import { describe, expect, it } from 'vitest';
import { parseOperators } from './operators-text';

describe('the approved-operators box', () => {
  it('reads one address per line or comma and drops blanks', () => {
    expect(parseOperators(' ana@example.com\n\nbob@example.com, cy@example.com ,\n')).toEqual(['ana@example.com', 'bob@example.com', 'cy@example.com']);
    expect(parseOperators('  \n ')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { error, ok, sortFindings, summarise, warning } from './finding';

describe('sortFindings', () => {
  it('puts errors first, then warnings, then what is fine, stable within a severity', () => {
    const mixed = [ok('a', null, 'a'), warning('b', null, 'b', 'fix b'), error('c', null, 'c', 'fix c'), ok('d', null, 'd'), error('e', null, 'e', 'fix e')];
    expect(sortFindings(mixed).map((f) => f.rule)).toEqual(['c', 'e', 'b', 'a', 'd']);
  });
});

describe('summarise', () => {
  it('counts problems and names the first three, worst first', () => {
    const findings = [warning('w', null, 'The SSO URL ends with a slash.', 'fix'), error('e', null, 'The ACS URL names another account.', 'fix'), ok('o', null, 'Fine.')];
    expect(summarise(findings)).toEqual({ errors: 1, warnings: 1, text: '2 problems: The ACS URL names another account; The SSO URL ends with a slash.' });
  });

  it('says when nothing is wrong, and when there was nothing to check', () => {
    expect(summarise([ok('o', null, 'Fine.')]).text).toBe('No problems found.');
    expect(summarise([]).text).toBe('Nothing to check yet.');
  });
});

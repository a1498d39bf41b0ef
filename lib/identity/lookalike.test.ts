import { describe, expect, it } from 'vitest';
import { isLookalike, lookalikeParts, lookalikeSentence } from './lookalike';

const KELVIN = '\u212A';

describe('look-alike addresses', () => {
  it('are those whose NFKC form differs, or with a non-ASCII letter lower-casing into ASCII', () => {
    const table: [string, boolean][] = [
      ['kelly.park@example.com', false],
      ['Kelly.Park@Example.com', false],
      ['josé@bücher.example', false],
      ['josé@xn--bcher-kva.example', false],
      ['Łukasz@żółw.example', false],
      ['"john..doe"@example.com', false],
      [`${KELVIN}elly.park@example.com`, true],
      ['omar@ｅｘａｍｐｌｅ.com', true],
      ['ﬁona@example.com', true],
      ['ſam@example.com', true],
      ['jose\u0301@example.com', true],
      ['\u0130smail@example.com', true],
    ];
    for (const [address, lookalike] of table) expect([address, isLookalike(address)]).toEqual([address, lookalike]);
  });

  it('names the stretch that is not what it seems and what it passes for', () => {
    expect(lookalikeParts(`${KELVIN}elly@example.com`)).toEqual([{ written: KELVIN, looksLike: 'K', fold: 'compatibility' }]);
    expect(lookalikeParts('jose\u0301@example.com')).toEqual([{ written: 'e\u0301', looksLike: 'é', fold: 'compatibility' }]);
    expect(lookalikeParts('\u0130smail@example.com')).toEqual([{ written: '\u0130', looksLike: 'i\u0307', fold: 'case' }]);
    expect(lookalikeParts('josé@bücher.example')).toEqual([]);
  });

  it('says in one sentence which character looks like which, by code point and name', () => {
    expect(lookalikeSentence(`${KELVIN}elly.park@example.com`)).toBe('U+212A KELVIN SIGN looks like “K”.');
    expect(lookalikeSentence('omar@ｅｘａｍｐｌｅ.com')).toBe(
      'U+FF45 FULLWIDTH LATIN SMALL LETTER E looks like “e”; U+FF58 FULLWIDTH LATIN SMALL LETTER X looks like “x”; U+FF41 FULLWIDTH LATIN SMALL LETTER A looks like “a”; and 4 more.',
    );
    expect(lookalikeSentence('jose\u0301@example.com')).toBe('U+0065 + U+0301 looks like “é”.');
    expect(lookalikeSentence('\u0130smail@example.com')).toBe('U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE becomes “i\u0307” in lower case.');
    expect(lookalikeSentence('kelly.park@example.com')).toBeNull();
  });
});

/**
 * Addresses that are not what they seem. `emailKey` folds case and the Unicode/punycode spellings
 * of a domain, and the URL parser behind it applies IDNA mapping, which is NFKC plus case folding:
 * left alone, `Kelly@example.com` written with U+212A KELVIN SIGN, or `kelly@ｅｘａｍｐｌｅ.com`
 * in fullwidth letters, would fold onto the plain `kelly@example.com` and be matched to that
 * person, who is somebody else. Okta's case-insensitive `eq` may fold them the same way.
 *
 * Unicode's security guidance treats these folds as the spoofing risk: UTR #36
 * (https://www.unicode.org/reports/tr36/) on visually confusable strings, and UTS #39 §3.3, Email
 * Security Profiles (https://www.unicode.org/reports/tr39/), which admits only characters that
 * NFKC and case folding leave alone. The W3C's string-matching note
 * (https://www.w3.org/TR/charmod-norm/) adds that compatibility folding must not be applied
 * silently when identities are compared. So an address is a look-alike when:
 *
 * - its NFKC form differs from its raw form (compatibility characters such as the Kelvin sign,
 *   fullwidth letters, ligatures, long s; also accents written as separate combining marks), or
 * - lower-casing turns one of its non-ASCII characters into something holding ASCII (U+0130
 *   LATIN CAPITAL LETTER I WITH DOT ABOVE becomes `i` + U+0307, onto a plain `i`; the Kelvin
 *   sign becomes `k`, though NFKC already catches it).
 *
 * Such an address is never looked up in Okta nor matched to anyone; the worker gets its own
 * status, `lookalike`, and the sentence below says which character is not what it seems.
 * Mixed-script confusables (a Cyrillic `а` among Latin letters) are not caught: they do not fold
 * onto another address, so they cannot be matched to someone else.
 */

/** One stretch of an address that is not what it seems. */
export interface LookalikePart {
  /** As written: one character, or a letter followed by accents written separately. */
  written: string;
  /** What it passes for: its NFKC form, or its lower case when only case folding gives it away. */
  looksLike: string;
  /** `compatibility`: NFKC changes it; `case`: lower-casing turns it into ASCII. */
  fold: 'compatibility' | 'case';
}

const holdsAscii = (text: string) => Array.from(text).some((c) => c.codePointAt(0)! < 0x80);

/** A character whose lower case holds ASCII although it is not ASCII itself. */
const lowersIntoAscii = (character: string) => !holdsAscii(character) && holdsAscii(character.toLowerCase());

/** A character with the accents written after it, or accents with nothing before them. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

export function isLookalike(address: string): boolean {
  return address.normalize('NFKC') !== address || Array.from(address).some(lowersIntoAscii);
}

/** The stretches of the address that are not what they seem, in order; empty for an honest address. */
export function lookalikeParts(address: string): LookalikePart[] {
  const parts: LookalikePart[] = [];
  for (const written of address.match(CLUSTER) ?? []) {
    const normal = written.normalize('NFKC');
    if (normal !== written) parts.push({ written, looksLike: normal, fold: 'compatibility' });
    else if (Array.from(written).some(lowersIntoAscii)) parts.push({ written, looksLike: written.toLowerCase(), fold: 'case' });
  }
  return parts;
}

const DIGITS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** Names of the characters a look-alike address usually holds; the others are shown by code point alone. */
const NAMES: Record<number, string> = {
  0x0130: 'LATIN CAPITAL LETTER I WITH DOT ABOVE',
  0x017f: 'LATIN SMALL LETTER LONG S',
  0x212a: 'KELVIN SIGN',
  0x212b: 'ANGSTROM SIGN',
  0xff0b: 'FULLWIDTH PLUS SIGN',
  0xff0d: 'FULLWIDTH HYPHEN-MINUS',
  0xff0e: 'FULLWIDTH FULL STOP',
  0xff20: 'FULLWIDTH COMMERCIAL AT',
  0xff3f: 'FULLWIDTH LOW LINE',
};

/** The Unicode name of fullwidth letters and digits, which follow their ASCII twins. */
function fullwidthName(code: number): string | undefined {
  const ascii = code - 0xfee0;
  if (ascii >= 0x30 && ascii <= 0x39) return `FULLWIDTH DIGIT ${DIGITS[ascii - 0x30]}`;
  if (ascii >= 0x41 && ascii <= 0x5a) return `FULLWIDTH LATIN CAPITAL LETTER ${String.fromCharCode(ascii)}`;
  if (ascii >= 0x61 && ascii <= 0x7a) return `FULLWIDTH LATIN SMALL LETTER ${String.fromCharCode(ascii - 0x20)}`;
  return undefined;
}

/** `U+212A KELVIN SIGN`, or `U+0301` when the name is not one we keep. */
export function codePointLabel(character: string): string {
  const code = character.codePointAt(0)!;
  const name = NAMES[code] ?? fullwidthName(code);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''}`;
}

/** What the admin can do about a look-alike address, wherever one is refused. */
export const LOOKALIKE_NEXT_STEP = 'Correct the address where it was written (the worker’s attributes, or the Okta profile); Flex Steward never looks up or acts on a look-alike address.';

const MAX_PARTS_SHOWN = 3;

function describe(part: LookalikePart): string {
  const written = Array.from(part.written).map(codePointLabel).join(' + ');
  return part.fold === 'compatibility' ? `${written} looks like “${part.looksLike}”` : `${written} becomes “${part.looksLike}” in lower case`;
}

/**
 * One sentence naming what is not what it seems: “U+212A KELVIN SIGN looks like “K”.” Null for an
 * honest address. Shown on hover and in the dry run, so the admin can find the character to fix.
 */
export function lookalikeSentence(address: string): string | null {
  if (!isLookalike(address)) return null;
  const parts = lookalikeParts(address);
  // NFKC can change a string without changing any one stretch of it (Hangul jamo composing).
  if (parts.length === 0) return `Its characters compose into “${address.normalize('NFKC')}”.`;
  const shown = parts.slice(0, MAX_PARTS_SHOWN).map(describe);
  const more = parts.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

import { searchForms } from '../identity/worker-email';
import { DEFAULT_MAX_ENCODED_SEARCH_LENGTH, emailOrLoginEquals, oktaStringLiteral } from '../okta/search-expression';

/**
 * Addresses grouped so each group is one Okta `search` request: every spelling of one address stays
 * in its group, and a group's expression (`emailOrLoginEquals` of its spellings) fits the length
 * `chunkEmailSearches` allows, so `findUsersByEmail` sends exactly one request for it. Built one
 * address at a time, in the order the workers were listed, so the count of searches an audit would
 * need is known at every moment (the directory read is bounded by it) and the same groups come out
 * again after a restart.
 */

/** A term's length in a URL by each encoding `encodedSearchLength` considers; both add up term by term. */
function encodedLengths(text: string): [number, number] {
  return [encodeURIComponent(text).length, new URLSearchParams({ s: text }).toString().length - 2];
}

const SEPARATOR = encodedLengths(' or ');

export interface SearchGroup {
  /** `emailKey`s of the addresses searched together. */
  keys: string[];
  /** Every spelling of those addresses, as searched. */
  forms: string[];
}

export interface SearchGrouper {
  /** Adds an address under its key (once per key); false when Okta's syntax cannot carry it, so it costs no search. */
  add(key: string, address: string): boolean;
  readonly groups: readonly SearchGroup[];
}

export function createSearchGrouper(maxEncodedLength = DEFAULT_MAX_ENCODED_SEARCH_LENGTH): SearchGrouper {
  const groups: SearchGroup[] = [];
  const seen = new Set<string>();
  let length: [number, number] = [0, 0];
  return {
    groups,
    add(key, address) {
      if (seen.has(key)) return true;
      seen.add(key);
      let forms: string[];
      let term: [number, number];
      try {
        forms = searchForms(address);
        term = encodedLengths(emailOrLoginEquals(forms));
        for (const form of forms) oktaStringLiteral(form);
      } catch {
        return false;
      }
      const current = groups.at(-1);
      const joined: [number, number] = [length[0] + SEPARATOR[0] + term[0], length[1] + SEPARATOR[1] + term[1]];
      if (current && Math.max(...joined) <= maxEncodedLength) {
        current.keys.push(key);
        current.forms.push(...forms);
        length = joined;
      } else {
        groups.push({ keys: [key], forms: [...forms] });
        length = term;
      }
      return true;
    },
  };
}

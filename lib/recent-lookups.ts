import { parseLookupQuery } from './lookup-query';

/**
 * The popup's last few look-ups, kept in the popup's own `localStorage` (the extension origin:
 * content scripts cannot read it). Only what the admin typed is kept, never an answer, and only
 * text that parses as a lookup, so nothing pasted by mistake (a token, say) is remembered.
 */
export const RECENT_LOOKUPS_KEY = 'flex-steward.recent-lookups';
export const MAX_RECENT_LOOKUPS = 10;

export type RecentStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface RecentLookups {
  list(): string[];
  /** Puts `text` first (once, whatever its case) and returns the new list. */
  add(text: string): string[];
  clear(): void;
}

export function createRecentLookups(storage: RecentStorage): RecentLookups {
  const list = (): string[] => {
    try {
      const stored: unknown = JSON.parse(storage.getItem(RECENT_LOOKUPS_KEY) ?? '[]');
      return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string' && parseLookupQuery(item).ok).slice(0, MAX_RECENT_LOOKUPS) : [];
    } catch {
      return [];
    }
  };
  return {
    list,
    add(text) {
      const item = text.trim();
      if (!parseLookupQuery(item).ok) return list();
      const next = [item, ...list().filter((old) => old.toLowerCase() !== item.toLowerCase())].slice(0, MAX_RECENT_LOOKUPS);
      try {
        storage.setItem(RECENT_LOOKUPS_KEY, JSON.stringify(next));
      } catch {
        // Storage full or refused: the lookup itself still works, it is just not remembered.
      }
      return next;
    },
    clear: () => storage.removeItem(RECENT_LOOKUPS_KEY),
  };
}

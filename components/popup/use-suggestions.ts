import { useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import { suggestionPrefix } from '../../lib/lookup-query';
import type { PersonSuggestion } from '../../lib/status/views';

/** How long typing must pause before Okta is asked: one request per pause, not per keystroke. */
export const SUGGEST_DEBOUNCE_MS = 250;

/**
 * Okta users whose name or email starts with what the admin is typing. A newer input cancels the
 * pending one and makes any late answer to an older one be ignored, so the list never shows
 * suggestions for text that is no longer in the box. Failures show no suggestions: the lookup
 * itself reports what is wrong.
 */
export function useSuggestions(input: string, enabled: boolean): PersonSuggestion[] {
  const [answer, setAnswer] = useState<{ prefix: string; people: PersonSuggestion[] }>();
  const prefix = enabled ? suggestionPrefix(input) : null;

  useEffect(() => {
    if (prefix === null) return;
    let current = true;
    const timer = setTimeout(() => {
      askBackground('person.suggest', { prefix }).then(
        ({ people }) => current && setAnswer({ prefix, people }),
        () => current && setAnswer({ prefix, people: [] }),
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [prefix]);

  return prefix !== null && answer?.prefix === prefix ? answer.people : [];
}

import { useId, useState, type KeyboardEvent } from 'react';
import { parseLookupQuery, type LookupQuery } from '../../lib/lookup-query';
import type { PersonSuggestion } from '../../lib/status/views';
import { OKTA_STATUS_LABEL } from '../PersonView';
import { useSuggestions } from './use-suggestions';

/**
 * The popup's lookup field: an ARIA combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/)
 * with Okta's suggestions as its listbox. Arrow keys move through them, Enter picks one (or looks
 * up what is typed), Escape closes the list. What is typed is checked before anything is sent; a
 * suggestion is looked up by its Okta id, so a pick cannot match anyone else.
 */
export function LookupBox({ text, onText, onLookup, busy }: { text: string; onText(text: string): void; onLookup(query: LookupQuery, text: string): void; busy: boolean }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [invalid, setInvalid] = useState<string>();
  const suggestions = useSuggestions(text, open);
  const shown = open && suggestions.length > 0;
  const optionId = (i: number) => `${id}-option-${i}`;

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const pick = (person: PersonSuggestion) => {
    close();
    onText(person.login);
    setInvalid(undefined);
    onLookup({ kind: 'okta-user', id: person.id }, person.login);
  };

  const submit = () => {
    const parsed = parseLookupQuery(text);
    close();
    if (!parsed.ok) return setInvalid(parsed.message);
    setInvalid(undefined);
    onLookup(parsed.query, text.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      if (suggestions.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + suggestions.length + (i < 0 && step < 0 ? 1 : 0)) % suggestions.length);
    } else if (event.key === 'Escape' && shown) {
      // Closes the list only; a second Escape is the browser's (it closes the popup).
      event.preventDefault();
      close();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = shown ? suggestions[active] : undefined;
      if (chosen) pick(chosen);
      else if (!busy) submit();
    }
  };

  return (
    <form
      className="panel lookup"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) submit();
      }}
    >
      <label htmlFor={`${id}-input`}>Find a person</label>
      <p className="hint" id={`${id}-hint`}>
        Email, Okta login, Okta user id (00u…) or worker SID (WK…). Okta suggests people as you type.
      </p>
      <div className="row combobox">
        <input
          id={`${id}-input`}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
          aria-describedby={invalid ? `${id}-error` : `${id}-hint`}
          aria-invalid={invalid ? true : undefined}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={1000}
          placeholder="agent@example.com"
          value={text}
          onChange={(e) => {
            onText(e.target.value);
            setInvalid(undefined);
            setActive(-1);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Looking up…' : 'Look up'}
        </button>
        <ul className="suggestions" id={`${id}-listbox`} role="listbox" aria-label="Okta suggestions" hidden={!shown}>
          {suggestions.map((person, i) => (
            <li
              key={person.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(person);
              }}
            >
              <span className="name">{person.name}</span> <span className="muted small">{person.email}</span>
              {person.status === 'ACTIVE' ? null : <span className="muted small"> · {OKTA_STATUS_LABEL[person.status]}</span>}
            </li>
          ))}
        </ul>
      </div>
      {invalid ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {invalid}
        </p>
      ) : null}
    </form>
  );
}

import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * Renders extension-page components in a unit test (happy-dom) the way React runs them in the
 * page: inside `act`, so effects and state updates have happened before the test looks.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  root: Root;
  unmount: () => Promise<void>;
}

export async function render(ui: ReactNode): Promise<Rendered> {
  document.body.innerHTML = '<div id="root"></div>';
  const root = createRoot(document.getElementById('root')!);
  await act(async () => root.render(ui));
  return { root, unmount: () => act(async () => root.unmount()) };
}

/** The page's text, as a person reads it. */
export const pageText = () => document.body.textContent ?? '';

/** The button whose text is `name` (or matches it); throws, with the page's text, when there is none. */
export function button(name: string | RegExp): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? '')));
  if (!found) throw new Error(`no button ${String(name)} in: ${pageText()}`);
  return found;
}

export const click = (element: Element) => act(async () => void (element as HTMLElement).click());

/**
 * Types into a React-controlled field: React listens for `input`/`change` and reads the value
 * through the prototype's setter, which setting `.value` directly would bypass.
 */
export async function typeInto(field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): Promise<void> {
  const prototype = field instanceof HTMLSelectElement ? HTMLSelectElement.prototype : field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

/** Submits a form as pressing Enter or its submit button would. */
export const submit = (form: HTMLFormElement) => act(async () => void form.requestSubmit());

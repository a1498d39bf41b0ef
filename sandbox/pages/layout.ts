import { escapeHtml, html, type SandboxResponse } from '../http';

/**
 * Markup that is already safe to emit. Only `h` and `raw` make one, so every other value that
 * reaches a page goes through `escapeHtml`: generated names that look like markup stay text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Trusted, hand-written markup such as an inline script. Never pass generated data here. */
export const raw = (value: string): Html => new Html(value);

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template tag that escapes every interpolated value unless it is already `Html` (arrays are joined). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => (out += render(value) + (strings[i + 1] ?? '')));
  return new Html(out);
}

/** JSON for a `<script type="application/json">`: `<` is escaped so a name like `</script>` cannot end the element. */
export function scriptJson(value: unknown): Html {
  return new Html(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

/** A stable 32-bit FNV-1a hash, for values the pages derive rather than store. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Class names the way CSS-in-JS builds emit them (`css-1x2y3z`). They change with the seed, as real
 * ones change with each deploy, so an extension that keys on them fails in the sandbox first.
 */
export type ClassNamer = (name: string) => string;

export function classNamer(salt: string | number): ClassNamer {
  return (name) => `css-${hashString(`${salt}:${name}`).toString(36)}`;
}

export interface DocumentParts {
  title: string;
  style: string;
  body: Html;
}

export function documentHtml({ title, style, body }: DocumentParts): string {
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${raw(style)}</style>
</head>
<body>
${body}
</body>
</html>`.value;
}

export function page(parts: DocumentParts, status = 200): SandboxResponse {
  return html(documentHtml(parts), status);
}

/** A `<label for>` + read-only or editable control, the way form libraries lay out one field. */
export function field(c: ClassNamer, id: string, label: string, control: Html, hint?: string): Html {
  return h`<div class="${c('field')}">
  <label class="${c('label')}" for="${id}">${label}</label>
  ${control}
  ${hint ? h`<p class="${c('hint')}">${hint}</p>` : ''}
</div>`;
}

export function textInput(c: ClassNamer, id: string, value: string, options: { readonly?: boolean; name?: string } = {}): Html {
  return h`<input class="${c('input')}" type="text" id="${id}" name="${options.name ?? id}" value="${value}"${options.readonly ? raw(' readonly') : ''}>`;
}

export function textArea(c: ClassNamer, id: string, value: string, rows = 6): Html {
  return h`<textarea class="${c('input')} ${c('textarea')}" id="${id}" name="${id}" rows="${rows}">${value}</textarea>`;
}

/** Element ids the way React's `useId` makes them (`:r1k:`): stable per seed, meaningless to a reader. */
export function idNamer(salt: string | number): (name: string) => string {
  return (name) => `:r${hashString(`${salt}#${name}`).toString(36)}:`;
}

import type { SsoPageField } from './finding';
import type { SsoPageValues } from './page-values';

/** The page's own control for a field: what a hint anchors next to. Only ever read, never written. */
export type FlexSsoInput = HTMLInputElement | HTMLTextAreaElement;

/** Called once per field found, with the control that holds its value and the label that names it. */
export type OnFlexSsoField = (field: SsoPageField, input: FlexSsoInput, label: HTMLLabelElement) => void;

/**
 * What Flex's single-sign-on page shows: which form (the legacy SAML form, the enhanced "Single
 * sign-on set up" workflow at its visible step with the chosen setup type, or the page after
 * migration) and each known field's value, found by its visible `<label>` and the control that
 * label names (`for=`), since the Console's class names are generated and change with its builds.
 * Only visible fields count: the workflow keeps its other steps in the page, hidden.
 * Steps and labels as in Twilio's guide: https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/sso-migration
 *
 * Self-contained on purpose (nothing outside this function's body, `doc` defaulting to the
 * page's `document`): the background runs it in the Console tab with
 * `scripting.executeScript({ func: readFlexSsoPage })`, which sends the function's source alone.
 */
export function readFlexSsoPage(doc: Document = document, onField?: OnFlexSsoField): SsoPageValues {
  // Labels as the legacy form and the set-up workflow word them (the workflow writes "Trusted domains").
  const labels: [SsoPageField, string][] = [
    ['entityId', 'entity id'],
    ['acsUrl', 'acs url'],
    ['ssoUrl', 'sso url'],
    ['issuer', 'identity provider issuer'],
    ['certificate', 'x.509 certificate'],
    ['redirectUrl', 'default redirect url'],
    ['trustedDomains', 'trusted domains'],
    ['domainRedirectUrl', 'domain redirect url'],
    ['friendlyName', 'friendly name'],
  ];
  const view = doc.defaultView;
  const visible = (el: Element): boolean => {
    for (let node: Element | null = el; node; node = node.parentElement) {
      if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') return false;
      const style = view?.getComputedStyle(node);
      if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
    }
    return true;
  };
  const textOf = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  // "Entity ID", "Entity ID *", "SSO URL (required)" — but not "Entity ID label".
  const fieldOf = (label: Element): SsoPageField | undefined => {
    const text = textOf(label).toLowerCase();
    return labels.find(([, name]) => text.startsWith(name) && /^\s*(\*|\(\w+\))?$/.test(text.slice(name.length)))?.[0];
  };
  const controlOf = (label: HTMLLabelElement): FlexSsoInput | null => {
    const named = label.htmlFor ? doc.getElementById(label.htmlFor) : label.querySelector('input, textarea');
    if (!named || !visible(named)) return null;
    if (named.tagName === 'TEXTAREA') return named as HTMLTextAreaElement;
    // Text-like inputs only: a checkbox's "value" is not what the admin typed.
    return named.tagName === 'INPUT' && ['text', 'url', 'search'].includes((named as HTMLInputElement).type) ? (named as HTMLInputElement) : null;
  };

  const values: SsoPageValues['values'] = {};
  for (const label of doc.querySelectorAll('label')) {
    const field = fieldOf(label);
    // The first visible one wins: after migration the new connection comes before the legacy one.
    if (!field || field in values || !visible(label)) continue;
    const input = controlOf(label);
    if (!input) continue;
    values[field] = input.value;
    onField?.(field, input, label);
  }

  const headings = [...doc.querySelectorAll('h1, h2, h3, h4, legend')].filter(visible).map(textOf);
  const stepHeading = headings.map((text) => /^Step ([1-4])\b/i.exec(text)).find(Boolean);
  if (stepHeading) {
    const chosen = [...doc.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((radio) => radio.checked);
    const choice = chosen ? `${chosen.value} ${textOf(chosen.closest('label') ?? chosen)}`.toLowerCase() : '';
    const setupType = /\bcreate\b/.test(choice) ? 'create' : /\bmodify\b/.test(choice) ? 'modify' : undefined;
    return { form: 'wizard', step: Number(stepHeading[1]), ...(setupType ? { setupType } : {}), values };
  }
  const pageText = textOf(doc.body ?? doc.documentElement);
  if (/new connection saved/i.test(pageText) && /switch back to (legacy|oauth 2\.0) connection/i.test(pageText)) return { form: 'migrated', values };
  return { form: Object.keys(values).length ? 'legacy' : 'unknown', values };
}

/** Each field's control on the page, for hints to sit beside; the same reading as `readFlexSsoPage`. */
export function flexSsoInputs(doc: Document): Map<SsoPageField, { input: FlexSsoInput; label: HTMLLabelElement }> {
  const found = new Map<SsoPageField, { input: FlexSsoInput; label: HTMLLabelElement }>();
  readFlexSsoPage(doc, (field, input, label) => found.set(field, { input, label }));
  return found;
}

import { sortFindings, type SsoFinding, type SsoPageField, type SsoSeverity } from './finding';
import { FLEX_FIELD_LABELS, OKTA_FIELD_LABELS } from './labels';
// Types only from './page-values': it builds a zod schema when loaded, and the content scripts that
// use this module carry no zod (it would add ~88 kB to each; measured with `wxt build`).
import type { SsoPageValues } from './page-values';

/**
 * What the injected SSO UI shows, decided without a DOM: which findings sit beside which field,
 * which go to the summary, and the words around them. Shared by the Flex SSO page hints and the
 * Okta app card so both read the same.
 */

/** `unchecked`: the field is on the page but no rule said anything about it (yet). */
export type HintSeverity = SsoSeverity | 'unchecked';

/** Icon and word for each state, so it never rests on colour alone. */
export const SEVERITY_LABELS: Record<HintSeverity, { icon: string; label: string }> = {
  ok: { icon: '✓', label: 'OK' },
  warning: { icon: '!', label: 'Warning' },
  error: { icon: '✕', label: 'Error' },
  unchecked: { icon: '–', label: 'Nothing to check' },
};

export interface FieldHint {
  severity: HintSeverity;
  /** The problems, worst first; or, when there are none, what was found fine. */
  findings: SsoFinding[];
}

/**
 * One hint per field on the page; what belongs to no field shown (page-wide findings, Okta-side
 * findings, a field of a step not visible now) goes to the summary instead of getting lost.
 */
export function placeFindings(findings: readonly SsoFinding[], fieldsOnPage: Iterable<SsoPageField>): { byField: Map<SsoPageField, FieldHint>; pageWide: SsoFinding[] } {
  const byField = new Map<SsoPageField, FieldHint>();
  for (const field of fieldsOnPage) byField.set(field, { severity: 'unchecked', findings: [] });
  const pageWide: SsoFinding[] = [];
  for (const finding of sortFindings(findings)) {
    const hint = finding.field?.on === 'flex' ? byField.get(finding.field.name) : undefined;
    if (!hint) pageWide.push(finding);
    else hint.findings.push(finding);
  }
  for (const hint of byField.values()) {
    const problems = hint.findings.filter((f) => f.severity !== 'ok');
    if (problems.length) hint.findings = problems;
    hint.severity = hint.findings[0]?.severity ?? 'unchecked';
  }
  return { byField, pageWide };
}

/** "AC…1234": enough of a SID to tell accounts apart without filling the line. */
export const shortSid = (sid: string) => (sid.length > 8 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : sid);

/** "Checked against AC…1234 and the Okta app Twilio Flex"; `null` when nothing was checked against. */
export function checkedAgainstText(against: { twilioAccount?: string; oktaApp?: string }): string | null {
  const parts = [against.twilioAccount ? shortSid(against.twilioAccount) : '', against.oktaApp ? `the Okta app ${against.oktaApp}` : ''].filter(Boolean);
  return parts.length ? `Checked against ${parts.join(' and ')}.` : null;
}

/** Which of the page's forms the values came from, in the words of Twilio's migration guide. */
export function describeFlexSsoPage(page: SsoPageValues): string {
  switch (page.form) {
    case 'legacy':
      return 'Legacy SAML 2.0 form.';
    case 'migrated':
      return 'New connection saved: legacy settings are kept 30 days for switching back.';
    case 'unknown':
      return 'No single-sign-on fields recognised on this page yet.';
    case 'wizard': {
      const setup = page.setupType === 'create' ? 'creating a new SSO connection' : page.setupType === 'modify' ? 'modifying the existing SSO connection' : 'no setup type chosen yet';
      return `Single sign-on set up, step ${page.step ?? '?'}${page.step ? `: ${WIZARD_STEPS[page.step - 1]}` : ''} (${setup}).`;
    }
  }
}

/** The workflow's steps as Twilio's guide names them (step 3 only when creating a new connection). */
const WIZARD_STEPS = ['Select setup type', 'Update your identity provider', 'Enter identity provider data', 'Validate successful connection in Flex'];


/** Where a finding points, in the words of the console it is fixed in; `null` for page-wide ones. */
export function fieldLabel(field: SsoFinding['field']): string | null {
  if (!field) return null;
  return field.on === 'okta' ? `Okta: ${OKTA_FIELD_LABELS[field.name]}` : `Flex: ${FLEX_FIELD_LABELS[field.name]}`;
}


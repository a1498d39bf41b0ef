/**
 * The one vocabulary of the SSO checks: every rule in `lib/sso/` returns findings of this shape,
 * and the Flex SSO page hints, the side panel's migration checker and the Okta app card all
 * render them the same way (ok / warning / error, one sentence of why, the value to copy, the fix).
 * No zod here: content scripts import this module, and zod would add ~88 kB to each of them; the
 * schema that checks findings crossing the message boundary is in `finding-schema.ts`.
 */

export const SSO_SEVERITIES = ['ok', 'warning', 'error'] as const;
export type SsoSeverity = (typeof SSO_SEVERITIES)[number];

/**
 * The values Flex's single-sign-on page shows, by what they mean rather than by label (the
 * legacy form and the enhanced set-up workflow label some of them differently).
 * `entityId` and `acsUrl` are Flex's (service provider) values; `ssoUrl`, `issuer` and
 * `certificate` are the identity provider's, as entered in Flex.
 */
export const SSO_PAGE_FIELDS = ['entityId', 'acsUrl', 'ssoUrl', 'issuer', 'certificate', 'redirectUrl', 'trustedDomains', 'domainRedirectUrl', 'friendlyName'] as const;
export type SsoPageField = (typeof SSO_PAGE_FIELDS)[number];

/** The Okta app's `settings.signOn` values a finding can point at, named as Okta's API names them. */
export const OKTA_SIGN_ON_FIELDS = [
  'ssoAcsUrl',
  'audience',
  'recipient',
  'destination',
  'subjectNameIdFormat',
  'subjectNameIdTemplate',
  'responseSigned',
  'assertionSigned',
  'signatureAlgorithm',
  'digestAlgorithm',
  'assertionEncryption',
  'attributeStatements',
  'signingCertificate',
] as const;
export type OktaSignOnField = (typeof OKTA_SIGN_ON_FIELDS)[number];

export interface SsoFinding {
  /** Stable rule id, e.g. `acs-url.account`; tests and the UI key on it. */
  rule: string;
  severity: SsoSeverity;
  /** Where the finding belongs: a field on the Flex page, a field of the Okta app, or neither (page-wide). */
  field: { on: 'flex'; name: SsoPageField } | { on: 'okta'; name: OktaSignOnField } | null;
  /** One sentence: what was checked and what was found. */
  message: string;
  /** The exact value that belongs there, for a copy button; absent when there is no single right value. */
  expected?: string;
  /** One sentence: what to do, in the words of the console where it is done. Absent on `ok`. */
  fix?: string;
}

const severityRank: Record<SsoSeverity, number> = { error: 0, warning: 1, ok: 2 };

/** Errors first, then warnings, then what is fine; stable within a severity. */
export function sortFindings(findings: readonly SsoFinding[]): SsoFinding[] {
  return [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}

/** "3 problems: …" — the summary line above the hints; `null` when all is well. */
export function summarise(findings: readonly SsoFinding[]): { errors: number; warnings: number; text: string } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const problems = errors + warnings;
  if (problems === 0) return { errors, warnings, text: findings.length ? 'No problems found.' : 'Nothing to check yet.' };
  const first = sortFindings(findings)
    .filter((f) => f.severity !== 'ok')
    .slice(0, 3)
    .map((f) => f.message.replace(/\.$/, ''));
  return { errors, warnings, text: `${problems} problem${problems === 1 ? '' : 's'}: ${first.join('; ')}${problems > 3 ? '; …' : ''}.` };
}

/** Constructors, so rules read as what they decide. */
export const ok = (rule: string, field: SsoFinding['field'], message: string, expected?: string): SsoFinding => ({ rule, severity: 'ok', field, message, ...(expected ? { expected } : {}) });
export const warning = (rule: string, field: SsoFinding['field'], message: string, fix: string, expected?: string): SsoFinding => ({ rule, severity: 'warning', field, message, fix, ...(expected ? { expected } : {}) });
export const error = (rule: string, field: SsoFinding['field'], message: string, fix: string, expected?: string): SsoFinding => ({ rule, severity: 'error', field, message, fix, ...(expected ? { expected } : {}) });

export const flexField = (name: SsoPageField) => ({ on: 'flex' as const, name });
export const oktaField = (name: OktaSignOnField) => ({ on: 'okta' as const, name });

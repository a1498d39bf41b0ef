import type { OktaSsoFacts } from './context';
import type { SsoFinding } from './finding';
import { error, ok, oktaField, warning } from './finding';
import { oktaFix } from './okta-sign-on';

/**
 * The attributes Flex reads from the assertion: `email`, `full_name` and `roles`, named exactly so
 * (case-sensitive, no URI namespace in the name); a missing one fails the login with Twilio error
 * 45050. `roles` is a comma-separated list of Flex roles and Flex Insights roles.
 *
 * Sources (checked with the docs search):
 * - https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta ("Configure claims")
 * - https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/insights-user-roles — Insights
 *   roles combine with Flex roles (e.g. `[supervisor, wfo.quality_manager, wfo.team_leader]`);
 *   `wfo.full_access` is the default; the `roles` statement in Okta usually reads `appuser.roles`.
 *   The seven `wfo.*` roles below are those of the Flex Insights roles table.
 */
export const REQUIRED_ATTRIBUTES = ['email', 'full_name', 'roles'] as const;
export const FLEX_ROLES = ['admin', 'supervisor', 'agent'] as const;
export const INSIGHTS_ROLES = ['wfo.full_access', 'wfo.team_leader', 'wfo.data_analyst', 'wfo.data_auditor', 'wfo.quality_manager', 'wfo.quality_process_manager', 'wfo.dashboard_viewer'] as const;
const KNOWN_ROLES: readonly string[] = [...FLEX_ROLES, ...INSIGHTS_ROLES];

const URI_REFERENCE = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
const field = oktaField('attributeStatements');
type Statement = NonNullable<OktaSsoFacts['signOn']['attributeStatements']>[number];

/** The last segment of a namespaced name (`http://…/claims/Roles` → `Roles`), to find what was meant. */
const baseName = (name: string) => name.split(/[/:#]/).pop() ?? name;

export function checkRequiredAttribute(okta: OktaSsoFacts, name: (typeof REQUIRED_ATTRIBUTES)[number]): { finding: SsoFinding; statement?: Statement } {
  const statements = okta.signOn.attributeStatements ?? [];
  const exact = statements.find((s) => s.name === name);
  const rule = `okta.attribute.${name}`;
  if (exact) {
    if (exact.namespace === URI_REFERENCE) {
      return { statement: exact, finding: warning(rule, field, `"${name}" is sent with Name format "URI Reference"; Flex reads the name only, so "Unspecified" or "Basic" is the safe choice.`, oktaFix(okta, 'attributeStatements', `the Name format of "${name}" to "Unspecified"`)) };
    }
    return { statement: exact, finding: ok(rule, field, `The "${name}" attribute statement is there.`) };
  }
  const near = statements.find((s) => baseName(s.name).toLowerCase() === name);
  if (near) {
    const why = near.name.toLowerCase() === name ? 'names are case-sensitive' : 'Flex reads the bare name, not a URI';
    return { finding: error(rule, field, `The attribute is named "${near.name}", not "${name}": ${why}, so Flex fails the login (error 45050).`, oktaFix(okta, 'attributeStatements', `the Name "${near.name}" to "${name}"`), name) };
  }
  return { finding: error(rule, field, `There is no "${name}" attribute statement; Flex fails the login without it (error 45050).`, oktaFix(okta, 'attributeStatements', `a statement named "${name}"`), name) };
}

/**
 * Role values: a quoted literal (`"agent"`, `"admin,wfo.full_access"`) is checked role by role; an
 * expression (`appuser.roles`, `user.flexRoles`, `String.join(…)`) can only be seen at login.
 */
export function checkRoleValues(okta: OktaSsoFacts, statement: Statement): SsoFinding {
  const rule = 'okta.attribute.roles-values';
  if (statement.type === 'GROUP') return ok(rule, field, '"roles" is a group attribute: the group names become roles, checked at login by the SAML test.');
  const values = statement.values ?? [];
  if (values.length === 0) return error(rule, field, '"roles" has no value; Flex needs at least one role (admin, supervisor or agent).', oktaFix(okta, 'attributeStatements', 'the Value of "roles" to a role, e.g. "agent" in quotes'), '"agent"');
  const literals: string[] = [];
  const bare: string[] = [];
  let expressions = 0;
  for (const value of values) {
    const literal = /^\s*"([^"]*)"\s*$/.exec(value);
    if (literal?.[1] !== undefined) literals.push(...literal[1].split(','));
    else if (/^[\w.\s,]+$/.test(value) && value.split(',').every((role) => KNOWN_ROLES.includes(role.trim()))) bare.push(value);
    else expressions += 1;
  }
  if (bare.length) {
    return error(rule, field, `"roles" has ${bare.join(', ')} without quotes; Okta reads that as an expression, not a role.`, oktaFix(okta, 'attributeStatements', 'the Value of "roles" in double quotes'), `"${bare.join(',')}"`);
  }
  const roles = literals.map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !KNOWN_ROLES.includes(role));
  const unknownInsights = unknown.filter((role) => role.startsWith('wfo.'));
  const invalid = unknown.filter((role) => !role.startsWith('wfo.'));
  if (invalid.length) {
    return error(rule, field, `"roles" sends ${invalid.map((r) => `"${r}"`).join(', ')}, which is not a Flex role; use ${FLEX_ROLES.join(', ')} or a wfo.* Insights role.`, oktaFix(okta, 'attributeStatements', 'the Value of "roles" to valid roles, comma-separated'));
  }
  if (unknownInsights.length) {
    return warning(rule, field, `"roles" sends ${unknownInsights.join(', ')}, which is not one of the known Insights roles (${INSIGHTS_ROLES.join(', ')}).`, oktaFix(okta, 'attributeStatements', 'the Value of "roles" to known roles, comma-separated'));
  }
  if (roles.length && !roles.some((role) => (FLEX_ROLES as readonly string[]).includes(role)) && expressions === 0) {
    return error(rule, field, `"roles" sends only Insights roles (${roles.join(', ')}); every Flex user also needs admin, supervisor or agent.`, oktaFix(okta, 'attributeStatements', 'the Value of "roles" to include agent, supervisor or admin'));
  }
  if (expressions) return ok(rule, field, `"roles" is an expression (${values.join(', ')}); its values can't be seen here and are checked at login by the SAML test.`);
  return ok(rule, field, `"roles" sends ${roles.join(', ')}.`);
}

export function checkOktaAttributes(okta: OktaSsoFacts): SsoFinding[] {
  const findings: SsoFinding[] = [];
  for (const name of REQUIRED_ATTRIBUTES) {
    const { finding, statement } = checkRequiredAttribute(okta, name);
    findings.push(finding);
    if (name === 'roles' && statement) findings.push(checkRoleValues(okta, statement));
  }
  return findings;
}

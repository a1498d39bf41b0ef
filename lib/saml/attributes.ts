import type { Element } from '@xmldom/xmldom';
import type { SsoFinding } from '../sso/finding';
import { error, ok, oktaField, warning } from '../sso/finding';
import { FLEX_ROLES, INSIGHTS_ROLES, REQUIRED_ATTRIBUTES } from '../sso/okta-attributes';
import type { FlexUserPreview, SamlContext } from './diagnosis';
import { addAttributeFix, idpFix } from './fix';
import { ASSERTION_NS, childrenNamed, firstChild, textOf } from './parse';

/**
 * Who the assertion says this is, as Flex reads it: the NameID, and the attributes `email`,
 * `full_name` and `roles` (case-sensitive, bare names; a missing one fails the login with Twilio
 * error 45050), `roles` comma-separated Flex and Insights roles, and the optional attributes with
 * their types. Names and roles are those of `lib/sso/okta-attributes.ts` (Twilio's Okta guide,
 * https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/okta, and the Insights roles
 * page). Text split by a comment is never trusted: see `textOf`.
 */

const KNOWN_ROLES: readonly string[] = [...FLEX_ROLES, ...INSIGHTS_ROLES];
const STRING_ATTRIBUTES = ['department', 'location', 'manager', 'phone', 'team_id', 'team_name', 'team_name_in_hierarchy'];
const field = oktaField('attributeStatements');

export interface AttributeValues {
  name: string;
  values: string[];
  /** A value whose text a comment or element splits: what Flex reads from it can't be trusted. */
  commented: boolean;
}

export function readAttributes(assertion: Element): AttributeValues[] {
  return childrenNamed(assertion, ASSERTION_NS, 'AttributeStatement').flatMap((statement) =>
    childrenNamed(statement, ASSERTION_NS, 'Attribute').map((attribute) => {
      const values = childrenNamed(attribute, ASSERTION_NS, 'AttributeValue').map(textOf);
      return { name: attribute.getAttribute('Name') ?? '', values: values.map((v) => v.text), commented: values.some((v) => v.commented) };
    }),
  );
}

/** The last segment of a namespaced name (`http://…/claims/Roles` → `Roles`), to find what was meant. */
const baseName = (name: string) => name.split(/[/:#]/).pop() ?? name;

export function splitRoles(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((r) => r.trim()).filter(Boolean);
}

export function checkNameId(assertion: Element, context: SamlContext): { finding: SsoFinding; nameId?: string; format?: string } {
  const nameId = firstChild(firstChild(assertion, ASSERTION_NS, 'Subject'), ASSERTION_NS, 'NameID');
  const rule = 'saml.name-id';
  if (!nameId) return { finding: error(rule, oktaField('subjectNameIdTemplate'), 'The assertion has no NameID; Flex identifies the agent by it.', idpFix(context, 'subjectNameIdTemplate', 'the agent\'s email (or Okta username)')) };
  const { text, commented } = textOf(nameId);
  const format = nameId.getAttribute('Format') ?? undefined;
  if (commented) {
    return {
      finding: error(rule, null, `The NameID "${text}" is split by a comment or markup: one reader sees part of it and another the whole, the trick of the comment-injection attack. Flex must not trust it.`, 'Do not trust this response: capture the login again straight from your identity provider.'),
    };
  }
  if (!text) return { finding: error(rule, oktaField('subjectNameIdTemplate'), 'The NameID is empty; Flex identifies the agent by it.', idpFix(context, 'subjectNameIdTemplate', 'the agent\'s email (or Okta username)')), ...(format ? { format } : {}) };
  const formatName = format ? format.slice(format.lastIndexOf(':') + 1) : 'unspecified';
  return { finding: ok(rule, oktaField('subjectNameIdFormat'), `The NameID is "${text}" (format ${formatName}).`), nameId: text, ...(format ? { format } : {}) };
}

function requiredFinding(name: (typeof REQUIRED_ATTRIBUTES)[number], attributes: AttributeValues[], context: SamlContext): SsoFinding {
  const rule = `saml.attribute.${name}`;
  const exact = attributes.find((a) => a.name === name);
  // Okta expressions for the values, as Twilio's Okta guide sets them up.
  const value = name === 'roles' ? '"agent" (or admin, supervisor, and wfo.* Insights roles, comma-separated; or an expression such as appuser.roles)' : name === 'email' ? 'user.email' : 'user.firstName + " " + user.lastName';
  if (exact) {
    if (exact.commented) return error(rule, field, `"${name}" is split by a comment or markup; Flex must not trust it.`, 'Do not trust this response: capture the login again straight from your identity provider.');
    if (!exact.values.some(Boolean)) return error(rule, field, `"${name}" is sent empty; Flex fails the login without a value (error 45050).`, addAttributeFix(context, name, value));
    return ok(rule, field, `"${name}" is ${exact.values.map((v) => `"${v}"`).join(', ')}.`);
  }
  const near = attributes.find((a) => baseName(a.name).toLowerCase() === name);
  if (near) {
    const why = near.name.toLowerCase() === name ? 'names are case-sensitive' : 'Flex reads the bare name, not a URI';
    return error(rule, field, `"${name}" is sent as "${near.name}": ${why}, so Flex doesn't find it (Twilio error 45050).`, idpFix(context, 'attributeStatements', `the Name "${near.name}" to "${name}"`), name);
  }
  return error(rule, field, `"${name}" is missing (Twilio error 45050: Flex needs email, full_name and roles).`, addAttributeFix(context, name, value), name);
}

export function checkRoles(values: readonly string[], context: SamlContext): SsoFinding {
  const rule = 'saml.attribute.roles-values';
  const roles = splitRoles(values);
  const unknown = roles.filter((r) => !KNOWN_ROLES.includes(r));
  const invalid = unknown.filter((r) => !r.startsWith('wfo.'));
  const fix = idpFix(context, 'attributeStatements', 'the Value of "roles" to valid roles, comma-separated (admin, supervisor, agent, wfo.*)');
  if (invalid.length) return error(rule, field, `"roles" sends ${invalid.map((r) => `"${r}"`).join(', ')}, which is not a Flex role; Flex knows ${FLEX_ROLES.join(', ')} and the wfo.* Insights roles.`, fix);
  if (!roles.some((r) => (FLEX_ROLES as readonly string[]).includes(r))) return error(rule, field, `"roles" sends only ${roles.join(', ') || 'nothing'}; every Flex user needs admin, supervisor or agent.`, fix, 'agent');
  if (unknown.length) return warning(rule, field, `"roles" sends ${unknown.join(', ')}, which is not one of the known Insights roles (${INSIGHTS_ROLES.join(', ')}).`, fix);
  return ok(rule, field, `"roles" gives ${roles.join(', ')}.`);
}

type AttributeType = 'int' | 'bool' | 'url' | 'string';

/** What an optional attribute must hold: from its name (`channel.<ch>.capacity`) or its typed suffix (`.int`, `.bool`). */
function expectedType(name: string): AttributeType | null {
  if (/^channel\.[\w-]+\.capacity$/.test(name)) return 'int';
  if (/^channel\.[\w-]+\.availability$/.test(name)) return 'bool';
  if (name === 'image_url') return 'url';
  if (STRING_ATTRIBUTES.includes(name)) return 'string';
  const suffix = /\.(int|bool)$/.exec(name)?.[1];
  return suffix === 'int' || suffix === 'bool' ? suffix : null;
}

const TYPE_CHECKS: Record<AttributeType, { test: (v: string) => boolean; what: string }> = {
  int: { test: (v) => /^\d+$/.test(v), what: 'a whole number' },
  bool: { test: (v) => v === 'true' || v === 'false', what: 'true or false' },
  url: { test: (v) => /^https:\/\/\S+$/.test(v), what: 'an https URL' },
  string: { test: () => true, what: 'text' },
};

export function checkOptionalAttributes(attributes: AttributeValues[], context: SamlContext): SsoFinding[] {
  return attributes.flatMap((attribute) => {
    if ((REQUIRED_ATTRIBUTES as readonly string[]).includes(attribute.name)) return [];
    const type = expectedType(attribute.name);
    if (!type) return [];
    const rule = `saml.attribute.${attribute.name}`;
    const check = TYPE_CHECKS[type];
    const bad = attribute.values.filter((v) => !check.test(v));
    if (attribute.commented) return [error(rule, field, `"${attribute.name}" is split by a comment or markup; Flex must not trust it.`, 'Do not trust this response: capture the login again straight from your identity provider.')];
    if (bad.length) return [warning(rule, field, `"${attribute.name}" is ${bad.map((v) => `"${v}"`).join(', ')}, not ${check.what}; Flex won't use it as such.`, idpFix(context, 'attributeStatements', `the Value of "${attribute.name}" to ${check.what}`))];
    return [ok(rule, field, `"${attribute.name}" is ${attribute.values.map((v) => `"${v}"`).join(', ')}.`)];
  });
}

export function checkAttributes(assertion: Element, context: SamlContext): { findings: SsoFinding[]; user: Omit<FlexUserPreview, 'nameId' | 'nameIdFormat'> } {
  const attributes = readAttributes(assertion);
  const findings = REQUIRED_ATTRIBUTES.map((name) => requiredFinding(name, attributes, context));
  const valueOf = (name: string) => attributes.find((a) => a.name === name && !a.commented)?.values;
  const roles = valueOf('roles');
  if (roles?.some(Boolean)) findings.push(checkRoles(roles, context));
  const email = valueOf('email')?.[0];
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    findings.push(warning('saml.attribute.email-format', field, `"email" is "${email}", which is not an email address.`, idpFix(context, 'attributeStatements', 'the Value of "email" to user.email')));
  }
  findings.push(...checkOptionalAttributes(attributes, context));
  const fullName = valueOf('full_name')?.[0];
  return { findings, user: { ...(email ? { email } : {}), ...(fullName ? { fullName } : {}), roles: roles ? splitRoles(roles) : [] } };
}

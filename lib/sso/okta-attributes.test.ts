import { describe, expect, it } from 'vitest';
import type { OktaSsoFacts } from './context';
import { checkOktaAttributes } from './okta-attributes';

type Statement = NonNullable<OktaSsoFacts['signOn']['attributeStatements']>[number];
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';
const stmt = (name: string, values: string[], namespace = UNSPECIFIED): Statement => ({ type: 'EXPRESSION', name, namespace, values });
const EMAIL = stmt('email', ['user.email']);
const FULL_NAME = stmt('full_name', ['String.join(" ", user.firstName, user.lastName)']);
const app = (attributeStatements: Statement[]): OktaSsoFacts => ({ orgUrl: 'https://acme.okta.com', appId: '0oa1', appName: 'x', appLabel: 'Twilio Flex', signOn: { attributeStatements }, keys: [], signOnTabUrl: 'x' });
const problems = (statements: Statement[]) =>
  checkOktaAttributes(app(statements))
    .filter((f) => f.severity !== 'ok')
    .map((f) => [f.severity, f.rule, f.expected]);

describe('checkOktaAttributes', () => {
  it.each([
    ['appuser.roles', ['appuser.roles']],
    ['user.flexRoles', ['user.flexRoles']],
    ['one literal role', ['"agent"']],
    ['several literal roles', ['"supervisor, wfo.team_leader,wfo.quality_manager"']],
    ['one value per role', ['"admin"', '"wfo.full_access"']],
  ])('roles as %s is fine', (_, values) => {
    expect(problems([EMAIL, FULL_NAME, stmt('roles', values)])).toEqual([]);
  });

  it('says an expression is checked at login by the SAML test', () => {
    expect(checkOktaAttributes(app([EMAIL, FULL_NAME, stmt('roles', ['appuser.roles'])])).find((f) => f.rule === 'okta.attribute.roles-values')?.message).toContain('checked at login by the SAML test');
  });

  it.each([
    ['no email', [FULL_NAME, stmt('roles', ['"agent"'])], [['error', 'okta.attribute.email', 'email']]],
    ['Email capitalised', [stmt('Email', ['user.email']), FULL_NAME, stmt('roles', ['"agent"'])], [['error', 'okta.attribute.email', 'email']]],
    ['roles URI-namespaced', [EMAIL, FULL_NAME, stmt('http://schemas.microsoft.com/ws/2008/06/identity/claims/roles', ['"agent"'])], [['error', 'okta.attribute.roles', 'roles']]],
    ['URI reference name format', [EMAIL, FULL_NAME, stmt('roles', ['"agent"'], 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri')], [['warning', 'okta.attribute.roles', undefined]]],
    ['an unknown role', [EMAIL, FULL_NAME, stmt('roles', ['"agent, manager"'])], [['error', 'okta.attribute.roles-values', undefined]]],
    ['an unknown Insights role', [EMAIL, FULL_NAME, stmt('roles', ['"supervisor,wfo.superuser"'])], [['warning', 'okta.attribute.roles-values', undefined]]],
    ['Insights roles only', [EMAIL, FULL_NAME, stmt('roles', ['"wfo.full_access"'])], [['error', 'okta.attribute.roles-values', undefined]]],
    ['an unquoted role', [EMAIL, FULL_NAME, stmt('roles', ['agent'])], [['error', 'okta.attribute.roles-values', '"agent"']]],
    ['no value', [EMAIL, FULL_NAME, stmt('roles', [])], [['error', 'okta.attribute.roles-values', '"agent"']]],
    ['nothing at all', [], [['error', 'okta.attribute.email', 'email'], ['error', 'okta.attribute.full_name', 'full_name'], ['error', 'okta.attribute.roles', 'roles']]],
  ])('%s', (_, statements, found) => {
    expect(problems(statements)).toEqual(found);
  });

  it('names error 45050 for a missing attribute', () => {
    expect(checkOktaAttributes(app([EMAIL, FULL_NAME]))[2]?.message).toContain('error 45050');
  });
});

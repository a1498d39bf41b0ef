import { describe, expect, it } from 'vitest';
import { flexField } from './finding';
import type { SsoContext } from './context';
import type { SpSlot } from './sp-url-rules';
import { checkMigrationDeadline, checkSpPair, checkSpValue } from './sp-url-rules';
import { parseFlexEndpoint } from './endpoints';
import { ACCOUNT, AFTER_DEADLINE, BEFORE_DEADLINE, CONNECTION, ENHANCED_ACS, ENHANCED_ENTITY, LEGACY_ACS, LEGACY_ENTITY, OTHER_ACCOUNT, OTHER_CONNECTION, PREVIEW_URL, context } from './test-fixtures';

const acsSlot: SpSlot = { field: flexField('acsUrl'), rule: 'acs-url', label: 'The ACS URL', role: 'acsUrl', fix: 'Set it.' };
const entitySlot: SpSlot = { ...acsSlot, field: flexField('entityId'), rule: 'entity-id', label: 'The Entity ID', role: 'entityId' };
const problems = (value: string, slot: SpSlot, expected: string, ctx = context()) =>
  checkSpValue(value, slot, ctx, expected)
    .findings.filter((f) => f.severity !== 'ok')
    .map((f) => [f.rule, f.expected]);

describe('checkSpValue', () => {
  it.each([
    ['legacy ACS', LEGACY_ACS, acsSlot, LEGACY_ACS],
    ['legacy Entity ID', LEGACY_ENTITY, entitySlot, LEGACY_ENTITY],
    ['preview URL as ACS', PREVIEW_URL, acsSlot, PREVIEW_URL],
    ['preview URL as Entity ID', PREVIEW_URL, entitySlot, PREVIEW_URL],
    ['enhanced ACS', ENHANCED_ACS, acsSlot, ENHANCED_ACS],
    ['enhanced Entity ID', ENHANCED_ENTITY, entitySlot, ENHANCED_ENTITY],
  ])('%s is fine', (_, value, slot, expected) => {
    expect(problems(value, slot, expected, context({ connectionSid: CONNECTION }))).toEqual([]);
  });

  it.each([
    ['spaces around', ` ${LEGACY_ACS}\n`, acsSlot, LEGACY_ACS, [['acs-url.whitespace', LEGACY_ACS]]],
    ['a line break inside', LEGACY_ACS.replace('/saml2', '/\nsaml2'), acsSlot, LEGACY_ACS, [['acs-url.whitespace', LEGACY_ACS]]],
    ['http', LEGACY_ACS.replace('https', 'http'), acsSlot, LEGACY_ACS, [['acs-url.scheme', LEGACY_ACS]]],
    ['trailing slash', `${LEGACY_ENTITY}/`, entitySlot, LEGACY_ENTITY, [['entity-id.trailing-slash', LEGACY_ENTITY]]],
    ['slash before the query', ENHANCED_ACS.replace('callback?', 'callback/?'), acsSlot, ENHANCED_ACS, [['acs-url.trailing-slash', ENHANCED_ACS]]],
    ['not Flex', 'https://flex.twilio.com/acme-1234', acsSlot, LEGACY_ACS, [['acs-url.generation', LEGACY_ACS]]],
    ['ACS in the Entity ID slot', LEGACY_ACS, entitySlot, LEGACY_ENTITY, [['entity-id.role', LEGACY_ENTITY]]],
    ['Entity ID in the ACS slot', ENHANCED_ENTITY, acsSlot, ENHANCED_ACS, [['acs-url.role', ENHANCED_ACS]]],
    ['another account', LEGACY_ACS.replace(ACCOUNT, OTHER_ACCOUNT), acsSlot, LEGACY_ACS, [['acs-url.account', LEGACY_ACS]]],
    ['another region', ENHANCED_ACS.replace('us1', 'ie1'), acsSlot, ENHANCED_ACS, [['acs-url.region', ENHANCED_ACS]]],
    ['a us1-only legacy host for an ie1 account', LEGACY_ACS, acsSlot, LEGACY_ACS, [['acs-url.region', undefined]], { twilio: { accountSid: ACCOUNT, region: 'ie1' as const } }],
    ['another connection', ENHANCED_ENTITY.replace(CONNECTION, OTHER_CONNECTION), entitySlot, ENHANCED_ENTITY, [['entity-id.connection', ENHANCED_ENTITY]]],
  ] as [string, string, SpSlot, string, (string | undefined)[][], Partial<SsoContext>?][])('%s', (_, value, slot, expected, found, overrides = {}) => {
    expect(problems(value, slot, expected, context({ connectionSid: CONNECTION, ...overrides }))).toEqual(found);
  });

  it('says which generation a value is', () => {
    expect(checkSpValue(ENHANCED_ACS, acsSlot, context(), ENHANCED_ACS).findings[0]).toMatchObject({ rule: 'acs-url.generation', severity: 'ok', message: 'The ACS URL is the ACS URL of the enhanced (OAuth 2.0) connection.' });
  });
});

describe('checkSpPair', () => {
  const at = flexField('entityId');
  it.each([
    [LEGACY_ENTITY, LEGACY_ACS, 'ok', 'sp-pair.generation'],
    [ENHANCED_ENTITY, ENHANCED_ACS, 'ok', 'sp-pair.generation'],
    [PREVIEW_URL, PREVIEW_URL, 'ok', 'sp-pair.generation'],
    [LEGACY_ENTITY, ENHANCED_ACS, 'error', 'sp-pair.generation'],
    [ENHANCED_ENTITY.replace(CONNECTION, OTHER_CONNECTION), ENHANCED_ACS, 'error', 'sp-pair.connection'],
    [LEGACY_ENTITY.replace(ACCOUNT, OTHER_ACCOUNT), LEGACY_ACS, 'error', 'sp-pair.account'],
  ])('%s + %s → %s', (entity, acs, severity, rule) => {
    expect(checkSpPair(parseFlexEndpoint(entity), parseFlexEndpoint(acs), at)).toMatchObject({ severity, rule });
  });
});

describe('checkMigrationDeadline', () => {
  const at = flexField('acsUrl');
  it('says plainly that a legacy connection is past the deadline', () => {
    expect(checkMigrationDeadline('legacy', at, AFTER_DEADLINE)).toMatchObject({ severity: 'error', message: expect.stringContaining("is past Twilio's migration deadline of 31 March 2026") });
    expect(checkMigrationDeadline('preview', at, AFTER_DEADLINE)).toMatchObject({ severity: 'error', fix: expect.stringContaining('30 days') });
  });
  it('warns before the deadline and is fine for the enhanced connection', () => {
    expect(checkMigrationDeadline('legacy', at, BEFORE_DEADLINE)).toMatchObject({ severity: 'warning', message: expect.stringContaining('before 31 March 2026') });
    expect(checkMigrationDeadline('enhanced', at, AFTER_DEADLINE).severity).toBe('ok');
  });
});

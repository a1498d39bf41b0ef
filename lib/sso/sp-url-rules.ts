import type { SsoContext } from './context';
import type { SsoFinding } from './finding';
import { error, ok, warning } from './finding';
import type { FlexEndpoint, FlexEndpointPair, FlexSsoGeneration } from './endpoints';
import { GENERATION_NAMES, expectedEndpoints, normaliseSpValue, parseFlexEndpoint } from './endpoints';
import { MIGRATION_DEADLINE_TEXT, SWITCH_BACK_DAYS, isPastMigrationDeadline } from './migration';

/**
 * Rules on one service-provider value (an Entity ID or an ACS URL), wherever it is held: on the
 * Flex SSO page, or in the Okta app's "Audience URI", "Single sign on URL", "Recipient URL" or
 * "Destination URL". SAML compares these as exact strings, so a space, `http:` or a trailing slash
 * is a failed login, not a cosmetic difference.
 */

/** Where a value sits: the finding's field, its rule-id prefix, the console label, and how to fix it there. */
export interface SpSlot {
  field: SsoFinding['field'];
  rule: string;
  label: string;
  /** Which of the two SP values belongs here. */
  role: 'entityId' | 'acsUrl';
  /** "Set X to the value shown." in the words of the console where it is done. */
  fix: string;
}

const roleName = (role: 'entityId' | 'acsUrl' | 'both') => (role === 'entityId' ? 'Entity ID' : role === 'acsUrl' ? 'ACS URL' : 'Entity ID and ACS URL');

export function checkSpWhitespace(raw: string, slot: SpSlot): SsoFinding | null {
  if (!/\s/.test(raw)) return null;
  return error(`${slot.rule}.whitespace`, slot.field, `${slot.label} has spaces or line breaks in it; SAML compares it character by character.`, slot.fix, raw.replace(/\s+/g, ''));
}

export function checkSpScheme(raw: string, slot: SpSlot): SsoFinding | null {
  if (!/^\s*http:\/\//i.test(raw)) return null;
  return error(`${slot.rule}.scheme`, slot.field, `${slot.label} starts with http://; Flex's endpoints are https:// only.`, slot.fix, normaliseSpValue(raw));
}

export function checkSpTrailingSlash(raw: string, slot: SpSlot): SsoFinding | null {
  const path = /^https?:\/\/[^/?#]+(\/[^?#]*)?/i.exec(raw.trim())?.[1] ?? '';
  if (path.length < 2 || !path.endsWith('/')) return null;
  return error(`${slot.rule}.trailing-slash`, slot.field, `${slot.label} ends with a slash that Flex's value doesn't have; SAML compares it exactly.`, slot.fix, normaliseSpValue(raw));
}

/** Whether the value is one of Flex's endpoints at all, and the right one of the two for this slot. */
export function checkSpGeneration(raw: string, slot: SpSlot, expected?: string): { finding: SsoFinding; endpoint: FlexEndpoint | null } {
  const endpoint = parseFlexEndpoint(raw);
  if (!endpoint) {
    return { endpoint, finding: error(`${slot.rule}.generation`, slot.field, `${slot.label} is not a Flex ${roleName(slot.role)} of any generation (preview, legacy or enhanced).`, slot.fix, expected) };
  }
  if (endpoint.role !== 'both' && endpoint.role !== slot.role) {
    return {
      endpoint,
      finding: error(`${slot.rule}.role`, slot.field, `${slot.label} holds Flex's ${roleName(endpoint.role)} (${GENERATION_NAMES[endpoint.generation]}), not its ${roleName(slot.role)}.`, slot.fix, expected),
    };
  }
  return { endpoint, finding: ok(`${slot.rule}.generation`, slot.field, `${slot.label} is the ${roleName(slot.role)} of ${GENERATION_NAMES[endpoint.generation]}.`) };
}

export function checkSpAccount(endpoint: FlexEndpoint, slot: SpSlot, context: SsoContext, expected?: string): SsoFinding | null {
  if (!endpoint.accountSid) return null;
  if (endpoint.accountSid === context.twilio.accountSid) return ok(`${slot.rule}.account`, slot.field, `${slot.label} names the connected Twilio account.`);
  return error(`${slot.rule}.account`, slot.field, `${slot.label} names account ${endpoint.accountSid}, not the connected account ${context.twilio.accountSid}.`, slot.fix, expected);
}

export function checkSpRegion(endpoint: FlexEndpoint, slot: SpSlot, context: SsoContext, expected?: string): SsoFinding | null {
  if (!endpoint.region) return null;
  if (endpoint.region === context.twilio.region) return ok(`${slot.rule}.region`, slot.field, `${slot.label} is in the account's region (${context.twilio.region}).`);
  if (endpoint.generation !== 'enhanced') {
    // No Twilio doc names a regional iam.twilio.com or preview.twilio.com host: say so rather than guess one.
    return warning(`${slot.rule}.region`, slot.field, `${slot.label} is a us1 host, but the connected account is in ${context.twilio.region}; Twilio documents no regional form of it.`, 'Use the enhanced connection: its ACS URL names the account\'s region (login.flex.<region>.twilio.com).');
  }
  return error(`${slot.rule}.region`, slot.field, `${slot.label} is in region ${endpoint.region}, but the connected account is in ${context.twilio.region}.`, slot.fix, expected);
}

export function checkSpConnection(endpoint: FlexEndpoint, slot: SpSlot, context: SsoContext, expected?: string): SsoFinding | null {
  if (!endpoint.connectionSid || !context.connectionSid) return null;
  if (endpoint.connectionSid === context.connectionSid) return ok(`${slot.rule}.connection`, slot.field, `${slot.label} names this account's enhanced connection.`);
  return error(`${slot.rule}.connection`, slot.field, `${slot.label} names connection ${endpoint.connectionSid}, but this account's enhanced connection is ${context.connectionSid}.`, slot.fix, expected);
}

/**
 * A legacy or preview connection past 31 March 2026 is said plainly to be past the deadline;
 * before it, a warning. The enhanced connection is the one Twilio keeps.
 */
export function checkMigrationDeadline(generation: FlexSsoGeneration, field: SsoFinding['field'], now: Date): SsoFinding {
  if (generation === 'enhanced') return ok('connection.deadline', field, 'This is the enhanced (OAuth 2.0) connection, the one Twilio asks every Flex account to use.');
  const which = generation === 'preview' ? 'The deprecated preview.twilio.com connection' : 'The legacy iam.twilio.com connection';
  const fix = `In Console, go to Flex > Manage > Single sign-on, click Start setup under "New SSO Solution Available" (Flex UI 2.7 or later) and follow the steps; Flex keeps the legacy settings for ${SWITCH_BACK_DAYS} days after you migrate, so you can switch back.`;
  if (isPastMigrationDeadline(now)) return error('connection.deadline', field, `${which} is past Twilio's migration deadline of ${MIGRATION_DEADLINE_TEXT}: migrate to the enhanced (OAuth 2.0) connection now.`, fix);
  return warning('connection.deadline', field, `${which} must be migrated to the enhanced (OAuth 2.0) connection before ${MIGRATION_DEADLINE_TEXT}.`, fix);
}

/** The pair this account should use in the given generation (enhanced only when its `JQ…` SID is known). */
export function expectedPair(context: SsoContext, generation: FlexSsoGeneration): FlexEndpointPair | undefined {
  return expectedEndpoints(context.twilio.accountSid, context.twilio.region, context.connectionSid)[generation];
}

/** Every format and identity rule on one SP value, with the value that belongs there. */
export function checkSpValue(raw: string, slot: SpSlot, context: SsoContext, expected: string | undefined): { findings: SsoFinding[]; endpoint: FlexEndpoint | null } {
  const format = [checkSpWhitespace(raw, slot), checkSpScheme(raw, slot), checkSpTrailingSlash(raw, slot)];
  const { finding, endpoint } = checkSpGeneration(raw, slot, expected);
  const identity = endpoint ? [checkSpAccount(endpoint, slot, context, expected), checkSpRegion(endpoint, slot, context, expected), checkSpConnection(endpoint, slot, context, expected)] : [];
  return { findings: [...format, finding, ...identity].filter((f): f is SsoFinding => f !== null), endpoint };
}

/**
 * The Entity ID and ACS URL must come from one connection: the same generation and, for the
 * enhanced one, the same `JQ…` SID. A legacy audience with an enhanced ACS URL is the classic
 * half-done migration.
 */
export function checkSpPair(entity: FlexEndpoint | null, acs: FlexEndpoint | null, field: SsoFinding['field'], expected?: FlexEndpointPair): SsoFinding | null {
  if (!entity || !acs) return null;
  const fix = 'Copy both values from the same connection on the Flex Single sign-on page and paste them into the IdP together.';
  if (entity.generation !== acs.generation) {
    return error('sp-pair.generation', field, `The Entity ID is from ${GENERATION_NAMES[entity.generation]} but the ACS URL is from ${GENERATION_NAMES[acs.generation]}; both must come from one connection.`, fix, expected?.entityId);
  }
  if (entity.connectionSid !== acs.connectionSid) {
    return error('sp-pair.connection', field, `The Entity ID names connection ${entity.connectionSid} but the ACS URL names ${acs.connectionSid}; both must name the same connection.`, fix, expected?.entityId);
  }
  if (entity.accountSid !== acs.accountSid) {
    return error('sp-pair.account', field, `The Entity ID names account ${entity.accountSid} but the ACS URL names ${acs.accountSid}.`, fix, expected?.entityId);
  }
  return ok('sp-pair.generation', field, `The Entity ID and ACS URL belong to the same connection (${GENERATION_NAMES[entity.generation]}).`);
}

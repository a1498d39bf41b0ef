/**
 * Hand-built state for the page tests, so they do not depend on the generator's choices.
 * Each builder returns fresh objects; tests push them into `sandbox.state`.
 */
import { OKTA_SAML_DEFAULTS } from '../okta/saml';
import type { OktaApp, OktaAppAssignment, OktaSigningKey, OktaUser, OktaUserStatus, SandboxState, SandboxWorker, SandboxWorkspace } from '../state';

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const WORKSPACE_SID = `WS${'1'.repeat(32)}`;
export const OTHER_WORKSPACE_SID = `WS${'2'.repeat(32)}`;
export const AVAILABLE = `WA${'a'.repeat(32)}`;
export const OFFLINE = `WA${'b'.repeat(32)}`;
export const BREAK = `WA${'c'.repeat(32)}`;
/** A generated name that is also markup: it must reach the page as text. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

const T0 = '2025-03-01T09:00:00Z';

export const workerSid = (n: number) => `WK${n.toString(16).padStart(32, '0')}`;

export function workspace(sid = WORKSPACE_SID, friendlyName = 'Flex Task Assignment'): SandboxWorkspace {
  return {
    sid,
    friendlyName,
    dateCreated: T0,
    defaultActivitySid: OFFLINE,
    timeoutActivitySid: OFFLINE,
    activities: [
      { sid: AVAILABLE, friendlyName: 'Available', available: true, dateCreated: T0 },
      { sid: OFFLINE, friendlyName: 'Offline', available: false, dateCreated: T0 },
      { sid: BREAK, friendlyName: 'Break', available: false, dateCreated: T0 },
    ],
  };
}

/** Worker n (1-based) is "Agent 01"…; every third is Available, the rest Offline; worker 7 has HOSTILE_NAME. */
export function worker(n: number, overrides: Partial<SandboxWorker> = {}): SandboxWorker {
  const label = String(n).padStart(2, '0');
  return {
    sid: workerSid(n),
    workspaceSid: WORKSPACE_SID,
    friendlyName: n === 7 ? HOSTILE_NAME : `Agent ${label}`,
    attributes: JSON.stringify({ email: `agent${label}@example.com`, roles: ['agent'], full_name: `Agent ${label}` }),
    activitySid: n % 3 === 0 ? AVAILABLE : OFFLINE,
    dateCreated: T0,
    dateUpdated: T0,
    dateStatusChanged: T0,
    revision: 1,
    pendingReservations: 0,
    tasksInProgress: 0,
    ...overrides,
  };
}

export const workers = (count: number) => Array.from({ length: count }, (_, i) => worker(i + 1));

export function oktaUser(id: string, firstName: string, lastName: string, status: OktaUserStatus): OktaUser {
  const login = `${firstName.toLowerCase().replace(/[^a-z]/g, '')}.${lastName.toLowerCase()}@example.com`;
  return {
    id,
    status,
    created: T0,
    activated: T0,
    statusChanged: T0,
    lastLogin: null,
    lastUpdated: T0,
    passwordChanged: null,
    profile: { firstName, lastName, email: login, login, department: 'Support' },
  };
}

export const FLEX_APP_ID = '0oaflexapp0000000001';
export const FLEX_APP_NAME = 'steward-sandbox_twilioflex_1';

export function flexApp(accountSid = ACCOUNT_SID, overrides: Partial<OktaApp['signOn']> = {}): OktaApp {
  const acs = `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`;
  return {
    id: FLEX_APP_ID,
    name: FLEX_APP_NAME,
    label: 'Twilio Flex',
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: T0,
    lastUpdated: T0,
    signingKid: 'kid-flex-1',
    signOn: {
      ssoAcsUrl: acs,
      audience: `${acs}/metadata`,
      recipient: acs,
      destination: acs,
      subjectNameIdTemplate: '${user.email}',
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      ...OKTA_SAML_DEFAULTS,
      attributeStatements: [
        { type: 'EXPRESSION', name: 'full_name', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.firstName + " " + user.lastName'] },
        { type: 'EXPRESSION', name: 'roles', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.userType'] },
        { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.email'] },
      ],
      ...overrides,
    },
  };
}

export function bookmarkApp(): OktaApp {
  return { id: '0oabookmark000000002', name: 'bookmark', label: 'Team wiki', status: 'INACTIVE', signOnMode: 'BOOKMARK', created: T0, lastUpdated: T0, signOn: null, signingKid: null };
}

export function flexKey(): OktaSigningKey {
  return { kid: 'kid-flex-1', created: T0, expiresAt: '2035-03-01T09:00:00Z', x5c: ['MIIC' + 'A'.repeat(120)], appId: FLEX_APP_ID };
}

export function assignment(appId: string, user: OktaUser): OktaAppAssignment {
  return { appId, userId: user.id, status: 'ACTIVE', created: T0, lastUpdated: T0, userName: user.profile.login };
}

/** Puts a Twilio account with one 60-worker workspace and an Okta org with a Flex app into `state`, Flex SSO not migrated. */
export function seedPagesState(state: SandboxState): void {
  state.twilio.credentials.accountSid = ACCOUNT_SID;
  state.twilio.workspaces = [workspace(), workspace(OTHER_WORKSPACE_SID, 'Other workspace')];
  state.twilio.workers = [...workers(60), worker(61, { workspaceSid: OTHER_WORKSPACE_SID, friendlyName: 'Elsewhere Agent' })];
  const alice = oktaUser('00ualice000000000001', 'Alice', 'Able', 'ACTIVE');
  const bob = oktaUser('00ubob00000000000002', 'Bob', 'Baker', 'SUSPENDED');
  const carol = oktaUser('00ucarol000000000003', 'Carol', 'Cole', 'DEPROVISIONED');
  const hostile = oktaUser('00uhostile0000000004', HOSTILE_NAME, 'Hacker', 'ACTIVE');
  state.okta.users = [alice, bob, carol, hostile];
  state.okta.apps = [flexApp(), bookmarkApp()];
  state.okta.keys = [flexKey()];
  state.okta.assignments = [assignment(FLEX_APP_ID, alice), assignment(FLEX_APP_ID, bob)];
  delete state.twilio.flexSso;
}

/** The decoded `value` of the control a `<label for>` with exactly `label` as its text points at. */
export function fieldValue(page: string, label: string): string | undefined {
  const id = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${escapeRegExp(label)}</label>`).exec(page)?.[1];
  if (id === undefined) return undefined;
  const input = new RegExp(`<input[^>]*id="${escapeRegExp(id)}"[^>]*value="([^"]*)"`).exec(page)?.[1];
  const textarea = new RegExp(`<textarea[^>]*id="${escapeRegExp(id)}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1];
  const raw = input ?? textarea;
  return raw === undefined ? undefined : decodeEntities(raw);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

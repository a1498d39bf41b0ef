import type { SandboxContext, SandboxRequest } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import { seededRandom } from '../random';
import { OKTA_SAML_DEFAULTS } from './saml';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import type { OktaApp, OktaAppAssignment, OktaUser, OktaUserStatus, SandboxState } from '../state';

/**
 * Test-only builders: the Okta tests set up exactly the users and apps they talk about instead of
 * leaning on generated data, so a change to the generator cannot move their expectations.
 */

export const API_TOKEN = 'test-api-token';
export const NOW = new Date('2024-05-01T10:00:00.000Z');

export function emptyState(): SandboxState {
  return {
    seed: 7,
    twilio: { credentials: { accountSid: 'AC' + '0'.repeat(32), authToken: 't', apiKeySid: 'SK' + '0'.repeat(32), apiKeySecret: 's' }, workspaces: [], workers: [], flex: null },
    okta: { apiTokens: [API_TOKEN], users: [], apps: [], assignments: [], sessions: [], keys: [] },
    switches: { nullListAttributes: false },
  };
}

/** Puts `state`'s Okta half in place of whatever the sandbox generated. */
export function useOktaState(target: SandboxState, source: SandboxState = emptyState()): void {
  target.okta = source.okta;
}

export function context(state: SandboxState, now: Date = NOW): SandboxContext {
  return { state, now: () => now, random: seededRandom(42) };
}

export function request(method: string, pathAndQuery: string, headers: Record<string, string> = { authorization: `SSWS ${API_TOKEN}` }, json?: unknown): SandboxRequest {
  return { method, host: SANDBOX_HOSTS.okta, url: new URL(`https://${SANDBOX_HOSTS.okta}${pathAndQuery}`), headers, body: json === undefined ? '' : JSON.stringify(json), form: new URLSearchParams(), json };
}

export function makeUser(n: number, status: OktaUserStatus = 'ACTIVE', name: { first?: string; last?: string; email?: string } = {}): OktaUser {
  const first = name.first ?? `First${n}`;
  const last = name.last ?? `Last${n}`;
  const email = name.email ?? `user${n}@example.com`;
  return {
    id: `00u${String(n).padStart(17, '0')}`,
    status,
    created: '2023-01-01T00:00:00.000Z',
    activated: '2023-01-01T00:00:01.000Z',
    statusChanged: '2023-01-01T00:00:01.000Z',
    lastLogin: null,
    lastUpdated: '2023-06-01T00:00:00.000Z',
    passwordChanged: null,
    profile: { firstName: first, lastName: last, email, login: email },
  };
}

export function makeSamlApp(n: number, overrides: Partial<OktaApp> = {}): OktaApp {
  const id = `0oa${String(n).padStart(17, '0')}`;
  return {
    id,
    name: `stewardsandbox_twilioflex_${n}`,
    label: `Twilio Flex ${n}`,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: '2023-01-01T00:00:00.000Z',
    lastUpdated: '2023-02-01T00:00:00.000Z',
    signOn: {
      ssoAcsUrl: 'https://iam.twilio.com/v2/saml2/authenticate/AC00000000000000000000000000000000',
      audience: 'https://iam.twilio.com/v2/saml2/metadata/AC00000000000000000000000000000000',
      recipient: 'https://iam.twilio.com/v2/saml2/authenticate/AC00000000000000000000000000000000',
      destination: 'https://iam.twilio.com/v2/saml2/authenticate/AC00000000000000000000000000000000',
      subjectNameIdTemplate: '${user.userName}',
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      ...OKTA_SAML_DEFAULTS,
      attributeStatements: [
        { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.email'] },
        { type: 'EXPRESSION', name: 'roles', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['"agent"'] },
      ],
    },
    signingKid: `kid-${n}`,
    ...overrides,
  };
}

export function assign(app: OktaApp, user: OktaUser): OktaAppAssignment {
  return { appId: app.id, userId: user.id, status: 'ACTIVE', created: '2023-03-01T00:00:00.000Z', lastUpdated: '2023-03-01T00:00:00.000Z', userName: user.profile.login };
}

export interface OktaSandbox {
  sandbox: Sandbox;
  fetch: typeof fetch;
  /** The sandbox clock; tests move it to cross rate-limit windows or stamp lifecycle changes. */
  clock: { now: Date };
  /** A GET (or other method) against the Okta org with the API token unless headers say otherwise. */
  call: (pathAndQuery: string, init?: RequestInit) => Promise<Response>;
}

export async function startOktaSandbox(): Promise<OktaSandbox> {
  const clock = { now: NOW };
  const sandbox = await startSandbox({ seed: 5, now: () => clock.now });
  const fetch = sandboxFetch(sandbox);
  const call = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`https://${SANDBOX_HOSTS.okta}${pathAndQuery}`, { ...init, headers: { authorization: `SSWS ${API_TOKEN}`, accept: 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  return { sandbox, fetch, clock, call };
}

/** The URL of the `rel="next"` link, if any. */
export function nextLink(response: Response): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
}

import { defaultSsoVariant, findFlexApp, neighbourSid, serviceProviderEndpoints } from './pages/console';
import type { SamlResponseFaults, SandboxState } from './state';

/**
 * Broken SAML responses that no Okta app setting expresses, one switch each, planted by
 * `POST /__sandbox/sso` `{"responseSwitches": [...]}` (see control.ts) into
 * `state.okta.samlResponseFaults`, which the IdP-initiated login applies to every response it posts
 * (okta/saml-response.ts). What an Okta setting can break (roles missing or namespaced, assertion
 * unsigned, SHA-1, encrypted) is an SSO switch instead (sso-switches.ts), so the app's settings show it.
 * Reseeding undoes them all.
 */

interface SamlResponseSwitch {
  /** One line for the control index. */
  does: string;
  apply: (faults: SamlResponseFaults, state: SandboxState) => void;
}

const MINUTE = 60_000;

export const SAML_RESPONSE_SWITCHES = {
  'response-expired': {
    does: 'Okta posts a response issued 10 minutes ago: its NotOnOrAfter (5 minutes after issue) is already past.',
    apply: (faults) => void (faults.idpClockOffsetMs = -10 * MINUTE),
  },
  'response-clock-ahead': {
    does: "Okta's clock is 10 minutes ahead: IssueInstant and NotBefore are in the future.",
    apply: (faults) => void (faults.idpClockOffsetMs = 10 * MINUTE),
  },
  'response-foreign-key': {
    does: "Responses are signed with another key, whose certificate is not the Okta app's (nor the one Flex holds).",
    apply: (faults) => void (faults.foreignKey = true),
  },
  'response-audience-other-account': {
    does: "The response's Audience is another Twilio account's Entity ID (same generation), though the app's Audience URI is right.",
    apply: (faults, state) => {
      const generation = defaultSsoVariant(findFlexApp(state), state);
      faults.audience = serviceProviderEndpoints(neighbourSid(state.twilio.credentials.accountSid), generation).entityId;
    },
  },
} as const satisfies Record<string, SamlResponseSwitch>;

export type SamlResponseSwitchId = keyof typeof SAML_RESPONSE_SWITCHES;

export const isSamlResponseSwitchId = (id: unknown): id is SamlResponseSwitchId => typeof id === 'string' && Object.hasOwn(SAML_RESPONSE_SWITCHES, id);

export function applySamlResponseSwitch(state: SandboxState, id: SamlResponseSwitchId): void {
  SAML_RESPONSE_SWITCHES[id].apply((state.okta.samlResponseFaults ??= {}), state);
}

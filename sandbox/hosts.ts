/**
 * The real host names the sandbox plays. Chromium is started with `--host-resolver-rules`
 * mapping each of them to the sandbox's port, so the production build runs unchanged.
 */
export const OKTA_ORG = 'steward-sandbox';

export const SANDBOX_HOSTS = {
  console: 'console.twilio.com',
  www: 'www.twilio.com',
  taskrouter: 'taskrouter.twilio.com',
  flexApi: 'flex-api.twilio.com',
  sync: 'sync.twilio.com',
  /** Flex's public authentication config (the enhanced SSO connection), asked without credentials. */
  services: 'services.twilio.com',
  okta: `${OKTA_ORG}.okta.com`,
  oktaAdmin: `${OKTA_ORG}-admin.okta.com`,
  /**
   * Another tenant's Admin Console on the same cloud domain. It serves the same pages as the
   * sandbox org's, so an Okta content script that ran there would show itself.
   */
  otherOktaAdmin: 'other-tenant-admin.okta.com',
  /** Some other company's site, which can frame the legacy Console pages as any site can. */
  otherSite: 'intranet.example',
  /** Someone else's org: where a wrong org URL, or a redirect, would send Flex Steward's requests. */
  oktaElsewhere: 'steward-elsewhere.okta.com',
  /** Flex's SAML ACS endpoints, one host per connection generation (legacy, enhanced, preview): see twilio/flex-acs.ts. */
  iam: 'iam.twilio.com',
  flexLogin: 'login.flex.us1.twilio.com',
  preview: 'preview.twilio.com',
  /** Where a successful Flex login lands: the agent desktop. */
  flex: 'flex.twilio.com',
  /** Twilsock, the WebSocket the `twilio-sync` SDK holds: see twilio/twilsock.ts. */
  tsock: 'tsock.us1.twilio.com',
  /** Sync's client data API, reached only through Twilsock's tunnelled requests: see twilio/cds.ts. */
  cds: 'cds.us1.twilio.com',
} as const;

export type SandboxHostKey = keyof typeof SANDBOX_HOSTS;

/**
 * Twilio's other regions, as reached through their edges. The sandbox account's data lives in US1,
 * and Twilio credentials only work in their own region, so every request here is refused: the
 * symptom an admin meets when the region setting is wrong.
 */
export const OTHER_REGION_TWILIO_HOSTS = ['dublin.ie1', 'sydney.au1'].flatMap((edge) => ['taskrouter', 'flex-api', 'sync'].map((product) => `${product}.${edge}.twilio.com`));

/** Every host name the sandbox answers for. */
export const ALL_SANDBOX_HOSTS = [...Object.values(SANDBOX_HOSTS), ...OTHER_REGION_TWILIO_HOSTS];

/** Hosts whose errors use Okta's JSON shape rather than Twilio's. */
export const isOktaHost = (host: string) => host === SANDBOX_HOSTS.okta || host === SANDBOX_HOSTS.oktaAdmin || host === SANDBOX_HOSTS.otherOktaAdmin || host === SANDBOX_HOSTS.oktaElsewhere;

/** The `--host-resolver-rules` value that sends every sandbox host to 127.0.0.1:port. */
export function hostResolverRules(port: number): string {
  return ALL_SANDBOX_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`)
    .join(', ');
}

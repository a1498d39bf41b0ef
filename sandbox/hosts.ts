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
  okta: `${OKTA_ORG}.okta.com`,
  oktaAdmin: `${OKTA_ORG}-admin.okta.com`,
} as const;

export type SandboxHostKey = keyof typeof SANDBOX_HOSTS;

/** Hosts whose errors use Okta's JSON shape rather than Twilio's. */
export const isOktaHost = (host: string) => host === SANDBOX_HOSTS.okta || host === SANDBOX_HOSTS.oktaAdmin;

/** The `--host-resolver-rules` value that sends every sandbox host to 127.0.0.1:port. */
export function hostResolverRules(port: number): string {
  return Object.values(SANDBOX_HOSTS)
    .map((host) => `MAP ${host} 127.0.0.1:${port}`)
    .join(', ');
}

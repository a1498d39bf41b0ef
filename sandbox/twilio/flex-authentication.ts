import { json, matchPath, type HostHandler } from '../http';
import { flexConnectionSid } from '../pages/console';
import type { SandboxState } from '../state';
import { notFound, stableHex, twilioError, withRequestId } from './common';

/**
 * services.twilio.com `GET /v1/Flex/Authentication/Config?AccountSid=AC…`: the enhanced (OAuth 2.0)
 * SSO connection Flex UI signs in with, asked without credentials. Twilio documents the request for
 * self-hosted Flex ("Retrieve the `connection` and `clientId` values using this request",
 * https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/self-hosted) but not the
 * answer; the shape `{ config_list: [{ connection_name, client_id }] }` is the one public code reads
 * (techmatters/flex-plugins, its e2e-tests `oktaSsoLoginViaApi` and appConfig set-up scripts), and
 * only those two fields are given. An account without an enhanced connection gets an empty list.
 */

export const AUTHENTICATION_CONFIG_PATH = '/v1/Flex/Authentication/Config';

/** The OAuth client Flex's login uses for the account: stable, so it replays. */
export const flexOAuthClientId = (accountSid: string) => stableHex(`flex-oauth-client:${accountSid}`);

function configList(state: SandboxState, accountSid: string) {
  const own = state.twilio.credentials.accountSid;
  if (accountSid !== own || !state.twilio.flexSso?.enhanced) return [];
  return [{ connection_name: flexConnectionSid(own), client_id: flexOAuthClientId(own) }];
}

/**
 * Public and read by Flex UI from its own origin (flex.twilio.com or a self-hosted domain), so it
 * answers any origin; no credentials are involved. An assumption: Twilio documents no CORS policy.
 */
const CORS = { 'access-control-allow-origin': '*' };

export const flexAuthenticationRoutes: HostHandler = (req, ctx) => {
  if (!matchPath(AUTHENTICATION_CONFIG_PATH, req.url.pathname)) return withRequestId(notFound(req), ctx);
  if (req.method !== 'GET') return withRequestId(twilioError(405, 20004, `Method ${req.method} not allowed on ${req.url.pathname}`, { allow: 'GET' }), ctx);
  const accountSid = req.url.searchParams.get('AccountSid') ?? '';
  if (!/^AC[0-9a-f]{32}$/.test(accountSid)) return withRequestId(twilioError(400, 20001, 'Invalid AccountSid', CORS), ctx);
  return withRequestId(json(200, { config_list: configList(ctx.state, accountSid) }, CORS), ctx);
};

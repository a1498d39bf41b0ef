import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http';
import { SANDBOX_HOSTS } from '../hosts';
import { dpopRefusal } from './oauth-token';
import { oktaError } from './route';

/**
 * Okta accepts an API token (`SSWS`, full admin rights) or an OAuth access token (`Bearer`, or
 * `DPoP` with a proof when DPoP-bound; limited to its scopes). Returns the refusal, or undefined
 * when the request may proceed.
 */
export function authorize(req: SandboxRequest, ctx: SandboxContext, scopes: readonly string[]): SandboxResponse | undefined {
  const header = req.headers.authorization ?? '';
  const ssws = /^SSWS\s+(\S+)\s*$/i.exec(header);
  if (ssws) return ctx.state.okta.apiTokens.includes(ssws[1]!) ? undefined : invalidToken(ctx);

  const oauth = /^(Bearer|DPoP)\s+(\S+)\s*$/i.exec(header);
  if (!oauth) return invalidToken(ctx);
  const token = ctx.state.okta.accessTokens?.find((t) => t.token === oauth[2]);
  if (!token || Date.parse(token.expiresAt) <= ctx.now().getTime()) {
    return invalidToken(ctx, bearerChallenge({ error: 'invalid_token', error_description: 'The access token is invalid.' }));
  }
  const unproven = dpopRefusal(req, ctx, token, oauth[1]!);
  if (unproven) return unproven;
  if (scopes.some((scope) => token.scopes.includes(scope))) return undefined;
  return oktaError(ctx, 403, 'E0000006', 'You do not have permission to perform the requested action', [], {
    'www-authenticate': bearerChallenge({
      scope: scopes[0] ?? '',
      error: 'insufficient_scope',
      error_description: 'The access token provided does not contain the required scopes.',
      resource: req.url.pathname,
    }),
  });
}

function invalidToken(ctx: SandboxContext, challenge?: string): SandboxResponse {
  return oktaError(ctx, 401, 'E0000011', 'Invalid token provided', [], challenge ? { 'www-authenticate': challenge } : {});
}

/** Okta's challenge for its own management API, e.g. `Bearer authorization_uri="…", realm="IdpMyAccountAPI", scope="okta.users.manage", error="insufficient_scope", …`. */
function bearerChallenge(params: Record<string, string>): string {
  const all = { authorization_uri: `https://${SANDBOX_HOSTS.okta}/oauth2/v1/authorize`, realm: 'IdpMyAccountAPI', ...params };
  return 'Bearer ' + Object.entries(all).map(([key, value]) => `${key}="${value}"`).join(', ');
}

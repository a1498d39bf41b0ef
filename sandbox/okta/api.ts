import { matchPath, type HostHandler, type SandboxResponse } from '../http';
import { appUserRoutes } from './app-users';
import { appRoutes, PUBLIC_METADATA_PATH, publicSamlMetadata } from './apps';
import { authorize } from './auth';
import { oauthTokenRoute, TOKEN_PATH } from './oauth-token';
import { consumeRateLimit } from './rate-limit';
import { oktaError, requestId, type OktaRoute } from './route';
import { userRoutes } from './users';

/**
 * `steward-sandbox.okta.com/api/v1/*`: the users, lifecycle, sessions and apps operations of
 * Okta's management API that Flex Steward calls (see sandbox/specs/okta-management.json).
 * Each request is counted against its family's rate limit, then authorized, then handled.
 */

const ROUTES: OktaRoute[] = [...userRoutes, ...appRoutes, ...appUserRoutes];

function safeMatch(pattern: string, path: string): Record<string, string> | undefined {
  try {
    return matchPath(pattern, path);
  } catch {
    // A malformed percent-escape in the path matches nothing, as an unknown id would.
    return undefined;
  }
}

function withHeaders(response: SandboxResponse, headers: Record<string, string>): SandboxResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

export const oktaApiRoutes: HostHandler = (req, ctx) => {
  const path = req.url.pathname;
  // The org authorization server authenticates by client assertion, not by API token.
  if (path === TOKEN_PATH) return withHeaders(oauthTokenRoute(req, ctx), { 'x-okta-request-id': requestId(ctx.random) });
  const metadata = req.method === 'GET' ? safeMatch(PUBLIC_METADATA_PATH, path) : undefined;
  if (metadata) return withHeaders(publicSamlMetadata(req.url, ctx, metadata.appId!), { 'x-okta-request-id': requestId(ctx.random) });
  // Other paths on this host (sign-in pages, SAML endpoints) belong to other route modules.
  if (!path.startsWith('/api/v1/')) return undefined;
  const headers: Record<string, string> = { 'x-okta-request-id': requestId(ctx.random) };

  const candidates = ROUTES.flatMap((route) => {
    const params = safeMatch(route.pattern, path);
    return params ? [{ route, params }] : [];
  });
  if (candidates.length === 0) return withHeaders(oktaError(ctx, 404, 'E0000007', `Not found: Resource not found: ${path}`), headers);
  const match = candidates.find((c) => c.route.method === req.method);
  if (!match) return withHeaders(oktaError(ctx, 405, 'E0000022', 'The endpoint does not support the provided HTTP method'), { ...headers, allow: candidates.map((c) => c.route.method).join(', ') });

  const budget = consumeRateLimit(ctx.state, match.route.family, ctx.now());
  Object.assign(headers, budget.headers);
  if (!budget.allowed) return withHeaders(oktaError(ctx, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.'), headers);

  const refusal = authorize(req, ctx, match.route.scopes);
  if (refusal) return withHeaders(refusal, headers);
  return withHeaders(match.route.handle(req, ctx, match.params), headers);
};

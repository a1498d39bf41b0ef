import { errorResponse } from '../faults';
import { matchPath, type HostHandler, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import type { SandboxState } from '../state';
import { authenticate, twilioError, withRequestId } from './common';
import { RateLimiter, type RateLimitRule } from './rate-limit';

export interface RouteArgs {
  req: SandboxRequest;
  ctx: SandboxContext;
  params: Record<string, string>;
  accountSid: string;
}

export interface TwilioRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** A `matchPath` pattern. */
  pattern: string;
  /** The rate limit this request counts against; unlimited when absent. */
  rule?: (req: SandboxRequest) => RateLimitRule;
  handle: (args: RouteArgs) => SandboxResponse;
}

/** One limiter per sandbox state, so a reseed (a new state) starts with fresh windows. */
const limiters = new WeakMap<SandboxState, RateLimiter>();

function limiterFor(state: SandboxState): RateLimiter {
  let limiter = limiters.get(state);
  if (!limiter) {
    limiter = new RateLimiter();
    limiters.set(state, limiter);
  }
  return limiter;
}

function dispatch(host: string, routes: TwilioRoute[], req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const path = req.url.pathname;
  // Routing comes before authentication so an unknown path is a 404 even without credentials.
  const candidates = routes.flatMap((route) => {
    const params = matchPath(route.pattern, path);
    return params ? [{ route, params }] : [];
  });
  if (candidates.length === 0) return errorResponse(host, 404);
  const match = candidates.find((c) => c.route.method === req.method);
  if (!match) return twilioError(405, 20004, `Method ${req.method} not allowed on ${path}`, { allow: candidates.map((c) => c.route.method).join(', ') });

  const { credentials } = ctx.state.twilio;
  const unauthorized = authenticate(req, credentials);
  if (unauthorized) return unauthorized;

  const rule = match.route.rule?.(req);
  const limit = rule && limiterFor(ctx.state).take(credentials.accountSid, rule, ctx.now().getTime());
  if (rule && limit && !limit.allowed) {
    const tooMany = twilioError(429, 20429, `Too many requests: ${rule.key} allows ${rule.limit} per second`);
    return { ...tooMany, headers: { ...tooMany.headers, ...limit.headers, 'retry-after': String(limit.retryAfterSeconds) } };
  }
  const response = match.route.handle({ req, ctx, params: match.params, accountSid: credentials.accountSid });
  return limit ? { ...response, headers: { ...response.headers, ...limit.headers } } : response;
}

/**
 * A Twilio host: routes matched first (unknown path → 404, known path but other method → 405),
 * then Basic auth, then the route's rate limit; every answer carries a `Twilio-Request-Id`.
 */
export function twilioHost(host: string, routes: TwilioRoute[]): HostHandler {
  return (req, ctx) => withRequestId(dispatch(host, routes, req, ctx), ctx);
}

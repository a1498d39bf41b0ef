import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { oktaId } from '../random';
import type { OktaRateLimitFamily } from '../state';

/** One operation of the Okta management API as the sandbox serves it. */
export interface OktaRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** A `matchPath` pattern, e.g. `/api/v1/users/:id`. */
  pattern: string;
  /** The rate-limit bucket the request is counted in. */
  family: OktaRateLimitFamily;
  /** A Bearer token needs at least one of these; the first is the one named when it has none. */
  scopes: readonly string[];
  handle: (req: SandboxRequest, ctx: SandboxContext, params: Record<string, string>) => SandboxResponse;
}

/** Okta's error body: every field always present, `errorCauses` empty when there is nothing more to say. */
export function oktaError(ctx: SandboxContext, status: number, errorCode: string, errorSummary: string, causes: string[] = [], headers: Record<string, string> = {}): SandboxResponse {
  return json(
    status,
    { errorCode, errorSummary, errorLink: errorCode, errorId: oktaId('oae', ctx.random), errorCauses: causes.map((errorSummary) => ({ errorSummary })) },
    headers,
  );
}

/** Okta names the kind of resource it could not find: `Not found: Resource not found: 00u… (User)`. */
export function notFound(ctx: SandboxContext, id: string, kind: string): SandboxResponse {
  return oktaError(ctx, 404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
}

/** An `E0000001` validation failure, e.g. `Api validation failed: suspendUser` with the reason as its cause. */
export function validationFailed(ctx: SandboxContext, what: string, cause: string): SandboxResponse {
  return oktaError(ctx, 400, 'E0000001', `Api validation failed: ${what}`, [cause]);
}

/** Okta's request ids are 27 characters of base64url-ish text; the sandbox draws them from its seeded PRNG so runs replay. */
export function requestId(random: () => number): string {
  return (oktaId('', random) + oktaId('', random)).slice(0, 27);
}

import { problem, ProblemError } from '../problem';

/**
 * How the Okta client authorizes a request. Asked once per request (each page included) with the
 * method and full URL, because a DPoP proof is bound to both.
 */
export interface OktaAuth {
  headers(method: string, url: string): Promise<Record<string, string>>;
  /**
   * Called when Okta answers 401, before the client tries once more: a cached access token may
   * have been revoked or rotated early. Absent for credentials that cannot be renewed.
   */
  rejected?(): void;
}

/** An SSWS API token: acts with the full rights of the admin who created it. */
export function apiTokenAuth(token: string): OktaAuth {
  // Admins sometimes paste the header value they saw in a guide rather than the bare token.
  const bare = token.trim().replace(/^SSWS\s+/i, '');
  if (!bare || /\s/.test(bare)) {
    throw new ProblemError(problem('not-configured', 'The Okta API token is empty or malformed.', 'Create a token in Okta (Security → API → Tokens) and paste it in Settings.', { service: 'extension' }));
  }
  const headers = { authorization: `SSWS ${bare}` };
  return { headers: async () => ({ ...headers }) };
}

/** The shape of the OAuth service-app token source (oauth.ts), kept structural so neither file imports the other. */
export interface OktaTokenSourceLike {
  getAuthorization(method: string, url: string): Promise<Record<string, string>>;
  invalidate(): void;
}

/** OAuth for Okta: a Bearer or DPoP access token limited to the scopes the service app was granted. */
export function tokenSourceAuth(source: OktaTokenSourceLike): OktaAuth {
  return { headers: (method, url) => source.getAuthorization(method, url), rejected: () => source.invalidate() };
}

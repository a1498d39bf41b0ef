import { describe, expect, it } from 'vitest';
import { authorize } from './auth';
import { API_TOKEN, NOW, context, emptyState, request } from './fixtures';

function stateWithTokens() {
  const state = emptyState();
  state.okta.accessTokens = [
    { token: 'reader', scopes: ['okta.users.read'], expiresAt: '2024-05-01T11:00:00.000Z' },
    { token: 'expired', scopes: ['okta.users.read', 'okta.users.manage'], expiresAt: NOW.toISOString() },
  ];
  return state;
}

const body = (response: { body?: string } | undefined) => JSON.parse(response?.body ?? 'null') as Record<string, unknown>;

describe('authorize', () => {
  it('lets a known API token do anything, whatever the scopes', () => {
    expect(authorize(request('POST', '/api/v1/users/x/lifecycle/suspend'), context(stateWithTokens()), ['okta.users.manage'])).toBeUndefined();
    expect(authorize(request('GET', '/api/v1/users', { authorization: `ssws   ${API_TOKEN}` }), context(stateWithTokens()), ['okta.users.read'])).toBeUndefined();
  });

  it('answers 401 E0000011 for a missing, unknown or malformed credential', () => {
    for (const authorization of [undefined, 'SSWS nope', `Basic ${API_TOKEN}`, API_TOKEN, 'Bearer nope']) {
      const response = authorize(request('GET', '/api/v1/users', authorization === undefined ? {} : { authorization }), context(stateWithTokens()), ['okta.users.read']);
      expect(response?.status).toBe(401);
      expect(body(response)).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [] });
    }
  });

  it('accepts a Bearer token with a listed scope until it expires', () => {
    expect(authorize(request('GET', '/api/v1/users', { authorization: 'Bearer reader' }), context(stateWithTokens()), ['okta.users.read', 'okta.users.manage'])).toBeUndefined();
    const expired = authorize(request('GET', '/api/v1/users', { authorization: 'Bearer expired' }), context(stateWithTokens()), ['okta.users.read']);
    expect(expired?.status).toBe(401);
    expect(expired?.headers?.['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 403 E0000006 naming the missing scope the way Okta does', () => {
    const response = authorize(request('POST', '/api/v1/users/00u1/lifecycle/suspend', { authorization: 'Bearer reader' }), context(stateWithTokens()), ['okta.users.manage']);
    expect(response?.status).toBe(403);
    expect(body(response)).toMatchObject({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' });
    expect(response?.headers?.['www-authenticate']).toBe(
      'Bearer authorization_uri="https://steward-sandbox.okta.com/oauth2/v1/authorize", realm="IdpMyAccountAPI", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users/00u1/lifecycle/suspend"',
    );
  });
});

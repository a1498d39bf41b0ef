import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '../../sandbox/faults';
import { OktaAppUserSchema, OktaApplicationSchema, OktaErrorBodySchema, OktaSigningKeySchema, OktaUserSchema } from './schemas';

const user = {
  id: '00u1abcd',
  status: 'ACTIVE',
  created: '2024-01-09T15:36:04.000Z',
  activated: '2024-01-09T15:36:05.000Z',
  statusChanged: '2024-01-09T15:36:05.000Z',
  lastLogin: null,
  lastUpdated: '2024-01-09T15:36:05.000Z',
  passwordChanged: '2024-01-09T15:36:05.000Z',
  profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
};

const messageFor = (schema: z.ZodType, body: unknown) => {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('Expected the body to be rejected');
  return z.prettifyError(result.error);
};

describe('OktaUserSchema', () => {
  it('reads a user and fills an absent nullable field with null, as Okta may omit nulls', () => {
    const parsed = OktaUserSchema.parse(user);
    expect(parsed.lastLogin).toBeNull();
    expect(parsed.profile.displayName).toBeNull();
  });

  it('tolerates fields it does not read, at every level, and drops them', () => {
    const parsed = OktaUserSchema.parse({ ...user, realmId: 'guo1', type: { id: 'oty1' }, _links: {}, profile: { ...user.profile, department: 'Support', costCenter: null } });
    expect(parsed).not.toHaveProperty('realmId');
    expect(parsed.profile).not.toHaveProperty('department');
    expect(parsed.profile.email).toBe('ada@example.com');
  });

  it('rejects a status Okta does not have, naming the field', () => {
    const message = messageFor(OktaUserSchema, { ...user, status: 'ENABLED' });
    expect(message).toMatch(/status/);
    expect(message).toMatch(/DEPROVISIONED/);
  });

  it('rejects a timestamp that is not a date-time, and a profile without an email', () => {
    expect(messageFor(OktaUserSchema, { ...user, created: 'yesterday' })).toMatch(/created/);
    const { email: _email, ...withoutEmail } = user.profile;
    expect(messageFor(OktaUserSchema, { ...user, profile: withoutEmail })).toMatch(/profile\.email/);
  });
});

describe('OktaAppUserSchema', () => {
  const assignment = { id: '00u1abcd', status: 'PROVISIONED', scope: 'USER', created: user.created, lastUpdated: user.lastUpdated };

  it('reads an assignment without credentials or an embedded user', () => {
    expect(OktaAppUserSchema.parse(assignment)).toEqual(assignment);
  });

  it('reads the embedded user when expand=user was asked for', () => {
    const parsed = OktaAppUserSchema.parse({ ...assignment, credentials: { userName: 'ada@example.com' }, _embedded: { user } });
    expect(parsed._embedded?.user?.profile.login).toBe('ada@example.com');
  });

  it('rejects a group-scope typo', () => {
    expect(messageFor(OktaAppUserSchema, { ...assignment, scope: 'GROUPS' })).toMatch(/scope/);
  });
});

describe('OktaApplicationSchema', () => {
  it('reads a bookmark app, which has no SAML settings at all', () => {
    const app = OktaApplicationSchema.parse({ id: '0oa1', name: 'bookmark', label: 'Wiki', status: 'ACTIVE', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://wiki' } } });
    expect(app.settings?.signOn).toBeUndefined();
  });

  it('rejects an ACS URL that is not a string', () => {
    const body = { id: '0oa1', name: 'flex', label: 'Flex', status: 'ACTIVE', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: 42 } } };
    expect(messageFor(OktaApplicationSchema, body)).toMatch(/settings\.signOn\.ssoAcsUrl/);
  });
});

describe('OktaSigningKeySchema and OktaErrorBodySchema', () => {
  it('rejects a key whose certificate chain is not a list', () => {
    const key = { kid: 'k1', kty: 'RSA', created: user.created, expiresAt: '2034-01-01T00:00:00.000Z', x5c: 'MIIC…' };
    expect(messageFor(OktaSigningKeySchema, key)).toMatch(/x5c/);
  });

  it.each([401, 403, 404, 429, 500, 503])('reads the %i error body the sandbox answers with', (status) => {
    const body = OktaErrorBodySchema.parse(JSON.parse(errorResponse('steward-sandbox.okta.com', status).body ?? ''));
    expect(body.errorCode).toMatch(/^E\d{7}$/);
  });

  it('rejects an error body without an errorCode', () => {
    expect(messageFor(OktaErrorBodySchema, { errorSummary: 'Invalid token provided' })).toMatch(/errorCode/);
  });
});

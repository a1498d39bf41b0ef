import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../sandbox/spec-validator';
import {
  OKTA_USER_STATUSES,
  OktaAppUserSchema,
  OktaApplicationSchema,
  OktaErrorBodySchema,
  OktaSigningKeySchema,
  OktaUserSchema,
} from './schemas';
import { compareWithSpec, component, responseExamples, type OpenApiDocument } from './schemas.spec-check';

/**
 * Our Okta schemas against Okta's own OpenAPI document: the management spec trimmed to the
 * operations we call, with SamlApplication and the response examples kept (sandbox/specs/trim.ts).
 */
const okta = JSON.parse(readFileSync(resolve(SPECS_DIR, 'okta-management.json'), 'utf8')) as OpenApiDocument;

describe('Okta schemas match the spec', () => {
  it.each([
    ['User', OktaUserSchema, 'User'],
    ['JsonWebKey', OktaSigningKeySchema, 'JsonWebKey'],
    ['Error', OktaErrorBodySchema, 'Error'],
  ] as const)('%s: every field we read exists with a compatible type and nullability', (_, schema, name) => {
    expect(compareWithSpec(okta, schema, component(name))).toEqual([]);
  });

  it('Application (as a SAML 2.0 app, the only kind whose settings we read): likewise, with null allowed in the `…Override`s where the spec\'s examples send it', () => {
    const overrides = ['ssoAcsUrlOverride', 'audienceOverride', 'recipientOverride', 'destinationOverride'].map((name) => `settings.signOn.${name}`);
    expect(compareWithSpec(okta, OktaApplicationSchema, component('SamlApplication'), { nullInExamples: overrides })).toEqual([]);
  });

  it('AppUser: likewise, reading `_embedded.user` as the User the expand=user docs describe', () => {
    const findings = compareWithSpec(okta, OktaAppUserSchema, component('AppUser'), { documented: { '_embedded.user': component('User') } });
    expect(findings).toEqual([]);
  });

  it('makes exactly the user fields nullable that the spec does, lastLogin among them', () => {
    const nullable = (shape: Record<string, z.ZodType>) => Object.keys(shape).filter((key) => shape[key]!.safeParse(null).success);
    expect(nullable(OktaUserSchema.shape)).toEqual(['activated', 'statusChanged', 'lastLogin', 'passwordChanged']);
    expect(nullable(OktaUserSchema.shape.profile.shape)).toEqual(['firstName', 'lastName', 'displayName']);
  });

  it('lists all eight user statuses the spec does', () => {
    const spec = (okta.components.schemas.UserStatus as { enum: string[] }).enum;
    expect([...OKTA_USER_STATUSES].sort()).toEqual([...spec].sort());
    expect(OKTA_USER_STATUSES).toHaveLength(8);
  });

  it('notices drift: a wrong type, a wrong nullability and an invented field are all reported', () => {
    const drifted = z.object({ id: z.number(), lastLogin: z.iso.datetime(), created: z.string().nullable(), nickname: z.string() });
    expect(compareWithSpec(okta, drifted, component('User')).map((f) => `${f.path} ${f.kind}`)).toEqual([
      'id type',
      'lastLogin spec-allows-null',
      'created spec-forbids-null',
      'nickname missing',
    ]);
  });
});

describe("Okta schemas accept the spec's own examples", () => {
  const users = z.array(OktaUserSchema);
  // Each operation our clients call, with the schema its 200 body is read with.
  const operations: { path: string; method: string; schema: z.ZodType; label: string; skip: string[] }[] = [
    { path: '/api/v1/users', method: 'get', schema: users, label: 'list users', skip: ['UsersProjections'] },
    { path: '/api/v1/users/{id}', method: 'get', schema: OktaUserSchema, label: 'get user', skip: [] },
    { path: '/api/v1/apps', method: 'get', schema: z.array(OktaApplicationSchema), label: 'list apps', skip: [] },
    { path: '/api/v1/apps/{appId}', method: 'get', schema: OktaApplicationSchema, label: 'get app', skip: [] },
    { path: '/api/v1/apps/{appId}/users', method: 'get', schema: z.array(OktaAppUserSchema), label: 'list app users', skip: [] },
    { path: '/api/v1/apps/{appId}/users/{userId}', method: 'get', schema: OktaAppUserSchema, label: 'get app user', skip: [] },
    { path: '/api/v1/apps/{appId}/credentials/keys', method: 'get', schema: z.array(OktaSigningKeySchema), label: 'list app keys', skip: [] },
    { path: '/api/v1/apps/{appId}/credentials/keys/{keyId}', method: 'get', schema: OktaSigningKeySchema, label: 'get app key', skip: [] },
  ];

  it.each(operations)('$label: every 200 example parses', ({ path, method, schema, skip }) => {
    // UsersProjections answers `fields=`, which we never send; its users lack `created` on purpose.
    const examples = Object.entries(responseExamples(okta, path, method, 200)).filter(([name]) => !skip.includes(name));
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, body] of examples) {
      const result = schema.safeParse(body);
      expect(result.success, `${name}: ${result.success ? '' : z.prettifyError(result.error)}`).toBe(true);
    }
  });

  it('every error example of those operations parses as an Okta error body', () => {
    let seen = 0;
    for (const { path, method } of operations) {
      for (const status of [400, 403, 404, 429]) {
        const responses = (okta.paths[path] as Record<string, { responses: Record<string, unknown> }>)[method]!.responses;
        if (!(String(status) in responses)) continue;
        for (const [name, body] of Object.entries(responseExamples(okta, path, method, status))) {
          const result = OktaErrorBodySchema.safeParse(body);
          expect(result.success, `${path} ${status} ${name}`).toBe(true);
          seen += 1;
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('reads the embedded user of an expand=user app assignment', () => {
    const [first] = z.array(OktaAppUserSchema).parse(responseExamples(okta, '/api/v1/apps/{appId}/users', 'get', 200).ListAppUsersExample);
    expect(first?._embedded?.user?.profile.login).toBe('saml.test@example.com');
    expect(first?._embedded?.user?.lastLogin).toBeNull();
  });

  it('reads the SAML settings of the custom SAML app example', () => {
    const app = OktaApplicationSchema.parse(responseExamples(okta, '/api/v1/apps/{appId}', 'get', 200).RetrieveEx1);
    expect(app.signOnMode).toBe('SAML_2_0');
    expect(app.settings?.signOn).toMatchObject({ audience: 'https://example.com/tenant/123', subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' });
    expect(app.credentials?.signing?.kid).toBeUndefined();
  });
});

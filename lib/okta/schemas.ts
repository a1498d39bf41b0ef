import { z } from 'zod';

/**
 * The Okta Management API bodies we read, cut down to the fields we read. Objects are plain
 * `z.object`s, which drop unknown keys: Okta adds properties without notice, and that must not
 * break parsing. A field of the wrong type is rejected, because acting on a misread status or
 * key is worse than stopping with an `invalid-response` problem.
 *
 * Nullability follows the Okta OpenAPI spec (checked by schemas.spec.test.ts). Okta's API design
 * principles also say "properties with null values may be omitted by responses", so a nullable
 * field that is missing reads as null rather than failing.
 */

const timestamp = z.iso.datetime({ offset: true });

/** Nullable in the spec; absent counts as null, per Okta's compatibility rules. */
const nullableTimestamp = timestamp.nullable().default(null);
const nullableString = z.string().nullable().default(null);

/** Every user status the spec lists, in lifecycle order. */
export const OKTA_USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
export const OktaUserStatusSchema = z.enum(OKTA_USER_STATUSES);
export type OktaUserStatus = z.infer<typeof OktaUserStatusSchema>;

export const OktaUserProfileSchema = z.object({
  login: z.string(),
  email: z.string(),
  firstName: nullableString,
  lastName: nullableString,
  displayName: nullableString,
});

export const OktaUserSchema = z.object({
  id: z.string(),
  status: OktaUserStatusSchema,
  created: timestamp,
  activated: nullableTimestamp,
  statusChanged: nullableTimestamp,
  lastLogin: nullableTimestamp,
  lastUpdated: timestamp,
  passwordChanged: nullableTimestamp,
  profile: OktaUserProfileSchema,
});
export type OktaUser = z.infer<typeof OktaUserSchema>;

export const OKTA_APP_USER_STATUSES = [
  'ACTIVE',
  'APPROVED',
  'DEPROVISIONED',
  'IMPLICIT',
  'IMPORTED',
  'INACTIVE',
  'MATCHED',
  'PENDING',
  'PROVISIONED',
  'REVOKED',
  'STAGED',
  'SUSPENDED',
  'UNASSIGNED',
] as const;

/** An assignment of a user to an app (`/apps/{appId}/users`); `_embedded.user` is there with `expand=user`. */
export const OktaAppUserSchema = z.object({
  id: z.string(),
  status: z.enum(OKTA_APP_USER_STATUSES),
  scope: z.enum(['USER', 'GROUP']),
  created: timestamp,
  lastUpdated: timestamp,
  credentials: z.object({ userName: z.string().optional() }).optional(),
  _embedded: z.object({ user: OktaUserSchema.optional() }).optional(),
});
export type OktaAppUser = z.infer<typeof OktaAppUserSchema>;

export const OktaSamlAttributeStatementSchema = z.object({
  type: z.enum(['EXPRESSION', 'GROUP']),
  name: z.string(),
  namespace: z.string().optional(),
  /** Only `EXPRESSION` statements carry values. */
  values: z.array(z.string()).optional(),
});

/**
 * `settings.signOn` of a SAML 2.0 app. Other sign-on modes have a different `signOn` or none,
 * so every field is optional; the SSO checks decide what a missing value means.
 */
export const OktaSamlSignOnSchema = z.object({
  ssoAcsUrl: z.string().optional(),
  audience: z.string().optional(),
  recipient: z.string().optional(),
  destination: z.string().optional(),
  // The spec lists five formats; any string is kept so a new one is reported, not a parse failure.
  subjectNameIdFormat: z.string().optional(),
  subjectNameIdTemplate: z.string().optional(),
  attributeStatements: z.array(OktaSamlAttributeStatementSchema).optional(),
  // The `…Override` values win over their base value when set (Okta's "Allow this app to request
  // other SSO URLs" and friends); the checks read the effective one.
  ssoAcsUrlOverride: z.string().nullable().optional(),
  audienceOverride: z.string().nullable().optional(),
  recipientOverride: z.string().nullable().optional(),
  destinationOverride: z.string().nullable().optional(),
  responseSigned: z.boolean().optional(),
  assertionSigned: z.boolean().optional(),
  signatureAlgorithm: z.string().optional(),
  digestAlgorithm: z.string().optional(),
  honorForceAuthn: z.boolean().optional(),
  idpIssuer: z.string().optional(),
  assertionEncryption: z.object({ enabled: z.boolean().optional() }).passthrough().optional(),
});

export const OKTA_SIGN_ON_MODES = ['AUTO_LOGIN', 'BASIC_AUTH', 'BOOKMARK', 'BROWSER_PLUGIN', 'OPENID_CONNECT', 'SAML_1_1', 'SAML_2_0', 'SECURE_PASSWORD_STORE', 'WS_FEDERATION'] as const;

export const OktaApplicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  label: z.string(),
  status: z.enum(['ACTIVE', 'INACTIVE', 'DELETED']),
  signOnMode: z.enum(OKTA_SIGN_ON_MODES),
  settings: z.object({ signOn: OktaSamlSignOnSchema.optional() }).optional(),
  /** The signing key's `kid`; empty (`signing: {}`) until the app has a key. */
  credentials: z.object({ signing: z.object({ kid: z.string().optional() }).optional() }).optional(),
});
export type OktaApplication = z.infer<typeof OktaApplicationSchema>;

/** An app's signing key credential (`/apps/{appId}/credentials/keys`): the certificate Flex must trust. */
export const OktaSigningKeySchema = z.object({
  kid: z.string(),
  kty: z.string(),
  created: timestamp,
  expiresAt: timestamp,
  /** Base64 DER certificates, leaf first. */
  x5c: z.array(z.string()),
});
export type OktaSigningKey = z.infer<typeof OktaSigningKeySchema>;

/** Okta's error body; `errorCode` (E0000011…) is what our problems are keyed on. */
export const OktaErrorBodySchema = z.object({
  errorCode: z.string(),
  errorSummary: z.string(),
  errorLink: z.string().optional(),
  errorId: z.string().optional(),
  errorCauses: z.array(z.object({ errorSummary: z.string() })).optional(),
});
export type OktaErrorBody = z.infer<typeof OktaErrorBodySchema>;

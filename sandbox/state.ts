/**
 * The sandbox's whole world, in memory. Route modules read and change it; the generator makes it;
 * the control endpoint shows it. Field names follow the vendors' JSON where the JSON is rendered
 * straight from them, and are camelCase where the route module renders them.
 */

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
}

export interface SandboxActivity {
  sid: string;
  friendlyName: string;
  available: boolean;
  dateCreated: string;
}

export interface SandboxWorkspace {
  sid: string;
  friendlyName: string;
  dateCreated: string;
  defaultActivitySid: string;
  timeoutActivitySid: string;
  activities: SandboxActivity[];
}

export interface SandboxWorker {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  /** A JSON string, exactly as Twilio stores it; the generator may put malformed JSON here on purpose. */
  attributes: string;
  activitySid: string;
  dateCreated: string;
  dateUpdated: string;
  dateStatusChanged: string;
  /** Bumped on every change; the ETag is derived from it. */
  revision: number;
  /** Reservations waiting for this worker: lets tests make a worker "busy". */
  pendingReservations: number;
  tasksInProgress: number;
}

export interface SandboxFlexConfiguration {
  taskrouterWorkspaceSid: string;
  flexServiceInstanceSid: string;
  chatServiceInstanceSid: string;
  status: 'ok' | 'inprogress' | 'notstarted';
  dateCreated: string;
  dateUpdated: string;
}

/**
 * A Flex user (Flex Users API, public beta; documented at
 * https://www.twilio.com/docs/flex/developer/user-management/flex-users-api, not in twilio-oai):
 * the parent of a worker that single sign-on (or the Provision API) created. Deprovisioning deletes
 * the worker and marks the user deactivated.
 */
export interface SandboxFlexUser {
  flexUserSid: string;
  /** The SSO login it was provisioned with; what `GET …/Users?Username=` matches, exactly. */
  username: string;
  email: string;
  fullName: string;
  /** Null once deprovisioned. */
  workerSid: string | null;
  roles: string[];
  deactivated: boolean;
  deactivatedDate: string | null;
  createdDate: string;
  updatedDate: string;
  version: number;
}

/** What every Sync object (Document, List, Map and their items) carries about its writes. */
export interface SandboxSyncStamps {
  /** Bumped on every write (for a List or Map, also on every change to its items); Sync's `revision` and ETag are its decimal string. */
  revision: number;
  dateCreated: string;
  dateUpdated: string;
  dateExpires: string | null;
  /** The identity that wrote it: `system` through REST, the token's identity through the SDK. */
  createdBy: string;
}

export interface SandboxSyncDocument extends SandboxSyncStamps {
  sid: string;
  uniqueName: string | null;
  /** The parsed JSON object stored in the document. */
  data: Record<string, unknown>;
}

/** What a Sync List Item and a Sync Map Item share; see sandbox/twilio/sync-store.ts for how they change. */
export interface SandboxSyncItemFields extends SandboxSyncStamps {
  /** The parsed JSON object the item stores. */
  data: Record<string, unknown>;
  /** The id of the collection event that last wrote this item (the SDK's `last_event_id`). */
  lastEventId: number;
}

export interface SandboxSyncListItem extends SandboxSyncItemFields {
  /** Assigned in increasing order, never reused: removed items leave gaps, as in Sync. */
  index: number;
}

export interface SandboxSyncMapItem extends SandboxSyncItemFields {
  key: string;
}

/** A Sync List or Map: its items, and the revision and event counter every item change moves. */
export interface SandboxSyncCollection<Item> extends SandboxSyncStamps {
  sid: string;
  uniqueName: string | null;
  /** The id of the collection's latest event; item events are numbered 1, 2, … from creation. */
  lastEventId: number;
  /** Lists: in index order. Maps: in key order. */
  items: Item[];
}

export interface SandboxSyncList extends SandboxSyncCollection<SandboxSyncListItem> {
  /** The index the next appended item gets. */
  nextIndex: number;
}

export type SandboxSyncMap = SandboxSyncCollection<SandboxSyncMapItem>;

export interface SandboxSyncService {
  sid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  webhookUrl: string | null;
  aclEnabled: boolean;
  dateCreated: string;
  dateUpdated: string;
  documents: SandboxSyncDocument[];
  lists: SandboxSyncList[];
  maps: SandboxSyncMap[];
}

export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: { firstName: string; lastName: string; email: string; login: string; [key: string]: unknown };
}

/** A SAML app's `settings.signOn` as the Okta admin sets it (Okta's API names; see `OKTA_SAML_DEFAULTS`). */
export interface OktaSamlSignOn {
  ssoAcsUrl: string;
  audience: string;
  recipient: string;
  destination: string;
  /** Set when "Allow this app to request other SSO URLs" and friends replace the base value; null otherwise. */
  ssoAcsUrlOverride: string | null;
  audienceOverride: string | null;
  recipientOverride: string | null;
  destinationOverride: string | null;
  subjectNameIdTemplate: string;
  subjectNameIdFormat: string;
  responseSigned: boolean;
  assertionSigned: boolean;
  signatureAlgorithm: 'RSA_SHA256' | 'RSA_SHA1';
  digestAlgorithm: 'SHA256' | 'SHA1';
  assertionEncryption: { enabled: boolean };
  honorForceAuthn: boolean;
  attributeStatements: { type: 'EXPRESSION'; name: string; namespace: string; values: string[] }[];
}

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK';
  created: string;
  lastUpdated: string;
  signOn: OktaSamlSignOn | null;
  signingKid: string | null;
}

export interface OktaAppAssignment {
  appId: string;
  userId: string;
  status: 'ACTIVE' | 'PROVISIONED';
  created: string;
  lastUpdated: string;
  userName: string;
  /** The app user's profile; `roles` is what the Flex app's `appuser.roles` attribute statement sends. */
  profile?: { roles?: string[] };
}

export interface OktaSession {
  id: string;
  userId: string;
  /** Whether an OAuth token was issued alongside; `oauthTokens=true` revokes those too. */
  hasOAuthTokens: boolean;
}

export interface OktaSigningKey {
  kid: string;
  created: string;
  expiresAt: string;
  x5c: string[];
  /** The app whose signing credential this is. */
  appId: string;
  /** PKCS#8 PEM of the key the certificate certifies, for signing SAML responses; absent from hand-built keys. */
  privateKeyPem?: string;
}

/** Flex's single sign-on set-up, beyond what the Okta app implies. */
export interface SandboxFlexSso {
  /** The enhanced (OAuth 2.0) connection once the set-up workflow finished; null while Flex uses the legacy one. */
  enhanced: { setupType: 'modify' | 'create'; savedAt: string } | null;
  /** IdP values typed into Flex that differ from what the Okta app publishes (the planted mistakes). */
  idpOverrides: { issuer?: string; ssoUrl?: string; certificate?: string };
}

/** A SAML response broken in a way no Okta app setting expresses (planted by `POST /__sandbox/sso` `responseSwitches`). */
export interface SamlResponseFaults {
  /** Added to the IdP's clock when it stamps the response: ahead is a skewed clock, behind a response posted too late. */
  idpClockOffsetMs?: number;
  /** Sign with a key the app's certificate does not certify. */
  foreignKey?: boolean;
  /** The Audience in the response, whatever the app's Audience URI says. */
  audience?: string;
}

export interface OktaAccessToken {
  token: string;
  scopes: string[];
  expiresAt: string;
  /** RFC 7638 thumbprint of the DPoP key a token is bound to; such a token is only good as `Authorization: DPoP` with a proof. */
  dpopJkt?: string;
}

/** An OAuth 2.0 service app ("API Services") that signs its token requests with a private key. */
export interface OktaServiceApp {
  clientId: string;
  /** Registered under the app's Public Keys; its `kid`, when set, must match the assertion's. */
  publicJwk: JsonWebKey & { kid?: string };
  /** Its Okta API Scopes grants. */
  scopes: string[];
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests". */
  requireDpop: boolean;
}

export type OktaRateLimitFamily = 'usersList' | 'user' | 'userLifecycle' | 'apps' | 'appUsers';

export interface OktaRateLimit {
  limit: number;
  windowSeconds: number;
}

export interface SandboxState {
  seed: number;
  twilio: {
    credentials: TwilioCredentials;
    workspaces: SandboxWorkspace[];
    workers: SandboxWorker[];
    /** null: this account has no Flex, so `GET /v1/Configuration` answers 404. */
    flex: SandboxFlexConfiguration | null;
    /**
     * Flex users of the Flex workspace's SSO-made workers; absent from hand-built states. Workers
     * made through the TaskRouter API have none, as Twilio's docs say.
     */
    flexUsers?: SandboxFlexUser[];
    /** Flex SSO state; absent until an SSO switch sets it, which reads as "legacy, values as Okta publishes them". */
    flexSso?: SandboxFlexSso;
    /** Sync services; absent until the first one is created, so the generator need not know about Sync. */
    sync?: { services: SandboxSyncService[] };
  };
  okta: {
    /** Accepted as `Authorization: SSWS <token>`. */
    apiTokens: string[];
    /** The admin user (by id) who created each API token: what `GET /api/v1/users/me` answers with that token. */
    apiTokenOwners?: Record<string, string>;
    users: OktaUser[];
    apps: OktaApp[];
    assignments: OktaAppAssignment[];
    sessions: OktaSession[];
    keys: OktaSigningKey[];
    /** Accepted as `Authorization: Bearer <token>` (OAuth for Okta): allowed only the operations its scopes cover. */
    accessTokens?: OktaAccessToken[];
    /** Per-family budgets overriding the route module's defaults; see sandbox/okta/rate-limit.ts. */
    rateLimits?: Partial<Record<OktaRateLimitFamily, OktaRateLimit>>;
    /** Appended when `DELETE /users/{id}/sessions?oauthTokens=true` revokes a user's OAuth tokens. */
    oauthTokenRevocations?: { userId: string; at: string }[];
    /** Service apps that may get tokens from `POST /oauth2/v1/token`; see sandbox/okta/oauth-token.ts. */
    serviceApps?: OktaServiceApp[];
    /** What goes wrong in the SAML responses Okta posts, beyond its app settings; see saml-response-switches.ts. */
    samlResponseFaults?: SamlResponseFaults;
  };
  switches: SandboxSwitches;
  /**
   * The generator's guaranteed correlation cases by name (see `CASE_DESCRIPTIONS` in generate.ts), so
   * tests and the demo find "the suspended person" without hard-coding ids. Absent from hand-built states.
   */
  cases?: Record<string, { workerSids: string[]; oktaUserIds: string[]; email?: string }>;
}

export interface SandboxSwitches {
  /** Worker lists return `attributes: null`, as the TaskRouter spec warns real lists may. */
  nullListAttributes: boolean;
}

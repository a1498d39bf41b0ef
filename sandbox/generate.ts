import { createHash } from 'node:crypto';
import { OKTA_ORG } from './hosts';
import { OKTA_SAML_DEFAULTS } from './okta/saml';
import { deterministicRsaKey, privateKeyPem, selfSignedCertificate } from './okta/signing-certificate';
import { oktaId, seededRandom, twilioSid } from './random';
import type {
  OktaApp,
  OktaAppAssignment,
  OktaSession,
  OktaSigningKey,
  OktaUser,
  OktaUserStatus,
  SandboxActivity,
  SandboxFlexUser,
  SandboxState,
  SandboxWorker,
  SandboxWorkspace,
  TwilioCredentials,
} from './state';

export interface GenerateOptions {
  seed: number;
  /** Workers in the Flex workspace; the second, non-Flex workspace gets a few more on top. */
  workers: number;
  oktaUsers: number;
}

/**
 * Every timestamp is an offset back from this fixed day rather than from the clock, so a seed gives
 * the same bytes on any day. Anything judging "days since last login" should run its clock here too
 * (`startSandbox({ now })`, Playwright's `page.clock`).
 */
export const SANDBOX_EPOCH = Date.UTC(2026, 0, 1);

export const FLEX_WORKSPACE_NAME = 'Flex Task Assignment';
export const OTHER_WORKSPACE_NAME = 'Callback Queue';
export const OTHER_WORKSPACE_WORKERS = 5;

/**
 * The situations the product must handle, each guaranteed once (for at least 20 workers and 30 Okta
 * users) before the random fill. Listed in the order they claim the budget: the three extra statuses
 * need 23 workers and 33 users, the two look-alikes 25 and 35.
 */
export const CASE_DESCRIPTIONS = {
  activeAssigned: 'worker whose Okta user is ACTIVE and assigned to the Flex app',
  activeUnassigned: 'worker whose Okta user is ACTIVE but not assigned to the Flex app',
  suspended: 'worker whose Okta user is SUSPENDED (still assigned)',
  deprovisioned: 'worker whose Okta user is DEPROVISIONED (assignment gone)',
  staged: 'worker whose Okta user is STAGED, never activated',
  lockedOut: 'worker whose Okta user is LOCKED_OUT',
  noOktaUser: 'worker with an email no Okta user has',
  ambiguous: "worker whose email is one Okta user's email and another's login",
  caseMismatch: 'worker email differs from the Okta user only in letter case',
  noEmail: 'worker without an email: none in attributes, a username as friendly_name',
  invalidAttributes: 'worker whose attributes are not valid JSON',
  emailOnlyInFriendlyName: 'worker whose email is only its friendly_name',
  duplicateWorkers: 'two workers with the same email, one Okta user',
  plusAddress: 'plus-addressed email',
  quotedLocalPart: 'email with a quoted local part',
  apostrophe: 'email with an apostrophe',
  longDomain: 'email at a very long domain',
  internationalDomain: 'worker email at a Unicode domain, Okta user at its punycode form',
  htmlName: 'Okta last name (and worker full_name) that looks like HTML, to prove rendering as text',
  busyDeprovisioned: 'busy worker (reservation and task) whose Okta user is DEPROVISIONED',
  assignedNoWorker: 'ACTIVE Okta user assigned to the Flex app who never signed in to Flex',
  provisioned: 'worker whose Okta user is PROVISIONED',
  recovery: 'worker whose Okta user is in RECOVERY',
  passwordExpired: 'worker whose Okta user is PASSWORD_EXPIRED',
  lookalikeKelvin: 'worker whose email starts with U+212A KELVIN SIGN, beside the ACTIVE Okta user whose plain address NFKC or lower case would fold it onto',
  lookalikeFullwidthDomain: 'worker email at a fullwidth-letter domain, beside the ACTIVE Okta user at the plain domain IDNA mapping would fold it onto',
} as const;

export type CaseName = keyof typeof CASE_DESCRIPTIONS;
export type SandboxCase = NonNullable<SandboxState['cases']>[string];

/** The named case from a generated state; throws when the state was hand-built or too small to hold it. */
export function caseOf(state: SandboxState, name: CaseName): SandboxCase {
  const found = state.cases?.[name];
  if (!found) throw new Error(`Sandbox case "${name}" is not in this state; generate at least 25 workers and 35 Okta users.`);
  return found;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

type Random = () => number;

const between = (r: Random, lo: number, hi: number) => (hi <= lo ? lo : lo + Math.floor(r() * (hi - lo)));
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const chance = (r: Random, p: number) => r() < p;

function weighted<T>(table: readonly (readonly [T, number])[]): (r: Random) => T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [value, w] of table) {
      x -= w;
      if (x < 0) return value;
    }
    return (table[table.length - 1] as readonly [T, number])[0];
  };
}

const oktaTime = (ms: number) => new Date(ms).toISOString();
/** Twilio's JSON dates carry no milliseconds. */
const twilioTime = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function randomString(r: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Names and addresses

const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kofi', 'Lena',
  'Marco', 'Nadia', 'Oscar', 'Priyanka', 'Quinn', 'Rosa', 'Stefan', 'Tara', 'Uma', 'Victor', 'Wen', 'Ximena',
  'Yusuf', 'Zoë', 'Amélie', 'Björn', 'Chloé', 'Diego', 'Emeka', 'Fatima', 'Gabriel', 'Hannah', 'Ivan', 'Julia',
  'Kenji', 'Laila', 'Mateo', 'Noor', 'Olivia', 'Pablo', 'Rahul', 'Sofia', 'Thabo', 'Valentina', 'William', 'Yara',
];
const LAST_NAMES = [
  'Adeyemi', 'Bauer', 'Castillo', 'Dubois', 'Eriksson', 'Fernandes', 'García', 'Hoang', 'Ivanova', 'Johansson',
  'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka',
  'Urquhart', 'Varga', 'Williams', 'Xu', 'Yilmaz', 'Zhang', 'Abbott', 'Brennan', 'Chowdhury', 'Da Silva',
  'Ekström', 'Fischer', 'Gupta', 'Hernández', 'Iyer', 'Jensen', 'Khan', 'Lopez', 'Müller', 'Novak',
  'Osei', 'Patel', 'Reyes', 'Sato', 'Thompson', 'Van Dijk', 'Wójcik', 'Young',
];
const SKILLS = ['sales', 'support', 'billing', 'retention', 'spanish', 'french', 'escalations', 'vip', 'chat', 'voice'];

/** Addresses are ASCII even when names are not, as most corporate directories make them. */
const asciiLocal = (name: string) =>
  name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Hands out addresses nobody else in the state has, case-insensitively. */
class AddressBook {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  reserve(address: string): string {
    this.taken.add(address.toLowerCase());
    return address;
  }

  unique(local: string, domain: string): string {
    let n = this.counters.get(`${local}@${domain}`) ?? 1;
    let address = `${local}@${domain}`;
    while (this.taken.has(address)) address = `${local}${++n}@${domain}`;
    this.counters.set(`${local}@${domain}`, n);
    return this.reserve(address);
  }
}

/** Flex's identity for an email: every byte outside [A-Za-z0-9] becomes `_XX`, as in `client:jane_2Edoe_40example_2Ecom`. */
export function flexIdentity(email: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(email)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9]/.test(c) ? c : '_' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Okta timestamps

/** A user's timestamps in epoch milliseconds: kept beside the user so workers and assignments can follow on without re-parsing. */
interface Timeline {
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  passwordChanged: number | null;
  lastUpdated: number;
}

/** How long ago, at most, a user entered their current status: lockouts are fresh, deactivations old. */
const STATUS_AGE: Record<OktaUserStatus, number> = {
  STAGED: 0,
  PROVISIONED: 60 * DAY,
  ACTIVE: 0,
  RECOVERY: 10 * DAY,
  PASSWORD_EXPIRED: 30 * DAY,
  LOCKED_OUT: 3 * DAY,
  SUSPENDED: 120 * DAY,
  DEPROVISIONED: 400 * DAY,
};

/** Timestamps in the order Okta would have set them, null where Okta leaves them null for the status. */
function oktaTimeline(r: Random, status: OktaUserStatus): Timeline {
  const created = SANDBOX_EPOCH - between(r, 7 * DAY, 4 * YEAR);
  if (status === 'STAGED') {
    return { created, activated: null, statusChanged: null, lastLogin: null, passwordChanged: null, lastUpdated: created + between(r, 0, DAY) };
  }
  if (status === 'PROVISIONED') {
    // Activated without credentials: waiting for the user to set a password, so never "activated".
    const changed = between(r, Math.max(created, SANDBOX_EPOCH - STATUS_AGE.PROVISIONED), SANDBOX_EPOCH - HOUR);
    return { created, activated: null, statusChanged: changed, lastLogin: null, passwordChanged: null, lastUpdated: changed };
  }
  const activated = created + between(r, 5 * MINUTE, 3 * DAY);
  const passwordChanged = activated + between(r, MINUTE, HOUR);
  let statusChanged = activated;
  let lastLogin: number | null;
  if (status === 'ACTIVE') {
    const kind = r();
    if (kind < 0.03) lastLogin = null;
    else if (kind < 0.12) lastLogin = between(r, Math.max(passwordChanged, SANDBOX_EPOCH - 400 * DAY), SANDBOX_EPOCH - 90 * DAY);
    else lastLogin = between(r, Math.max(passwordChanged, SANDBOX_EPOCH - 30 * DAY), SANDBOX_EPOCH - 10 * MINUTE);
  } else {
    statusChanged = between(r, Math.max(passwordChanged + DAY, SANDBOX_EPOCH - STATUS_AGE[status]), SANDBOX_EPOCH - HOUR);
    lastLogin = between(r, Math.max(passwordChanged, statusChanged - 30 * DAY), statusChanged);
  }
  return { created, activated, statusChanged, lastLogin, passwordChanged, lastUpdated: Math.max(statusChanged, passwordChanged, lastLogin ?? 0) };
}

const oktaTimeOrNull = (ms: number | null) => (ms === null ? null : oktaTime(ms));

// ---------------------------------------------------------------------------------------------
// The builder that cases and fill share

interface Person {
  firstName: string;
  lastName: string;
  email: string;
  login?: string;
}

interface WorkerSpec {
  /** The Okta user this worker came from, for plausible dates; absent for workers Okta knows nothing of. */
  user?: OktaUser;
  fullName: string;
  email?: string;
  friendlyName?: string;
  /** Replaces the Flex-shaped JSON entirely (malformed attributes). */
  rawAttributes?: string;
  busy?: boolean;
  /** Overrides the usual dates, for a second worker of the same person. */
  createdAfter?: number;
}

const STATUS_OF_FILL = weighted<OktaUserStatus>([
  ['ACTIVE', 78],
  ['DEPROVISIONED', 8],
  ['SUSPENDED', 4],
  ['PROVISIONED', 3],
  ['STAGED', 2],
  ['PASSWORD_EXPIRED', 2],
  ['LOCKED_OUT', 1.5],
  ['RECOVERY', 1.5],
]);
const ROLES = weighted<string[]>([
  [['agent'], 86],
  [['supervisor'], 10],
  [['admin'], 4],
]);
const ACTIVITY_OF_PRESENT = weighted<string>([
  ['Offline', 45],
  ['Available', 30],
  ['Unavailable', 10],
  ['Break', 15],
]);
/** People who left still sit in whatever activity they last chose, usually Offline. */
const ACTIVITY_OF_GONE = weighted<string>([
  ['Offline', 85],
  ['Available', 5],
  ['Unavailable', 5],
  ['Break', 5],
]);

/** Falls back to the workspace default: the non-Flex workspace has no Break. */
function activity(workspace: SandboxWorkspace, name: string): SandboxActivity {
  const found = workspace.activities.find((a) => a.friendlyName === name) ?? workspace.activities.find((a) => a.sid === workspace.defaultActivitySid);
  if (!found) throw new Error(`workspace ${workspace.sid} has no activities`);
  return found;
}

function makeWorkspace(r: Random, friendlyName: string, activityNames: readonly (readonly [string, boolean])[], created: number): SandboxWorkspace {
  const sid = twilioSid('WS', r);
  const activities = activityNames.map(([name, available]) => ({ sid: twilioSid('WA', r), friendlyName: name, available, dateCreated: twilioTime(created) }));
  const offline = activities[0] as SandboxActivity;
  return { sid, friendlyName, dateCreated: twilioTime(created), defaultActivitySid: offline.sid, timeoutActivitySid: offline.sid, activities };
}

class World {
  readonly users: OktaUser[] = [];
  private readonly timelines = new Map<string, Timeline>();
  readonly workers: SandboxWorker[] = [];
  readonly assignments: OktaAppAssignment[] = [];
  readonly sessions: OktaSession[] = [];
  readonly addresses = new AddressBook();

  constructor(
    readonly r: Random,
    readonly flexWorkspace: SandboxWorkspace,
    readonly flexApp: OktaApp,
    private readonly flexAppCreated: number,
  ) {}

  user(person: Person, status: OktaUserStatus): OktaUser {
    const email = this.addresses.reserve(person.email);
    const login = person.login === undefined ? email : this.addresses.reserve(person.login);
    const t = oktaTimeline(this.r, status);
    const user: OktaUser = {
      id: oktaId('00u', this.r),
      status,
      created: oktaTime(t.created),
      activated: oktaTimeOrNull(t.activated),
      statusChanged: oktaTimeOrNull(t.statusChanged),
      lastLogin: oktaTimeOrNull(t.lastLogin),
      lastUpdated: oktaTime(t.lastUpdated),
      passwordChanged: oktaTimeOrNull(t.passwordChanged),
      profile: { firstName: person.firstName, lastName: person.lastName, email, login },
    };
    this.users.push(user);
    this.timelines.set(user.id, t);
    return user;
  }

  assign(user: OktaUser): void {
    const t = this.timeline(user);
    const at = Math.max(t.activated ?? t.created, this.flexAppCreated);
    const created = oktaTime(at + between(this.r, MINUTE, HOUR));
    this.assignments.push({ appId: this.flexApp.id, userId: user.id, status: 'ACTIVE', created, lastUpdated: created, userName: user.profile.login });
  }

  timeline(user: OktaUser): Timeline {
    const t = this.timelines.get(user.id);
    if (!t) throw new Error(`no timeline for ${user.id}`);
    return t;
  }

  session(user: OktaUser, hasOAuthTokens: boolean): void {
    this.sessions.push({ id: oktaId('102', this.r), userId: user.id, hasOAuthTokens });
  }

  worker(spec: WorkerSpec, workspace = this.flexWorkspace): SandboxWorker {
    const r = this.r;
    const { user } = spec;
    // A worker appears at the person's first Flex sign-in and last changed activity around their last Okta sign-in.
    const t = user && this.timeline(user);
    const since = Math.min(spec.createdAfter ?? (t ? (t.activated ?? t.created) : SANDBOX_EPOCH - between(r, 30 * DAY, 3 * YEAR)), SANDBOX_EPOCH - HOUR);
    const lastSeen = t?.lastLogin ?? between(r, since, SANDBOX_EPOCH - HOUR);
    const created = between(r, since, Math.max(since, lastSeen));
    // A worker with no ACTIVE Okta user behind it belongs to someone who left or never started.
    const gone = user?.status !== 'ACTIVE';
    const endOfShift = Math.max(created, lastSeen) + between(r, 0, 10 * HOUR);
    const statusChanged = spec.busy || endOfShift >= SANDBOX_EPOCH ? Math.max(created, SANDBOX_EPOCH - between(r, MINUTE, HOUR)) : endOfShift;
    const activityName = spec.busy ? 'Available' : (gone ? ACTIVITY_OF_GONE : ACTIVITY_OF_PRESENT)(r);
    const identity = flexIdentity(spec.email ?? spec.friendlyName ?? spec.fullName);
    const friendlyName = spec.friendlyName ?? (spec.email !== undefined && chance(r, 0.8) ? spec.email : identity);
    const worker: SandboxWorker = {
      sid: twilioSid('WK', r),
      workspaceSid: workspace.sid,
      friendlyName,
      attributes: spec.rawAttributes ?? flexAttributes(r, spec.email, spec.fullName, identity),
      activitySid: activity(workspace, activityName).sid,
      dateCreated: twilioTime(created),
      dateUpdated: twilioTime(statusChanged),
      dateStatusChanged: twilioTime(statusChanged),
      revision: 1,
      pendingReservations: spec.busy ? 1 : 0,
      tasksInProgress: spec.busy ? 1 + Math.floor(r() * 2) : 0,
    };
    this.workers.push(worker);
    return worker;
  }
}

/**
 * The Flex user single sign-on made with each worker that has an email: its username is the SSO
 * login (the email). Its SID is the worker's with the FU prefix, so no random draw is taken and the
 * rest of the world stays byte-for-byte what the seed made before Flex users existed.
 */
/**
 * Each Flex app user's `roles` profile value, which the app's `appuser.roles` statement sends: the
 * roles of the Flex user with the same email (what earlier sign-ins gave them), else `agent`. Derived
 * after the fact, so no random draw is taken and the rest of the world stays as the seed made it.
 */
function withAppUserRoles(assignments: OktaAppAssignment[], users: readonly OktaUser[], flexUsers: readonly SandboxFlexUser[]): OktaAppAssignment[] {
  const rolesByEmail = new Map(flexUsers.map((f) => [f.email.toLowerCase(), f.roles]));
  const emailOf = new Map(users.map((u) => [u.id, u.profile.email.toLowerCase()]));
  return assignments.map((a) => ({ ...a, profile: { roles: [...(rolesByEmail.get(emailOf.get(a.userId) ?? '') ?? ['agent'])] } }));
}

function flexUsersOf(workers: readonly SandboxWorker[], workspaceSid: string): SandboxFlexUser[] {
  return workers.flatMap((worker) => {
    if (worker.workspaceSid !== workspaceSid) return [];
    let attributes: { email?: unknown; full_name?: unknown; roles?: unknown };
    try {
      attributes = JSON.parse(worker.attributes) as typeof attributes;
    } catch {
      return [];
    }
    if (typeof attributes.email !== 'string') return [];
    const roles = Array.isArray(attributes.roles) ? attributes.roles.filter((role): role is string => typeof role === 'string') : ['agent'];
    return [
      {
        flexUserSid: 'FU' + worker.sid.slice(2),
        username: attributes.email,
        email: attributes.email,
        fullName: typeof attributes.full_name === 'string' ? attributes.full_name : worker.friendlyName,
        workerSid: worker.sid,
        roles,
        deactivated: false,
        deactivatedDate: null,
        createdDate: worker.dateCreated,
        updatedDate: worker.dateCreated,
        version: 1,
      },
    ];
  });
}

/** What Flex writes on SAML sign-in: the asserted email, full_name and roles, plus its own routing defaults. */
function flexAttributes(r: Random, email: string | undefined, fullName: string, identity: string): string {
  const skills = SKILLS.filter(() => chance(r, 0.2));
  return JSON.stringify({
    ...(email === undefined ? {} : { email }),
    full_name: fullName,
    roles: ROLES(r),
    contact_uri: `client:${identity}`,
    image_url: '',
    routing: { skills, levels: {} },
    disabled_skills: { skills: [], levels: {} },
  });
}

// ---------------------------------------------------------------------------------------------
// Guaranteed cases

interface CaseBuilder {
  name: CaseName | readonly CaseName[];
  workers: number;
  users: number;
  build(world: World): SandboxCase;
}

const fullName = (u: OktaUser) => `${u.profile.firstName} ${u.profile.lastName}`;

/** A worker made from its Okta user, with the user's email as Flex would have received it. */
function linked(world: World, person: Person, status: OktaUserStatus, opts: { assigned?: boolean; workerEmail?: string; busy?: boolean; session?: boolean } = {}): SandboxCase {
  const user = world.user(person, status);
  if (opts.assigned ?? status !== 'DEPROVISIONED') world.assign(user);
  if (opts.session) world.session(user, true);
  const email = opts.workerEmail ?? user.profile.email;
  const worker = world.worker({ user, fullName: fullName(user), email, busy: opts.busy });
  return { workerSids: [worker.sid], oktaUserIds: [user.id], email };
}

/** An ACTIVE, assigned Okta user, and a worker of nobody's whose address only looks like theirs. */
function imitating(world: World, person: Person, lookalike: string): SandboxCase {
  const user = world.user(person, 'ACTIVE');
  world.assign(user);
  const worker = world.worker({ fullName: `${person.firstName} ${person.lastName}`, email: world.addresses.reserve(lookalike) });
  return { workerSids: [worker.sid], oktaUserIds: [user.id], email: lookalike };
}

const CASES: readonly CaseBuilder[] = [
  { name: 'activeAssigned', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@example.com' }, 'ACTIVE', { session: true }) },
  { name: 'activeUnassigned', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Tomás', lastName: 'Herrera', email: 'tomas.herrera@example.com' }, 'ACTIVE', { assigned: false }) },
  { name: 'suspended', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Helga', lastName: 'Sørensen', email: 'helga.sorensen@example.com' }, 'SUSPENDED') },
  { name: 'deprovisioned', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Marcus', lastName: 'Bell', email: 'marcus.bell@example.com' }, 'DEPROVISIONED') },
  { name: 'staged', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Lucía', lastName: 'Navarro', email: 'lucia.navarro@example.com' }, 'STAGED', { assigned: false }) },
  { name: 'lockedOut', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Owen', lastName: 'Pryce', email: 'owen.pryce@example.com' }, 'LOCKED_OUT') },
  {
    name: 'noOktaUser', workers: 1, users: 0,
    build: (w) => {
      const email = w.addresses.reserve('kai.lindqvist@example.com');
      return { workerSids: [w.worker({ fullName: 'Kai Lindqvist', email }).sid], oktaUserIds: [], email };
    },
  },
  {
    name: 'ambiguous', workers: 1, users: 2,
    build: (w) => {
      const email = 'sam.taylor@example.com';
      const byEmail = w.user({ firstName: 'Sam', lastName: 'Taylor', email, login: 'samuel.taylor@example.com' }, 'ACTIVE');
      const byLogin = w.user({ firstName: 'Samantha', lastName: 'Taylor', email: 'sam.taylor@contractors.example.com', login: email }, 'ACTIVE');
      w.assign(byEmail);
      const worker = w.worker({ user: byEmail, fullName: fullName(byEmail), email });
      return { workerSids: [worker.sid], oktaUserIds: [byEmail.id, byLogin.id], email };
    },
  },
  {
    name: 'caseMismatch', workers: 1, users: 1,
    build: (w) => linked(w, { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.com' }, 'ACTIVE', { workerEmail: 'Jane.Doe@Example.com' }),
  },
  {
    name: 'noEmail', workers: 1, users: 0,
    build: (w) => ({ workerSids: [w.worker({ fullName: 'Desk 42', friendlyName: 'agent_0042' }).sid], oktaUserIds: [] }),
  },
  {
    name: 'invalidAttributes', workers: 1, users: 0,
    build: (w) => {
      const worker = w.worker({ fullName: 'Legacy Import', friendlyName: 'legacy-import-07', rawAttributes: '{"full_name":"Legacy Import","email":"legacy.import@example.com","roles":["agent"]' });
      return { workerSids: [worker.sid], oktaUserIds: [] };
    },
  },
  {
    name: 'emailOnlyInFriendlyName', workers: 1, users: 1,
    build: (w) => {
      const user = w.user({ firstName: 'Mei', lastName: 'Chen', email: 'mei.chen@example.com' }, 'ACTIVE');
      w.assign(user);
      const worker = w.worker({ user, fullName: fullName(user), friendlyName: user.profile.email });
      return { workerSids: [worker.sid], oktaUserIds: [user.id], email: user.profile.email };
    },
  },
  {
    name: 'duplicateWorkers', workers: 2, users: 1,
    build: (w) => {
      const user = w.user({ firstName: 'Alex', lastName: 'Kim', email: 'alex.kim@example.com' }, 'ACTIVE');
      w.assign(user);
      const email = user.profile.email;
      const first = w.worker({ user, fullName: fullName(user), email, friendlyName: email });
      // Signing in again after the identity changed upstream leaves Flex with a second worker.
      const second = w.worker({ user, fullName: fullName(user), email, friendlyName: flexIdentity(email), createdAfter: Date.parse(first.dateCreated) + DAY });
      return { workerSids: [first.sid, second.sid], oktaUserIds: [user.id], email };
    },
  },
  { name: 'plusAddress', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Ana', lastName: 'Souza', email: 'ana+flex@example.com' }, 'ACTIVE') },
  { name: 'quotedLocalPart', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'John', lastName: 'Doe', email: '"john..doe"@example.com' }, 'ACTIVE') },
  {
    // One person carries both awkward parts so that every case still fits in 20 workers.
    name: ['apostrophe', 'longDomain'], workers: 1, users: 1,
    build: (w) => linked(w, { firstName: 'Siobhán', lastName: "O'Brien", email: "o'brien@customer-experience.emea.operations.globex-holdings-international.example.com" }, 'ACTIVE'),
  },
  {
    name: 'internationalDomain', workers: 1, users: 1,
    build: (w) => linked(w, { firstName: 'José', lastName: 'Álvarez', email: 'josé@xn--bcher-kva.example' }, 'ACTIVE', { workerEmail: w.addresses.reserve('josé@bücher.example') }),
  },
  { name: 'htmlName', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Robin', lastName: '<img src=x onerror=alert(1)>', email: 'robin.markup@example.com' }, 'ACTIVE') },
  { name: 'busyDeprovisioned', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Nina', lastName: 'Kovač', email: 'nina.kovac@example.com' }, 'DEPROVISIONED', { busy: true }) },
  {
    name: 'assignedNoWorker', workers: 0, users: 1,
    build: (w) => {
      const user = w.user({ firstName: 'Felix', lastName: 'Wagner', email: 'felix.wagner@example.com' }, 'ACTIVE');
      w.assign(user);
      return { workerSids: [], oktaUserIds: [user.id], email: user.profile.email };
    },
  },
  { name: 'provisioned', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Rui', lastName: 'Costa', email: 'rui.costa@example.com' }, 'PROVISIONED', { assigned: false }) },
  { name: 'recovery', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Ingrid', lastName: 'Berg', email: 'ingrid.berg@example.com' }, 'RECOVERY') },
  { name: 'passwordExpired', workers: 1, users: 1, build: (w) => linked(w, { firstName: 'Dev', lastName: 'Malhotra', email: 'dev.malhotra@example.com' }, 'PASSWORD_EXPIRED') },
  // Last, so that adding them left every earlier case where it was. The Okta user is somebody else:
  // a comparison that folds compatibility characters would wrongly find them for the worker.
  { name: 'lookalikeKelvin', workers: 1, users: 1, build: (w) => imitating(w, { firstName: 'Kelly', lastName: 'Park', email: 'kelly.park@example.com' }, '\u212Aelly.park@example.com') },
  { name: 'lookalikeFullwidthDomain', workers: 1, users: 1, build: (w) => imitating(w, { firstName: 'Omar', lastName: 'Haddad', email: 'omar.haddad@example.com' }, 'omar.haddad@\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com') },
];

const ALL_STATUSES: readonly OktaUserStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];

// ---------------------------------------------------------------------------------------------
// Random fill

function randomPerson(r: Random, addresses: AddressBook): Person {
  const firstName = pick(r, FIRST_NAMES);
  const lastName = pick(r, LAST_NAMES);
  const domain = chance(r, 0.92) ? 'example.com' : 'contractors.example.com';
  const email = addresses.unique(`${asciiLocal(firstName)}.${asciiLocal(lastName)}`, domain);
  // Some directories keep an older login form; Flex still receives the email.
  const login = chance(r, 0.05) ? addresses.unique(`${asciiLocal(firstName).charAt(0)}${asciiLocal(lastName)}`, 'corp.example.com') : undefined;
  return { firstName, lastName, email, login };
}

/** Okta users beyond the cases: assignments, sessions and, for some, a worker. */
function fillUsers(world: World, count: number): OktaUser[] {
  const r = world.r;
  const made: OktaUser[] = [];
  for (let i = 0; i < count; i++) {
    const status = STATUS_OF_FILL(r);
    const user = world.user(randomPerson(r, world.addresses), status);
    made.push(user);
    const assignedShare = status === 'DEPROVISIONED' ? 0 : status === 'STAGED' || status === 'PROVISIONED' ? 0.5 : 0.9;
    if (chance(r, assignedShare)) world.assign(user);
    if (status === 'ACTIVE' && chance(r, 0.55)) {
      world.session(user, chance(r, 0.35));
      if (chance(r, 0.2)) world.session(user, false);
    }
  }
  return made;
}

/** How likely each kind of Okta user is to have signed in to Flex and left a worker behind. */
function workerWeight(user: OktaUser, assigned: boolean): number {
  switch (user.status) {
    case 'ACTIVE':
      return assigned ? 10 : 1;
    case 'STAGED':
    case 'PROVISIONED':
      return 0.2;
    case 'SUSPENDED':
    case 'DEPROVISIONED':
      return 6;
    default:
      return 8;
  }
}

function fillWorkers(world: World, count: number, candidates: readonly OktaUser[]): void {
  const r = world.r;
  const assigned = new Set(world.assignments.map((a) => a.userId));
  const orphans = Math.min(count, Math.round(count * 0.04));
  // Weighted sampling without replacement: the smallest -ln(u)/w keys win.
  const chosen = candidates
    .map((user) => ({ user, key: -Math.log(1 - r()) / workerWeight(user, assigned.has(user.id)) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count - orphans);
  for (const { user } of chosen) {
    const busy = chance(r, user.status === 'ACTIVE' ? 0.08 : 0.02);
    world.worker({ user, fullName: fullName(user), email: user.profile.email, busy });
  }
  for (let i = chosen.length; i < count; i++) {
    const person = randomPerson(r, world.addresses);
    const name = `${person.firstName} ${person.lastName}`;
    // TaskRouter keeps friendly names unique per workspace, so usernames are numbered, not drawn.
    if (chance(r, 0.25)) world.worker({ fullName: name, friendlyName: `agent_${1000 + i}` });
    else world.worker({ fullName: name, email: person.email });
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed parts of the world

function credentials(seed: number): { twilio: TwilioCredentials; oktaToken: string } {
  // Their own stream, so changing the counts never changes the keys a developer has pasted somewhere.
  const r = seededRandom(seed ^ 0x0c7ed5);
  return {
    twilio: { accountSid: twilioSid('AC', r), authToken: randomString(r, '0123456789abcdef', 32), apiKeySid: twilioSid('SK', r), apiKeySecret: randomString(r, BASE62, 32) },
    oktaToken: '00' + randomString(r, BASE62 + '-_', 40),
  };
}

function flexApp(r: Random, accountSid: string, created: number, signingKid: string): OktaApp {
  const acs = `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`;
  const statement = (name: string, value: string) => ({ type: 'EXPRESSION' as const, name, namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: [value] });
  return {
    id: oktaId('0oa', r),
    name: `${OKTA_ORG}_twilioflex_1`,
    label: 'Twilio Flex',
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: oktaTime(created),
    lastUpdated: oktaTime(created + between(r, DAY, 200 * DAY)),
    signOn: {
      ssoAcsUrl: acs,
      audience: `${acs}/metadata`,
      recipient: acs,
      destination: acs,
      subjectNameIdTemplate: '${user.userName}',
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      ...OKTA_SAML_DEFAULTS,
      attributeStatements: [statement('full_name', 'user.firstName + " " + user.lastName'), statement('email', 'user.email'), statement('roles', 'appuser.roles')],
    },
    signingKid,
  };
}

function otherApps(r: Random, created: number): OktaApp[] {
  const app = (name: string, label: string, signOnMode: OktaApp['signOnMode'], status: OktaApp['status'] = 'ACTIVE'): OktaApp => {
    const at = created + between(r, 0, YEAR);
    return { id: oktaId('0oa', r), name, label, status, signOnMode, created: oktaTime(at), lastUpdated: oktaTime(at + between(r, 0, 90 * DAY)), signOn: null, signingKid: null };
  };
  return [app('slack', 'Slack', 'SAML_2_0'), app('google', 'Google Workspace', 'SAML_2_0'), app('oidc_client', 'Quality Dashboard', 'OPENID_CONNECT'), app('bookmark', 'Flex Runbook', 'BOOKMARK', 'INACTIVE')];
}

/** An Okta app signing credential: a real RSA-2048 key and the self-signed certificate Okta would make for it. */
export function oktaSigningKey(keySeed: string, kid: string, appId: string, created: number): OktaSigningKey {
  const key = deterministicRsaKey(keySeed, 2048);
  const expiresAt = created + 10 * YEAR;
  return {
    kid,
    created: oktaTime(created),
    expiresAt: oktaTime(expiresAt),
    x5c: [selfSignedCertificate({ key, commonName: OKTA_ORG, notBefore: created, notAfter: expiresAt })],
    appId,
    privateKeyPem: privateKeyPem(key),
  };
}

/**
 * The Flex app's two credentials as the Sign On tab shows them after "Generate new certificate":
 * the active one from when the app was made, and a newer one not yet activated.
 */
function flexSigningKeys(r: Random, kid: string, appId: string, created: number): OktaSigningKey[] {
  // As many draws as the placeholder certificate once took, so real keys moved nothing else in the world.
  const keySeed = randomString(r, BASE64, 1280);
  const nextSeed = `${keySeed}:next`;
  const nextKid = randomString(seededRandom(createHash('sha256').update(nextSeed).digest().readUInt32BE(0)), BASE62 + '-_', 43);
  return [oktaSigningKey(keySeed, kid, appId, created), oktaSigningKey(nextSeed, nextKid, appId, SANDBOX_EPOCH - 30 * DAY)];
}

// ---------------------------------------------------------------------------------------------

/** Options arrive from the CLI and the control endpoint, so a bad number means none rather than a crash. */
/** Code-unit order: ISO dates sort by time, and unlike localeCompare it is cheap and locale-proof. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const count = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

/**
 * A whole sandbox world from a seed. Same options, same bytes: dates hang off `SANDBOX_EPOCH`,
 * not `now`, so snapshots survive a change of day.
 */
export function generateState(options: GenerateOptions, _now: Date): SandboxState {
  const r = seededRandom(options.seed);
  const keys = credentials(options.seed);
  const { accountSid } = keys.twilio;
  const founded = SANDBOX_EPOCH - 4 * YEAR - between(r, 0, 90 * DAY);

  const flexWorkspace = makeWorkspace(r, FLEX_WORKSPACE_NAME, [['Offline', false], ['Available', true], ['Unavailable', false], ['Break', false]], founded);
  const otherWorkspace = makeWorkspace(r, OTHER_WORKSPACE_NAME, [['Offline', false], ['Available', true], ['Unavailable', false]], founded + between(r, 30 * DAY, 300 * DAY));
  const appCreated = founded + between(r, DAY, 20 * DAY);
  const kid = randomString(r, BASE62 + '-_', 43);
  const app = flexApp(r, accountSid, appCreated, kid);
  const signingKeys = flexSigningKeys(r, kid, app.id, appCreated);

  const world = new World(r, flexWorkspace, app, appCreated);
  const cases: Record<string, SandboxCase> = {};
  let workerBudget = count(options.workers);
  let userBudget = count(options.oktaUsers);
  for (const builder of CASES) {
    if (builder.workers > workerBudget || builder.users > userBudget) continue;
    workerBudget -= builder.workers;
    userBudget -= builder.users;
    const built = builder.build(world);
    for (const name of typeof builder.name === 'string' ? [builder.name] : builder.name) cases[name] = built;
  }
  for (const status of ALL_STATUSES) {
    if (userBudget === 0 || world.users.some((u) => u.status === status)) continue;
    userBudget--;
    const user = world.user(randomPerson(r, world.addresses), status);
    if (status !== 'DEPROVISIONED') world.assign(user);
  }
  const filled = fillUsers(world, userBudget);
  fillWorkers(world, workerBudget, filled);
  for (let i = 0; i < OTHER_WORKSPACE_WORKERS; i++) {
    const person = randomPerson(r, world.addresses);
    world.worker({ fullName: `${person.firstName} ${person.lastName}`, email: person.email, rawAttributes: JSON.stringify({ email: person.email, team: 'callbacks', languages: ['en'] }) }, otherWorkspace);
  }

  // Listed in creation order as the APIs would; the cases end up scattered across pages.
  const byDate = <T>(date: (item: T) => string, id: (item: T) => string) => (a: T, b: T) => compare(date(a), date(b)) || compare(id(a), id(b));
  world.workers.sort(byDate((w) => w.dateCreated, (w) => w.sid));
  world.users.sort(byDate((u) => u.created, (u) => u.id));

  const flexUsers = flexUsersOf(world.workers, flexWorkspace.sid);
  return {
    seed: options.seed,
    twilio: {
      credentials: keys.twilio,
      workspaces: [flexWorkspace, otherWorkspace],
      workers: world.workers,
      flexUsers,
      flex: {
        taskrouterWorkspaceSid: flexWorkspace.sid,
        flexServiceInstanceSid: twilioSid('IS', r),
        chatServiceInstanceSid: twilioSid('IS', r),
        status: 'ok',
        dateCreated: flexWorkspace.dateCreated,
        dateUpdated: twilioTime(founded + between(r, 30 * DAY, 3 * YEAR)),
      },
    },
    okta: {
      apiTokens: [keys.oktaToken],
      users: world.users,
      apps: [app, ...otherApps(r, appCreated)],
      assignments: withAppUserRoles(world.assignments, world.users, flexUsers),
      sessions: world.sessions,
      keys: signingKeys,
    },
    switches: { nullListAttributes: false },
    cases,
  };
}

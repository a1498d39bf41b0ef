import { X509Certificate, sign, verify } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CASE_DESCRIPTIONS,
  FLEX_WORKSPACE_NAME,
  OTHER_WORKSPACE_WORKERS,
  SANDBOX_EPOCH,
  caseOf,
  flexIdentity,
  generateState,
  type CaseName,
  type GenerateOptions,
} from './generate';
import type { OktaUser, OktaUserStatus, SandboxState, SandboxWorker } from './state';

const ALL_STATUSES: OktaUserStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
const EXTRA_CASES: CaseName[] = ['provisioned', 'recovery', 'passwordExpired'];
const LOOKALIKE_CASES: CaseName[] = ['lookalikeKelvin', 'lookalikeFullwidthDomain'];
const ALL_CASES = Object.keys(CASE_DESCRIPTIONS) as CaseName[];

const gen = (options: Partial<GenerateOptions> = {}) => generateState({ seed: 1, workers: 60, oktaUsers: 80, ...options }, new Date('2026-11-22T10:00:00Z'));

const flexWorkspaceSid = (state: SandboxState) => state.twilio.flex?.taskrouterWorkspaceSid ?? '';
const flexWorkers = (state: SandboxState) => state.twilio.workers.filter((w) => w.workspaceSid === flexWorkspaceSid(state));

/** The attributes as an object, or null when they are not a JSON object. */
function attributesOf(worker: SandboxWorker): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(worker.attributes);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const attributeEmail = (worker: SandboxWorker) => {
  const email = attributesOf(worker)?.email;
  return typeof email === 'string' ? email : undefined;
};

/** Okta users a correlation on email or login, ignoring case, would find. */
const oktaMatches = (state: SandboxState, email: string) =>
  state.okta.users.filter((u) => u.profile.email.toLowerCase() === email.toLowerCase() || u.profile.login.toLowerCase() === email.toLowerCase());

const isAssigned = (state: SandboxState, user: OktaUser) => {
  const flexAppId = state.okta.apps.find((a) => a.label === 'Twilio Flex')?.id;
  return state.okta.assignments.some((a) => a.appId === flexAppId && a.userId === user.id);
};

function caseParts(state: SandboxState, name: CaseName) {
  const found = caseOf(state, name);
  const workers = found.workerSids.map((sid) => {
    const worker = state.twilio.workers.find((w) => w.sid === sid);
    if (!worker) throw new Error(`case ${name}: no worker ${sid}`);
    return worker;
  });
  const users = found.oktaUserIds.map((id) => {
    const user = state.okta.users.find((u) => u.id === id);
    if (!user) throw new Error(`case ${name}: no Okta user ${id}`);
    return user;
  });
  return { ...found, workers, users, worker: workers[0] as SandboxWorker, user: users[0] as OktaUser };
}

describe('generateState', () => {
  it('gives byte-identical state for the same seed and options, whatever the clock says', () => {
    const a = JSON.stringify(generateState({ seed: 7, workers: 60, oktaUsers: 80 }, new Date('2026-03-01T00:00:00Z')));
    const b = JSON.stringify(generateState({ seed: 7, workers: 60, oktaUsers: 80 }, new Date('2027-09-15T13:45:00Z')));
    expect(a).toBe(b);
    expect(JSON.stringify(gen({ seed: 8 }))).not.toBe(JSON.stringify(gen({ seed: 9 })));
  });

  it('keeps credentials tied to the seed alone, so resizing the world does not change them', () => {
    const small = gen({ seed: 5, workers: 20, oktaUsers: 30 });
    const large = gen({ seed: 5, workers: 900, oktaUsers: 1000 });
    expect(large.twilio.credentials).toEqual(small.twilio.credentials);
    expect(large.okta.apiTokens).toEqual(small.okta.apiTokens);
    expect(gen({ seed: 6 }).twilio.credentials.accountSid).not.toBe(small.twilio.credentials.accountSid);
  });

  it.each([
    [0, 0],
    [3, 2],
    [20, 30],
    [60, 80],
    [700, 500],
  ])('makes exactly %i Flex workers and %i Okta users, plus the other workspace', (workers, oktaUsers) => {
    const state = gen({ workers, oktaUsers });
    expect(flexWorkers(state)).toHaveLength(workers);
    expect(state.twilio.workers).toHaveLength(workers + OTHER_WORKSPACE_WORKERS);
    expect(state.okta.users).toHaveLength(oktaUsers);
  });

  it('covers every Okta status even at the smallest guaranteed size', () => {
    for (const state of [gen({ workers: 20, oktaUsers: 30 }), gen(), gen({ seed: 99, workers: 500, oktaUsers: 600 })]) {
      expect(new Set(state.okta.users.map((u) => u.status))).toEqual(new Set(ALL_STATUSES));
    }
  });

  it('keeps most Okta users ACTIVE', () => {
    const users = gen({ workers: 500, oktaUsers: 2000 }).okta.users;
    const active = users.filter((u) => u.status === 'ACTIVE').length;
    expect(active / users.length).toBeGreaterThan(0.65);
    expect(active / users.length).toBeLessThan(0.9);
  });

  it('uses well-formed, unique ids throughout', () => {
    const state = gen({ workers: 300, oktaUsers: 400 });
    const twilio = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);
    const { credentials, workspaces, workers, flex } = state.twilio;
    expect(credentials.accountSid).toMatch(twilio('AC'));
    expect(credentials.apiKeySid).toMatch(twilio('SK'));
    expect(credentials.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(credentials.apiKeySecret).toMatch(/^[A-Za-z0-9]{32}$/);
    for (const ws of workspaces) {
      expect(ws.sid).toMatch(twilio('WS'));
      for (const a of ws.activities) expect(a.sid).toMatch(twilio('WA'));
    }
    for (const w of workers) expect(w.sid).toMatch(twilio('WK'));
    expect(flex?.flexServiceInstanceSid).toMatch(twilio('IS'));
    expect(flex?.chatServiceInstanceSid).toMatch(twilio('IS'));
    for (const u of state.okta.users) expect(u.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    for (const a of state.okta.apps) expect(a.id).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(state.okta.apiTokens[0]).toMatch(/^00[0-9A-Za-z_-]{40}$/);
    const all = [...workers.map((w) => w.sid), ...state.okta.users.map((u) => u.id), ...state.okta.sessions.map((s) => s.id)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('sets up a Flex workspace with the standard activities, a second workspace, and Flex pointing at the first', () => {
    const state = gen();
    const [flexWs, otherWs] = state.twilio.workspaces;
    expect(flexWs?.friendlyName).toBe(FLEX_WORKSPACE_NAME);
    expect(flexWs?.activities.map((a) => [a.friendlyName, a.available])).toEqual([
      ['Offline', false],
      ['Available', true],
      ['Unavailable', false],
      ['Break', false],
    ]);
    expect(flexWs?.defaultActivitySid).toBe(flexWs?.activities[0]?.sid);
    expect(state.twilio.flex).toMatchObject({ taskrouterWorkspaceSid: flexWs?.sid, status: 'ok' });
    expect(otherWs?.friendlyName).not.toBe(FLEX_WORKSPACE_NAME);
    expect(state.twilio.workers.filter((w) => w.workspaceSid === otherWs?.sid)).toHaveLength(OTHER_WORKSPACE_WORKERS);
  });

  it("puts every worker in an activity of its own workspace, spread over all four, with some busy", () => {
    const state = gen();
    const names = new Set<string>();
    for (const worker of state.twilio.workers) {
      const activity = state.twilio.workspaces.find((ws) => ws.sid === worker.workspaceSid)?.activities.find((a) => a.sid === worker.activitySid);
      expect(activity, worker.sid).toBeDefined();
      if (worker.workspaceSid === flexWorkspaceSid(state)) names.add(activity?.friendlyName ?? '');
    }
    expect(names).toEqual(new Set(['Offline', 'Available', 'Unavailable', 'Break']));
    expect(state.twilio.workers.filter((w) => w.pendingReservations > 0 || w.tasksInProgress > 0).length).toBeGreaterThan(1);
  });

  it('gives workers the attributes Flex writes on SAML sign-in, with unique friendly names per workspace', () => {
    const state = gen({ workers: 1000, oktaUsers: 1200 });
    const roles = new Set<string>();
    for (const worker of flexWorkers(state)) {
      if (worker.sid === caseOf(state, 'invalidAttributes').workerSids[0]) continue;
      const attributes = attributesOf(worker);
      expect(attributes, worker.attributes).toMatchObject({ full_name: expect.any(String), image_url: '', routing: { skills: expect.any(Array), levels: {} } });
      expect(attributes?.contact_uri).toMatch(/^client:[A-Za-z0-9_]+$/);
      for (const role of attributes?.roles as string[]) roles.add(role);
    }
    expect(roles).toEqual(new Set(['agent', 'supervisor', 'admin']));
    for (const ws of state.twilio.workspaces) {
      const names = state.twilio.workers.filter((w) => w.workspaceSid === ws.sid).map((w) => w.friendlyName);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('dates everything before the fixed epoch, in a plausible order', () => {
    const state = gen({ workers: 300, oktaUsers: 400 });
    const epoch = new Date(SANDBOX_EPOCH).toISOString();
    for (const w of state.twilio.workers) {
      expect(w.dateCreated <= w.dateStatusChanged && w.dateStatusChanged <= w.dateUpdated && w.dateUpdated < epoch, w.sid).toBe(true);
      expect(w.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    for (const u of state.okta.users) {
      const stamps = [u.created, u.activated, u.statusChanged, u.lastUpdated].filter((s): s is string => s !== null);
      expect([...stamps].sort(), u.id).toEqual(stamps);
      expect(u.lastUpdated < epoch && (u.lastLogin ?? '') <= u.lastUpdated).toBe(true);
    }
  });

  it('leaves timestamps null where Okta would for the status', () => {
    const state = gen({ workers: 300, oktaUsers: 400 });
    const of = (status: OktaUserStatus) => state.okta.users.filter((u) => u.status === status);
    for (const u of of('STAGED')) expect(u).toMatchObject({ activated: null, statusChanged: null, lastLogin: null, passwordChanged: null });
    for (const u of of('PROVISIONED')) {
      expect(u).toMatchObject({ activated: null, lastLogin: null, passwordChanged: null });
      expect(u.statusChanged).not.toBeNull();
    }
    for (const status of ALL_STATUSES.filter((s) => s !== 'STAGED' && s !== 'PROVISIONED')) {
      for (const u of of(status)) expect(u.activated, u.id).not.toBeNull();
    }
    for (const status of ['SUSPENDED', 'DEPROVISIONED', 'LOCKED_OUT'] as const) {
      for (const u of of(status)) expect(u.statusChanged! > u.activated!, u.id).toBe(true);
    }
  });

  it('configures the Flex SAML app as Twilio documents it, beside unrelated apps', () => {
    const state = gen();
    const { accountSid } = state.twilio.credentials;
    const flexApp = state.okta.apps.find((a) => a.label === 'Twilio Flex');
    const acs = `https://iam.twilio.com/v1/Accounts/${accountSid}/saml2`;
    expect(flexApp).toMatchObject({
      status: 'ACTIVE',
      signOnMode: 'SAML_2_0',
      signOn: { ssoAcsUrl: acs, audience: `${acs}/metadata`, recipient: acs, destination: acs, subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
    });
    expect(flexApp?.signOn?.attributeStatements.map((s) => s.name)).toEqual(['full_name', 'email', 'roles']);
    expect(flexApp?.signOn).toMatchObject({ responseSigned: true, assertionSigned: true, signatureAlgorithm: 'RSA_SHA256', digestAlgorithm: 'SHA256', assertionEncryption: { enabled: false } });
    const key = state.okta.keys.find((k) => k.kid === flexApp?.signingKid);
    expect(key?.appId).toBe(flexApp?.id);
    expect(key?.x5c[0]).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
    expect(key && key.expiresAt > key.created).toBe(true);
    expect(state.okta.apps.map((a) => a.label)).toEqual(expect.arrayContaining(['Slack', 'Google Workspace']));
    expect(state.okta.apps.some((a) => a.signOnMode === 'OPENID_CONNECT')).toBe(true);
  });

  it('gives the Flex app a real RSA-2048 signing certificate with its private key, and a newer inactive one', () => {
    const state = gen();
    const flexApp = state.okta.apps.find((a) => a.label === 'Twilio Flex')!;
    const keys = state.okta.keys.filter((k) => k.appId === flexApp.id);
    expect(keys.map((k) => k.kid === flexApp.signingKid)).toEqual([true, false]);
    expect(keys[1]!.created > keys[0]!.created).toBe(true);
    for (const key of keys) {
      const certificate = new X509Certificate(Buffer.from(key.x5c[0]!, 'base64'));
      expect(certificate.subject).toContain('CN=steward-sandbox');
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      // Certificates count whole seconds.
      const second = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
      expect(Date.parse(certificate.validFrom)).toBe(second(key.created));
      expect(Date.parse(certificate.validTo)).toBe(second(key.expiresAt));
      // The private key is the certificate's: what it signs, the certificate's key verifies.
      const signature = sign('sha256', Buffer.from('assertion'), key.privateKeyPem!);
      expect(verify('sha256', Buffer.from('assertion'), certificate.publicKey, signature)).toBe(true);
    }
    expect(keys[0]!.x5c[0]).not.toBe(keys[1]!.x5c[0]);
    expect(gen({ seed: 2 }).okta.keys[0]!.x5c[0]).not.toBe(keys[0]!.x5c[0]);
  });

  it('assigns most ACTIVE users to the Flex app by login, never the deprovisioned, and gives live sessions only to ACTIVE users', () => {
    const state = gen({ workers: 500, oktaUsers: 600 });
    const byId = new Map(state.okta.users.map((u) => [u.id, u]));
    for (const a of state.okta.assignments) expect(a.userName).toBe(byId.get(a.userId)?.profile.login);
    expect(state.okta.assignments.some((a) => byId.get(a.userId)?.status === 'DEPROVISIONED')).toBe(false);
    const active = state.okta.users.filter((u) => u.status === 'ACTIVE');
    const assigned = active.filter((u) => isAssigned(state, u)).length;
    expect(assigned / active.length).toBeGreaterThan(0.8);
    expect(assigned).toBeLessThan(active.length);
    expect(state.okta.sessions.every((s) => byId.get(s.userId)?.status === 'ACTIVE')).toBe(true);
    expect(state.okta.sessions.some((s) => s.hasOAuthTokens)).toBe(true);
    expect(state.okta.sessions.some((s) => !s.hasOAuthTokens)).toBe(true);
  });

  it("gives each Flex app user the roles of the Flex user with their email (what the app's appuser.roles sends), else agent", () => {
    const state = gen({ workers: 500, oktaUsers: 600 });
    const emailOf = new Map(state.okta.users.map((u) => [u.id, u.profile.email.toLowerCase()]));
    const flexRoles = new Map((state.twilio.flexUsers ?? []).map((f) => [f.email.toLowerCase(), f.roles]));
    for (const a of state.okta.assignments) expect(a.profile?.roles).toEqual(flexRoles.get(emailOf.get(a.userId)!) ?? ['agent']);
    const roles = new Set(state.okta.assignments.flatMap((a) => a.profile?.roles ?? []));
    expect(roles).toEqual(new Set(['agent', 'supervisor', 'admin']));
  });

  it('catalogues every case from 25 workers and 35 Okta users, all but the look-alikes from 23 and 33, and all but the extras from 20 and 30', () => {
    expect(Object.keys(gen({ workers: 25, oktaUsers: 35 }).cases ?? {}).sort()).toEqual([...ALL_CASES].sort());
    expect(Object.keys(gen({ workers: 23, oktaUsers: 33 }).cases ?? {}).sort()).toEqual(ALL_CASES.filter((c) => !LOOKALIKE_CASES.includes(c)).sort());
    expect(Object.keys(gen({ workers: 20, oktaUsers: 30 }).cases ?? {}).sort()).toEqual(ALL_CASES.filter((c) => !EXTRA_CASES.includes(c) && !LOOKALIKE_CASES.includes(c)).sort());
    expect(Object.keys(gen({ workers: 3, oktaUsers: 2 }).cases ?? {})).toEqual(['activeAssigned', 'activeUnassigned', 'noOktaUser']);
  });

  it('explains a missing case instead of returning undefined', () => {
    expect(() => caseOf(gen({ workers: 20, oktaUsers: 30 }), 'recovery')).toThrow(/not in this state/);
    const handBuilt: SandboxState = { ...gen(), cases: undefined };
    expect(() => caseOf(handBuilt, 'suspended')).toThrow(/suspended/);
  });

  describe.each([
    ['the smallest guaranteed size', { workers: 20, oktaUsers: 30 }],
    ['the default size', { workers: 60, oktaUsers: 80 }],
    ['another seed, larger', { seed: 42, workers: 1500, oktaUsers: 1800 }],
  ])('guaranteed cases at %s', (_label, options) => {
    const state = gen(options);
    const flexSid = flexWorkspaceSid(state);
    const statusCase = (name: CaseName, status: OktaUserStatus, assigned: boolean) => {
      const c = caseParts(state, name);
      expect(attributeEmail(c.worker)).toBe(c.email);
      expect(oktaMatches(state, c.email ?? '')).toEqual([c.user]);
      expect(c.user.status).toBe(status);
      expect(isAssigned(state, c.user)).toBe(assigned);
    };

    it('puts every case worker in the Flex workspace', () => {
      for (const name of Object.keys(state.cases ?? {}) as CaseName[]) {
        for (const w of caseParts(state, name).workers) expect(w.workspaceSid, name).toBe(flexSid);
      }
    });

    it('has one Okta user per status case, found by the worker email', () => {
      statusCase('activeAssigned', 'ACTIVE', true);
      statusCase('activeUnassigned', 'ACTIVE', false);
      statusCase('suspended', 'SUSPENDED', true);
      statusCase('deprovisioned', 'DEPROVISIONED', false);
      statusCase('staged', 'STAGED', false);
      statusCase('lockedOut', 'LOCKED_OUT', true);
      expect(state.okta.sessions.some((s) => s.userId === caseParts(state, 'activeAssigned').user.id && s.hasOAuthTokens)).toBe(true);
    });

    it('has a busy worker whose Okta user is deprovisioned', () => {
      const c = caseParts(state, 'busyDeprovisioned');
      expect(c.worker.pendingReservations).toBeGreaterThan(0);
      expect(c.worker.tasksInProgress).toBeGreaterThan(0);
      expect(oktaMatches(state, c.email ?? '')).toEqual([c.user]);
      expect(c.user.status).toBe('DEPROVISIONED');
    });

    it('has a worker no Okta user matches, and an assigned Okta user with no worker', () => {
      const orphan = caseParts(state, 'noOktaUser');
      expect(attributeEmail(orphan.worker)).toBe(orphan.email);
      expect(oktaMatches(state, orphan.email ?? '')).toEqual([]);
      const seatless = caseParts(state, 'assignedNoWorker');
      expect(seatless.user.status).toBe('ACTIVE');
      expect(isAssigned(state, seatless.user)).toBe(true);
      const workerEmails = state.twilio.workers.map((w) => (attributeEmail(w) ?? w.friendlyName).toLowerCase());
      expect(workerEmails).not.toContain(seatless.user.profile.email.toLowerCase());
    });

    it("has an ambiguous worker: one Okta user's email, another's login", () => {
      const c = caseParts(state, 'ambiguous');
      const email = attributeEmail(c.worker) ?? '';
      expect(new Set(oktaMatches(state, email).map((u) => u.id))).toEqual(new Set(c.oktaUserIds));
      expect(c.users).toHaveLength(2);
      expect(c.users.filter((u) => u.profile.email === email)).toHaveLength(1);
      expect(c.users.filter((u) => u.profile.login === email)).toHaveLength(1);
    });

    it('has a worker whose email differs from Okta only in case', () => {
      const c = caseParts(state, 'caseMismatch');
      const email = attributeEmail(c.worker) ?? '';
      expect(email).not.toBe(c.user.profile.email);
      expect(email.toLowerCase()).toBe(c.user.profile.email.toLowerCase());
    });

    it('has workers without a usable email in attributes', () => {
      const noEmail = caseParts(state, 'noEmail').worker;
      expect(attributesOf(noEmail)).not.toBeNull();
      expect(attributeEmail(noEmail)).toBeUndefined();
      expect(noEmail.friendlyName).not.toContain('@');
      expect(attributesOf(caseParts(state, 'invalidAttributes').worker)).toBeNull();
      const inName = caseParts(state, 'emailOnlyInFriendlyName');
      expect(attributeEmail(inName.worker)).toBeUndefined();
      expect(inName.worker.friendlyName).toBe(inName.email);
      expect(oktaMatches(state, inName.worker.friendlyName)).toEqual([inName.user]);
    });

    it('has exactly two Flex workers sharing one email, and one Okta user for them', () => {
      const c = caseParts(state, 'duplicateWorkers');
      expect(c.workers).toHaveLength(2);
      const sharing = flexWorkers(state).filter((w) => attributeEmail(w)?.toLowerCase() === c.email?.toLowerCase());
      expect(sharing.map((w) => w.sid).sort()).toEqual([...c.workerSids].sort());
      expect(oktaMatches(state, c.email ?? '')).toEqual([c.user]);
    });

    it('has awkward but valid addresses that still match their Okta user', () => {
      const check = (name: CaseName, shape: RegExp) => {
        const c = caseParts(state, name);
        expect(attributeEmail(c.worker)).toMatch(shape);
        expect(oktaMatches(state, c.email ?? ''), name).toEqual([c.user]);
      };
      check('plusAddress', /^[^@]+\+[^@]+@/);
      check('quotedLocalPart', /^"[^"]*\.\.[^"]*"@/);
      check('apostrophe', /^[^@]*'[^@]*@/);
      check('longDomain', /@.{60,}$/);
    });

    it('has a Unicode domain on the worker and its punycode form in Okta', () => {
      const c = caseParts(state, 'internationalDomain');
      const [local, domain] = (attributeEmail(c.worker) ?? '').split('@') as [string, string];
      expect([...domain].some((c) => c.charCodeAt(0) > 0x7f)).toBe(true);
      expect(c.user.profile.email).toBe(`${local}@${domainToASCII(domain)}`);
      expect(oktaMatches(state, c.email ?? '')).toEqual([]);
    });

    it('has a name that looks like markup on both sides', () => {
      const c = caseParts(state, 'htmlName');
      expect(c.user.profile.lastName).toBe('<img src=x onerror=alert(1)>');
      expect(attributesOf(c.worker)?.full_name).toContain('<img src=x onerror=alert(1)>');
    });
  });

  it('has the extra status cases once there is room for them', () => {
    const state = gen();
    for (const [name, status] of [['provisioned', 'PROVISIONED'], ['recovery', 'RECOVERY'], ['passwordExpired', 'PASSWORD_EXPIRED']] as const) {
      const c = caseParts(state, name);
      expect(c.user.status).toBe(status);
      expect(oktaMatches(state, attributeEmail(c.worker) ?? '')).toEqual([c.user]);
    }
  });

  it('has look-alike workers that a folding comparison would match to somebody else once there is room for them', () => {
    const state = gen();
    for (const name of LOOKALIKE_CASES) {
      const c = caseParts(state, name);
      const email = attributeEmail(c.worker) ?? '';
      expect(email, name).toBe(c.email);
      expect(email.normalize('NFKC'), name).not.toBe(email);
      // Folded, it is exactly the address of an ACTIVE, assigned person who has no worker of their own.
      expect(email.normalize('NFKC').toLowerCase(), name).toBe(c.user.profile.email);
      expect(c.user.status).toBe('ACTIVE');
      expect(isAssigned(state, c.user)).toBe(true);
      expect(flexWorkers(state).filter((w) => attributeEmail(w) === c.user.profile.email)).toEqual([]);
    }
    expect(caseOf(state, 'lookalikeKelvin').email?.codePointAt(0)).toBe(0x212a);
    expect(caseOf(state, 'lookalikeFullwidthDomain').email?.split('@')[1]).toMatch(/^[\uFF41-\uFF5A]+\.com$/u);
  });

  it('encodes Flex identities byte by byte', () => {
    expect(flexIdentity('jane.doe@example.com')).toBe('jane_2Edoe_40example_2Ecom');
    expect(flexIdentity('josé@b.example')).toBe('jos_C3_A9_40b_2Eexample');
  });

  it('generates 5000 workers and 6000 Okta users quickly', () => {
    const started = performance.now();
    const state = generateState({ seed: 3, workers: 5000, oktaUsers: 6000 }, new Date());
    const elapsed = performance.now() - started;
    expect(flexWorkers(state)).toHaveLength(5000);
    expect(elapsed).toBeLessThan(2000);
  });
});

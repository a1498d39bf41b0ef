import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseOf, OTHER_WORKSPACE_NAME, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { makeUser } from '../../sandbox/okta/fixtures';
import { makeWorker } from '../../sandbox/twilio/test-fixtures';
import { sandboxFetch } from '../../sandbox/sandbox-fetch';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { oktaClientFrom, twilioClientFrom } from '../connections/clients';
import { createHttpClient } from '../http/fetch-core';
import type { IdentityStatus } from '../identity/statuses';
import { parseSettings, type Settings } from '../settings/settings';
import { createMemoryArea, createMemoryDeviceKeyStore } from '../vault/storage-area';
import { createVault, type Vault } from '../vault/vault';
import { LOOKUP_STRATEGIES, type LookupStrategy } from './lookup-strategies';
import { createTtlCache } from './ttl-cache';
import type { StatusService } from './service';
import { workerStatusSchema, type WorkerStatus } from './views';
import { createStatusService } from './worker-status-service';

const OKTA = SANDBOX_HOSTS.okta;
const TASKROUTER = SANDBOX_HOSTS.taskrouter;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, workers: 40, oktaUsers: 60 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reseed());

const flexWorkspace = () => sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
const otherWorkspace = () => sandbox.state.twilio.workspaces.find((w) => w.friendlyName === OTHER_WORKSPACE_NAME)!.sid;
const flexApp = () => sandbox.state.okta.apps.find((a) => a.label === 'Twilio Flex')!;

interface Setup {
  okta?: Partial<Settings['okta']>;
  strategy?: LookupStrategy;
  passphrase?: string;
}

interface Fixture {
  service: StatusService;
  vault: Vault;
  settings: Settings;
}

async function setup({ okta = {}, strategy, passphrase }: Setup = {}): Promise<Fixture> {
  const vault = createVault({ storage: { local: createMemoryArea(), session: createMemoryArea(), deviceKeys: createMemoryDeviceKeyStore() }, pbkdf2Iterations: 1000 });
  await vault.setup({ passphrase });
  await vault.setSecret('okta.apiToken', sandbox.state.okta.apiTokens[0]!);
  await vault.setSecret('twilio.apiKeySecret', sandbox.state.twilio.credentials.apiKeySecret);
  const { accountSid, apiKeySid } = sandbox.state.twilio.credentials;
  const settings = parseSettings({
    okta: { orgUrl: `https://${OKTA}`, authMethod: 'api-token', flexAppId: flexApp().id, ...okta },
    twilio: { accountSid, apiKeySid, workspaceSid: flexWorkspace(), workspaceName: 'Flex Task Assignment' },
  });
  // No real waiting between retries: these tests are about what the admin is shown.
  const http = createHttpClient({ fetch: sandboxFetch(sandbox), sleep: async () => undefined });
  const service = createStatusService({
    settings: async () => settings,
    twilio: () => twilioClientFrom(settings.twilio, vault, http),
    okta: () => oktaClientFrom(settings.okta, vault, http),
    cache: createTtlCache({ area: createMemoryArea() }),
    strategy,
  });
  return { service, vault, settings };
}

const requests = (host: string, path?: RegExp) => sandbox.requestsMatching({ host, path }).length;
const searches = () => requests(OKTA, /^\/api\/v1\/users$/);
const workerFetches = () => requests(TASKROUTER, /\/Workers\/WK/);
const sidsOf = (...names: CaseName[]) => names.flatMap((name) => caseOf(sandbox.state, name).workerSids);
const bySid = (statuses: WorkerStatus[]) => new Map(statuses.map((s) => [s.worker.sid, s]));

const EXPECTED: [CaseName, IdentityStatus][] = [
  ['activeAssigned', 'active'],
  ['activeUnassigned', 'unassigned'],
  ['suspended', 'suspended'],
  ['deprovisioned', 'deprovisioned'],
  ['busyDeprovisioned', 'deprovisioned'],
  ['staged', 'not-yet-active'],
  ['provisioned', 'not-yet-active'],
  ['lockedOut', 'active-with-warning'],
  ['recovery', 'active-with-warning'],
  ['passwordExpired', 'active-with-warning'],
  ['noOktaUser', 'not-in-okta'],
  ['ambiguous', 'ambiguous'],
  ['caseMismatch', 'active'],
  ['internationalDomain', 'active'],
  ['noEmail', 'no-email'],
  ['invalidAttributes', 'no-email'],
  ['emailOnlyInFriendlyName', 'active'],
  ['duplicateWorkers', 'active'],
  ['plusAddress', 'active'],
  ['quotedLocalPart', 'active'],
  ['apostrophe', 'active'],
  ['htmlName', 'active'],
  ['lookalikeKelvin', 'lookalike'],
  ['lookalikeFullwidthDomain', 'lookalike'],
];
const caseUser = (name: CaseName) => sandbox.state.okta.users.find((u) => u.id === caseOf(sandbox.state, name).oktaUserIds[0])!;
const caseSids = () => sidsOf(...EXPECTED.map(([name]) => name));

function expectCaseStatuses(statuses: WorkerStatus[]) {
  const found = bySid(statuses);
  for (const [name, status] of EXPECTED) {
    for (const sid of sidsOf(name)) expect({ name, status: found.get(sid)?.status }).toEqual({ name, status });
  }
}

describe('statuses for the workers a page shows', () => {
  it('gives every correlation case its status from one Twilio list and two Okta requests', async () => {
    const { service } = await setup();
    const sids = caseSids();
    const { statuses, problem } = await service.forWorkers(flexWorkspace(), sids);
    expect(problem).toBeUndefined();
    expect(statuses.map((s) => s.worker.sid)).toEqual(sids);
    expectCaseStatuses(statuses);
    for (const status of statuses) workerStatusSchema.parse(status);
    // One page of 1,000 workers; one batched search for every address; one page of the Flex app's users.
    expect(requests(TASKROUTER)).toBe(1);
    expect(searches()).toBe(1);
    expect(requests(OKTA, /\/apps\/[^/]+\/users$/)).toBe(1);
    expect(requests(OKTA)).toBe(2);
  });

  it('names the people behind a status, with their Admin Console page and Flex assignment', async () => {
    const { service } = await setup();
    const { statuses } = await service.forWorkers(flexWorkspace(), sidsOf('activeAssigned', 'activeUnassigned', 'ambiguous'));
    const [assigned, unassigned, ambiguous] = statuses;
    const assignedId = caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0]!;
    expect(assigned!.people).toEqual([
      expect.objectContaining({ id: assignedId, status: 'ACTIVE', email: 'priya.raman@example.com', flexAssigned: true, adminUrl: `https://${SANDBOX_HOSTS.oktaAdmin}/admin/user/profile/view/${assignedId}` }),
    ]);
    expect(unassigned!.people).toEqual([expect.objectContaining({ flexAssigned: false })]);
    // Never one picked: both the user with this email and the one with it as login are shown.
    expect(ambiguous!.people.map((p) => p.id).sort()).toEqual([...caseOf(sandbox.state, 'ambiguous').oktaUserIds].sort());
  });

  it('reports the Twilio facts: roles from the attributes, activity, workspace, and names exactly as stored', async () => {
    const { service } = await setup();
    const [sid] = sidsOf('htmlName');
    const stored = sandbox.state.twilio.workers.find((w) => w.sid === sid)!;
    const [status] = (await service.forWorkers(flexWorkspace(), [sid!])).statuses;
    expect(status!.worker).toMatchObject({
      sid,
      workspaceSid: flexWorkspace(),
      workspaceName: 'Flex Task Assignment',
      friendlyName: stored.friendlyName,
      dateCreated: stored.dateCreated,
      roles: (JSON.parse(stored.attributes) as { roles: string[] }).roles,
    });
    expect(status!.people[0]!.lastName).toBe('<img src=x onerror=alert(1)>');
  });

  it('matches addresses across case and Unicode/punycode spellings, and finds emails in friendly names', async () => {
    const { service } = await setup();
    const found = bySid((await service.forWorkers(flexWorkspace(), sidsOf('caseMismatch', 'internationalDomain', 'emailOnlyInFriendlyName'))).statuses);
    expect(found.get(sidsOf('caseMismatch')[0]!)).toMatchObject({ email: 'Jane.Doe@Example.com', people: [{ email: 'jane.doe@example.com' }] });
    expect(found.get(sidsOf('internationalDomain')[0]!)).toMatchObject({ email: 'josé@bücher.example', people: [{ email: 'josé@xn--bcher-kva.example' }] });
    expect(found.get(sidsOf('emailOnlyInFriendlyName')[0]!)).toMatchObject({ email: 'mei.chen@example.com', status: 'active' });
  });

  it('says why attributes could not be read', async () => {
    const { service } = await setup();
    const [status] = (await service.forWorkers(flexWorkspace(), sidsOf('invalidAttributes'))).statuses;
    expect(status).toMatchObject({ status: 'no-email', email: null, people: [], worker: { attributesProblem: 'invalid-json', roles: [] } });
  });

  it('keeps the order asked, leaves out workers Twilio does not know and names them', async () => {
    const { service } = await setup();
    const [a, b] = sidsOf('suspended', 'staged');
    const ghost = 'WK' + '0'.repeat(32);
    const { statuses, problem } = await service.forWorkers(flexWorkspace(), [b!, ghost, a!]);
    expect(statuses.map((s) => s.worker.sid)).toEqual([b, a]);
    expect(problem).toMatchObject({ code: 'not-found', message: expect.stringContaining(ghost) });
  });

  it('finds a worker created after the list was cached', async () => {
    const { service } = await setup();
    await service.forWorkers(flexWorkspace(), sidsOf('activeAssigned'));
    const template = sandbox.state.twilio.workers.find((w) => w.sid === sidsOf('activeAssigned')[0])!;
    const newcomer = { ...template, sid: 'WK' + 'a'.repeat(32), friendlyName: 'newcomer' };
    sandbox.state.twilio.workers.push(newcomer);
    const { statuses, problem } = await service.forWorkers(flexWorkspace(), [newcomer.sid]);
    expect(problem).toBeUndefined();
    expect(statuses).toEqual([expect.objectContaining({ status: 'active', worker: expect.objectContaining({ friendlyName: 'newcomer' }) })]);
  });

  it('marks an address Okta’s search syntax cannot carry as unknown, and answers the rest', async () => {
    const { service } = await setup();
    const worker = sandbox.state.twilio.workers.find((w) => w.sid === sidsOf('noOktaUser')[0])!;
    worker.attributes = JSON.stringify({ email: 'bell\u0007@example.com', roles: ['agent'] });
    const found = bySid((await service.forWorkers(flexWorkspace(), sidsOf('noOktaUser', 'suspended'))).statuses);
    expect(found.get(worker.sid)).toMatchObject({ status: 'unknown', problem: { code: 'invalid-request' } });
    expect(found.get(sidsOf('suspended')[0]!)?.status).toBe('suspended');
  });
});

describe('when Twilio leaves attributes out of its lists', () => {
  it('fetches only the requested workers on their own, and classifies them all the same', async () => {
    sandbox.state.switches.nullListAttributes = true;
    const { service } = await setup();
    const sids = caseSids();
    const { statuses } = await service.forWorkers(flexWorkspace(), sids);
    expectCaseStatuses(statuses);
    expect(requests(TASKROUTER, /\/Workers$/)).toBe(1);
    expect(workerFetches()).toBe(sids.length);
    expect(bySid(statuses).get(sidsOf('activeAssigned')[0]!)?.worker.roles.length).toBeGreaterThan(0);

    sandbox.clearRequests();
    await service.forWorkers(flexWorkspace(), sids);
    expect(sandbox.requests).toEqual([]);
  });
});

describe('caching', () => {
  it('answers a repeated batch without a single request', async () => {
    const { service } = await setup();
    const first = await service.forWorkers(flexWorkspace(), caseSids());
    sandbox.clearRequests();
    const second = await service.forWorkers(flexWorkspace(), caseSids());
    expect(sandbox.requests).toEqual([]);
    expect(second).toEqual(first);
  });

  it('shares one worker list and one search among batches that arrive together', async () => {
    const { service } = await setup();
    const sids = caseSids();
    const batches = [sids.slice(0, 6), sids.slice(6, 12), sids.slice(12, 18), sids.slice(18)];
    const results = await Promise.all(batches.map((batch) => service.forWorkers(flexWorkspace(), batch)));
    expectCaseStatuses(results.flatMap((r) => r.statuses));
    expect(requests(TASKROUTER)).toBe(1);
    expect(searches()).toBe(1);
  });

  it('asks Okta again about a person after invalidate, and only about them', async () => {
    // Searching, the strategy whose request names the addresses; `auto` in a small org reads the whole directory again.
    const { service } = await setup({ strategy: 'app-list-and-search' });
    const [sid] = sidsOf('activeAssigned');
    await service.forWorkers(flexWorkspace(), caseSids());
    const user = sandbox.state.okta.users.find((u) => u.id === caseOf(sandbox.state, 'activeAssigned').oktaUserIds[0])!;
    user.status = 'SUSPENDED';
    expect(bySid((await service.forWorkers(flexWorkspace(), [sid!])).statuses).get(sid!)?.status).toBe('active');

    await service.invalidate([user.profile.email.toUpperCase()]);
    sandbox.clearRequests();
    const after = await service.forWorkers(flexWorkspace(), caseSids());
    expect(bySid(after.statuses).get(sid!)?.status).toBe('suspended');
    expect(searches()).toBe(1);
    const search = decodeURIComponent(sandbox.requestsMatching({ host: OKTA, path: /^\/api\/v1\/users$/ })[0]!.query);
    expect(search).toContain(user.profile.email);
    expect(search).not.toContain('tomas.herrera@example.com');
  });

  it('looks again, bypassing every cache, when the page asks for a refresh', async () => {
    const { service } = await setup();
    const sids = sidsOf('activeUnassigned');
    expect((await service.forWorkers(flexWorkspace(), sids)).statuses[0]?.status).toBe('unassigned');
    const user = caseOf(sandbox.state, 'activeUnassigned').oktaUserIds[0]!;
    sandbox.state.okta.assignments.push({ appId: flexApp().id, userId: user, status: 'ACTIVE', created: '2025-01-01T00:00:00.000Z', lastUpdated: '2025-01-01T00:00:00.000Z', userName: 'tomas.herrera@example.com' });
    expect((await service.forWorkers(flexWorkspace(), sids)).statuses[0]?.status).toBe('unassigned');
    expect((await service.forWorkers(flexWorkspace(), sids, { refresh: true })).statuses[0]?.status).toBe('active');
  });
});

describe('when one side fails', () => {
  it('says Okta is rate limiting on every status that needed it, and still shows the Twilio facts', async () => {
    const { service } = await setup();
    sandbox.faults.rules.push({ host: OKTA, path: '^/api/v1/users$', respond: 429 });
    const { statuses } = await service.forWorkers(flexWorkspace(), caseSids());
    const found = bySid(statuses);
    const [sid] = sidsOf('activeAssigned');
    expect(found.get(sid!)).toMatchObject({ status: 'unknown', people: [], problem: { code: 'rate-limited', service: 'okta' }, worker: { friendlyName: expect.any(String), workspaceName: 'Flex Task Assignment' } });
    expect(found.get(sidsOf('noEmail')[0]!)?.status).toBe('no-email');
    // A look-alike address needs no lookup, so a failing Okta leaves it as it is.
    expect(found.get(sidsOf('lookalikeKelvin')[0]!)?.status).toBe('lookalike');
    expect(statuses.filter((s) => s.status === 'unknown')).toHaveLength(statuses.filter((s) => s.email !== null && s.status !== 'lookalike').length);

    // Failures are not cached: once Okta recovers, the next render has answers.
    sandbox.faults.rules = [];
    expectCaseStatuses((await service.forWorkers(flexWorkspace(), caseSids())).statuses);
  });

  it('says Okta is not connected yet, without asking it anything', async () => {
    const { service } = await setup({ okta: { orgUrl: undefined } });
    const { statuses } = await service.forWorkers(flexWorkspace(), sidsOf('activeAssigned', 'noEmail'));
    expect(statuses.map((s) => [s.status, s.problem?.code])).toEqual([['unknown', 'not-configured'], ['no-email', undefined]]);
    expect(requests(OKTA)).toBe(0);
  });

  it('never calls anyone Active without a Flex app: says the app was not found, and asks Okta nothing', async () => {
    const { service } = await setup({ okta: { flexAppId: undefined } });
    const { statuses } = await service.forWorkers(flexWorkspace(), sidsOf('activeUnassigned', 'suspended'));
    expect(statuses.map((s) => [s.status, s.problem?.code])).toEqual([['unknown', 'no-flex-app'], ['unknown', 'no-flex-app']]);
    expect(statuses[0]!.problem).toMatchObject({ message: expect.stringMatching(/^Flex app not found in Okta/), nextStep: expect.stringContaining('Settings') });
    expect(requests(OKTA)).toBe(0);
  });

  it('returns the Twilio problem and no statuses when the workers cannot be read', async () => {
    const { service } = await setup();
    sandbox.faults.rules.push({ host: TASKROUTER, respond: 401 });
    expect(await service.forWorkers(flexWorkspace(), caseSids())).toEqual({ statuses: [], problem: expect.objectContaining({ code: 'bad-credentials', service: 'twilio' }) });
    expect(requests(OKTA)).toBe(0);
  });

  it('asks to unlock the vault rather than failing obscurely', async () => {
    const { service, vault } = await setup({ passphrase: 'correct horse battery staple' });
    await vault.lock();
    expect(await service.forWorkers(flexWorkspace(), caseSids())).toEqual({ statuses: [], problem: expect.objectContaining({ code: 'locked' }) });
  });
});

describe('people', () => {
  it('finds an Okta user’s workers in every workspace', async () => {
    const { service } = await setup();
    const { oktaUserIds, workerSids, email } = caseOf(sandbox.state, 'activeAssigned');
    const template = sandbox.state.twilio.workers.find((w) => w.sid === workerSids[0])!;
    const elsewhere = { ...template, sid: 'WK' + 'b'.repeat(32), workspaceSid: otherWorkspace(), activitySid: sandbox.state.twilio.workspaces[1]!.activities[0]!.sid, attributes: JSON.stringify({ email: email!.toUpperCase() }) };
    sandbox.state.twilio.workers.push(elsewhere);

    const found = await service.forOktaUser(oktaUserIds[0]!);
    expect([found.oktaProblem, found.twilioProblem]).toEqual([undefined, undefined]);
    expect(found.email).toBe(email);
    expect(found.people.map((p) => p.id)).toEqual(oktaUserIds);
    expect(found.workers.map((w) => [w.worker.sid, w.worker.workspaceName, w.status])).toEqual([
      [workerSids[0], 'Flex Task Assignment', 'active'],
      [elsewhere.sid, OTHER_WORKSPACE_NAME, 'active'],
    ]);
  });

  it('shows the other person claiming the same address, with the one asked about first', async () => {
    const { service } = await setup();
    const { oktaUserIds, workerSids } = caseOf(sandbox.state, 'ambiguous');
    const found = await service.forOktaUser(oktaUserIds[1]!);
    expect(found.people.map((p) => p.id)).toEqual([oktaUserIds[1], oktaUserIds[0]]);
    expect(found.workers.map((w) => [w.worker.sid, w.status])).toEqual([[workerSids[0], 'ambiguous']]);
  });

  it('looks an address up case-insensitively for the popup, even when lists hide attributes', async () => {
    sandbox.state.switches.nullListAttributes = true;
    const { service } = await setup();
    const { workerSids, oktaUserIds } = caseOf(sandbox.state, 'duplicateWorkers');
    const found = await service.forEmail('  ALEX.KIM@example.com ');
    expect(found.people.map((p) => p.id)).toEqual(oktaUserIds);
    expect(found.workers.map((w) => w.worker.sid).sort()).toEqual([...workerSids].sort());
    expect(found.workers.every((w) => w.status === 'active')).toBe(true);
  });

  it('refuses what is not an address, and names an Okta user that does not exist', async () => {
    const { service } = await setup();
    await expect(service.forEmail('alex kim')).rejects.toMatchObject({ problem: { code: 'invalid-request' } });
    expect((await service.forOktaUser('00u00000000000000000')).oktaProblem).toMatchObject({ code: 'not-found', service: 'okta' });
  });

  it('looks a person up by their exact login, never by a login’s short name', async () => {
    const { service } = await setup();
    const { oktaUserIds, workerSids, email } = caseOf(sandbox.state, 'suspended');
    const byLogin = await service.forOktaUser(email!.toUpperCase());
    expect(byLogin.people.map((p) => p.id)).toEqual(oktaUserIds);
    expect(byLogin.workers.map((w) => w.worker.sid)).toEqual(workerSids);
    // Okta's GET /users/{login} also answers to the part before the @; that could be someone else.
    const shortName = email!.split('@')[0]!;
    expect(await service.forOktaUser(shortName)).toEqual({ email: '', people: [], workers: [], oktaProblem: expect.objectContaining({ code: 'not-found', message: `Okta has no user whose login is ${shortName}.` }) });
  });

  it('looks a worker up by SID in whichever workspace holds it, with the person its email matches', async () => {
    const { service } = await setup();
    const { oktaUserIds, workerSids } = caseOf(sandbox.state, 'duplicateWorkers');
    const found = await service.forWorkerSid(workerSids[1]!);
    expect(found.workers[0]!.worker.sid).toBe(workerSids[1]);
    expect(found.workers.map((w) => w.worker.sid).sort()).toEqual([...workerSids].sort());
    expect(found.people.map((p) => p.id)).toEqual(oktaUserIds);

    const noEmail = await service.forWorkerSid(sidsOf('noEmail')[0]!);
    expect(noEmail.workers.map((w) => w.status)).toEqual(['no-email']);
    expect(noEmail.people).toEqual([]);

    const ghost = 'WK' + 'e'.repeat(32);
    expect((await service.forWorkerSid(ghost)).twilioProblem).toMatchObject({ code: 'not-found', message: expect.stringContaining(ghost) });
  });

  it('still lists the workers when Okta cannot be asked', async () => {
    const { service } = await setup({ okta: { orgUrl: undefined } });
    const found = await service.forEmail('priya.raman@example.com');
    expect(found.oktaProblem).toMatchObject({ code: 'not-configured' });
    expect(found.twilioProblem).toBeUndefined();
    expect(found.workers.map((w) => [w.worker.sid, w.status])).toEqual([[sidsOf('activeAssigned')[0], 'unknown']]);
  });

  it('still shows the Okta person when Twilio cannot be asked', async () => {
    const { service } = await setup();
    const { oktaUserIds, email } = caseOf(sandbox.state, 'suspended');
    sandbox.state.twilio.credentials.apiKeySecret = 'rotated';
    const found = await service.forEmail(email!);
    expect(found.people.map((p) => p.id)).toEqual(oktaUserIds);
    expect(found.workers).toEqual([]);
    expect(found.oktaProblem).toBeUndefined();
    expect(found.twilioProblem).toMatchObject({ code: 'bad-credentials', service: 'twilio' });
  });

  it('suggests at most eight people by the start of their name, in one Okta request', async () => {
    const { service } = await setup();
    const helga = caseUser('suspended');
    sandbox.clearRequests();
    const suggestions = await service.suggest(helga.profile.email.split('@')[0]!);
    expect(suggestions.length).toBeLessThanOrEqual(8);
    expect(suggestions).toContainEqual({ id: helga.id, name: `${String(helga.profile.firstName)} ${String(helga.profile.lastName)}`, login: helga.profile.login, email: helga.profile.email, status: helga.status });
    expect(searches()).toBe(1);
  });
});

describe('lookup strategies', () => {
  it('all reach the same statuses; batching and the app list only save requests', async () => {
    const counts: Record<string, number> = {};
    let reference: WorkerStatus[] | undefined;
    for (const strategy of LOOKUP_STRATEGIES) {
      sandbox.clearRequests();
      const { service } = await setup({ strategy });
      const { statuses } = await service.forWorkers(flexWorkspace(), caseSids());
      counts[strategy] = requests(OKTA);
      reference ??= statuses;
      expect(statuses).toEqual(reference);
    }
    expect(counts['search-each']).toBeGreaterThan(counts['search-batched']!);
    expect(counts['search-batched']).toBeGreaterThan(counts['app-list-and-search']!);
    expect(counts['app-list-and-search']).toBeGreaterThanOrEqual(counts.auto!);
  });
});

describe('look-alike addresses', () => {
  const LOOKALIKES: CaseName[] = ['lookalikeKelvin', 'lookalikeFullwidthDomain'];
  const searched = () => sandbox.requestsMatching({ host: OKTA, path: /^\/api\/v1\/users$/ }).map((r) => new URLSearchParams(r.query).get('search') ?? '');

  it('are never searched for and never matched to the person they imitate, whatever the strategy', async () => {
    for (const strategy of LOOKUP_STRATEGIES) {
      sandbox.clearRequests();
      const { service } = await setup({ strategy });
      const { statuses } = await service.forWorkers(flexWorkspace(), sidsOf('activeAssigned', ...LOOKALIKES));
      expect(statuses.map((s) => [s.status, s.people.length])).toEqual([['active', 1], ['lookalike', 0], ['lookalike', 0]]);
      for (const name of LOOKALIKES) {
        const { email, oktaUserIds } = caseOf(sandbox.state, name);
        const imitated = sandbox.state.okta.users.find((u) => u.id === oktaUserIds[0])!.profile.email;
        for (const search of searched()) {
          expect(search, strategy).not.toContain(email!);
          expect(search, strategy).not.toContain(imitated);
        }
      }
    }
  });

  it('are left out of the imitated person’s Flex workers, and refused when typed', async () => {
    const { service } = await setup();
    const { email, oktaUserIds } = caseOf(sandbox.state, 'lookalikeKelvin');
    expect((await service.forOktaUser(oktaUserIds[0]!)).workers).toEqual([]);
    sandbox.clearRequests();
    await expect(service.forEmail(email!)).rejects.toMatchObject({ problem: { code: 'invalid-request', message: expect.stringContaining('U+212A KELVIN SIGN looks like “K”') } });
    expect(sandbox.requests).toEqual([]);
  });
});

describe('auto: a bounded directory scan', () => {
  const scans = () => sandbox.requestsMatching({ host: OKTA, path: /^\/api\/v1\/users$/ }).filter((r) => new URLSearchParams(r.query).get('search') === 'status pr').length;
  const appUserPages = () => requests(OKTA, /\/apps\/[^/]+\/users$/);

  /** `workers` more Flex workers, each with an Okta user of the same address, and `others` Okta users with no worker. */
  function addPeople(workers: number, others = 0): string[] {
    const activitySid = sandbox.state.twilio.workers.find((w) => w.workspaceSid === flexWorkspace())!.activitySid;
    const added = Array.from({ length: workers }, (_, i) => makeWorker(9000 + i, { workspaceSid: flexWorkspace(), activitySid }));
    sandbox.state.twilio.workers.push(...added);
    sandbox.state.okta.users.push(...Array.from({ length: workers + others }, (_, i) => makeUser(9000 + i, i % 7 === 0 ? 'DEPROVISIONED' : 'ACTIVE', { email: `agent${9000 + i}@example.com` })));
    return added.map((w) => w.sid);
  }

  async function statusesBy(strategy: LookupStrategy, sids: string[]): Promise<WorkerStatus[]> {
    const { service } = await setup({ strategy });
    const { statuses, problem } = await service.forWorkers(flexWorkspace(), sids);
    expect(problem).toBeUndefined();
    return statuses;
  }

  it('reads a small directory once instead of searching, answers as the searches do, and serves later batches from it', async () => {
    const sids = [...caseSids(), ...addPeople(400)];
    const directoryPages = Math.ceil(sandbox.state.okta.users.length / 200);
    sandbox.clearRequests();
    const { service } = await setup({ strategy: 'auto' });
    const first = await service.forWorkers(flexWorkspace(), sids.slice(0, 300));
    const rest = await service.forWorkers(flexWorkspace(), sids.slice(300));
    const auto = [...first.statuses, ...rest.statuses];

    expect(scans()).toBe(directoryPages);
    expect(searches()).toBe(directoryPages);
    expect(requests(OKTA)).toBe(directoryPages + appUserPages());
    expect(appUserPages()).toBe(1);
    expectCaseStatuses(auto);
    expect(auto).toEqual(await statusesBy('app-list-and-search', sids));
  });

  it('stops scanning a large directory within the searches’ budget, searches instead, and does not scan it again', async () => {
    const sids = addPeople(25, 2000);
    sandbox.clearRequests();
    const { service } = await setup({ strategy: 'auto' });
    const auto = (await service.forWorkers(flexWorkspace(), sids)).statuses;
    const batched = searches() - scans();
    expect(batched).toBeGreaterThanOrEqual(1);
    expect(scans()).toBeGreaterThanOrEqual(1);
    expect(scans()).toBeLessThanOrEqual(batched);
    expect(new Set(auto.map((s) => s.status))).toEqual(new Set(['unassigned', 'deprovisioned']));
    expect(auto).toEqual(await statusesBy('app-list-and-search', sids));

    sandbox.clearRequests();
    await service.forWorkers(flexWorkspace(), caseSids());
    expect(scans()).toBe(0);
    expect(searches()).toBeGreaterThanOrEqual(1);
  });

  it('forgets the directory after an action, so the person acted on shows their new status', async () => {
    const { service } = await setup({ strategy: 'auto' });
    const sids = sidsOf('activeAssigned');
    const [before] = (await service.forWorkers(flexWorkspace(), sids)).statuses;
    expect(before?.status).toBe('active');
    const [personId] = caseOf(sandbox.state, 'activeAssigned').oktaUserIds;
    sandbox.state.okta.users.find((u) => u.id === personId)!.status = 'SUSPENDED';
    await service.invalidate([before!.email!]);
    const [after] = (await service.forWorkers(flexWorkspace(), sids)).statuses;
    expect(after?.status).toBe('suspended');
  });
});

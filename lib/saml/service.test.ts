import { describe, expect, it } from 'vitest';
import { problem, ProblemError } from '../problem';
import type { LoginContext } from '../sso/check-service';
import type { PersonLookup } from '../status/views';
import { createMemoryArea } from '../vault/storage-area';
import { ARM_DURATION_MS, type ObservedRequest } from './capture';
import type { SamlContext, SamlDiagnosis } from './diagnosis';
import { CAPTURE_KEY, createSamlLoginTest, type SamlDiagnosisEngine } from './service';

const T0 = Date.parse('2026-12-02T01:00:00Z');
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const ACS = `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`;
const XML = '<samlp:Response>ada@example.com</samlp:Response>';
const BASE64 = btoa(XML);
const loginPost = (samlResponse = BASE64): ObservedRequest => ({ method: 'POST', url: ACS, requestBody: { formData: { SAMLResponse: [samlResponse] } } });

const passing: SamlDiagnosis = { verdict: 'pass', findings: [{ rule: 'saml.attributes', severity: 'ok', field: null, message: 'email, full_name and roles are there.' }], user: { email: 'ada@example.com', fullName: 'Ada Lovelace', roles: ['agent'] } };

/** Stands in for lib/saml's reader and diagnosis: base64 or XML in, the one response out, judged `passing`. */
function fakeEngine() {
  const seen: { xml: string; context: SamlContext }[] = [];
  const engine: SamlDiagnosisEngine = {
    read: (text) => {
      const xml = text.startsWith('<') ? text : (() => { try { return atob(text); } catch { return ''; } })();
      return xml.startsWith('<') ? { responses: [{ xml }] } : { problem: problem('invalid-request', 'This is not a SAML response.', 'Paste the SAMLResponse.', { service: 'extension' }) };
    },
    diagnose: async (xml, context) => (seen.push({ xml, context }), passing),
  };
  return { engine, seen };
}

const context: LoginContext = { context: { now: new Date(T0), twilio: { accountSid: ACCOUNT, region: 'us1' } }, checkedAgainst: { twilioAccount: ACCOUNT }, problems: [] };
const worker = { sid: 'WK' + '1'.repeat(32), workspaceSid: 'WS' + '1'.repeat(32), workspaceName: 'Flex Task Assignment', friendlyName: 'ada@example.com', fullName: 'Ada Lovelace', activityName: 'Offline', available: false, dateStatusChanged: null, dateCreated: null, roles: ['agent'] };

function setup(options: { lookup?: (email: string) => Promise<PersonLookup>; login?: LoginContext } = {}) {
  let now = T0;
  const session = createMemoryArea();
  const alarms: string[] = [];
  const { engine, seen } = fakeEngine();
  let engineLoads = 0;
  const test = createSamlLoginTest({
    now: () => now,
    session,
    alarm: { schedule: async (at) => void alarms.push(`at ${new Date(at).toISOString()}`), clear: async () => void alarms.push('clear') },
    engine: async () => (engineLoads++, engine),
    context: async () => options.login ?? context,
    clockSkewMs: async () => 4000,
    lookUpEmail: options.lookup ?? (async (email) => ({ email, people: [], workers: [{ worker, email, status: 'active', people: [] }] })),
  });
  return { test, session, alarms, seen, engineLoads: () => engineLoads, advance: (ms: number) => void (now += ms) };
}

describe('the SAML login test in the background', () => {
  it('arms for ten minutes with an alarm, captures a login, diagnoses it against the SSO facts and the servers’ clock, and shows it once', async () => {
    const { test, alarms, seen, advance, engineLoads } = setup();
    expect(await test.arm()).toEqual({ armed: true, armedUntil: '2026-12-02T01:10:00.000Z', captured: 0 });
    expect(alarms).toEqual(['at 2026-12-02T01:10:00.000Z']);
    advance(60_000);
    await test.observe(loginPost());
    expect(await test.status()).toEqual({ armed: true, armedUntil: '2026-12-02T01:10:00.000Z', captured: 1 });
    expect(engineLoads()).toBe(0);

    const answer = await test.takeCaptured();
    expect(answer.results).toEqual([{ source: { from: 'capture', postedTo: ACS, at: '2026-12-02T01:01:00.000Z' }, diagnosis: passing, workers: { email: 'ada@example.com', existing: [{ sid: worker.sid, workspaceName: 'Flex Task Assignment', friendlyName: 'ada@example.com' }] } }]);
    expect(seen).toEqual([{ xml: XML, context: { sso: context.context, clockSkewMs: 4000 } }]);
    expect((await test.takeCaptured()).results).toEqual([]);
    expect((await test.status()).captured).toBe(0);
  });

  it('ignores logins while disarmed, and writes nothing for them', async () => {
    const { test, session } = setup();
    await test.observe(loginPost());
    expect(session.entries()).toEqual({});
    expect((await test.takeCaptured()).results).toEqual([]);
  });

  it('disarm discards what was captured, and after re-arming the old capture is gone', async () => {
    const { test, session, alarms } = setup();
    await test.arm();
    await test.observe(loginPost());
    expect(await test.disarm()).toEqual({ armed: false, armedUntil: null, captured: 0 });
    expect(session.entries()[CAPTURE_KEY]).toBeUndefined();
    expect(alarms.at(-1)).toBe('clear');
    await test.arm();
    expect((await test.takeCaptured()).results).toEqual([]);
  });

  it('after ten minutes the capture is gone from storage.session, alarm or not', async () => {
    const { test, session, advance } = setup();
    await test.arm();
    await test.observe(loginPost());
    advance(ARM_DURATION_MS);
    await test.expire();
    expect(session.entries()[CAPTURE_KEY]).toBeUndefined();
    expect(await test.status()).toEqual({ armed: false, armedUntil: null, captured: 0 });
  });

  it('counts two logins posted at the same moment', async () => {
    const { test } = setup();
    await test.arm();
    await Promise.all([test.observe(loginPost()), test.observe(loginPost(btoa('<samlp:Response>grace@example.com</samlp:Response>')))]);
    expect((await test.status()).captured).toBe(2);
  });

  it('diagnoses pasted text, loading the diagnosis only then', async () => {
    const { test, engineLoads } = setup();
    const answer = await test.diagnose(BASE64);
    expect(engineLoads()).toBe(1);
    expect(answer.results.map((r) => [r.source, r.diagnosis.verdict])).toEqual([[{ from: 'input' }, 'pass']]);
  });

  it('says why pasted text holds nothing to diagnose', async () => {
    const { test } = setup();
    expect(await test.diagnose('hello')).toMatchObject({ results: [], problem: { message: 'This is not a SAML response.' } });
  });

  it('without a Twilio account, says so instead of judging', async () => {
    const noTwilio = problem('not-configured', 'No Twilio account is connected.', 'Connect it.', { service: 'extension' });
    const { test } = setup({ login: { context: null, checkedAgainst: {}, problems: [noTwilio] } });
    expect(await test.diagnose(BASE64)).toMatchObject({ results: [], problem: noTwilio });
  });

  it('still shows the diagnosis when the worker lookup fails, with why', async () => {
    const { test } = setup({ lookup: async () => Promise.reject(new ProblemError(problem('locked', 'The vault is locked.', 'Unlock it.', { service: 'extension' }))) });
    const [result] = (await test.diagnose(XML)).results;
    expect(result?.diagnosis).toEqual(passing);
    expect(result?.workers).toMatchObject({ email: 'ada@example.com', existing: [], problem: { code: 'locked' } });
  });
});

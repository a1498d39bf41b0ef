import { oneAtATime } from '../one-at-a-time';
import { problem, toProblem, type Problem } from '../problem';
import type { LoginContext } from '../sso/check-service';
import type { PersonLookup } from '../status/views';
import type { KeyValueArea } from '../vault/storage-area';
import { arm, disarm, DISARMED, expire, observe, status, take, type CaptureState, type CapturedResponse, type ObservedRequest } from './capture';
import type { SamlContext, SamlDiagnosis } from './diagnosis';
import type { SamlInputResponse } from './input';

/**
 * The background's SAML login test: the capture kept in `storage.session` (the service worker may
 * be stopped between "Test a login" and the login itself), and the diagnosis of what was captured,
 * pasted or dropped against the SSO facts, the servers' clock and the Flex workers of the person.
 * The XML and signature code is loaded only when something is diagnosed (`engine`).
 */

/** The diagnosis (lib/saml/diagnose.ts, loaded lazily through lib/saml/load.ts), seen from here. */
export interface SamlDiagnosisEngine {
  /** The SAML responses posted to a Flex ACS URL in what the admin pasted or dropped (base64, XML, HAR, SAML-tracer), or why there are none. */
  read(text: string): { responses: SamlInputResponse[] } | { problem: Problem };
  /** Signature checks use WebCrypto, so the diagnosis may be async; either form is accepted. */
  diagnose(xml: string, context: SamlContext): SamlDiagnosis | Promise<SamlDiagnosis>;
}

export interface CaptureStatus {
  armed: boolean;
  armedUntil: string | null;
  captured: number;
}

/** A Flex worker that already holds a seat for the email the login would sign in as. */
export interface ExistingWorker {
  sid: string;
  workspaceName: string | null;
  friendlyName: string | null;
}

export interface LoginTestResult {
  /** Where the response came from: seen by the capture, or found in what was pasted or dropped. */
  source: { from: 'capture' | 'input'; postedTo?: string; at?: string };
  diagnosis: SamlDiagnosis;
  /** The workers that already exist for the user's email; null when the response names no email. */
  workers: { email: string; existing: ExistingWorker[]; problem?: Problem } | null;
}

export interface LoginTestAnswer {
  results: LoginTestResult[];
  checkedAgainst: LoginContext['checkedAgainst'];
  /** What could not be read for the diagnosis (Okta locked, Flex's config unreachable…); the rest still ran. */
  problems: Problem[];
  /** Why nothing could be diagnosed at all (no Twilio account, nothing SAML in the text). */
  problem?: Problem;
}

export interface SamlLoginTest {
  arm(): Promise<CaptureStatus>;
  disarm(): Promise<CaptureStatus>;
  status(): Promise<CaptureStatus>;
  /** Each request the `webRequest` listener sees; ignored unless armed. Never blocks or changes it. */
  observe(request: ObservedRequest): Promise<void>;
  /** The ten minutes are up (the alarm): discard. */
  expire(): Promise<void>;
  /** Diagnoses what was captured and discards it: each capture is shown once. */
  takeCaptured(): Promise<LoginTestAnswer>;
  diagnose(text: string): Promise<LoginTestAnswer>;
}

export interface SamlLoginTestDeps {
  now: () => number;
  /** `storage.session`: memory only, trusted contexts only, emptied when the browser quits. */
  session: KeyValueArea;
  /** The alarm that disarms when the ten minutes are up, even if the panel is closed and nothing else happens. */
  alarm: { schedule(at: number): Promise<void>; clear(): Promise<void> };
  engine: () => Promise<SamlDiagnosisEngine>;
  context: () => Promise<LoginContext>;
  clockSkewMs: () => Promise<number | undefined>;
  /** The existing status lookup (`StatusService.forEmail`). */
  lookUpEmail: (email: string) => Promise<PersonLookup>;
}

export const CAPTURE_KEY = 'saml-capture';

const tooLarge = (postedTo: string): Problem =>
  problem('invalid-request', `The SAML response posted to ${new URL(postedTo).host} was larger than 1 MB, so it was not kept.`, 'A real login’s response is far smaller: check what the identity provider adds to it.', { service: 'extension' });

export function createSamlLoginTest(deps: SamlLoginTestDeps): SamlLoginTest {
  // Read-change-write on storage.session, one at a time: two logins posted together both count.
  const serial = oneAtATime();
  const read = async (): Promise<CaptureState> => ((await deps.session.get(CAPTURE_KEY))[CAPTURE_KEY] as CaptureState | undefined) ?? DISARMED;
  const write = async (state: CaptureState) => (state === DISARMED ? deps.session.remove(CAPTURE_KEY) : deps.session.set({ [CAPTURE_KEY]: state }));
  const change = <T>(step: (state: CaptureState, now: number) => { state: CaptureState; result: T }) =>
    serial(async () => {
      const before = await read();
      const { state, result } = step(before, deps.now());
      if (state !== before) await write(state);
      return result;
    });
  // Loaded on first use only, once per service-worker life.
  let loaded: Promise<SamlDiagnosisEngine> | undefined;
  const engine = () => (loaded ??= deps.engine());
  const currentStatus = () => change((state, now) => ({ state: expire(state, now), result: status(state, now) }));

  async function diagnoseAll(found: { source: LoginTestResult['source']; xml?: string; problem?: Problem }[]): Promise<LoginTestAnswer> {
    const login = await deps.context();
    if (!login.context) return { results: [], checkedAgainst: login.checkedAgainst, problems: [], problem: login.problems[0] };
    const clockSkewMs = await deps.clockSkewMs();
    const context: SamlContext = { sso: login.context, ...(clockSkewMs !== undefined ? { clockSkewMs } : {}), ...(login.flexPageCertificate ? { flexPageCertificate: login.flexPageCertificate } : {}), ...(login.flexPageIssuer ? { flexPageIssuer: login.flexPageIssuer } : {}) };
    const judge = found.some((f) => f.xml) ? await engine() : null;
    const results: LoginTestResult[] = [];
    for (const item of found) {
      const diagnosis: SamlDiagnosis = item.xml && judge ? await judge.diagnose(item.xml, context) : { verdict: 'fail', findings: [], user: { roles: [] }, ...(item.problem ? { problem: item.problem } : {}) };
      results.push({ source: item.source, diagnosis, workers: diagnosis.user.email ? await existingWorkers(diagnosis.user.email) : null });
    }
    return { results, checkedAgainst: login.checkedAgainst, problems: login.problems };
  }

  async function existingWorkers(email: string): Promise<NonNullable<LoginTestResult['workers']>> {
    try {
      const lookup = await deps.lookUpEmail(email);
      const existing = lookup.workers.map(({ worker }) => ({ sid: worker.sid, workspaceName: worker.workspaceName, friendlyName: worker.friendlyName }));
      return { email, existing, ...(lookup.twilioProblem && lookup.twilioProblem.code !== 'not-found' ? { problem: lookup.twilioProblem } : {}) };
    } catch (error) {
      return { email, existing: [], problem: toProblem(error) };
    }
  }

  /** Each captured response decoded by the same reader a pasted one goes through. */
  async function decodeCaptured(captured: CapturedResponse[]) {
    const reader = captured.some((c) => c.samlResponse) ? await engine() : null;
    return captured.map((c) => {
      const source = { from: 'capture' as const, postedTo: c.postedTo, at: c.at };
      if (!c.samlResponse || !reader) return { source, problem: tooLarge(c.postedTo) };
      const read = reader.read(c.samlResponse);
      if ('problem' in read) return { source, problem: read.problem };
      return { source, xml: read.responses[0]?.xml };
    });
  }

  return {
    async arm() {
      const armed = await change((_, now) => {
        const state = arm(now);
        return { state, result: status(state, now) };
      });
      await deps.alarm.schedule(Date.parse(armed.armedUntil!));
      return armed;
    },
    async disarm() {
      const result = await change((_, now) => ({ state: disarm(), result: status(DISARMED, now) }));
      await deps.alarm.clear();
      return result;
    },
    status: currentStatus,
    async observe(request) {
      await change((state, now) => ({ state: observe(state, request, now), result: undefined }));
    },
    async expire() {
      await currentStatus();
    },
    async takeCaptured() {
      const taken = await change((state, now) => {
        const { state: next, taken } = take(state, now);
        return { state: taken.length ? next : state, result: taken };
      });
      if (!taken.length) return { results: [], checkedAgainst: {}, problems: [] };
      return diagnoseAll(await decodeCaptured(taken));
    },
    async diagnose(text) {
      const read = (await engine()).read(text);
      if ('problem' in read) return { results: [], checkedAgainst: {}, problems: [], problem: read.problem };
      return diagnoseAll(read.responses.map((r) => ({ source: { from: 'input' as const, ...(r.postedTo ? { postedTo: r.postedTo } : {}), ...(r.at ? { at: r.at } : {}) }, xml: r.xml })));
    },
  };
}

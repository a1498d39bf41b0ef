import type { z } from 'zod';
import type { HttpClient, HttpRequest, HttpResult } from '../http/fetch-core';
import { responseProblem } from '../http/vendor-errors';
import { problem, ProblemError, type Problem } from '../problem';
import { regionLabel, twilioDestination, twilioHosts, type TwilioHosts } from './hosts';
import { nextPageUrl, twilioPages } from './paging';
import { parseTwilio } from './parse';
import {
  TwilioActivitiesPageSchema,
  TwilioErrorBodySchema,
  TwilioFlexConfigurationSchema,
  TwilioReservationsPageSchema,
  TwilioWorkerSchema,
  TwilioWorkersPageSchema,
  TwilioWorkspaceSchema,
  TwilioWorkspacesPageSchema,
  type TWILIO_RESERVATION_STATUSES,
  type TwilioActivity,
  type TwilioFlexConfiguration,
  type TwilioPageMeta,
  type TwilioReservation,
  type TwilioWorker,
  type TwilioWorkspace,
} from './schemas';
import { FlexUserSchema, FlexUsersByUsernameSchema, flexUsersUrl, type FlexUser } from './flex-users';
import { emailEquals } from './target-workers-expression';

/**
 * The TaskRouter and Flex calls Flex Steward makes, over the one fetch core: region-aware hosts,
 * Basic auth, every answer checked against the schemas, lists walked to the end, and deletes and
 * updates that stay safe to repeat.
 */

/** An Account SID and Auth Token, or an API key SID and its secret. */
export interface TwilioCredentials {
  username: string;
  password: string;
}

export interface TwilioClientOptions {
  http: HttpClient;
  credentials: TwilioCredentials;
  /**
   * The account the admin named. TaskRouter and Flex v1 URLs do not contain it (the credentials
   * pick the account), so it is checked against what Flex reports instead: an API key from another
   * account would otherwise show, and let us change, that account's workers.
   */
  accountSid: string;
  region?: string;
  edge?: string;
}

export interface Cancellable {
  signal?: AbortSignal;
}

export interface ListWorkersOptions extends Cancellable {
  targetWorkersExpression?: string;
  friendlyName?: string;
  /** 1–1000; default 1000, Twilio's maximum, for the fewest requests. */
  pageSize?: number;
}

export interface WorkerPage {
  /** `attributes` is null for every worker when Twilio leaves it out of lists, as its spec warns it may. */
  workers: TwilioWorker[];
  /** 0-based, as Twilio counts. */
  page: number;
  hasMore: boolean;
}

export interface WorkerWithEtag {
  worker: TwilioWorker;
  /** The `ETag` to send as `If-Match`; null if Twilio sent none. */
  etag: string | null;
}

export interface WorkerUpdate {
  activitySid?: string;
  /** The whole attributes JSON text, which replaces the worker's. */
  attributes?: string;
  friendlyName?: string;
  rejectPendingReservations?: boolean;
}

export interface NewWorker {
  friendlyName: string;
  attributes: string;
  activitySid?: string;
}

export type TwilioReservationStatus = (typeof TWILIO_RESERVATION_STATUSES)[number];

export type DeleteOutcome = 'deleted' | 'already-gone';

export interface TwilioClient {
  readonly hosts: TwilioHosts;
  /** Throws `no-flex` when the account has no Flex. */
  getFlexConfiguration(options?: Cancellable): Promise<TwilioFlexConfiguration>;
  listWorkspaces(options?: Cancellable): Promise<TwilioWorkspace[]>;
  getWorkspace(sid: string, options?: Cancellable): Promise<TwilioWorkspace>;
  listActivities(workspaceSid: string, options?: Cancellable): Promise<TwilioActivity[]>;
  /** One page per request, for progress on large workspaces. */
  iterateWorkerPages(workspaceSid: string, options?: ListWorkersOptions): AsyncGenerator<WorkerPage, void, undefined>;
  listWorkers(workspaceSid: string, options?: ListWorkersOptions): Promise<TwilioWorker[]>;
  /**
   * One page of the workspace's workers (1,000 a page), from the start or from the `next` an
   * earlier page gave, so a long list can be checkpointed and continued later.
   */
  workerPage(workspaceSid: string, next: string | null, options?: Cancellable): Promise<{ workers: TwilioWorker[]; next: string | null }>;
  /** Exact, case-sensitive match on the `email` attribute; throws the builder's `invalid-request` for an address it cannot quote safely. */
  findWorkersByEmail(workspaceSid: string, email: string, options?: Cancellable): Promise<TwilioWorker[]>;
  getWorker(workspaceSid: string, sid: string, options?: Cancellable): Promise<WorkerWithEtag>;
  /** Not retried once sent: a second POST would make a second worker. */
  createWorker(workspaceSid: string, fields: NewWorker, options?: Cancellable): Promise<WorkerWithEtag>;
  /** Throws `precondition-failed` when `ifMatch` no longer matches. */
  updateWorker(workspaceSid: string, sid: string, fields: WorkerUpdate, options?: Cancellable & { ifMatch?: string }): Promise<WorkerWithEtag>;
  /** Throws `precondition-failed` when `ifMatch` no longer matches; a worker already gone counts as done. */
  deleteWorker(workspaceSid: string, sid: string, options: Cancellable & { ifMatch: string }): Promise<DeleteOutcome>;
  listReservations(workspaceSid: string, workerSid: string, options?: Cancellable & { status?: TwilioReservationStatus }): Promise<TwilioReservation[]>;
  /** Flex Users API (public beta, from Twilio's docs, see flex-users.ts): the user with exactly this username, or null. */
  findFlexUser(instanceSid: string, username: string, options?: Cancellable): Promise<FlexUser | null>;
  /** The Flex user with its `worker_sid`, or null when there is none. */
  getFlexUser(instanceSid: string, flexUserSid: string, options?: Cancellable): Promise<FlexUser | null>;
  /** Deletes the user's worker and Insights user and deactivates it; 'already-gone' when the user does not exist. Not retried once sent. */
  deprovisionFlexUser(instanceSid: string, flexUserSid: string, options?: Cancellable): Promise<DeleteOutcome>;
}

const MAX_PAGE_SIZE = 1000;
const FORM = 'application/x-www-form-urlencoded';
const SETTINGS_STEP = 'Enter the Account SID and an API key and secret in Settings.';

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const { http, credentials, region } = options;
  const accountSid = checkAccountSid(options.accountSid);
  if (!credentials.username || !credentials.password) {
    throw new ProblemError(problem('not-configured', 'The Twilio API key or its secret is not set.', SETTINGS_STEP, { service: 'extension' }));
  }
  const hosts = twilioHosts({ region, edge: options.edge });
  const authorization = basicAuthorization(credentials);
  const destination = twilioDestination(hosts);
  const taskrouter = `https://${hosts.taskrouter}/v1`;
  const workspaceUrl = (sid: string) => `${taskrouter}/Workspaces/${checkSid('WS', sid, 'workspace')}`;
  const workerUrl = (workspaceSid: string, sid: string) => `${workspaceUrl(workspaceSid)}/Workers/${checkSid('WK', sid, 'worker')}`;
  const flexUsers = (instanceSid: string) => flexUsersUrl(hosts.flexApi, checkSid('GO', instanceSid, 'Flex instance'));

  async function send(req: Omit<HttpRequest, 'service'>): Promise<HttpResult> {
    try {
      return await http.request({ ...req, service: 'twilio', headers: { ...req.headers, authorization }, destination });
    } catch (error) {
      throw withRegionHint(error, region);
    }
  }

  const getter = (signal?: AbortSignal) => (url: string) => send({ method: 'GET', url, signal });

  async function collect<P extends { meta: TwilioPageMeta }, T>(schema: z.ZodType<P>, url: string, items: (page: P) => T[], signal?: AbortSignal): Promise<T[]> {
    const all: T[] = [];
    for await (const page of twilioPages(getter(signal), schema, url)) all.push(...items(page));
    return all;
  }

  async function getWorker(workspaceSid: string, sid: string, { signal }: Cancellable = {}): Promise<WorkerWithEtag> {
    const url = workerUrl(workspaceSid, sid);
    return withEtag(await send({ method: 'GET', url, signal }), url);
  }

  async function getWorkspace(sid: string, { signal }: Cancellable = {}): Promise<TwilioWorkspace> {
    const url = workspaceUrl(sid);
    return parseTwilio(TwilioWorkspaceSchema, await send({ method: 'GET', url, signal }), url);
  }

  async function* iterateWorkerPages(workspaceSid: string, { targetWorkersExpression, friendlyName, pageSize = MAX_PAGE_SIZE, signal }: ListWorkersOptions = {}) {
    const query = new URLSearchParams({ PageSize: String(checkPageSize(pageSize)) });
    if (friendlyName !== undefined) query.set('FriendlyName', friendlyName);
    if (targetWorkersExpression !== undefined) query.set('TargetWorkersExpression', targetWorkersExpression);
    const url = `${workspaceUrl(workspaceSid)}/Workers?${query}`;
    for await (const page of twilioPages(getter(signal), TwilioWorkersPageSchema, url)) {
      yield { workers: page.workers, page: page.meta.page, hasMore: page.meta.next_page_url !== null } satisfies WorkerPage;
    }
  }

  async function workerPage(workspaceSid: string, next: string | null, { signal }: Cancellable = {}) {
    const list = `${workspaceUrl(workspaceSid)}/Workers`;
    const url = next ?? `${list}?PageSize=${MAX_PAGE_SIZE}`;
    // A saved address is followed only while it is a page of this very list, so it cannot carry the credentials elsewhere.
    if (new URL(url).origin + new URL(url).pathname !== list) {
      throw new ProblemError(problem('invalid-request', `A saved page address is not a page of the workers of ${workspaceSid}.`, 'Start the audit again.', { service: 'extension' }));
    }
    const result = await send({ method: 'GET', url, signal });
    const page = parseTwilio(TwilioWorkersPageSchema, result, url);
    return { workers: page.workers, next: nextPageUrl(page.meta.next_page_url, new URL(list).origin, new Set([new URL(url).href]), result) };
  }

  async function listWorkers(workspaceSid: string, listOptions: ListWorkersOptions = {}): Promise<TwilioWorker[]> {
    const all: TwilioWorker[] = [];
    for await (const page of iterateWorkerPages(workspaceSid, listOptions)) all.push(...page.workers);
    return all;
  }

  return {
    hosts,

    async getFlexConfiguration({ signal } = {}) {
      const url = `https://${hosts.flexApi}/v1/Configuration`;
      const result = await send({ method: 'GET', url, signal, acceptStatuses: [404] });
      if (result.status === 404) throw new ProblemError(noFlexProblem(result));
      const configuration = parseTwilio(TwilioFlexConfigurationSchema, result, url);
      if (configuration.account_sid.toLowerCase() !== accountSid.toLowerCase()) throw new ProblemError(otherAccountProblem(configuration.account_sid, accountSid, result));
      return configuration;
    },

    listWorkspaces({ signal } = {}) {
      return collect(TwilioWorkspacesPageSchema, `${taskrouter}/Workspaces?PageSize=${MAX_PAGE_SIZE}`, (page) => page.workspaces, signal);
    },

    getWorkspace,

    async listActivities(workspaceSid, { signal } = {}) {
      return collect(TwilioActivitiesPageSchema, `${workspaceUrl(workspaceSid)}/Activities?PageSize=${MAX_PAGE_SIZE}`, (page) => page.activities, signal);
    },

    iterateWorkerPages,
    listWorkers,
    workerPage,

    async findWorkersByEmail(workspaceSid, email, { signal } = {}) {
      return listWorkers(workspaceSid, { targetWorkersExpression: emailEquals(email), signal });
    },

    getWorker,

    async createWorker(workspaceSid, { friendlyName, attributes, activitySid }, { signal } = {}) {
      const url = `${workspaceUrl(workspaceSid)}/Workers`;
      const body = new URLSearchParams({ FriendlyName: friendlyName, Attributes: attributes });
      if (activitySid !== undefined) body.set('ActivitySid', activitySid);
      return withEtag(await send({ method: 'POST', url, headers: { 'content-type': FORM }, body: body.toString(), idempotent: false, signal }), url);
    },

    async updateWorker(workspaceSid, sid, fields, { ifMatch, signal } = {}) {
      const url = workerUrl(workspaceSid, sid);
      const headers: Record<string, string> = { 'content-type': FORM };
      if (ifMatch !== undefined) headers['if-match'] = ifMatch;
      // Setting the same values twice leaves the same worker, so a lost answer may be retried.
      const result = await send({ method: 'POST', url, headers, body: updateForm(fields).toString(), idempotent: true, signal, acceptStatuses: ifMatch === undefined ? [] : [412] });
      if (result.status !== 412) return withEtag(result, url);
      const refused = responseProblem({ service: 'twilio', url, status: result.status, headers: result.headers, text: result.text });
      // A retry fails If-Match when the attempt whose answer was lost went through: the ETag it
      // matched has moved on. The worker showing our values is then our own change, not a rival's.
      if (result.attempts > 1) {
        const current = await getWorker(workspaceSid, sid, { signal });
        if (shows(current.worker, fields)) return current;
      }
      throw new ProblemError(refused);
    },

    async deleteWorker(workspaceSid, sid, { ifMatch, signal }) {
      const url = workerUrl(workspaceSid, sid);
      const result = await send({ method: 'DELETE', url, headers: { 'if-match': ifMatch }, signal, acceptStatuses: [404] });
      if (result.status !== 404) return 'deleted';
      // Twilio answers 404 for a missing workspace too; only a worker missing from a workspace that exists is "already gone".
      await getWorkspace(workspaceSid, { signal });
      return 'already-gone';
    },

    async listReservations(workspaceSid, workerSid, { status, signal } = {}) {
      const query = new URLSearchParams({ PageSize: String(MAX_PAGE_SIZE) });
      if (status !== undefined) query.set('ReservationStatus', status);
      return collect(TwilioReservationsPageSchema, `${workerUrl(workspaceSid, workerSid)}/Reservations?${query}`, (page) => page.reservations, signal);
    },

    async findFlexUser(instanceSid, username, { signal } = {}) {
      const url = `${flexUsers(instanceSid)}?${new URLSearchParams({ Username: username })}`;
      // The docs promise 0 or 1 results for a username.
      return parseTwilio(FlexUsersByUsernameSchema, await send({ method: 'GET', url, signal }), url).users[0] ?? null;
    },

    async getFlexUser(instanceSid, flexUserSid, { signal } = {}) {
      const url = `${flexUsers(instanceSid)}/${checkSid('FU', flexUserSid, 'Flex user')}`;
      const result = await send({ method: 'GET', url, signal, acceptStatuses: [404] });
      return result.status === 404 ? null : parseTwilio(FlexUserSchema, result, url);
    },

    async deprovisionFlexUser(instanceSid, flexUserSid, { signal } = {}) {
      const url = `${flexUsers(instanceSid)}/Deprovision`;
      const body = JSON.stringify({ flex_user_sid: checkSid('FU', flexUserSid, 'Flex user') });
      // The docs do not say what a repeat answers, so a lost answer is not retried here: the step reads the user instead.
      const result = await send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body, idempotent: false, signal, acceptStatuses: [404] });
      return result.status === 404 ? 'already-gone' : 'deleted';
    },
  };
}

function withEtag(result: HttpResult, url: string): WorkerWithEtag {
  return { worker: parseTwilio(TwilioWorkerSchema, result, url), etag: result.headers.get('etag') };
}

function updateForm({ activitySid, attributes, friendlyName, rejectPendingReservations }: WorkerUpdate): URLSearchParams {
  const form = new URLSearchParams();
  if (activitySid !== undefined) form.set('ActivitySid', activitySid);
  if (attributes !== undefined) form.set('Attributes', attributes);
  if (friendlyName !== undefined) form.set('FriendlyName', friendlyName);
  if (rejectPendingReservations !== undefined) form.set('RejectPendingReservations', String(rejectPendingReservations));
  return form;
}

/** Whether the worker already has every value the update asked for (RejectPendingReservations leaves no trace to compare). */
function shows(worker: TwilioWorker, { activitySid, attributes, friendlyName }: WorkerUpdate): boolean {
  return (
    (activitySid === undefined || worker.activity_sid === activitySid) &&
    (attributes === undefined || worker.attributes === attributes) &&
    (friendlyName === undefined || worker.friendly_name === friendlyName)
  );
}

/** Basic credentials as UTF-8, which `btoa` alone cannot take. */
export function basicAuthorization({ username, password }: TwilioCredentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))}`;
}

/**
 * Keys and Auth Tokens exist per region, so a right key sent to the wrong region's hosts is
 * rejected exactly like a wrong key; the admin can only tell the two apart by checking both.
 */
export function withRegionHint(error: unknown, region: string | undefined): unknown {
  if (!(error instanceof ProblemError) || error.problem.code !== 'bad-credentials') return error;
  const nextStep = `Check the API key and secret in Settings, and that the region (now ${regionLabel(region)}) matches where the account's data lives (US1, IE1, AU1): a key only works in the region it was made in.`;
  return new ProblemError({ ...error.problem, nextStep });
}

function noFlexProblem(result: HttpResult): Problem {
  const body = TwilioErrorBodySchema.safeParse(result.json);
  return problem('no-flex', 'This Twilio account has no Flex configuration.', 'Check the Account SID, or that Flex is set up on it.', {
    service: 'twilio',
    httpStatus: result.status,
    requestId: result.requestId,
    vendorCode: body.success ? String(body.data.code) : undefined,
  });
}

function otherAccountProblem(reported: string, configured: string, result: HttpResult): Problem {
  return problem('bad-credentials', `These credentials belong to Twilio account ${reported}, not to the Account SID in Settings (${configured}).`, 'Correct the Account SID, or use an API key made in that account.', {
    service: 'twilio',
    httpStatus: result.status,
    requestId: result.requestId,
  });
}

const shown = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}…` : value);

/** SIDs go into URL paths, so anything else (a `..`, a slash) is refused before it can change the path. */
function checkSid(prefix: string, value: string, noun: string): string {
  if (new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) return value;
  throw new ProblemError(
    problem('invalid-request', `“${shown(value)}” is not a ${noun} SID (${prefix} followed by 32 hexadecimal digits).`, `Copy the ${noun} SID from the Twilio Console and try again.`, { service: 'extension' }),
  );
}

function checkAccountSid(value: string): string {
  if (!value) throw new ProblemError(problem('not-configured', 'The Twilio Account SID is not set.', SETTINGS_STEP, { service: 'extension' }));
  return checkSid('AC', value, 'account');
}

function checkPageSize(size: number): number {
  if (Number.isInteger(size) && size >= 1 && size <= MAX_PAGE_SIZE) return size;
  throw new ProblemError(problem('invalid-request', `A page size of ${size} is outside Twilio's 1–${MAX_PAGE_SIZE}.`, 'This is a bug in Flex Steward: report it with the run history attached.', { service: 'extension' }));
}

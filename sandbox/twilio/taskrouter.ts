import { SANDBOX_HOSTS } from '../hosts';
import { json, noContent, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http';
import { twilioSid } from '../random';
import type { SandboxActivity, SandboxWorker, SandboxWorkspace } from '../state';
import {
  ifMatchAllows,
  invalidParameter,
  isResponse,
  listPage,
  notFound,
  parseBoolean,
  parsePaging,
  stableHex,
  twilioDate,
  twilioError,
  type PageRequest,
} from './common';
import type { RateLimitRule } from './rate-limit';
import { twilioHost, type RouteArgs, type TwilioRoute } from './router';
import { evaluate, ExpressionError, parseExpression, workerResolver, type Expression } from './target-workers-expression';

/**
 * taskrouter.twilio.com: Workspaces, Activities, Workers and a Worker's Reservations, shaped as
 * sandbox/specs/twilio_taskrouter_v1.json says.
 */

const HOST = SANDBOX_HOSTS.taskrouter;
const ORIGIN = `https://${HOST}`;
const MAX_PAGE_SIZE = 1000;

const rule = (key: string, limit: number): RateLimitRule => ({ key, limit, windowMs: 1000 });
/**
 * The expression list's 3 per second is Twilio's documented limit (changelog, 2024-10-18). Twilio
 * publishes no default for the other resources, so they get a ceiling no honest client reaches:
 * their headers are informative, and tests with a frozen clock can make many requests.
 */
const RULES = {
  workspaceList: rule('Workspace-List', 1000),
  workspaceFetch: rule('Workspace-Fetch', 1000),
  activityList: rule('Activity-List', 1000),
  activityFetch: rule('Activity-Fetch', 1000),
  workerList: rule('Worker-List', 1000),
  workerListExpression: rule('Worker-List-TargetWorkersExpression', 3),
  workerFetch: rule('Worker-Fetch', 1000),
  workerCreate: rule('Worker-Create', 1000),
  workerUpdate: rule('Worker-Update', 1000),
  workerDelete: rule('Worker-Delete', 1000),
  reservationList: rule('WorkerReservation-List', 1000),
};

// ---- rendering -------------------------------------------------------------------------------

const workspaceUrl = (workspaceSid: string) => `${ORIGIN}/v1/Workspaces/${workspaceSid}`;
const workerUrl = (worker: SandboxWorker) => `${workspaceUrl(worker.workspaceSid)}/Workers/${worker.sid}`;

function activityOf(workspace: SandboxWorkspace, activitySid: string): SandboxActivity | undefined {
  return workspace.activities.find((a) => a.sid === activitySid);
}

function renderWorkspace(workspace: SandboxWorkspace, accountSid: string) {
  const url = workspaceUrl(workspace.sid);
  const link = (name: string) => `${url}/${name}`;
  return {
    account_sid: accountSid,
    date_created: twilioDate(workspace.dateCreated),
    date_updated: twilioDate(workspace.dateCreated),
    default_activity_name: activityOf(workspace, workspace.defaultActivitySid)?.friendlyName ?? null,
    default_activity_sid: workspace.defaultActivitySid,
    event_callback_url: null,
    events_filter: null,
    friendly_name: workspace.friendlyName,
    multi_task_enabled: true,
    prioritize_queue_order: 'FIFO',
    sid: workspace.sid,
    timeout_activity_name: activityOf(workspace, workspace.timeoutActivitySid)?.friendlyName ?? null,
    timeout_activity_sid: workspace.timeoutActivitySid,
    url,
    links: {
      activities: link('Activities'),
      statistics: link('Statistics'),
      real_time_statistics: link('RealTimeStatistics'),
      cumulative_statistics: link('CumulativeStatistics'),
      task_queues: link('TaskQueues'),
      tasks: link('Tasks'),
      workers: link('Workers'),
      workflows: link('Workflows'),
      task_channels: link('TaskChannels'),
      events: link('Events'),
    },
  };
}

function renderActivity(activity: SandboxActivity, workspace: SandboxWorkspace, accountSid: string) {
  return {
    account_sid: accountSid,
    available: activity.available,
    date_created: twilioDate(activity.dateCreated),
    date_updated: twilioDate(activity.dateCreated),
    friendly_name: activity.friendlyName,
    sid: activity.sid,
    workspace_sid: workspace.sid,
    url: `${workspaceUrl(workspace.sid)}/Activities/${activity.sid}`,
    links: { workspace: workspaceUrl(workspace.sid) },
  };
}

function renderWorker(worker: SandboxWorker, workspace: SandboxWorkspace, accountSid: string, attributes: string | null) {
  const activity = activityOf(workspace, worker.activitySid);
  const url = workerUrl(worker);
  const workers = `${workspaceUrl(workspace.sid)}/Workers`;
  return {
    account_sid: accountSid,
    activity_name: activity?.friendlyName ?? null,
    activity_sid: worker.activitySid,
    attributes,
    available: activity?.available ?? false,
    date_created: twilioDate(worker.dateCreated),
    date_status_changed: twilioDate(worker.dateStatusChanged),
    date_updated: twilioDate(worker.dateUpdated),
    friendly_name: worker.friendlyName,
    sid: worker.sid,
    workspace_sid: workspace.sid,
    url,
    links: {
      channels: `${url}/Channels`,
      activity: `${workspaceUrl(workspace.sid)}/Activities/${worker.activitySid}`,
      workspace: workspaceUrl(workspace.sid),
      statistics: `${workers}/Statistics`,
      real_time_statistics: `${workers}/RealTimeStatistics`,
      cumulative_statistics: `${workers}/CumulativeStatistics`,
      worker_statistics: `${url}/Statistics`,
      worker_channels: `${url}/Channels`,
      reservations: `${url}/Reservations`,
    },
  };
}

/** Opaque and stable: the same worker at the same revision always has the same ETag. */
export function workerEtag(worker: SandboxWorker): string {
  return `"${stableHex(`${worker.sid}:${worker.revision}`)}"`;
}

type ReservationStatus = 'pending' | 'accepted';

interface SyntheticReservation {
  sid: string;
  taskSid: string;
  status: ReservationStatus;
}

/**
 * The state only counts a worker's reservations, so their resources are synthesized: pending ones
 * for `pendingReservations`, accepted ones for `tasksInProgress`, with sids derived from the worker
 * so every fetch returns the same objects.
 */
function reservationsOf(worker: SandboxWorker): SyntheticReservation[] {
  const make = (status: ReservationStatus, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      sid: 'WR' + stableHex(`${worker.sid}:${status}:${i}`),
      taskSid: 'WT' + stableHex(`${worker.sid}:${status}:task:${i}`),
      status,
    }));
  return [...make('pending', worker.pendingReservations), ...make('accepted', worker.tasksInProgress)];
}

function renderReservation(reservation: SyntheticReservation, worker: SandboxWorker, accountSid: string) {
  const url = `${workerUrl(worker)}/Reservations/${reservation.sid}`;
  return {
    account_sid: accountSid,
    date_created: twilioDate(worker.dateStatusChanged),
    date_updated: twilioDate(worker.dateStatusChanged),
    reservation_status: reservation.status,
    sid: reservation.sid,
    task_sid: reservation.taskSid,
    worker_name: worker.friendlyName,
    worker_sid: worker.sid,
    workspace_sid: worker.workspaceSid,
    url,
    links: {
      task: `${workspaceUrl(worker.workspaceSid)}/Tasks/${reservation.taskSid}`,
      worker: workerUrl(worker),
      workspace: workspaceUrl(worker.workspaceSid),
    },
  };
}

// ---- routes ----------------------------------------------------------------------------------

function findWorkspace(ctx: SandboxContext, sid: string | undefined) {
  return ctx.state.twilio.workspaces.find((w) => w.sid === sid);
}

function findWorker(ctx: SandboxContext, workspaceSid: string, sid: string | undefined) {
  return ctx.state.twilio.workers.find((w) => w.workspaceSid === workspaceSid && w.sid === sid);
}

function paged(req: SandboxRequest): PageRequest | SandboxResponse {
  return parsePaging(req.url.searchParams, MAX_PAGE_SIZE);
}

function listWorkspaces({ req, ctx, accountSid }: RouteArgs): SandboxResponse {
  const paging = paged(req);
  if (isResponse(paging)) return paging;
  const friendlyName = req.url.searchParams.get('FriendlyName');
  const items = ctx.state.twilio.workspaces.filter((w) => friendlyName === null || w.friendlyName === friendlyName);
  const page = listPage({
    origin: ORIGIN,
    path: '/v1/Workspaces',
    key: 'workspaces',
    filters: [['FriendlyName', friendlyName]],
    paging,
    items,
    sidOf: (w) => w.sid,
    render: (w) => renderWorkspace(w, accountSid),
  });
  return json(200, page.body);
}

function fetchWorkspace({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.sid);
  return workspace ? json(200, renderWorkspace(workspace, accountSid)) : notFound(req);
}

function listActivities({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const paging = paged(req);
  if (isResponse(paging)) return paging;
  const query = req.url.searchParams;
  const friendlyName = query.get('FriendlyName');
  const availableText = query.get('Available');
  const available = parseBoolean(availableText);
  if (availableText !== null && available === undefined) return invalidParameter(`Available must be true or false; got '${availableText}'`);
  const items = workspace.activities.filter(
    (a) => (friendlyName === null || a.friendlyName === friendlyName) && (available === undefined || a.available === available),
  );
  const page = listPage({
    origin: ORIGIN,
    path: `/v1/Workspaces/${workspace.sid}/Activities`,
    key: 'activities',
    filters: [
      ['FriendlyName', friendlyName],
      ['Available', availableText],
    ],
    paging,
    items,
    sidOf: (a) => a.sid,
    render: (a) => renderActivity(a, workspace, accountSid),
  });
  return json(200, page.body);
}

function fetchActivity({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const activity = activityOf(workspace, params.sid ?? '');
  return activity ? json(200, renderActivity(activity, workspace, accountSid)) : notFound(req);
}

/** Friendly names are unique per workspace regardless of case, as the spec says. */
function nameTaken(ctx: SandboxContext, workspaceSid: string, name: string, exceptSid?: string): boolean {
  const lower = name.toLowerCase();
  return ctx.state.twilio.workers.some((w) => w.workspaceSid === workspaceSid && w.sid !== exceptSid && w.friendlyName.toLowerCase() === lower);
}

function listWorkers({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const paging = paged(req);
  if (isResponse(paging)) return paging;
  const query = req.url.searchParams;
  for (const unsupported of ['TaskQueueSid', 'TaskQueueName']) {
    // Silently ignoring a filter would return every worker to a client that asked for a few.
    if (query.has(unsupported)) return invalidParameter(`${unsupported} is not supported by the sandbox, which has no TaskQueues`);
  }
  const friendlyName = query.get('FriendlyName');
  const activitySid = query.get('ActivitySid');
  const activityName = query.get('ActivityName');
  const availableText = query.get('Available');
  const available = parseBoolean(availableText);
  if (availableText !== null && available === undefined) return invalidParameter(`Available must be true or false; got '${availableText}'`);
  const expressionText = query.get('TargetWorkersExpression');
  let expression: Expression | undefined;
  if (expressionText !== null) {
    try {
      expression = parseExpression(expressionText);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return invalidParameter(`Invalid TargetWorkersExpression: ${error.message} at position ${error.position}`);
    }
  }

  const items = ctx.state.twilio.workers.filter((worker) => {
    if (worker.workspaceSid !== workspace.sid) return false;
    const activity = activityOf(workspace, worker.activitySid);
    // Whole-name match, ignoring case: the spec calls worker friendly names case-insensitive.
    if (friendlyName !== null && worker.friendlyName.toLowerCase() !== friendlyName.toLowerCase()) return false;
    if (activitySid !== null && worker.activitySid !== activitySid) return false;
    if (activityName !== null && activity?.friendlyName !== activityName) return false;
    if (available !== undefined && (activity?.available ?? false) !== available) return false;
    if (expression) {
      const facts = { sid: worker.sid, friendlyName: worker.friendlyName, activityName: activity?.friendlyName ?? null, activitySid: worker.activitySid, attributes: worker.attributes };
      if (!evaluate(expression, workerResolver(facts))) return false;
    }
    return true;
  });
  const nullAttributes = ctx.state.switches.nullListAttributes;
  const page = listPage({
    origin: ORIGIN,
    path: `/v1/Workspaces/${workspace.sid}/Workers`,
    key: 'workers',
    filters: [
      ['FriendlyName', friendlyName],
      ['Available', availableText],
      ['ActivitySid', activitySid],
      ['ActivityName', activityName],
      ['TargetWorkersExpression', expressionText],
    ],
    paging,
    items,
    sidOf: (w) => w.sid,
    render: (w) => renderWorker(w, workspace, accountSid, nullAttributes ? null : w.attributes),
  });
  return json(200, page.body);
}

/** Reads and checks the writable worker fields of a form; answers the 400 for the first bad one. */
function readWorkerForm(
  form: URLSearchParams,
  workspace: SandboxWorkspace,
  ctx: SandboxContext,
  exceptSid?: string,
): { activitySid?: string; friendlyName?: string; attributes?: string; rejectPending?: boolean } | SandboxResponse {
  const activitySid = form.get('ActivitySid') ?? undefined;
  if (activitySid !== undefined && !activityOf(workspace, activitySid)) {
    return invalidParameter(`ActivitySid ${activitySid} is not an Activity of Workspace ${workspace.sid}`);
  }
  const friendlyName = form.get('FriendlyName') ?? undefined;
  if (friendlyName !== undefined) {
    if (friendlyName.trim() === '') return invalidParameter('FriendlyName must not be empty');
    if (nameTaken(ctx, workspace.sid, friendlyName, exceptSid)) return invalidParameter(`Worker named ${friendlyName} already exists for workspace ${workspace.sid}`);
  }
  const attributes = form.get('Attributes') ?? undefined;
  if (attributes !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(attributes);
    } catch {
      return invalidParameter('Attributes must be a valid JSON object');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalidParameter('Attributes must be a valid JSON object');
  }
  const rejectText = form.get('RejectPendingReservations');
  const rejectPending = parseBoolean(rejectText);
  if (rejectText !== null && rejectPending === undefined) return invalidParameter(`RejectPendingReservations must be true or false; got '${rejectText}'`);
  return { activitySid, friendlyName, attributes, rejectPending };
}

function createWorker({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  if (!req.form.has('FriendlyName')) return invalidParameter('Missing required parameter FriendlyName in the post body');
  const fields = readWorkerForm(req.form, workspace, ctx);
  if (isResponse(fields)) return fields;
  const now = ctx.now().toISOString();
  const worker: SandboxWorker = {
    sid: twilioSid('WK', ctx.random),
    workspaceSid: workspace.sid,
    friendlyName: fields.friendlyName!,
    attributes: fields.attributes ?? '{}',
    activitySid: fields.activitySid ?? workspace.defaultActivitySid,
    dateCreated: now,
    dateUpdated: now,
    dateStatusChanged: now,
    revision: 0,
    pendingReservations: 0,
    tasksInProgress: 0,
  };
  ctx.state.twilio.workers.push(worker);
  return json(201, renderWorker(worker, workspace, accountSid, worker.attributes), { etag: workerEtag(worker) });
}

function fetchWorker({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const worker = findWorker(ctx, workspace.sid, params.sid);
  if (!worker) return notFound(req);
  return json(200, renderWorker(worker, workspace, accountSid, worker.attributes), { etag: workerEtag(worker) });
}

const preconditionFailed = (worker: SandboxWorker) =>
  twilioError(412, 20412, `The If-Match header does not match the current ETag of Worker ${worker.sid}; fetch it again and retry`);

function updateWorker({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const worker = findWorker(ctx, workspace.sid, params.sid);
  if (!worker) return notFound(req);
  if (!ifMatchAllows(req.headers['if-match'], workerEtag(worker))) return preconditionFailed(worker);
  const fields = readWorkerForm(req.form, workspace, ctx, worker.sid);
  if (isResponse(fields)) return fields;

  const now = ctx.now().toISOString();
  let changed = false;
  if (fields.activitySid !== undefined && fields.activitySid !== worker.activitySid) {
    worker.activitySid = fields.activitySid;
    worker.dateStatusChanged = now;
    changed = true;
  }
  if (fields.friendlyName !== undefined && fields.friendlyName !== worker.friendlyName) {
    worker.friendlyName = fields.friendlyName;
    changed = true;
  }
  if (fields.attributes !== undefined && fields.attributes !== worker.attributes) {
    worker.attributes = fields.attributes;
    changed = true;
  }
  if (fields.rejectPending && worker.pendingReservations > 0) {
    worker.pendingReservations = 0;
    changed = true;
  }
  if (changed) {
    worker.revision += 1;
    worker.dateUpdated = now;
  }
  return json(200, renderWorker(worker, workspace, accountSid, worker.attributes), { etag: workerEtag(worker) });
}

function deleteWorker({ req, ctx, params }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const worker = findWorker(ctx, workspace.sid, params.sid);
  if (!worker) return notFound(req);
  if (!ifMatchAllows(req.headers['if-match'], workerEtag(worker))) return preconditionFailed(worker);
  ctx.state.twilio.workers.splice(ctx.state.twilio.workers.indexOf(worker), 1);
  return noContent();
}

const RESERVATION_STATUSES = ['pending', 'accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed'];

function listReservations({ req, ctx, params, accountSid }: RouteArgs): SandboxResponse {
  const workspace = findWorkspace(ctx, params.workspaceSid);
  if (!workspace) return notFound(req);
  const worker = findWorker(ctx, workspace.sid, params.workerSid);
  if (!worker) return notFound(req);
  const paging = paged(req);
  if (isResponse(paging)) return paging;
  const status = req.url.searchParams.get('ReservationStatus');
  if (status !== null && !RESERVATION_STATUSES.includes(status)) {
    return invalidParameter(`ReservationStatus must be one of ${RESERVATION_STATUSES.join(', ')}; got '${status}'`);
  }
  const page = listPage({
    origin: ORIGIN,
    path: `${workerUrl(worker).slice(ORIGIN.length)}/Reservations`,
    key: 'reservations',
    filters: [['ReservationStatus', status]],
    paging,
    items: reservationsOf(worker).filter((r) => status === null || r.status === status),
    sidOf: (r) => r.sid,
    render: (r) => renderReservation(r, worker, accountSid),
  });
  return json(200, page.body);
}

const fixed = (limit: RateLimitRule) => () => limit;

const ROUTES: TwilioRoute[] = [
  { method: 'GET', pattern: '/v1/Workspaces', rule: fixed(RULES.workspaceList), handle: listWorkspaces },
  { method: 'GET', pattern: '/v1/Workspaces/:sid', rule: fixed(RULES.workspaceFetch), handle: fetchWorkspace },
  { method: 'GET', pattern: '/v1/Workspaces/:workspaceSid/Activities', rule: fixed(RULES.activityList), handle: listActivities },
  { method: 'GET', pattern: '/v1/Workspaces/:workspaceSid/Activities/:sid', rule: fixed(RULES.activityFetch), handle: fetchActivity },
  {
    method: 'GET',
    pattern: '/v1/Workspaces/:workspaceSid/Workers',
    rule: (req) => (req.url.searchParams.has('TargetWorkersExpression') ? RULES.workerListExpression : RULES.workerList),
    handle: listWorkers,
  },
  { method: 'POST', pattern: '/v1/Workspaces/:workspaceSid/Workers', rule: fixed(RULES.workerCreate), handle: createWorker },
  { method: 'GET', pattern: '/v1/Workspaces/:workspaceSid/Workers/:sid', rule: fixed(RULES.workerFetch), handle: fetchWorker },
  { method: 'POST', pattern: '/v1/Workspaces/:workspaceSid/Workers/:sid', rule: fixed(RULES.workerUpdate), handle: updateWorker },
  { method: 'DELETE', pattern: '/v1/Workspaces/:workspaceSid/Workers/:sid', rule: fixed(RULES.workerDelete), handle: deleteWorker },
  { method: 'GET', pattern: '/v1/Workspaces/:workspaceSid/Workers/:workerSid/Reservations', rule: fixed(RULES.reservationList), handle: listReservations },
];

export const taskrouterRoutes = twilioHost(HOST, ROUTES);

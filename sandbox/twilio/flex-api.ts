import { SANDBOX_HOSTS } from '../hosts';
import { json, noContent, type SandboxRequest, type SandboxResponse } from '../http';
import type { SandboxFlexConfiguration, SandboxFlexUser, SandboxState } from '../state';
import { invalidParameter, notFound, stableHex, twilioDate } from './common';
import { twilioHost, type RouteArgs } from './router';

/**
 * flex-api.twilio.com: the account's Flex Configuration (twilio_flex_v1.json), which is how the
 * extension learns which TaskRouter workspace is Flex's. An account without Flex has none: 404.
 *
 * And the v4 Flex Users API (public beta), which no published OpenAPI file holds: played as
 * https://www.twilio.com/docs/flex/developer/user-management/flex-users-api documents it: find a
 * user by `Username` (0 or 1 results, listed without `worker_sid`, as the docs' example is), fetch
 * one by SID, and `POST …/Users/Deprovision` with `{"flex_user_sid"}` as JSON, answered 204, which
 * deletes the worker and marks the user deactivated.
 */

const HOST = SANDBOX_HOSTS.flexApi;

function offlineActivitySid(state: SandboxState, workspaceSid: string): string | null {
  const workspace = state.twilio.workspaces.find((w) => w.sid === workspaceSid);
  return workspace?.activities.find((a) => a.friendlyName === 'Offline')?.sid ?? null;
}

/** Not in the state; derived from the account so it is the same on every fetch. */
function flexInstanceSid(state: SandboxState): string {
  return 'GO' + stableHex(`${state.twilio.credentials.accountSid}:flex-instance`);
}

/** Fields the sandbox does not model are null or empty, which the spec allows for every one of them. */
function renderConfiguration(flex: SandboxFlexConfiguration, state: SandboxState) {
  const accountSid = state.twilio.credentials.accountSid;
  return {
    account_sid: accountSid,
    date_created: twilioDate(flex.dateCreated),
    date_updated: twilioDate(flex.dateUpdated),
    attributes: {},
    status: flex.status,
    taskrouter_workspace_sid: flex.taskrouterWorkspaceSid,
    taskrouter_target_workflow_sid: null,
    taskrouter_target_taskqueue_sid: null,
    taskrouter_taskqueues: [],
    taskrouter_skills: [],
    taskrouter_worker_channels: {},
    taskrouter_worker_attributes: {},
    taskrouter_offline_activity_sid: offlineActivitySid(state, flex.taskrouterWorkspaceSid),
    runtime_domain: null,
    messaging_service_instance_sid: null,
    chat_service_instance_sid: flex.chatServiceInstanceSid,
    flex_service_instance_sid: flex.flexServiceInstanceSid,
    flex_instance_sid: flexInstanceSid(state),
    ui_language: 'en',
    ui_attributes: {},
    ui_dependencies: {},
    ui_version: null,
    service_version: null,
    call_recording_enabled: false,
    call_recording_webhook_url: null,
    crm_enabled: false,
    crm_type: null,
    crm_callback_url: null,
    crm_fallback_url: null,
    crm_attributes: null,
    public_attributes: {},
    plugin_service_enabled: false,
    plugin_service_attributes: null,
    integrations: [],
    outbound_call_flows: null,
    serverless_service_sids: [],
    queue_stats_configuration: null,
    notifications: null,
    markdown: null,
    url: `https://${HOST}/v1/Configuration`,
    flex_insights_hr: null,
    flex_insights_drilldown: false,
    flex_url: null,
    channel_configs: [],
    debugger_integration: null,
    flex_ui_status_report: null,
    agent_conv_end_methods: null,
    citrix_voice_vdi: null,
    offline_config: null,
  };
}

function fetchConfiguration({ req, ctx }: RouteArgs): SandboxResponse {
  const flex = ctx.state.twilio.flex;
  return flex ? json(200, renderConfiguration(flex, ctx.state)) : notFound(req);
}

function renderFlexUser(user: SandboxFlexUser, state: SandboxState) {
  return {
    account_sid: state.twilio.credentials.accountSid,
    created_date: twilioDate(user.createdDate),
    deactivated: user.deactivated,
    deactivated_date: twilioDate(user.deactivatedDate),
    email: user.email,
    flex_team_sid: null,
    flex_user_sid: user.flexUserSid,
    full_name: user.fullName,
    instance_sid: flexInstanceSid(state),
    locale: null,
    roles: user.roles,
    updated_date: twilioDate(user.updatedDate),
    username: user.username,
    version: user.version,
    worker_sid: user.workerSid,
    workspace_sid: state.twilio.flex?.taskrouterWorkspaceSid ?? null,
  };
}

/** The instance in the path must be this account's Flex instance; anything else is Twilio's 404. */
function instanceUsers(req: SandboxRequest, state: SandboxState, instanceSid: string | undefined): SandboxFlexUser[] | SandboxResponse {
  if (!state.twilio.flex || instanceSid !== flexInstanceSid(state)) return notFound(req);
  return state.twilio.flexUsers ?? [];
}

function findFlexUserByUsername({ req, ctx, params }: RouteArgs): SandboxResponse {
  const users = instanceUsers(req, ctx.state, params.instanceSid);
  if (!Array.isArray(users)) return users;
  const username = req.url.searchParams.get('Username');
  if (!username) return invalidParameter('Username is required.');
  const match = users.find((u) => u.username === username);
  // The docs' example lists the user without `worker_sid`: only the fetch by SID shows it.
  const listed = match ? [{ ...renderFlexUser(match, ctx.state), worker_sid: undefined }] : [];
  return json(200, {
    account_sid: ctx.state.twilio.credentials.accountSid,
    instance_sid: params.instanceSid,
    users: listed,
    meta: { direct_token: true, list_key: 'users', next_token: null, page_size: 50, previous_token: null },
  });
}

function fetchFlexUser({ req, ctx, params }: RouteArgs): SandboxResponse {
  const users = instanceUsers(req, ctx.state, params.instanceSid);
  if (!Array.isArray(users)) return users;
  const user = users.find((u) => u.flexUserSid === params.flexUserSid);
  return user ? json(200, renderFlexUser(user, ctx.state)) : notFound(req);
}

function deprovisionFlexUser({ req, ctx, params }: RouteArgs): SandboxResponse {
  const users = instanceUsers(req, ctx.state, params.instanceSid);
  if (!Array.isArray(users)) return users;
  const body = req.json as { flex_user_sid?: unknown } | undefined;
  if (typeof body?.flex_user_sid !== 'string') return invalidParameter('flex_user_sid is required, in a JSON body.');
  const user = users.find((u) => u.flexUserSid === body.flex_user_sid);
  if (!user) return notFound(req);
  // The docs do not say what a second deprovisioning answers; the sandbox repeats the 204.
  if (!user.deactivated) {
    const { twilio } = ctx.state;
    twilio.workers = twilio.workers.filter((w) => w.sid !== user.workerSid);
    const now = ctx.now().toISOString();
    Object.assign(user, { deactivated: true, deactivatedDate: now, updatedDate: now, workerSid: null, version: user.version + 1 });
  }
  return noContent();
}

export const flexApiRoutes = twilioHost(HOST, [
  { method: 'GET', pattern: '/v1/Configuration', handle: fetchConfiguration },
  { method: 'GET', pattern: '/v4/Instances/:instanceSid/Users', handle: findFlexUserByUsername },
  { method: 'POST', pattern: '/v4/Instances/:instanceSid/Users/Deprovision', handle: deprovisionFlexUser },
  { method: 'GET', pattern: '/v4/Instances/:instanceSid/Users/:flexUserSid', handle: fetchFlexUser },
]);

import { SANDBOX_HOSTS } from '../hosts';
import { json, type SandboxResponse } from '../http';
import type { SandboxFlexConfiguration, SandboxState } from '../state';
import { notFound, stableHex, twilioDate } from './common';
import { twilioHost, type RouteArgs } from './router';

/**
 * flex-api.twilio.com: the account's Flex Configuration (twilio_flex_v1.json), which is how the
 * extension learns which TaskRouter workspace is Flex's. An account without Flex has none: 404.
 */

const HOST = SANDBOX_HOSTS.flexApi;

function offlineActivitySid(state: SandboxState, workspaceSid: string): string | null {
  const workspace = state.twilio.workspaces.find((w) => w.sid === workspaceSid);
  return workspace?.activities.find((a) => a.friendlyName === 'Offline')?.sid ?? null;
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
    // Not in the state; derived from the account so it is the same on every fetch.
    flex_instance_sid: 'GO' + stableHex(`${accountSid}:flex-instance`),
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

export const flexApiRoutes = twilioHost(HOST, [{ method: 'GET', pattern: '/v1/Configuration', handle: fetchConfiguration }]);

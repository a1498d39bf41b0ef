import type { HttpClient } from '../http/fetch-core';
import type { ConnectionTestResult } from '../messages/commands';
import { ProblemError, problem, toProblem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import type { Vault } from '../vault/vault';
import type { OriginGranted } from '../okta/credential-destination';
import { oktaClientFrom, twilioClientFrom } from './clients';

type Check = ConnectionTestResult['checks'][number];
type Found = ConnectionTestResult['discovered'][number];

/**
 * Runs a side's checks in order and stops at the first failure, since later checks depend on the
 * earlier ones; each failure carries the Problem whose sentence tells the admin what to fix.
 */
async function runChecks(side: 'okta' | 'twilio', steps: { id: string; label: string; run: () => Promise<string | undefined> }[]): Promise<Pick<ConnectionTestResult, 'ok' | 'checks' | 'side'>> {
  const checks: Check[] = [];
  for (const step of steps) {
    try {
      checks.push({ id: step.id, label: step.label, ok: true, detail: await step.run() });
    } catch (error) {
      const p: Problem = toProblem(error);
      checks.push({ id: step.id, label: step.label, ok: false, detail: p.message, problem: p });
      return { side, ok: false, checks };
    }
  }
  return { side, ok: true, checks };
}

export interface ConnectionTestDeps {
  http: HttpClient;
  vault: Vault;
  /** Saves what the test discovered when the admin has not chosen yet. */
  saveSettings(settings: Settings): Promise<void>;
  now?: () => number;
  /** `permissions.contains` for an Okta org on a custom domain. */
  originGranted?: OriginGranted;
}

/** An address no Okta user can hold (`.invalid` is reserved), so the search proves read access and finds nobody. */
const PROBE_EMAIL = 'flex-steward-connection-check@example.invalid';

export async function testOkta(settings: Settings, deps: ConnectionTestDeps): Promise<ConnectionTestResult> {
  const discovered: Found[] = [];
  let client: Awaited<ReturnType<typeof oktaClientFrom>>;
  const result = await runChecks('okta', [
    {
      id: 'credentials',
      label: 'Credentials are saved and unlocked',
      run: async () => {
        client = await oktaClientFrom(settings.okta, deps.vault, deps.http, { now: deps.now, originGranted: deps.originGranted });
        return settings.okta.authMethod === 'oauth' ? 'OAuth 2.0 service app' : 'API token';
      },
    },
    {
      id: 'users',
      label: `Signed in to ${settings.okta.orgUrl ? new URL(settings.okta.orgUrl).host : 'Okta'} and can read users`,
      run: async () => {
        await client.findUsersByEmail([PROBE_EMAIL]);
        return undefined;
      },
    },
    {
      id: 'flex-app',
      label: 'Found the Flex app',
      run: async () => {
        const candidates = await client.findFlexApps();
        for (const c of candidates) discovered.push({ id: c.app.id, label: c.app.label, detail: c.reasons.map((r) => r.value).join(', '), recommended: candidates.length === 1 });
        if (settings.okta.flexAppId) {
          const app = await client.getApp(settings.okta.flexAppId);
          return `${app.label} (chosen in Settings)`;
        }
        if (candidates.length === 0) {
          throw new ProblemError(problem('no-flex-app', 'No SAML app in this Okta org sends people to Twilio.', "Check that the Flex app's Single sign-on URL points at Twilio, or enter its app ID in Settings.", { service: 'okta' }));
        }
        if (candidates.length === 1) {
          const only = candidates[0]!.app;
          await deps.saveSettings({ ...settings, okta: { ...settings.okta, flexAppId: only.id, flexAppLabel: only.label } });
          return only.label;
        }
        return `${candidates.length} apps point at Twilio: choose the one agents use below`;
      },
    },
  ]);
  return { ...result, discovered };
}

export async function testTwilio(settings: Settings, deps: ConnectionTestDeps): Promise<ConnectionTestResult> {
  const discovered: Found[] = [];
  let client: Awaited<ReturnType<typeof twilioClientFrom>>;
  let flexWorkspace: string | null = null;
  const result = await runChecks('twilio', [
    {
      id: 'credentials',
      label: 'Credentials are saved and unlocked',
      run: async () => {
        client = await twilioClientFrom(settings.twilio, deps.vault, deps.http);
        return settings.twilio.useAuthToken ? 'Auth Token (an API key is safer)' : 'API key';
      },
    },
    {
      id: 'flex',
      label: 'Signed in and found Flex on this account',
      run: async () => {
        const configuration = await client.getFlexConfiguration();
        flexWorkspace = configuration.taskrouter_workspace_sid ?? null;
        return `${client.hosts.flexApi}${flexWorkspace ? ` · Flex workspace ${flexWorkspace}` : ''}`;
      },
    },
    {
      id: 'workspaces',
      label: 'Listed TaskRouter workspaces',
      run: async () => {
        const workspaces = await client.listWorkspaces();
        for (const ws of workspaces) discovered.push({ id: ws.sid, label: ws.friendly_name ?? ws.sid, recommended: ws.sid === flexWorkspace });
        const flex = workspaces.find((ws) => ws.sid === flexWorkspace);
        if (!settings.twilio.workspaceSid && flex) {
          await deps.saveSettings({ ...settings, twilio: { ...settings.twilio, workspaceSid: flex.sid, workspaceName: flex.friendly_name ?? undefined } });
        }
        return `${workspaces.length} workspace${workspaces.length === 1 ? '' : 's'}${flex ? `; Flex uses ${flex.friendly_name}` : ''}`;
      },
    },
  ]);
  return { ...result, discovered };
}

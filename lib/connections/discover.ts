import type { OktaClient } from '../okta/client';
import { problem, ProblemError, toProblem, type Problem } from '../problem';
import type { Settings } from '../settings/settings';
import type { TwilioClient } from '../twilio/client';

/**
 * Settings with the Flex app and the Flex workspace filled in on first use, as "Test connection"
 * fills them, so an admin who only pressed Save gets the same answers: the Okta app whose ACS URL
 * or audience points at Twilio when there is exactly one, and the workspace Flex's configuration
 * names. What is found is saved and then read from Settings. What cannot be found is not guessed:
 * without a Flex app nobody can be told Active from Unassigned, so lookups say so (flexAppMissing)
 * and a run's preview refuses to leave out the unassign step unless the admin accepts that.
 */

export const flexAppMissing = (detail: string) =>
  problem('no-flex-app', `Flex app not found in Okta: ${detail}`, 'Choose it in Settings (Test connection on the Okta side lists the candidates).', { service: 'okta' });

export interface DiscoveryDeps {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  okta(): Promise<OktaClient>;
  twilio(): Promise<TwilioClient>;
  /** Epoch ms. */
  now?: () => number;
}

/** A failed discovery is tried again after this long, not on every render batch. */
const RETRY_MS = 60_000;

export interface Discovery {
  /** Settings, with what could be discovered filled in and saved. */
  settings(): Promise<Settings>;
  /** Why there is no Flex app in the settings `settings()` returned, or null when there is one. */
  flexAppProblem(): Problem | null;
}

export function createDiscovery(deps: DiscoveryDeps): Discovery {
  const now = deps.now ?? Date.now;
  let appFailure: { at: number; problem: Problem } | null = null;
  let workspaceTriedAt = -Infinity;
  let running: Promise<Settings> | null = null;

  async function findApp(settings: Settings): Promise<Settings> {
    if (appFailure && now() - appFailure.at < RETRY_MS) return settings;
    try {
      const candidates = await (await deps.okta()).findFlexApps();
      if (candidates.length !== 1) {
        const detail = candidates.length === 0 ? 'no SAML app sends people to Twilio.' : `${candidates.length} apps send people to Twilio (${candidates.map((c) => c.app.label).join(', ')}).`;
        throw new ProblemError(flexAppMissing(detail));
      }
      const { app } = candidates[0]!;
      appFailure = null;
      return { ...settings, okta: { ...settings.okta, flexAppId: app.id, flexAppLabel: app.label } };
    } catch (error) {
      appFailure = { at: now(), problem: toProblem(error) };
      return settings;
    }
  }

  async function findWorkspace(settings: Settings): Promise<Settings> {
    if (now() - workspaceTriedAt < RETRY_MS) return settings;
    workspaceTriedAt = now();
    try {
      const twilio = await deps.twilio();
      const sid = (await twilio.getFlexConfiguration()).taskrouter_workspace_sid;
      if (!sid) return settings;
      const workspace = (await twilio.listWorkspaces()).find((ws) => ws.sid === sid);
      return { ...settings, twilio: { ...settings.twilio, workspaceSid: sid, ...(workspace?.friendly_name ? { workspaceName: workspace.friendly_name } : {}) } };
    } catch {
      // Without it, previews look in every workspace and badges use the page's workspace: nothing is claimed.
      return settings;
    }
  }

  async function discover(): Promise<Settings> {
    const stored = await deps.load();
    let settings = stored;
    if (settings.okta.orgUrl && !settings.okta.flexAppId) settings = await findApp(settings);
    if (settings.twilio.accountSid && !settings.twilio.workspaceSid) settings = await findWorkspace(settings);
    if (settings === stored) return stored;
    // Saved onto what is stored now, so a Save the admin made meanwhile is not overwritten.
    const latest = await deps.load();
    const merged: Settings = {
      ...latest,
      okta: latest.okta.orgUrl === settings.okta.orgUrl && !latest.okta.flexAppId && settings.okta.flexAppId ? { ...latest.okta, flexAppId: settings.okta.flexAppId, flexAppLabel: settings.okta.flexAppLabel } : latest.okta,
      twilio: latest.twilio.accountSid === settings.twilio.accountSid && !latest.twilio.workspaceSid && settings.twilio.workspaceSid ? { ...latest.twilio, workspaceSid: settings.twilio.workspaceSid, workspaceName: settings.twilio.workspaceName } : latest.twilio,
    };
    await deps.save(merged);
    return merged;
  }

  return {
    settings() {
      // Batches arriving together share one discovery.
      running ??= discover().finally(() => (running = null));
      return running;
    },
    flexAppProblem: () => appFailure?.problem ?? null,
  };
}

import { CONTROL_ROUTES } from '../../sandbox/control';
import type { Sandbox } from '../../sandbox/server';

/**
 * Plants SSO mistakes and/or a finished migration in the running sandbox through its own control
 * route (`POST /__sandbox/sso`, the same one `/__sandbox/` documents), so a test changes the world
 * the way an admin's colleague would, not the extension's view of it.
 */
export function plantSso(sandbox: Sandbox, body: { switches?: string[]; migrated?: { daysAgo: number; setupType: 'modify' | 'create' } }): void {
  const route = CONTROL_ROUTES.find((r) => r.method === 'POST' && r.path === '/__sandbox/sso');
  if (!route) throw new Error('The sandbox has no POST /__sandbox/sso control route');
  const answer = route.handle(sandbox, body, undefined as never);
  if (answer.status !== 200) throw new Error(`POST /__sandbox/sso answered ${answer.status}: ${String(answer.body)}`);
}

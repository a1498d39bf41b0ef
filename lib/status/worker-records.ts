import { workerEmail } from '../identity/worker-email';
import type { TwilioWorker } from '../twilio/schemas';
import type { WorkerFacts } from './views';

/**
 * What the background keeps about a worker between renders: the facts a page shows and the email
 * the worker stands for, derived once from Twilio's answer. Attributes themselves are not kept;
 * they can be long and hold routing data no badge needs.
 */
export interface WorkerRecord {
  facts: Omit<WorkerFacts, 'workspaceName'>;
  email: string | null;
  /**
   * Twilio left the attributes out of the list (its spec allows `attributes: null` there), so the
   * email and roles are not known until the worker is fetched on its own.
   */
  attributesMissing: boolean;
}

/** `attributes.roles` when it is a list of strings, and `attributes.full_name` when it is text; anything else is absent, never a guess. */
export function rolesAndName(attributes: string): { roles: string[]; fullName: string | null } {
  try {
    const parsed = JSON.parse(attributes) as { roles?: unknown; full_name?: unknown } | null;
    const roles = parsed?.roles;
    const name = typeof parsed?.full_name === 'string' ? parsed.full_name.trim() : '';
    return { roles: Array.isArray(roles) && roles.every((role) => typeof role === 'string') ? roles : [], fullName: name || null };
  } catch {
    return { roles: [], fullName: null };
  }
}

export function workerRecord(worker: TwilioWorker): WorkerRecord {
  const base = {
    sid: worker.sid,
    workspaceSid: worker.workspace_sid,
    friendlyName: worker.friendly_name,
    activityName: worker.activity_name,
    available: worker.available,
    dateStatusChanged: worker.date_status_changed,
    dateCreated: worker.date_created,
  };
  if (worker.attributes === null) return { facts: { ...base, roles: [], fullName: null }, email: null, attributesMissing: true };
  const found = workerEmail({ attributes: worker.attributes, friendlyName: worker.friendly_name });
  const facts = {
    ...base,
    ...(found.attributesProblem ? { roles: [], fullName: null, attributesProblem: found.attributesProblem } : rolesAndName(worker.attributes)),
  };
  return { facts, email: found.email, attributesMissing: false };
}

import { classify } from '../identity/classify';
import { IDENTITY_STATUSES, isFreeable, type IdentityStatus } from '../identity/statuses';
import { emailKey, isEmailAddress } from '../identity/worker-email';
import type { PersonLookupResult } from '../status/okta-people';
import { workerRecord } from '../status/worker-records';
import type { TwilioWorker } from '../twilio/schemas';
import type { AuditRow, AuditTotals, BulkExclusion } from './types';

/**
 * One worker as the audit keeps it between the list and the verdict, and the verdict itself: the
 * same `workerRecord` and `classify` the badges use, so a row's status is the badge's status.
 */

/** The listed facts of a worker, compact: 20,000 of them are checkpointed. */
export interface AuditWorker {
  sid: string;
  workspaceSid: string;
  friendlyName: string | null;
  fullName: string | null;
  email: string | null;
  activityName: string | null;
  available: boolean | null;
  dateStatusChanged: string | null;
  dateCreated: string | null;
  /** The list left the attributes out and the friendly name is no email: the worker is read on its own. */
  needsFetch: boolean;
}

export function auditWorker(worker: TwilioWorker): AuditWorker {
  const { facts, email, attributesMissing } = workerRecord(worker);
  // Without attributes, a friendly name that is an address is the email, as `workerEmail` takes it when attributes have none.
  const named = attributesMissing && worker.friendly_name !== null && isEmailAddress(worker.friendly_name.trim()) ? worker.friendly_name.trim() : null;
  return {
    sid: facts.sid,
    workspaceSid: facts.workspaceSid,
    friendlyName: facts.friendlyName,
    fullName: facts.fullName,
    email: email ?? named,
    activityName: facts.activityName,
    available: facts.available,
    dateStatusChanged: facts.dateStatusChanged,
    dateCreated: facts.dateCreated,
    needsFetch: attributesMissing && named === null,
  };
}

/** Why a worker with this status can never be in a bulk run, or null when it may be selected. */
export function bulkExclusion(status: IdentityStatus): BulkExclusion | null {
  switch (status) {
    case 'ambiguous':
    case 'lookalike':
    case 'no-email':
    case 'unknown':
      return status;
    case 'not-in-okta':
      return 'check-first';
    default:
      return isFreeable(status) ? null : 'keeps-seat';
  }
}

/** The worker's row from what Okta said about its address (absent: never asked, as for a look-alike). */
export function auditRow(worker: AuditWorker, workspaceName: string | null, lookup: PersonLookupResult | undefined): AuditRow {
  const { status, email, people, problem } = classify(worker.email, lookup ?? { ok: true, people: [] });
  const person = people.length === 1 ? people[0]! : null;
  return {
    workerSid: worker.sid,
    workspaceSid: worker.workspaceSid,
    workspaceName,
    friendlyName: worker.friendlyName,
    fullName: worker.fullName,
    email,
    status,
    activityName: worker.activityName,
    available: worker.available,
    dateStatusChanged: worker.dateStatusChanged,
    dateCreated: worker.dateCreated,
    okta: person && { id: person.id, login: person.login, status: person.status, flexAssigned: person.flexAssigned },
    oktaMatches: people.length,
    bulkExclusion: bulkExclusion(status),
    ...(problem ? { problem: `${problem.message} ${problem.nextStep}` } : {}),
  };
}

/** The key a worker's address is looked up under, or null when it is never looked up (no email, look-alike: see `classify`). */
export function lookupKey(worker: AuditWorker): string | null {
  return worker.email === null ? null : emailKey(worker.email);
}

/** Counts rows as they are made, so the totals never need all 20,000 rows in memory at once. */
export function createTotals() {
  const totals: AuditTotals = { workers: 0, freeable: 0, check: 0, byStatus: Object.fromEntries(IDENTITY_STATUSES.map((status) => [status, 0])) as AuditTotals['byStatus'], byActivity: {}, byWorkspace: [] };
  const checks = new Map<string, number>();
  return {
    add(row: AuditRow) {
      const frees = isFreeable(row.status);
      totals.workers += 1;
      if (frees) totals.freeable += 1;
      if (row.status === 'not-in-okta') {
        totals.check += 1;
        checks.set(row.workspaceSid, (checks.get(row.workspaceSid) ?? 0) + 1);
      }
      totals.byStatus[row.status] += 1;
      const activity = row.activityName ?? '(none)';
      totals.byActivity[activity] = (totals.byActivity[activity] ?? 0) + 1;
      let workspace = totals.byWorkspace.find((w) => w.sid === row.workspaceSid);
      if (!workspace) totals.byWorkspace.push((workspace = { sid: row.workspaceSid, name: row.workspaceName, workers: 0, freeable: 0 }));
      workspace.workers += 1;
      if (frees) workspace.freeable += 1;
    },
    totals: () => totals,
    /** Not-in-Okta rows of one workspace: the Console summary's "check". */
    checkIn: (workspaceSid: string) => checks.get(workspaceSid) ?? 0,
  };
}

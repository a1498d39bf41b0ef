import { lookalikeSentence } from '../lib/identity/lookalike';
import { STATUS_INFO } from '../lib/identity/statuses';
import type { OktaPersonView, WorkerStatus } from '../lib/status/views';
import { formatTime } from '../lib/ui/format-time';
import { StatusPill } from './StatusPill';

/** Okta's own words for its statuses, as its Admin Console shows them. */
export const OKTA_STATUS_LABEL: Record<OktaPersonView['status'], string> = {
  STAGED: 'Staged',
  PROVISIONED: 'Pending activation',
  ACTIVE: 'Active',
  RECOVERY: 'Password reset',
  PASSWORD_EXPIRED: 'Password expired',
  LOCKED_OUT: 'Locked out',
  SUSPENDED: 'Suspended',
  DEPROVISIONED: 'Deactivated',
};

/** One Okta user's facts. `adminLink` is off on Okta's own admin pages, where the link would lead to the page it is on. */
export function OktaPerson({ person, adminLink = true }: { person: OktaPersonView; adminLink?: boolean }) {
  return (
    <dl>
      <dt>Name</dt>
      <dd>
        {person.firstName} {person.lastName}
      </dd>
      <dt>Login</dt>
      <dd>{person.login}</dd>
      <dt>Okta status</dt>
      <dd>{OKTA_STATUS_LABEL[person.status]}</dd>
      <dt>Last login</dt>
      <dd>{formatTime(person.lastLogin)}</dd>
      <dt>Flex app</dt>
      <dd>{person.flexAssigned === null ? 'Not known (no Flex app chosen in Settings)' : person.flexAssigned ? 'Assigned' : 'Not assigned'}</dd>
      {adminLink ? (
        <>
          <dt>In Okta</dt>
          <dd>
            <a className="link" href={person.adminUrl} target="_blank" rel="noreferrer">
              Open in Okta Admin
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * One worker beside the Okta person (or people) it maps to, with its status and what it means.
 * All text from Okta and Twilio is rendered as text, never as markup.
 */
export function PersonView({ status, adminLink = true }: { status: WorkerStatus; adminLink?: boolean }) {
  const info = STATUS_INFO[status.status];
  const lookalike = status.email === null ? null : lookalikeSentence(status.email);
  const { worker } = status;
  return (
    <div className="person-frame">
      <div className="status-line">
        <StatusPill status={status.status} />
        <span className="why">
          {info.explanation}
          {lookalike ? ` ${lookalike}` : ''}
          {status.problem ? ` ${status.problem.message} ${status.problem.nextStep}` : ''}
          {info.action ? ` ${info.action}` : ''}
        </span>
      </div>
      <div className="person">
        <section aria-label="Flex worker">
          <h3>Flex worker</h3>
          <dl>
            <dt>Name</dt>
            <dd>{worker.fullName ?? worker.friendlyName ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{status.email ?? (worker.attributesProblem ? `none (attributes ${worker.attributesProblem.replace(/-/g, ' ')})` : 'none')}</dd>
            <dt>Activity</dt>
            <dd>
              {worker.activityName ?? '—'}
              {worker.available === null ? '' : worker.available ? ' (available)' : ' (unavailable)'}
            </dd>
            <dt>Since</dt>
            <dd>{formatTime(worker.dateStatusChanged)}</dd>
            <dt>Roles</dt>
            <dd>{worker.roles.length ? worker.roles.join(', ') : '—'}</dd>
            <dt>Seat held since</dt>
            <dd>{formatTime(worker.dateCreated)}</dd>
            <dt>Workspace</dt>
            <dd>{worker.workspaceName ?? worker.workspaceSid}</dd>
            <dt>SID</dt>
            <dd className="sid">{worker.sid}</dd>
          </dl>
        </section>
        <section aria-label="Okta person">
          <h3>{status.people.length > 1 ? `Okta people (${status.people.length})` : 'Okta person'}</h3>
          {status.people.length === 0 ? <p>No Okta user matches.</p> : status.people.map((p) => <OktaPerson key={p.id} person={p} adminLink={adminLink} />)}
        </section>
      </div>
    </div>
  );
}

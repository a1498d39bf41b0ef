import type { SamlLoginTestAnswer } from '../../lib/messages/commands';
import { ProblemNotice } from '../ProblemNotice';
import { FindingList } from '../sso/FindingList';

type Result = SamlLoginTestAnswer['results'][number];

/**
 * The one-click answer first: would Flex let this person in, and if not, the first reason with its
 * fix, in the identity provider's own words (the diagnosis' first error).
 */
export function verdictLine({ diagnosis }: Result): string {
  if (diagnosis.problem) return `This response could not be judged: ${diagnosis.problem.message}`;
  const firstError = diagnosis.findings.find((f) => f.severity === 'error');
  if (diagnosis.verdict === 'fail' || firstError) {
    return firstError ? `This login would fail: ${firstError.message}${firstError.fix ? ` ${firstError.fix}` : ''}` : 'This login would fail.';
  }
  const { email, roles } = diagnosis.user;
  return `This login would work: Flex would sign in ${email ?? 'this person'}${roles.length ? ` as ${roles.join(', ')}` : ''}.`;
}

/** One SAML response judged the way Flex will judge it: the verdict, the Flex user it makes, whether a worker exists, every finding. */
export function DiagnosisView({ result }: { result: Result }) {
  const { diagnosis, source, workers } = result;
  const { user } = diagnosis;
  const fails = Boolean(diagnosis.problem) || diagnosis.verdict === 'fail';
  return (
    <section aria-label="Diagnosis" data-verdict={fails ? 'fail' : 'pass'}>
      <p className={`verdict ${fails ? 'fail' : 'pass'}`} role="status">
        {verdictLine(result)}
      </p>
      <p className="muted small">
        {source.from === 'capture' ? 'Captured' : 'Found'}
        {source.postedTo ? ` as posted to ${source.postedTo}` : ''}
        {source.at ? ` at ${source.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}` : ''}
        {diagnosis.issueInstant ? `; issued ${diagnosis.issueInstant}` : ''}.
      </p>
      {diagnosis.problem ? <ProblemNotice problem={diagnosis.problem} /> : null}
      {diagnosis.problem ? null : (
        <>
          <h4>The Flex user this login would produce</h4>
          <dl className="flex-user" aria-label="Flex user">
            <dt>Name</dt>
            <dd>{user.fullName ?? '(no full_name)'}</dd>
            <dt>Email</dt>
            <dd>{user.email ?? '(no email)'}</dd>
            <dt>Roles</dt>
            <dd>{user.roles.length ? user.roles.join(', ') : '(no roles)'}</dd>
            {user.nameId ? (
              <>
                <dt>Name ID</dt>
                <dd>
                  {user.nameId}
                  {user.nameIdFormat ? <span className="muted small"> ({user.nameIdFormat})</span> : null}
                </dd>
              </>
            ) : null}
          </dl>
          <WorkersLine workers={workers} />
          <FindingList findings={diagnosis.findings} />
        </>
      )}
    </section>
  );
}

function WorkersLine({ workers }: { workers: Result['workers'] }) {
  if (!workers) return null;
  if (workers.problem) return <ProblemNotice problem={workers.problem} side="Twilio" />;
  if (!workers.existing.length) return <p aria-label="Existing worker">No worker exists yet for {workers.email}: Flex creates one at this person’s first login.</p>;
  return (
    <p aria-label="Existing worker">
      A worker already exists for {workers.email}:{' '}
      {workers.existing.map((w) => `${w.friendlyName ?? w.sid} (${w.sid}${w.workspaceName ? `, ${w.workspaceName}` : ''})`).join('; ')}. Flex signs this login in as that worker.
    </p>
  );
}

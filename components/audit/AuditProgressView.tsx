import type { AuditProgress } from '../../lib/audit/types';
import { formatCounts, formatEstimate, formatPacing } from './audit-format';

const PHASE_WORDS: Record<AuditProgress['phase'], string> = {
  workspaces: 'Listing workspaces',
  workers: 'Listing workers',
  'worker-details': 'Reading workers without attributes',
  'okta-app-users': 'Reading the Flex app’s people from Okta',
  'okta-directory': 'Reading the Okta directory',
  'okta-search': 'Searching Okta for the rest',
  classify: 'Classifying',
};

/** The scan under way (or stopped): a bar, what it is doing, the counts, the estimate and any pacing. */
export function AuditProgressView({ progress }: { progress: AuditProgress }) {
  const estimate = progress.state === 'running' ? formatEstimate(progress.estimateSeconds) : null;
  const pacing = progress.state === 'running' ? formatPacing(progress.pacing) : null;
  return (
    <div className="audit-progress">
      <progress aria-label="Audit progress" value={progress.done} max={Math.max(progress.total, 1)} />
      <p>
        {PHASE_WORDS[progress.phase]}
        {progress.state === 'cancelled' ? ' — cancelled' : progress.state === 'failed' ? ' — stopped' : '…'}
        {estimate ? <span className="muted"> · {estimate}</span> : null}
      </p>
      <p className="muted small">{formatCounts(progress)}</p>
      {pacing ? (
        <p className="notice info small" role="status">
          {pacing}
        </p>
      ) : null}
    </div>
  );
}

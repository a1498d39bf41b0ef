import { useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { CommandResponse } from '../../lib/messages/commands';
import type { Problem } from '../../lib/problem';
import type { WorkerTarget } from '../../lib/runs/types';
import { askInEffect } from '../ask-in-effect';
import { ProblemNotice } from '../ProblemNotice';
import { ConfirmForm } from '../runs/ConfirmAndStart';
import { BulkPlanPreview } from './BulkPlanPreview';
import { BulkProgress } from './BulkProgress';
import '../person.css';

/**
 * Flex Steward's own window for a bulk deprovision (opened by the licence audit): the background
 * previews every person named in the address again, the admin reads one preview for the batch,
 * types the count and starts it, then follows and steers each person's run. Only clicks in this
 * extension-owned window start or change anything.
 */
export function BulkApp({ targets }: { targets: WorkerTarget[] }) {
  const [preview, setPreview] = useState<CommandResponse<'runs.previewBulk'>>();
  const [problem, setProblem] = useState<Problem>();
  const [bulkId, setBulkId] = useState<string>();
  // Bumped to make a fresh preview when the kept one expired or was used.
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (targets.length === 0) return;
    return askInEffect(
      () => askBackground('runs.previewBulk', { targets }),
      (next) => {
        setPreview(next);
        setProblem(undefined);
      },
      setProblem,
    );
  }, [targets, round]);

  if (targets.length === 0) {
    return (
      <main>
        <h1>Bulk deprovision</h1>
        <p className="notice warn">This window names nobody to deprovision. Select people in the licence audit and choose Deprovision there.</p>
      </main>
    );
  }
  return (
    <main>
      <h1>Bulk deprovision</h1>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {bulkId ? (
        <BulkProgress bulkId={bulkId} />
      ) : preview ? (
        <>
          <BulkPlanPreview preview={preview} />
          {preview.plans.length === 0 ? (
            <p className="notice warn">Nobody here can be deprovisioned in bulk. Deprovision the people left out from their own windows.</p>
          ) : (
            <ConfirmForm
              previewId={preview.previewId}
              confirmation={preview.confirmation}
              startable
              actionLabel={`Deprovision ${preview.plans.length} ${preview.plans.length === 1 ? 'person' : 'people'}`}
              start={async (typed) => setBulkId((await askBackground('runs.startBulk', { previewId: preview.previewId, typed })).bulkId)}
              onProblem={setProblem}
              onStale={() => setRound((n) => n + 1)}
              onCancel={() => window.close()}
            />
          )}
        </>
      ) : problem ? null : (
        <p className="muted">Reading everything the runs would touch…</p>
      )}
    </main>
  );
}

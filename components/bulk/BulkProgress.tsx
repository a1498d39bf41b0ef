import { useState } from 'react';
import { batchSettled, batchTitle, seatsFreed } from '../../lib/runs/batches';
import type { RunRow } from '../../lib/runs/ledger';
import type { Problem } from '../../lib/problem';
import { ProblemNotice } from '../ProblemNotice';
import { RunActions } from '../runs/RunActions';
import { useBulk } from './use-bulk';

const STATE = { running: 'Running', paused: 'Paused', done: 'Done', aborted: 'Aborted' } as const;
const nameOf = (row: RunRow) => row.subject.name ?? row.subject.email ?? row.subject.workerSid ?? row.id;

/** What a finished run's seat check found, in a few words. */
function seatNote(row: RunRow): string {
  if (row.state !== 'done') return '';
  if (row.outcome?.kind === 'seat-freed') return 'Seat freed';
  if (row.outcome?.kind === 'seat-still-held') return `Still holds a seat (${row.outcome.remainingWorkerSids.join(', ')})`;
  return 'Done, but the seat check did not run';
}

/** One person of the batch: their run's state and steps, why it paused and what to do, and its controls. */
function BulkPerson({ row, onChanged }: { row: RunRow; onChanged: () => void }) {
  const [problem, setProblem] = useState<Problem>();
  const who = nameOf(row);
  const paused = row.pause;
  return (
    <li aria-label={who}>
      <strong>{who}</strong> {row.subject.email ? <span className="muted">{row.subject.email}</span> : null}{' '}
      <span className={`status ${row.state === 'done' ? 'ok' : 'off'}`} role="status">
        {STATE[row.state]}
      </span>{' '}
      <span className="muted small">
        {row.stepsDone}/{row.stepsTotal} steps
      </span>{' '}
      {seatNote(row) ? <strong>{seatNote(row)}</strong> : null}
      {paused ? (
        <p className="small notice warn">
          {paused.message} {paused.problem ? <strong>{paused.problem.nextStep}</strong> : null}
        </p>
      ) : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      <RunActions run={{ id: row.id, state: row.state, pause: row.pause ?? null }} who={who} onRun={onChanged} onProblem={setProblem} />
    </li>
  );
}

/** A started batch, live: each person's run with its controls, and once nothing runs, what the batch did. */
export function BulkProgress({ bulkId }: { bulkId: string }) {
  const { rows, problem, refresh } = useBulk(bulkId);
  if (problem) return <ProblemNotice problem={problem} />;
  if (!rows) return <p className="muted">Starting…</p>;
  const open = rows.filter((row) => row.state === 'paused' || (row.state === 'done' && row.outcome?.kind !== 'seat-freed'));
  return (
    <section aria-label="Run progress">
      <h2>{batchTitle(rows)}</h2>
      <ul className="bulk-people" aria-label="People">
        {rows.map((row) => (
          <BulkPerson key={row.id} row={row} onChanged={() => void refresh()} />
        ))}
      </ul>
      {batchSettled(rows) ? (
        <div className="notice info" role="note" aria-label="Summary">
          <p>
            {seatsFreed(rows)} of {rows.length} seats freed, as each run’s seat check found.
          </p>
          {open.length ? <p>Still to look at: {open.map((row) => `${nameOf(row)} (${row.state === 'paused' ? 'paused' : seatNote(row).toLowerCase()})`).join(', ')}.</p> : null}
          <p>
            <a className="link" href="/sidepanel.html" target="_blank" rel="noreferrer">
              Run history
            </a>
          </p>
        </div>
      ) : null}
    </section>
  );
}

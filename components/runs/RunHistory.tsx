import { useCallback, useEffect, useRef, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { CommandResponse } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';
import type { Run } from '../../lib/runs/types';
import { onRunChanged } from '../../lib/storage/change-signal';
import { formatTime } from '../../lib/ui/format-time';
import { downloadJson } from '../download-json';
import { ProblemNotice } from '../ProblemNotice';
import { batchBelongsHere, batchTitle, groupPage } from '../../lib/runs/batches';
import type { RunRow } from '../../lib/runs/ledger';
import { useBulk } from '../bulk/use-bulk';
import type { RunFilter, TeamStatus } from '../../lib/team/types';
import { teamStatusLine } from '../../lib/ui/team-text';
import { useTeamStatus } from '../use-team-status';
import { activeFilter, RunFilters } from './RunFilters';
import { RunControls } from './RunControls';

const PAGE = 50;
/** How often the history asks how the team ledger stands while team mode is on and the panel is in view. */
const TEAM_POLL_MS = 5000;
type History = CommandResponse<'runs.list'>;

/** The runs beyond the retention limits: offered as a file first, removed only after that. */
function Retention({ history, onProblem, onPruned }: { history: History; onProblem: (p: Problem) => void; onPruned: () => void }) {
  const [exported, setExported] = useState<string[]>();
  if (history.prunable === 0) return null;
  const exportThem = async () => {
    try {
      const { json, ids } = await askBackground('runs.exportPrunable', {});
      downloadJson(`flex-steward-runs-${new Date().toISOString().slice(0, 10)}.json`, json);
      setExported(ids);
    } catch (error) {
      onProblem(toProblem(error));
    }
  };
  const remove = async () => {
    try {
      await askBackground('runs.prune', { ids: exported ?? [] });
      setExported(undefined);
      onPruned();
    } catch (error) {
      onProblem(toProblem(error));
    }
  };
  return (
    <div className="notice warn" role="status">
      <p>
        {history.prunable.toLocaleString('en')} finished {history.prunable === 1 ? 'run is' : 'runs are'} beyond what Settings keeps (the newest {history.limits.runs.toLocaleString('en')} runs, none older
        than {history.limits.days} days). Export them to keep a copy; then they can be removed.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void exportThem()}>
          Export {history.prunable.toLocaleString('en')} {history.prunable === 1 ? 'run' : 'runs'}
        </button>
        <button type="button" className="secondary" disabled={!exported} onClick={() => void remove()}>
          Remove the exported runs
        </button>
      </div>
    </div>
  );
}

/**
 * One run as a line of the history: who, its state, when, and how far it got; a colleague's run says
 * who ran it; opening it shows its steps and Undo.
 */
function RunEntry({ row, onOpen }: { row: TeamRow; onOpen: (row: TeamRow) => void }) {
  return (
    <li>
      <button type="button" className="link-button" onClick={() => onOpen(row)}>
        {row.kind === 'undo' ? 'Undo: ' : ''}
        {row.subject.name ?? row.subject.email ?? row.subject.workerSid}
      </button>{' '}
      <span className={`status ${row.state === 'done' ? 'ok' : 'off'}`}>{row.state}</span>
      <span className="muted small">
        {' '}
        {formatTime(row.createdAt)} · {row.stepsDone}/{row.stepsTotal} steps
        {row.origin === 'team' && row.operator ? ` · by ${row.operator}` : ''}
      </span>
      {row.origin === 'team' ? (
        <>
          {' '}
          <span className="pill info" title="A colleague’s run, from the team ledger">
            team
          </span>
        </>
      ) : null}
      {row.teamLock === 'skipped' ? <TeamLockSkipped /> : null}
    </li>
  );
}

type TeamRow = RunRow & { origin?: 'here' | 'team' };

/**
 * A colleague's run, from the team ledger: what the ledger says of it, read-only. Its steps, request
 * ids and Undo stay in the browser that ran it, whose journal holds what the steps did: acting here
 * on a record any holder of the account's credentials could have written to Sync would break the
 * rule that the background acts only on what it recorded itself.
 */
function ColleagueRun({ row, onBack }: { row: TeamRow; onBack: () => void }) {
  const who = row.operator ?? 'a colleague';
  return (
    <div>
      <button type="button" className="secondary" onClick={onBack}>
        ← All runs
      </button>
      <h3>{row.subject.name ?? row.subject.email ?? row.subject.workerSid}</h3>
      <p className="muted small">
        {row.kind === 'undo' ? 'Undo' : 'Deprovision'} · started {formatTime(row.createdAt)} by {who} · {row.state} · {row.stepsDone}/{row.stepsTotal} steps
        {row.finishedAt ? ` · ended ${formatTime(row.finishedAt)}` : ''}
        {row.teamLock === 'skipped' ? <TeamLockSkipped /> : null}
      </p>
      {row.pause ? <p className="notice warn small">{row.pause.message}</p> : null}
      <p className="notice info small" role="note">
        From the team ledger. Its steps, request ids and Undo are in the Flex Steward of {who}, who ran it.
      </p>
    </div>
  );
}

/** A run started while Sync could not be reached, by the admin's explicit choice. */
function TeamLockSkipped() {
  return (
    <>
      {' '}
      <span className="pill warn" title="Sync could not be reached when it started; the operator chose to run without claiming the person for the team.">
        Run without team lock
      </span>
    </>
  );
}

/** "Team ledger is behind by 3 runs", or Sync offline: shown only when the team's view lags this browser's. */
function TeamBanner({ status }: { status: TeamStatus | undefined }) {
  if (!status || (status.state !== 'offline' && status.behindBy === 0)) return null;
  return (
    <p className="notice warn small" role="status" aria-label="Team ledger">
      {teamStatusLine(status).text}
    </p>
  );
}

/**
 * A bulk deprovision as one entry, expandable to its members. Its members are read whole with
 * `runs.bulk`, so a batch cut across two history pages shows once, complete, on the page with its
 * newest run (lib/runs/batches.ts).
 */
function BatchEntry({ bulkId, pageIds, onOpen }: { bulkId: string; pageIds: string[]; onOpen: (id: string) => void }) {
  const { rows } = useBulk(bulkId);
  if (!rows || !batchBelongsHere(pageIds, rows)) return null;
  const newest = rows.at(-1)!;
  return (
    <li>
      <details>
        <summary>
          <strong>{batchTitle(rows)}</strong>
          <span className="muted small">
            {' '}
            {formatTime(newest.createdAt)}
            {newest.operator ? ` by ${newest.operator}` : ''}
          </span>
        </summary>
        <ul className="runs" aria-label="Runs in this batch">
          {rows.map((row) => (
            <RunEntry key={row.id} row={row} onOpen={(opened) => onOpen(opened.id)} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/**
 * The ledger: every run, newest first, live, a page at a time, filtered by person, operator, status
 * and date; in team mode colleagues' runs too. Open one to see its steps, request ids, and undo it.
 */
export function RunHistory() {
  const [history, setHistory] = useState<History>();
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState<RunFilter>({});
  const [problem, setProblem] = useState<Problem>();
  const [open, setOpen] = useState<Run>();
  const [colleagues, setColleagues] = useState<TeamRow>();
  const team = useTeamStatus(TEAM_POLL_MS);
  const { reload: reloadTeam } = team;

  // Typing in a filter asks once per key: only the answer to the latest question is shown.
  const asked = useRef(0);
  const refresh = useCallback(() => {
    const question = ++asked.current;
    const active = activeFilter(filter);
    return askBackground('runs.list', { offset, limit: PAGE, ...(active ? { filter: active } : {}) }).then(
      (answer) => {
        if (question !== asked.current) return;
        setHistory(answer);
        setProblem(undefined);
      },
      (error: unknown) => question === asked.current && setProblem(toProblem(error)),
    );
  }, [offset, filter]);
  // Colleagues' runs arrive through the team ledger, so the page is also re-read on the team status's beat (`polls`).
  useEffect(() => {
    void refresh();
    return onRunChanged(() => {
      void refresh();
      reloadTeam();
    });
  }, [refresh, reloadTeam, team.polls]);

  const show = async (id: string) => {
    try {
      setOpen((await askBackground('runs.get', { runId: id })).run);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  if (colleagues) return <ColleagueRun row={colleagues} onBack={() => setColleagues(undefined)} />;
  if (open) {
    return (
      <div>
        <button type="button" className="secondary" onClick={() => setOpen(undefined)}>
          ← All runs
        </button>
        <h3>{open.subject.name ?? open.subject.email ?? open.subject.workerSid}</h3>
        <p className="muted small">
          {open.kind === 'undo' ? 'Undo' : 'Deprovision'} · started {formatTime(open.createdAt)}
          {open.operator ? ` by ${open.operator}` : ''}
          {open.teamLock === 'skipped' ? <TeamLockSkipped /> : null}
        </p>
        <RunControls initial={open} />
      </div>
    );
  }
  const filters = (
    <RunFilters
      filter={filter}
      onChange={(next) => {
        setFilter(next);
        setOffset(0);
      }}
    />
  );
  if (problem)
    return (
      <div>
        {filters}
        <ProblemNotice problem={problem} />
      </div>
    );
  if (!history) return <p className="muted">Loading runs…</p>;
  const move = history.storageMove;
  const pageIds = history.entries.map((entry) => entry.id);
  return (
    <div>
      <TeamBanner status={team.status} />
      {filters}
      {move ? (
        <p className="notice info small" role="note">
          On {formatTime(move.at)} Flex Steward moved {[move.settings && 'its settings', move.vault && 'the credential vault', move.runs > 0 && `${move.runs} ${move.runs === 1 ? 'run' : 'runs'}`].filter(Boolean).join(', ')} out of storage
          that web pages’ content scripts can write.
          {move.pausedRuns > 0 ? ` ${move.pausedRuns} ${move.pausedRuns === 1 ? 'run that was under way was' : 'runs that were under way were'} paused: check, then Retry or Abort.` : ''}
        </p>
      ) : null}
      <Retention history={history} onProblem={setProblem} onPruned={() => void refresh()} />
      {history.total === 0 ? <p className="muted">{activeFilter(filter) ? 'No runs match these filters.' : 'No runs yet.'}</p> : null}
      <ul className="runs" aria-label="Runs">
        {groupPage(history.entries).map((item) =>
          item.kind === 'batch' ? (
            <BatchEntry key={item.bulkId} bulkId={item.bulkId} pageIds={pageIds} onOpen={(id) => void show(id)} />
          ) : 'unreadable' in item.entry ? (
            <li key={item.entry.id}>
              <span className="status off">Unreadable run</span>{' '}
              <span className="muted small">
                ({item.entry.id}, {item.entry.createdAt ? formatTime(item.entry.createdAt) : 'time unknown'})
                {item.entry.wasRunning ? ' — it was under way and has been paused; nothing more is sent for it.' : ''}
              </span>
            </li>
          ) : (
            <RunEntry key={item.entry.id} row={item.entry} onOpen={(row) => (row.origin === 'team' ? setColleagues(row) : void show(row.id))} />
          ),
        )}
      </ul>
      {history.total > PAGE ? (
        <div className="actions">
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ← Newer
          </button>
          <span className="muted small">
            Runs {offset + 1}–{offset + history.entries.length} of {history.total.toLocaleString('en')}
          </span>
          <button type="button" className="secondary" disabled={offset + PAGE >= history.total} onClick={() => setOffset(offset + PAGE)}>
            Older →
          </button>
        </div>
      ) : null}
    </div>
  );
}

import type { AuditProgress, AuditTotals } from '../../lib/audit/types';
import { IDENTITY_STATUSES } from '../../lib/identity/statuses';
import { formatTime } from '../../lib/ui/format-time';
import { StatusPill } from '../StatusPill';
import { count, formatMonthly } from './audit-format';

const SCOPE_WORDS = { 'flex-workspace': 'the Flex workspace', 'all-workspaces': 'every workspace' } as const;

/** Totals first: the seats that can be freed (and what they cost), those to check, then the breakdowns. */
export function AuditTotalsView({ totals, progress, seatPrice, currency }: { totals: AuditTotals; progress: AuditProgress; seatPrice: number | undefined; currency: string }) {
  const monthly = formatMonthly(totals.freeable, seatPrice, currency);
  const activities = Object.entries(totals.byActivity).sort(([, a], [, b]) => b - a);
  return (
    <div className="audit-totals">
      <div className="audit-headline">
        <p className="freeable">
          <strong>{count(totals.freeable)}</strong> {totals.freeable === 1 ? 'seat' : 'seats'} can be freed
          {monthly ? <span className="money"> · {monthly}</span> : null}
        </p>
        <p className="check">
          <strong>{count(totals.check)}</strong> to check — not in Okta
        </p>
      </div>
      <p className="muted small">
        {count(totals.workers)} {totals.workers === 1 ? 'worker' : 'workers'} in {SCOPE_WORDS[progress.scope]} of {progress.accountSid}, audited {formatTime(progress.finishedAt)}.
        {seatPrice === undefined ? ' Set a seat price in Settings to see what they cost a month.' : ''}
      </p>
      <div className="audit-breakdowns">
        <table className="breakdown">
          <caption>By status</caption>
          <tbody>
            {IDENTITY_STATUSES.filter((status) => (totals.byStatus[status] ?? 0) > 0).map((status) => (
              <tr key={status}>
                <td>
                  <StatusPill status={status} />
                </td>
                <td className="num">{count(totals.byStatus[status] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="breakdown">
          <caption>By activity</caption>
          <tbody>
            {activities.map(([name, workers]) => (
              <tr key={name}>
                <td>{name}</td>
                <td className="num">{count(workers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="breakdown">
          <caption>By workspace</caption>
          <thead>
            <tr>
              <th scope="col">Workspace</th>
              <th scope="col" className="num">
                Workers
              </th>
              <th scope="col" className="num">
                Can be freed
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.byWorkspace.map((ws) => (
              <tr key={ws.sid}>
                <td title={ws.sid}>{ws.name ?? ws.sid}</td>
                <td className="num">{count(ws.workers)}</td>
                <td className="num">{count(ws.freeable)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

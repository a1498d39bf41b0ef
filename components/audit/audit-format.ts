import type { AuditProgress } from '../../lib/audit/types';

/**
 * The audit's numbers as the panel words them. Counts use English grouping ("1,240") like the rest
 * of the extension; times are UTC with the zone written out (lib/ui/format-time.ts).
 */

export const count = (n: number) => n.toLocaleString('en');

/** "about 2 min left": rounded, because the pace changes as Okta and TaskRouter throttle. */
export function formatEstimate(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${minutes % 60} min left`;
}

/** "Slowing down for Okta's rate limit until 10:42:05 UTC", while the audit waits for a window to reopen. */
export function formatPacing(pacing: AuditProgress['pacing']): string | null {
  if (!pacing) return null;
  const until = new Date(pacing.until);
  if (Number.isNaN(until.getTime())) return null;
  return `Slowing down for ${pacing.service === 'okta' ? 'Okta' : 'Twilio'}’s rate limit until ${until.toISOString().slice(11, 19)} UTC.`;
}

/** "4,000 of 20,000 workers listed · 12 requests to Okta · 25 to Twilio". */
export function formatCounts(progress: AuditProgress): string {
  const listed = progress.workersTotal === null ? `${count(progress.workersListed)} workers listed` : `${count(progress.workersListed)} of ${count(progress.workersTotal)} workers listed`;
  return `${listed} · ${count(progress.requests.okta)} ${progress.requests.okta === 1 ? 'request' : 'requests'} to Okta · ${count(progress.requests.twilio)} to Twilio`;
}

/** The seats that can be freed as money a month, or null when Settings has no seat price. */
export function formatMonthly(seats: number, pricePerMonth: number | undefined, currency: string): string | null {
  if (pricePerMonth === undefined) return null;
  try {
    return `${new Intl.NumberFormat('en', { style: 'currency', currency }).format(seats * pricePerMonth)} a month`;
  } catch {
    // A code Intl does not know: still say the amount, with the code the admin typed.
    return `${(seats * pricePerMonth).toLocaleString('en', { maximumFractionDigits: 2 })} ${currency} a month`;
  }
}

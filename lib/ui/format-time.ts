/**
 * Times as every Flex Steward surface shows them: in UTC, with the zone written out, because the
 * Twilio Console beside them shows UTC (`2025-08-21 10:18:51 UTC`) and an admin comparing the two
 * should not have to convert. Minutes are enough for a person; the ledger keeps full ISO times.
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

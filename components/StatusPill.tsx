import { STATUS_INFO, type IdentityStatus } from '../lib/identity/statuses';

/** A status in the shared vocabulary, for extension pages and cards. */
export function StatusPill({ status }: { status: IdentityStatus }) {
  const info = STATUS_INFO[status];
  return (
    <span className={`pill ${info.tone}`} title={info.explanation}>
      <span aria-hidden="true">{info.icon}</span>
      {info.label}
    </span>
  );
}

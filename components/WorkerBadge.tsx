import type { Tone } from '../lib/ui/tone';

export interface BadgeView {
  tone: Tone;
  label: string;
  /** One sentence; shown on hover and read by screen readers. */
  explanation: string;
}

/**
 * The Okta status beside a worker. A button so it is keyboard reachable; only a trusted click acts,
 * so a script on the host page cannot press it for the admin.
 */
export function WorkerBadge({ view, onActivate }: { view: BadgeView; onActivate?: () => void }) {
  return (
    <button
      type="button"
      className={`badge ${view.tone}`}
      title={view.explanation}
      aria-label={`Okta status: ${view.label}. ${view.explanation}`}
      onClick={(event) => {
        if (event.nativeEvent.isTrusted) onActivate?.();
      }}
    >
      <span aria-hidden="true">Okta</span>
      <span>{view.label}</span>
    </button>
  );
}

import type { BadgeView } from '../lib/identity/badge-view';

/**
 * The Okta status beside a worker. A button so it is keyboard reachable, with its meaning on hover
 * and for screen readers; only a trusted click acts, so the host page cannot press it for the admin.
 */
export function WorkerBadge({ view, onActivate }: { view: BadgeView; onActivate: (view: BadgeView) => void }) {
  return (
    <button
      type="button"
      className={`badge ${view.tone}`}
      title={view.explanation}
      aria-label={`Okta status: ${view.label}. ${view.explanation}`}
      onClick={(event) => {
        if (event.nativeEvent.isTrusted) onActivate(view);
      }}
    >
      <span aria-hidden="true" className="icon">
        {view.icon}
      </span>
      <span>{view.label}</span>
    </button>
  );
}

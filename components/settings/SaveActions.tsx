import type { ReactNode } from 'react';

/**
 * A settings section's row of actions: its submit button, any buttons of its own (a connection
 * test), then "Unsaved changes" while edited or "Saved at …" once saved.
 */
export function SaveActions({ label, disabled = false, dirty = false, savedAt, children }: { label: string; disabled?: boolean; dirty?: boolean; savedAt: string | null | undefined; children?: ReactNode }) {
  return (
    <div className="actions">
      <button type="submit" disabled={disabled}>
        {label}
      </button>
      {children}
      {dirty ? (
        <span className="dirty">Unsaved changes</span>
      ) : savedAt ? (
        <span className="saved" role="status">
          Saved at {savedAt}
        </span>
      ) : null}
    </div>
  );
}

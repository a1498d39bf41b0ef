import { useState } from 'react';

/**
 * The value that belongs in a field, with a button that puts it on the clipboard: the admin pastes
 * it themselves. Nothing here ever writes into the host page.
 */
export function CopyValue({ value }: { value: string }) {
  const [copied, setCopied] = useState<'Copied' | 'Copy failed'>();
  return (
    <div className="expected">
      <code>{value}</code>
      <button
        type="button"
        aria-label={`Copy ${value}`}
        onClick={(event) => {
          // Only the admin's own click: the page's scripts cannot make us fill its clipboard.
          if (!event.nativeEvent.isTrusted) return;
          navigator.clipboard.writeText(value).then(
            () => setCopied('Copied'),
            () => setCopied('Copy failed'),
          );
        }}
      >
        {copied ?? 'Copy'}
      </button>
    </div>
  );
}

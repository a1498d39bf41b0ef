import { useState } from 'react';

/**
 * A value to paste somewhere else, with a button that copies it exactly (no trimming, no
 * reformatting). Used in extension pages and in injected cards alike: nothing here ever writes into
 * a host page, only to the clipboard, and only on the admin's own click.
 */
export function CopyValue({ value, label, block = false }: { value: string; label?: string; block?: boolean }) {
  const [copied, setCopied] = useState<'Copied' | 'Copy failed'>();
  return (
    <span className="copy-value">
      {block ? <pre className="pem">{value}</pre> : <code>{value}</code>}
      <button
        type="button"
        className="secondary small"
        aria-label={`Copy ${label ?? value}`}
        onClick={(event) => {
          // A host page's scripts can dispatch clicks into our card; they cannot make us fill its clipboard.
          if (!event.nativeEvent.isTrusted) return;
          navigator.clipboard.writeText(value).then(
            () => setCopied('Copied'),
            () => setCopied('Copy failed'),
          );
        }}
      >
        {copied ?? 'Copy'}
      </button>
    </span>
  );
}

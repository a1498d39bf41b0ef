import { useState } from 'react';

/** A value to paste somewhere else, with a button that copies it exactly (no trimming, no reformatting). */
export function CopyValue({ value, label, block = false }: { value: string; label: string; block?: boolean }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <span className="copy-value">
      {block ? <pre className="pem">{value}</pre> : <code>{value}</code>}
      <button type="button" className="secondary small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

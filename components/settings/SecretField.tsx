/**
 * A write-only secret: the page never receives a saved value back, so a saved secret shows as
 * "Saved" and typing replaces it.
 */
export function SecretField({ id, label, saved, value, onChange, multiline, hint }: { id: string; label: string; saved: boolean; value: string; onChange: (v: string) => void; multiline?: boolean; hint?: string }) {
  const placeholder = saved ? 'Saved · type to replace' : '';
  return (
    <>
      <label htmlFor={id}>
        {label} {saved ? <span className="status ok">Saved</span> : null}
      </label>
      {multiline ? (
        <textarea id={id} rows={5} spellCheck={false} autoComplete="off" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      ) : (
        <input id={id} type="password" autoComplete="off" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

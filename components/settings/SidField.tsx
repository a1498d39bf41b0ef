/** A labelled SID input whose error, once shown, is announced as the field's description. */
export function SidField({ id, label, placeholder, value, error, onChange }: { id: string; label: string; placeholder: string; value: string | undefined; error: string | undefined; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value.trim())} placeholder={placeholder} autoComplete="off" aria-invalid={Boolean(error)} aria-describedby={`${id}-error`} />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

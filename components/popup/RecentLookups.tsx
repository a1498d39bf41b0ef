/** The last few look-ups as buttons: one click runs one again. Only the typed text is kept, never an answer. */
export function RecentLookups({ items, onPick, onClear }: { items: string[]; onPick(text: string): void; onClear(): void }) {
  if (items.length === 0) return null;
  return (
    <section className="recent" aria-label="Recent look-ups">
      <div className="recent-head">
        <h2>Recent</h2>
        <button type="button" className="link-button small" onClick={onClear}>
          Clear
        </button>
      </div>
      <ul>
        {items.map((text) => (
          <li key={text}>
            <button type="button" className="secondary chip" onClick={() => onPick(text)}>
              {text}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

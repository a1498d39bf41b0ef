import { SaveActions } from './SaveActions';
import { useState } from 'react';
import type { Problem } from '../../lib/problem';
import { formatTime } from '../../lib/ui/format-time';
import { ProblemNotice } from '../ProblemNotice';
import { ask, type SettingsView } from './use-settings';

/** The currencies this browser can format (ISO 4217), with the saved one kept even if it is not among them. */
function currencies(saved: string): string[] {
  const known = Intl.supportedValuesOf('currency');
  return known.includes(saved) ? known : [saved, ...known];
}

/** The seat price box's text as a price: blank means "no price", which shows seats without money. */
export function parseSeatPrice(text: string): number | undefined | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const price = Number(trimmed);
  return Number.isFinite(price) && price >= 0 && price <= 100_000 ? price : 'invalid';
}

/** The licence audit: what one Flex seat costs a month, so seats that can be freed read as money too. */
export function AuditSection({ view, onSaved }: { view: SettingsView; onSaved: (next: SettingsView) => void }) {
  const saved = view.settings.audit;
  const [price, setPrice] = useState(saved.seatPricePerMonth === undefined ? '' : String(saved.seatPricePerMonth));
  const [currency, setCurrency] = useState(saved.currency);
  const [problem, setProblem] = useState<Problem>();
  const [savedAt, setSavedAt] = useState<string>();
  const parsed = parseSeatPrice(price);

  const save = async () => {
    if (parsed === 'invalid') return;
    const audit = { currency, ...(parsed === undefined ? {} : { seatPricePerMonth: parsed }) };
    const result = await ask('settings.save', { settings: { ...view.settings, audit }, secrets: {}, clearSecrets: [] });
    if ('problem' in result) return setProblem(result.problem);
    setProblem(undefined);
    setSavedAt(formatTime(new Date().toISOString()));
    onSaved(result.data);
  };

  return (
    <section className="panel" id="audit" aria-labelledby="audit-settings-heading">
      <h2 id="audit-settings-heading">Licence audit</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="audit-seat-price">Seat price per month</label>
        <input
          id="audit-seat-price"
          type="number"
          inputMode="decimal"
          min={0}
          max={100000}
          step="any"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          aria-invalid={parsed === 'invalid'}
          aria-describedby="audit-seat-price-hint"
          placeholder="Not set"
        />
        <p id="audit-seat-price-hint" className="hint">
          What one Flex seat costs you a month, from your Twilio contract. The audit multiplies it by the seats that can be freed. Leave it blank to show seats only.
        </p>
        {parsed === 'invalid' ? <p className="field-error">Enter a price from 0 to 100,000, or leave it blank.</p> : null}
        <label htmlFor="audit-currency">Currency</label>
        <select id="audit-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
          {currencies(saved.currency).map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <SaveActions label="Save licence audit settings" disabled={parsed === 'invalid'} savedAt={savedAt} />
      </form>
      {problem ? <ProblemNotice problem={problem} /> : null}
    </section>
  );
}

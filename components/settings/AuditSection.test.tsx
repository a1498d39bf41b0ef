// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { askBackground } from '../../lib/messages/ask-background';
import type { CommandRequest } from '../../lib/messages/commands';
import { defaultSettings, type Settings } from '../../lib/settings/settings';
import { fakeAsk } from '../../tests/support/fake-background';
import { button, pageText, render, submit, typeInto, type Rendered } from '../../tests/support/render';
import { AuditSection, parseSeatPrice } from './AuditSection';
import { RunsSection } from './RunsSection';
import type { SettingsView } from './use-settings';

vi.mock('../../lib/messages/ask-background', async () => (await import('../../tests/support/fake-background')).askBackgroundModule);
const ask = fakeAsk;

const viewOf = (settings: Settings): SettingsView => ({ settings, savedSecrets: [], vault: { state: 'unlocked', mode: 'passphrase', idleLockMinutes: 15 } });
/** The settings each save sent, as the background would store them. */
const savedSettings = () => ask.mock.calls.filter(([command]) => command === 'settings.save').map(([, payload]) => (payload as CommandRequest<'settings.save'>).settings);
const field = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

describe('Settings for the licence audit: seat price, currency, and the most people in one bulk run', () => {
  let page: Rendered | undefined;
  const onSaved = vi.fn();
  beforeEach(() => {
    ask.mockReset();
    onSaved.mockReset();
    ask.mockImplementation((async (_command: string, payload: CommandRequest<'settings.save'>) => viewOf(payload.settings)) as typeof askBackground);
  });
  afterEach(() => page?.unmount());

  it('saves a seat price and its currency beside the other settings, and calls the section saved', async () => {
    const settings = { ...defaultSettings(), runs: { ...defaultSettings().runs, suspend: true } };
    page = await render(<AuditSection view={viewOf(settings)} onSaved={onSaved} />);
    expect(field<HTMLInputElement>('#audit-seat-price').value).toBe('');
    expect(field<HTMLSelectElement>('#audit-currency').value).toBe('USD');
    await typeInto(field('#audit-seat-price'), '150.5');
    await typeInto(field('#audit-currency'), 'EUR');
    await submit(field('form'));
    expect(savedSettings()).toEqual([{ ...settings, audit: { seatPricePerMonth: 150.5, currency: 'EUR' } }]);
    expect(onSaved).toHaveBeenCalledWith(viewOf({ ...settings, audit: { seatPricePerMonth: 150.5, currency: 'EUR' } }));
    expect(pageText()).toContain('Saved at');
  });

  it('clears the price when the box is emptied, so the audit shows seats only', async () => {
    page = await render(<AuditSection view={viewOf({ ...defaultSettings(), audit: { seatPricePerMonth: 99, currency: 'GBP' } })} onSaved={onSaved} />);
    expect(field<HTMLInputElement>('#audit-seat-price').value).toBe('99');
    expect(field<HTMLSelectElement>('#audit-currency').value).toBe('GBP');
    await typeInto(field('#audit-seat-price'), '');
    await submit(field('form'));
    expect(savedSettings()[0]!.audit).toEqual({ currency: 'GBP' });
  });

  it('refuses a negative price with a sentence, and saves nothing', async () => {
    page = await render(<AuditSection view={viewOf(defaultSettings())} onSaved={onSaved} />);
    await typeInto(field('#audit-seat-price'), '-5');
    expect(pageText()).toContain('Enter a price from 0 to 100,000, or leave it blank.');
    expect(button('Save licence audit settings').disabled).toBe(true);
    await submit(field('form'));
    expect(savedSettings()).toEqual([]);
  });

  it('reads the price box: blank is no price, numbers within range are prices, anything else is refused', () => {
    expect(parseSeatPrice('  ')).toBeUndefined();
    expect(parseSeatPrice('0')).toBe(0);
    expect(parseSeatPrice(' 150 ')).toBe(150);
    expect(parseSeatPrice('100001')).toBe('invalid');
    expect(parseSeatPrice('abc')).toBe('invalid');
  });

  it('saves the most people one bulk run may take with the deprovisioning settings', async () => {
    page = await render(<RunsSection view={viewOf(defaultSettings())} onSaved={onSaved} />);
    const max = field<HTMLInputElement>('#runs-max-bulk');
    expect(max.value).toBe('25');
    expect([max.min, max.max]).toEqual(['1', '200']);
    await typeInto(max, '60');
    await submit(field('form'));
    expect(savedSettings()[0]!.runs.maxPerBulk).toBe(60);
  });
});

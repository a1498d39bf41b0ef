import { describe, expect, it } from 'vitest';
import { defaultSettings, exportSettings, importSettings, parseSettings } from './settings';

describe('settings', () => {
  it('defaults to OAuth for Okta and US1 for Twilio, and survives a damaged record', () => {
    expect(defaultSettings()).toMatchObject({ okta: { authMethod: 'oauth' }, twilio: { region: 'us1', useAuthToken: false } });
    expect(parseSettings({ twilio: { region: 'mars' } })).toEqual(defaultSettings());
  });

  it('gives records saved before deprovisioning runs existed the safe run defaults: no optional steps, everyone may run, the default history kept', () => {
    const settings = parseSettings({ okta: { orgUrl: 'https://acme.okta.com' } });
    expect(settings.runs).toEqual({ suspend: false, deactivate: false, flexUserDeprovision: false, approvedOperators: [], keepRuns: 1000, keepDays: 180, maxPerBulk: 25 });
  });

  it('gives records saved before the licence audit existed no seat price, so totals are in seats only', () => {
    expect(parseSettings({ okta: { orgUrl: 'https://acme.okta.com' } }).audit).toEqual({ currency: 'USD' });
  });

  it('round-trips through export and import', () => {
    const settings = parseSettings({ okta: { orgUrl: 'https://acme.okta.com', authMethod: 'api-token' }, twilio: { accountSid: 'AC' + '1'.repeat(32), region: 'ie1', edge: 'dublin' } });
    const text = exportSettings(settings, new Date('2026-11-22T10:00:00Z'));
    expect(importSettings(text)).toEqual({ ok: true, settings });
  });

  it('drops anything that is not a known setting, so a secret smuggled into the record is never exported', () => {
    const settings = parseSettings({ okta: { orgUrl: 'https://acme.okta.com', apiToken: '00abcSECRET' } });
    expect(exportSettings(settings, new Date())).not.toContain('00abcSECRET');
  });

  it('refuses files that are not a settings export', () => {
    expect(importSettings('nope')).toEqual({ ok: false, reason: 'That file is not JSON.' });
    expect(importSettings(JSON.stringify({ 'vault.meta': {} }))).toMatchObject({ ok: false, reason: expect.stringContaining('not a Flex Steward settings export') });
  });
});

// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem, ProblemError } from '../../lib/problem';
import { defaultSettings, type Settings } from '../../lib/settings/settings';
import type { TeamOperatorsView, TeamStatus } from '../../lib/team/types';
import { answerWith, fakeAsk, sentWith, type Answers } from '../../tests/support/fake-background';
import { button, click, pageText, render, submit, typeInto, type Rendered } from '../../tests/support/render';
import { OptionsApp } from '../OptionsApp';
import { RunsSection } from './RunsSection';
import { TeamSection } from './TeamSection';
import type { SettingsView } from './use-settings';

vi.mock('../../lib/messages/ask-background', async () => (await import('../../tests/support/fake-background')).askBackgroundModule);

const IS = `IS${'0a'.repeat(16)}`;
const viewOf = (settings: Settings): SettingsView => ({ settings, savedSecrets: [], vault: { state: 'unlocked', mode: 'passphrase', idleLockMinutes: 15 } });
const withTeam = (team: Settings['team'], runs: Partial<Settings['runs']> = {}): Settings => ({ ...defaultSettings(), team, runs: { ...defaultSettings().runs, ...runs } });
const status = (patch: Partial<TeamStatus> = {}): TeamStatus => ({ state: 'live', serviceSid: IS, identity: 'ana@example.com', behindBy: 0, lastSyncedAt: '2026-12-02T10:42:00Z', ...patch });
const unreachable = problem('network-unreachable', 'Twilio Sync could not be reached.', 'Check the network, then try again.', { retryable: true });

/** The faked background: each command answers from `answers`, and a save answers with what it was sent. */
const background = (answers: Answers) => answerWith({ 'settings.save': (payload) => viewOf(payload.settings), ...answers });
/** The section as the options page holds it: a save replaces the view it was given. */
function Saving({ initial, onSaved }: { initial: SettingsView; onSaved: (next: SettingsView) => void }) {
  const [view, setView] = useState(initial);
  return (
    <TeamSection
      view={view}
      onSaved={(next) => {
        onSaved(next);
        setView(next);
      }}
    />
  );
}
const field = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

describe('Settings → Team mode', () => {
  let page: Rendered | undefined;
  const onSaved = vi.fn();
  beforeEach(() => {
    fakeAsk.mockReset();
    onSaved.mockReset();
  });
  afterEach(() => page?.unmount());

  it('turns team mode on with a Sync Service it creates, saves both, and shows the new status', async () => {
    let state: TeamStatus = status({ state: 'off', serviceSid: null });
    background({ 'team.status': () => state, 'team.createService': () => ({ serviceSid: IS }) });
    page = await render(<Saving initial={viewOf(withTeam({ enabled: false }, { operator: 'ana@example.com' }))} onSaved={onSaved} />);
    expect(pageText()).toContain('Team mode is off: runs, locks and approved operators stay in this browser.');

    await click(field<HTMLInputElement>('#team input[type=checkbox]'));
    await click(button('Create one for me'));
    expect(field<HTMLInputElement>('#team-service').value).toBe(IS);
    expect(pageText()).toContain(`Created Flex Steward (${IS}). Save to use it.`);
    expect(pageText()).toContain('You are ana@example.com. In team mode this is the identity on every run and in the Sync token');

    state = status();
    await submit(field('#team form'));
    expect(sentWith('settings.save').map((s) => s.settings.team)).toEqual([{ enabled: true, serviceSid: IS }]);
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(pageText()).toContain('Live — team ledger up to date');
    expect(pageText()).toContain('Saved at');
    expect(pageText()).not.toContain('Save to use it.');
  });

  it('shows why a Sync Service could not be created, and what to do, leaving the field as it was', async () => {
    const refusal = problem('forbidden', 'Twilio refused to create a Sync Service with this API key (20403).', 'Use an API key with the Standard or Main type.', { service: 'twilio' });
    background({ 'team.status': () => status({ state: 'needs-setup', serviceSid: null }), 'team.createService': () => Promise.reject(new ProblemError(refusal)) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: true }, { operator: 'ana@example.com' }))} onSaved={onSaved} />);
    expect(pageText()).toContain('Needs a Sync Service SID');
    await click(button('Create one for me'));
    expect(field<HTMLElement>('#team [role=alert]').textContent).toBe(`${refusal.message}${refusal.nextStep}`);
    expect(field<HTMLInputElement>('#team-service').value).toBe('');
  });

  it('refuses a SID that is not a Sync Service SID and saves nothing', async () => {
    background({ 'team.status': () => status({ state: 'off' }) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: false }))} onSaved={onSaved} />);
    await typeInto(field('#team-service'), `MG${'0a'.repeat(16)}`);
    await submit(field('#team form'));
    expect(pageText()).toContain('A Sync Service SID is IS followed by 32 lowercase hex characters.');
    expect(sentWith('settings.save')).toEqual([]);
  });

  it('fills "You are" with the Okta login once team mode is on and nobody is named, and saves it with team mode', async () => {
    background({ 'team.status': () => status({ state: 'off' }), 'team.suggestOperator': () => ({ login: 'ana@example.com' }) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: false }))} onSaved={onSaved} />);
    expect(sentWith('team.suggestOperator')).toEqual([]);
    await click(field<HTMLInputElement>('#team input[type=checkbox]'));
    expect(sentWith('team.suggestOperator')).toHaveLength(1);
    expect(pageText()).toContain('You are ana@example.com. In team mode this is the identity on every run and in the Sync token');
    expect(pageText()).toContain('Unsaved changes');
    await submit(field('#team form'));
    expect(sentWith('settings.save')[0]!.settings.runs.operator).toBe('ana@example.com');
  });

  it('says so when Okta cannot tell who the admin is', async () => {
    background({ 'team.status': () => status(), 'team.suggestOperator': () => ({ login: null }) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: true, serviceSid: IS }))} onSaved={onSaved} />);
    expect(pageText()).toContain('Flex Steward could not tell who you are in Okta; type your email in You are under Deprovisioning.');
    // It can be asked again, e.g. after signing in to Okta with another token.
    expect(button('Use my Okta login').disabled).toBe(false);
  });

  it('words the team ledger being behind and Sync being offline', async () => {
    background({ 'team.status': () => status({ behindBy: 1 }) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: true, serviceSid: IS }))} onSaved={onSaved} />);
    expect(field('[aria-label="Team status"]').textContent).toBe('Team ledger is behind by 1 run');
    await page.unmount();
    background({ 'team.status': () => status({ state: 'offline', behindBy: 3, problem: unreachable }) });
    page = await render(<TeamSection view={viewOf(withTeam({ enabled: true, serviceSid: IS }))} onSaved={onSaved} />);
    expect(field('[aria-label="Team status"]').textContent).toBe(
      'Offline since 2026-12-02 10:42 UTC: Twilio Sync could not be reached. Runs are recorded here and sent when Sync returns. Team ledger is behind by 3 runs.',
    );
  });
});

describe('Settings → Deprovisioning: approved operators in team mode', () => {
  let page: Rendered | undefined;
  const onSaved = vi.fn();
  const operators = (emails: string[], patch: Partial<TeamOperatorsView> = {}): TeamOperatorsView => ({
    operators: emails.map((email) => ({ email, addedBy: 'ana@example.com', addedAt: '2026-12-01T09:00:00Z' })),
    stale: false,
    ...patch,
  });
  beforeEach(() => {
    fakeAsk.mockReset();
    onSaved.mockReset();
  });
  afterEach(() => page?.unmount());

  it('edits the team list in Sync instead of this browser’s, and leaves this browser’s as it was', async () => {
    const change = { v: 1 as const, type: 'operators' as const, id: 'c1', by: 'ana@example.com', at: '2026-12-02T10:42:00Z', added: ['bob@example.com'], removed: [] };
    background({ 'team.operators': () => operators(['ana@example.com']), 'team.setOperators': ({ operators: emails }) => operators(emails, { changes: [change] }) });
    page = await render(<RunsSection view={viewOf(withTeam({ enabled: true, serviceSid: IS }, { approvedOperators: ['local@example.com'] }))} onSaved={onSaved} />);
    expect(document.querySelector('#runs-approved')).toBeNull();
    const shared = field<HTMLTextAreaElement>('#team-approved');
    expect(shared.value).toBe('ana@example.com');
    expect(pageText()).toContain('Changes are recorded in the team ledger.');
    expect(button('Save approved operators').disabled).toBe(true);

    await typeInto(shared, 'ana@example.com\nbob@example.com, ');
    expect(pageText()).toContain('Unsaved changes');
    await click(button('Save approved operators'));
    expect(sentWith('team.setOperators')).toEqual([{ operators: ['ana@example.com', 'bob@example.com'] }]);
    expect(shared.value).toBe('ana@example.com\nbob@example.com');
    expect(pageText()).toContain('Saved at');
    expect(field('[aria-label="Recent changes to the approved operators"]').textContent).toBe('2026-12-02 10:42 UTC · ana@example.com added bob@example.com');

    await submit(field('#runs form'));
    expect(sentWith('settings.save')[0]!.settings.runs.approvedOperators).toEqual(['local@example.com']);
  });

  it('shows the last list read while Sync is unreachable, and does not let it be saved', async () => {
    background({ 'team.operators': () => operators(['ana@example.com'], { stale: true, problem: unreachable }) });
    page = await render(<RunsSection view={viewOf(withTeam({ enabled: true, serviceSid: IS }))} onSaved={onSaved} />);
    expect(field<HTMLTextAreaElement>('#team-approved').value).toBe('ana@example.com');
    expect(pageText()).toContain('Sync cannot be reached: this is the list as last read from Sync. It can be changed once Sync answers again.');
    expect(pageText()).toContain('Twilio Sync could not be reached.Check the network, then try again.');
    await typeInto(field('#team-approved'), 'bob@example.com');
    expect(button('Save approved operators').disabled).toBe(true);
  });

  it('keeps this browser’s list, and asks nothing of Sync, when team mode is off', async () => {
    background({});
    page = await render(<RunsSection view={viewOf(withTeam({ enabled: false }, { approvedOperators: ['local@example.com'] }))} onSaved={onSaved} />);
    expect(field<HTMLTextAreaElement>('#runs-approved').value).toBe('local@example.com');
    expect(document.querySelector('#team-approved')).toBeNull();
    expect(fakeAsk).not.toHaveBeenCalled();
  });

  it('places Team mode after Deprovisioning, and "You are" set from Okta there reaches the Deprovisioning form', async () => {
    let settings = withTeam({ enabled: true, serviceSid: IS });
    background({
      'settings.get': () => viewOf(settings),
      'settings.save': (payload) => viewOf((settings = payload.settings)),
      'team.status': () => status(),
      'team.operators': () => operators([]),
      'team.suggestOperator': () => ({ login: 'ana@example.com' }),
    });
    page = await render(<OptionsApp />);
    const ids = [...document.querySelectorAll('section.panel')].map((s) => s.id);
    expect(ids.indexOf('team')).toBe(ids.indexOf('runs') + 1);
    expect(pageText()).toContain('You are ana@example.com.');
    await submit(field('#team form'));
    expect(field<HTMLInputElement>('#runs-operator').value).toBe('ana@example.com');
    await submit(field('#runs form'));
    expect(settings.runs.operator).toBe('ana@example.com');
  });
});

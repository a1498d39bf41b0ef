// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '../messages/ask-background';
import type { CommandResponse } from '../messages/commands';
import { error, flexField, ok, summarise, warning, type SsoFinding } from '../sso/finding';
import type { SsoPageValues } from '../sso/page-values';
import { flexSsoHints } from './flex-sso-hints';

vi.mock('../messages/ask-background', () => ({ askBackground: vi.fn() }));
// Open roots here, so the test can read what the closed ones show on a real page.
vi.mock('../ui/shadow-host', () => import('../../tests/support/open-shadow-host'));

const AC = `AC${'a1'.repeat(15)}1234`;
const ACS = `https://iam.twilio.com/v1/Accounts/${AC}/saml2`;
const SSO = 'https://acme.okta.com/app/acme_twilioflex_1/exk1a2b3c4d5e6f7g8h9/sso/saml';
const ask = vi.mocked(askBackground);

const answer = (findings: SsoFinding[]): CommandResponse<'sso.checkPage'> => ({ findings, summary: summarise(findings), checkedAgainst: { twilioAccount: AC, oktaApp: 'Twilio Flex' } });
/** What each check was asked about. */
const sentPages = () => ask.mock.calls.map(([, payload]) => (payload as { page: SsoPageValues }).page);

/** What a shadow root shows: its mount, not its style sheet. */
const shown = (host: Element | null) => host?.shadowRoot?.lastElementChild?.textContent ?? '';
const hintText = (field: string) => shown(document.querySelector(`flex-steward-hint[data-field="${field}"]`));
const summaryText = () => shown(document.querySelector('flex-steward-card'));
const inputValues = () => [...document.querySelectorAll('input')].map((i) => i.value);

function type(input: HTMLInputElement, text: string) {
  for (const char of text) {
    input.value += char;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

describe('hints on the Flex single-sign-on page', () => {
  let controller: AbortController;
  beforeEach(() => {
    document.body.innerHTML = `<main><h1>Single sign-on (SSO)</h1><form>
      <div><label for=":r1:">SSO URL</label><input id=":r1:" type="text" value="${SSO} "></div>
      <div><label for=":r2:">ACS URL</label><div><input id=":r2:" type="text" value="${ACS.replace('1234', '1235')}" readonly><button type="button">Copy</button></div></div>
      <div><label for=":r3:">Friendly Name</label><input id=":r3:" type="text" value="Twilio Flex"></div></form></main>`;
    ask.mockReset();
    controller = new AbortController();
  });
  afterEach(() => controller.abort());

  const start = () => flexSsoHints.init({ page: { kind: 'flex-sso' }, document, signal: controller.signal });

  it('puts each field’s finding under it (icon and word, why, fix, the value to copy) and the rest in the summary', async () => {
    ask.mockResolvedValue(
      answer([
        warning('sso-url.whitespace', flexField('ssoUrl'), 'The SSO URL ends with a space.', 'Remove the trailing space.', SSO),
        error('acs-url.account', flexField('acsUrl'), 'The ACS URL names account AC…1235, not AC…1234.', 'Paste this account’s ACS URL in your IdP.', ACS),
        error('generation.deadline', null, 'The legacy connection is past the 31 March 2026 deadline.', 'Migrate to the enhanced connection.'),
        ok('friendly-name', flexField('friendlyName'), 'A friendly name is set.'),
      ]),
    );
    const before = inputValues();
    start();
    // Each hint is a React root of its own: wait for every one to render the answer.
    await vi.waitFor(() => expect([hintText('ssoUrl'), hintText('acsUrl'), hintText('friendlyName'), summaryText()].filter((t) => t === '' || t.includes('Checking'))).toEqual([]));
    expect(hintText('ssoUrl')).toBe(`! Warning: The SSO URL ends with a space.Remove the trailing space.Expected: ${SSO}Copy`);
    expect(hintText('acsUrl')).toContain(`✕ Error: The ACS URL names account AC…1235, not AC…1234.Paste this account’s ACS URL in your IdP.Expected: ${ACS}Copy`);
    expect(hintText('friendlyName')).toBe('✓ OK: A friendly name is set.');
    // Under the field's row: after the box holding the input and the Console's own Copy button.
    expect(document.querySelector('flex-steward-hint[data-field="acsUrl"]')?.previousElementSibling?.querySelector('input')?.id).toBe(':r2:');

    const summary = summaryText();
    expect(summary).toContain('Legacy SAML 2.0 form.');
    expect(summary).toContain('3 problems: ');
    expect(summary).toContain('Checked against AC…1234 and the Okta app Twilio Flex.');
    expect(summary).toContain('✕ Error: The legacy connection is past the 31 March 2026 deadline.');
    expect(summary).not.toContain('The SSO URL ends with a space.Remove');
    expect(inputValues()).toEqual(before);
  });

  it('checks again once typing pauses, one check for a burst of keys, showing “Checking…” meanwhile', async () => {
    ask.mockResolvedValue(answer([]));
    start();
    await vi.waitFor(() => expect([hintText('ssoUrl'), hintText('friendlyName')].filter((t) => t.includes('Nothing to check'))).toHaveLength(2));
    expect(ask).toHaveBeenCalledTimes(1);

    const sso = document.getElementById(':r1:') as HTMLInputElement;
    type(sso, 'abc');
    await vi.waitFor(() => expect(hintText('ssoUrl')).toBe('Checking…'));
    // A field whose value did not change keeps its answer while the other is re-checked.
    expect(hintText('friendlyName')).toContain('Nothing to check');
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(2));
    expect(sentPages()[1]!.values.ssoUrl).toBe(`${SSO} abc`);
    await vi.waitFor(() => expect(hintText('ssoUrl')).toContain('Nothing to check'));
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('keeps one check in flight: what is typed meanwhile is sent when the answer is in', async () => {
    let release!: (a: CommandResponse<'sso.checkPage'>) => void;
    ask.mockImplementationOnce(() => new Promise((resolve) => (release = resolve))).mockResolvedValue(answer([]));
    start();
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
    type(document.getElementById(':r3:') as HTMLInputElement, '!');
    // Long past the typing pause, the second check still waits for the first answer.
    await vi.waitFor(() => expect(hintText('friendlyName')).toBe('Checking…'));
    // Absence has no event to wait for: a bounded wait past the 300 ms pause, after which a second check would have gone.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ask).toHaveBeenCalledTimes(1);
    release(answer([]));
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(2));
    expect(sentPages()[1]!.values.friendlyName).toBe('Twilio Flex!');
  });

  it('says when the check could not run, and leaves the hints pointing at the summary', async () => {
    ask.mockRejectedValue(new Error('Extension context invalidated.'));
    start();
    await vi.waitFor(() => expect(summaryText()).toContain('Extension context invalidated.'));
    expect(hintText('ssoUrl')).toContain('see Flex Steward’s summary');
  });

  it('takes its hints and summary away when the page navigates elsewhere', async () => {
    ask.mockResolvedValue(answer([]));
    start();
    await vi.waitFor(() => expect(document.querySelectorAll('flex-steward-hint')).toHaveLength(3));
    controller.abort();
    expect(document.querySelectorAll('flex-steward-hint, flex-steward-card')).toHaveLength(0);
  });
});

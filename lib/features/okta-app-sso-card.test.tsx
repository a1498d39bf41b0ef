// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '../messages/ask-background';
import type { CommandResponse } from '../messages/commands';
import { error, ok, oktaField, summarise, type SsoFinding } from '../sso/finding';
import { oktaAppSsoCard } from './okta-app-sso-card';

vi.mock('../messages/ask-background', () => ({ askBackground: vi.fn() }));
vi.mock('../ui/shadow-host', () => import('../../tests/support/open-shadow-host'));

const AC = `AC${'a1'.repeat(15)}1234`;
const APP_ID = '0oa1a2b3c4d5e6f7g8h9';
const ask = vi.mocked(askBackground);
const answer = (findings: SsoFinding[], isFlexApp = true): CommandResponse<'sso.oktaApp'> => ({ findings, summary: summarise(findings), checkedAgainst: { twilioAccount: AC, oktaApp: 'Twilio Flex' }, isFlexApp });
const cardText = () => document.querySelector('flex-steward-card')?.shadowRoot?.textContent ?? '(no card)';

describe('the Okta app card', () => {
  let controller: AbortController;
  beforeEach(() => {
    document.body.innerHTML = '<main><h1>Twilio Flex</h1></main>';
    history.replaceState(null, '', '/admin/app/acme_twilioflex_1/instance/0oa1a2b3c4d5e6f7g8h9/');
    ask.mockReset();
    controller = new AbortController();
  });
  afterEach(() => controller.abort());
  const start = () => oktaAppSsoCard.init({ page: { kind: 'okta-app', appName: 'acme_twilioflex_1', appId: APP_ID }, document, signal: controller.signal });

  it('says the Flex app fits when every check is OK, listing each in Okta’s words', async () => {
    ask.mockResolvedValue(answer([ok('okta.acs', oktaField('ssoAcsUrl'), 'The ACS URL is this account’s.'), ok('okta.signed', oktaField('assertionSigned'), 'The assertion is signed.')]));
    start();
    await vi.waitFor(() => expect(cardText()).toContain('fit this Twilio account’s Flex connection'));
    expect(ask).toHaveBeenCalledWith('sso.oktaApp', { appId: APP_ID });
    expect(cardText()).toContain('Checked against AC…1234 and the Okta app Twilio Flex.');
    expect(cardText()).toContain('✓ OK · Okta: Single sign on URL: The ACS URL is this account’s.');
    expect(cardText()).toContain('✓ OK · Okta: Assertion Signature: The assertion is signed.');
  });

  it('lists each problem first, with the Okta field to change and the value to put there', async () => {
    const acs = `https://iam.twilio.com/v1/Accounts/${AC}/saml2`;
    ask.mockResolvedValue(answer([ok('okta.signed', oktaField('assertionSigned'), 'The assertion is signed.'), error('okta.audience', oktaField('audience'), 'The audience names another account.', 'Paste this account’s Entity ID.', `${acs}/metadata`)]));
    start();
    await vi.waitFor(() => expect(cardText()).toContain('1 problem: The audience names another account.'));
    expect(cardText()).toContain(`✕ Error · Okta: Audience URI (SP Entity ID): The audience names another account.Paste this account’s Entity ID.Expected: ${acs}/metadataCopy`);
    expect(cardText().indexOf('Error')).toBeLessThan(cardText().indexOf('✓ OK'));
  });

  it('says in one line that another app is not the Flex app (here on its Sign On tab)', async () => {
    history.replaceState(null, '', '#tab-signon');
    ask.mockResolvedValue(answer([], false));
    start();
    await vi.waitFor(() => expect(cardText()).toBe('Flex Steward: not the Flex app (that is Twilio Flex).'));
  });

  it('stays off the app’s other tabs', () => {
    history.replaceState(null, '', '#tab-assignments');
    start();
    expect(cardText()).toBe('(no card)');
    expect(ask).not.toHaveBeenCalled();
  });
});

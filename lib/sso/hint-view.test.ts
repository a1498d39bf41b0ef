import { describe, expect, it } from 'vitest';
import { error, flexField, ok, oktaField, warning } from './finding';
import { checkedAgainstText, describeFlexSsoPage, fieldLabel, placeFindings } from './hint-view';

const AC = `AC${'a1'.repeat(15)}1234`;

describe('placing findings beside the Flex page’s fields', () => {
  const ssoOk = ok('sso-url.shape', flexField('ssoUrl'), 'The SSO URL is an Okta app’s SAML endpoint.');
  const ssoSpace = warning('sso-url.whitespace', flexField('ssoUrl'), 'The SSO URL ends with a space.', 'Remove the trailing space.', 'https://acme.okta.com/app/x/exk1/sso/saml');
  const acsAccount = error('acs-url.account', flexField('acsUrl'), 'The ACS URL names another account.', 'Use this account’s ACS URL.', `https://iam.twilio.com/v1/Accounts/${AC}/saml2`);
  const deadline = error('generation.deadline', null, 'The legacy connection is past the 31 March 2026 deadline.', 'Migrate to the enhanced connection.');
  const oktaSigned = warning('okta.assertion-signed', oktaField('assertionSigned'), 'The assertion is not signed.', 'Set Assertion Signature to Signed.');

  it('shows a field’s problems worst first and hides what was fine about it while a problem stands', () => {
    const { byField } = placeFindings([ssoOk, ssoSpace], ['ssoUrl']);
    expect(byField.get('ssoUrl')).toEqual({ severity: 'warning', findings: [ssoSpace] });
  });

  it('shows what was fine when nothing is wrong, and “nothing to check” for a field no rule spoke about', () => {
    const { byField } = placeFindings([ssoOk], ['ssoUrl', 'friendlyName']);
    expect(byField.get('ssoUrl')).toEqual({ severity: 'ok', findings: [ssoOk] });
    expect(byField.get('friendlyName')).toEqual({ severity: 'unchecked', findings: [] });
  });

  it('sends page-wide findings, Okta-side findings and findings about fields not on the page to the summary', () => {
    const { byField, pageWide } = placeFindings([ssoOk, acsAccount, deadline, oktaSigned], ['ssoUrl']);
    expect([...byField.keys()]).toEqual(['ssoUrl']);
    expect(pageWide).toEqual([acsAccount, deadline, oktaSigned]);
  });

  it('names where each finding is fixed, in the console’s own words', () => {
    expect(fieldLabel(flexField('issuer'))).toBe('Flex: Identity Provider Issuer');
    expect(fieldLabel(oktaField('audience'))).toBe('Okta: Audience URI (SP Entity ID)');
    expect(fieldLabel(null)).toBeNull();
  });
});

describe('the summary’s words', () => {
  it('says what the values were checked against, with the account SID shortened', () => {
    expect(checkedAgainstText({ twilioAccount: AC, oktaApp: 'Twilio Flex' })).toBe('Checked against AC…1234 and the Okta app Twilio Flex.');
    expect(checkedAgainstText({ twilioAccount: AC })).toBe('Checked against AC…1234.');
    expect(checkedAgainstText({})).toBeNull();
  });

  it('names the form and, in the set-up workflow, the step and the setup type', () => {
    expect(describeFlexSsoPage({ form: 'legacy', values: {} })).toBe('Legacy SAML 2.0 form.');
    expect(describeFlexSsoPage({ form: 'wizard', step: 2, setupType: 'modify', values: {} })).toBe('Single sign-on set up, step 2: Update your identity provider (modifying the existing SSO connection).');
    expect(describeFlexSsoPage({ form: 'wizard', step: 3, setupType: 'create', values: {} })).toBe('Single sign-on set up, step 3: Enter identity provider data (creating a new SSO connection).');
    expect(describeFlexSsoPage({ form: 'migrated', values: {} })).toContain('New connection saved');
  });
});

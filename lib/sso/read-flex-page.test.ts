// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flexSsoInputs, readFlexSsoPage } from './read-flex-page';

const AC = `AC${'a1'.repeat(16)}`;
const JQ = `JQ${'0f'.repeat(16)}`;
const OKTA_SSO = 'https://acme.okta.com/app/acme_twilioflex_1/exk1a2b3c4d5e6f7g8h9/sso/saml';
const OKTA_ISSUER = 'http://www.okta.com/exk1a2b3c4d5e6f7g8h9';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----';

// Shaped like the Console's pages: generated class names and React-style ids, labels tied by `for=`.
let n = 0;
const field = (label: string, value: string, control: 'input' | 'textarea' | 'copy' = 'input') => {
  const id = `:r${(n++).toString(36)}:`;
  const input = control === 'textarea' ? `<textarea class="css-x1" id="${id}">${value}</textarea>` : `<input class="css-x2" type="text" id="${id}" value="${value}"${control === 'copy' ? ' readonly' : ''}>`;
  const wrapped = control === 'copy' ? `<div class="css-c0">${input}<button type="button">Copy</button></div>` : input;
  return `<div class="css-f9"><label class="css-l3" for="${id}">${label}</label>${wrapped}</div>`;
};

const LEGACY = `<h1 class="css-t1">Single sign-on (SSO)</h1>
<section><h2>New SSO Solution Available</h2><a href="?variant=enhanced">Start setup</a></section>
<form class="css-k2"><h2>SAML 2.0</h2>
${field('Login link', 'https://flex.twilio.com/steward-1234', 'copy')}
${field('Friendly Name', 'Twilio Flex')}
${field('SSO URL', `${OKTA_SSO} `)}
${field('X.509 Certificate', PEM, 'textarea')}
${field('Identity Provider Issuer', OKTA_ISSUER)}
${field('Default Redirect URL', 'https://flex.twilio.com/agent-desktop')}
${field('Trusted Domains', '')}
${field('Entity ID', `https://iam.twilio.com/v1/Accounts/${AC}/saml2/metadata`, 'copy')}
${field('ACS URL', `https://iam.twilio.com/v1/Accounts/${AC}/saml2`, 'copy')}
</form>`;

const wizard = (step: number, setup: 'modify' | 'create') => `<h1>Single sign-on set up</h1>
<div><ol><li>Select setup type</li><li>Update your identity provider</li></ol>
<section data-x="1"${step === 1 ? '' : ' hidden'}><h2>Step 1: Select setup type</h2><fieldset><legend>How do you want to set up the new connection?</legend>
<label><input type="radio" name="setupType" value="modify"${setup === 'modify' ? ' checked' : ''}> <span><strong>Modify existing SSO connection</strong></span></label>
<label><input type="radio" name="setupType" value="create"${setup === 'create' ? ' checked' : ''}> <span><strong>Create new SSO connection</strong></span></label></fieldset></section>
<section${step === 2 ? '' : ' hidden'}><h2>Step 2: Update your identity provider</h2>
${field('Entity ID', `urn:flex:${JQ}`, 'copy')}
${field('ACS URL', `https://login.flex.us1.twilio.com/login/callback?connection=${JQ}`, 'copy')}
<table><tr><th>Entity ID label</th><th>ACS URL label</th></tr><tr><td>Audience URI (SP Entity ID)</td><td>Single sign on URL</td></tr></table>
<label><input type="checkbox"> <span>I confirm that the Entity ID and ACS URL have been updated</span></label></section>
<section class="css-s3" style="display: ${step === 3 ? 'block' : 'none'}"><h2>Step 3: Enter identity provider data</h2>
${field('Friendly Name', 'Flex (new)')}
${field('SSO URL', OKTA_SSO)}
${field('X.509 Certificate', PEM, 'textarea')}
${field('Identity Provider Issuer', OKTA_ISSUER)}
${field('Default Redirect URL', '')}
${field('Trusted domains', 'https://example.com/flex')}
${field('Domain redirect URL', 'https://example.com/flex')}</section>
<section${step === 4 ? '' : ' hidden'}><h2>Step 4: Validate successful connection in Flex</h2><button>Log in with SSO</button><p role="status">New connection saved.</p></section></div>`;

describe('reading the Flex single-sign-on page', () => {
  beforeEach(() => {
    n = 0;
  });

  it('reads the legacy SAML form by its labels, values exactly as typed (trailing space kept), and skips fields it does not check', () => {
    document.body.innerHTML = LEGACY;
    expect(readFlexSsoPage(document)).toEqual({
      form: 'legacy',
      values: {
        friendlyName: 'Twilio Flex',
        ssoUrl: `${OKTA_SSO} `,
        certificate: PEM,
        issuer: OKTA_ISSUER,
        redirectUrl: 'https://flex.twilio.com/agent-desktop',
        trustedDomains: '',
        entityId: `https://iam.twilio.com/v1/Accounts/${AC}/saml2/metadata`,
        acsUrl: `https://iam.twilio.com/v1/Accounts/${AC}/saml2`,
      },
    });
  });

  it('reads what the admin has typed since the page loaded, not the markup’s value', () => {
    document.body.innerHTML = LEGACY;
    const { input } = flexSsoInputs(document).get('issuer')!;
    input.value = 'http://www.okta.com/exkOTHER';
    expect(readFlexSsoPage(document).values.issuer).toBe('http://www.okta.com/exkOTHER');
  });

  it('follows the set-up workflow: the visible step, the chosen setup type, and only that step’s fields', () => {
    document.body.innerHTML = wizard(1, 'modify');
    expect(readFlexSsoPage(document)).toEqual({ form: 'wizard', step: 1, setupType: 'modify', values: {} });

    document.body.innerHTML = wizard(2, 'modify');
    expect(readFlexSsoPage(document)).toEqual({
      form: 'wizard',
      step: 2,
      setupType: 'modify',
      values: { entityId: `urn:flex:${JQ}`, acsUrl: `https://login.flex.us1.twilio.com/login/callback?connection=${JQ}` },
    });

    document.body.innerHTML = wizard(2, 'create');
    expect(readFlexSsoPage(document)).toMatchObject({ form: 'wizard', step: 2, setupType: 'create' });

    // Step 3 is hidden by a style, not the `hidden` attribute, in this fixture: both count as hidden.
    document.body.innerHTML = wizard(3, 'create');
    expect(readFlexSsoPage(document)).toEqual({
      form: 'wizard',
      step: 3,
      setupType: 'create',
      values: {
        friendlyName: 'Flex (new)',
        ssoUrl: OKTA_SSO,
        certificate: PEM,
        issuer: OKTA_ISSUER,
        redirectUrl: '',
        trustedDomains: 'https://example.com/flex',
        domainRedirectUrl: 'https://example.com/flex',
      },
    });

    // Step 4's "New connection saved." is the workflow's status line, not the migrated page.
    document.body.innerHTML = wizard(4, 'create');
    expect(readFlexSsoPage(document)).toEqual({ form: 'wizard', step: 4, setupType: 'create', values: {} });
  });

  it('follows the admin’s choice of setup type as they click it', () => {
    document.body.innerHTML = wizard(1, 'modify');
    document.querySelector<HTMLInputElement>('input[value="create"]')!.checked = true;
    expect(readFlexSsoPage(document).setupType).toBe('create');
  });

  it('knows the page after migration, taking the new connection’s values before the legacy ones', () => {
    document.body.innerHTML = `<h1>Single sign-on (SSO)</h1><section><h2>New connection saved</h2>
      ${field('Entity ID', `urn:flex:${JQ}`, 'copy')}${field('ACS URL', `https://login.flex.us1.twilio.com/login/callback?connection=${JQ}`, 'copy')}
      <a href="#">switch back to legacy connection</a></section>
      <section><h2>Legacy Flex SSO</h2>${field('Entity ID', `https://iam.twilio.com/v1/Accounts/${AC}/saml2/metadata`, 'copy')}</section>`;
    expect(readFlexSsoPage(document)).toEqual({
      form: 'migrated',
      values: { entityId: `urn:flex:${JQ}`, acsUrl: `https://login.flex.us1.twilio.com/login/callback?connection=${JQ}` },
    });
  });

  it('says unknown for a page without any field it knows, and takes labels with a required marker but not longer labels', () => {
    document.body.innerHTML = '<h1>Flex overview</h1><label for="a">Entity ID label</label><input id="a" value="x">';
    expect(readFlexSsoPage(document)).toEqual({ form: 'unknown', values: {} });
    document.body.innerHTML = '<label for="a">SSO URL *</label><input id="a" value="https://x">';
    expect(readFlexSsoPage(document)).toEqual({ form: 'legacy', values: { ssoUrl: 'https://x' } });
  });

  it('gives each field’s control and label, for a hint to sit beside', () => {
    document.body.innerHTML = wizard(2, 'modify');
    const inputs = flexSsoInputs(document);
    expect([...inputs.keys()]).toEqual(['entityId', 'acsUrl']);
    expect(inputs.get('acsUrl')!.input.value).toContain('login.flex.us1.twilio.com');
    expect(inputs.get('acsUrl')!.label.textContent).toBe('ACS URL');
  });

  it('runs from its own source text alone, as scripting.executeScript sends it, reading the page’s document by default', () => {
    document.body.innerHTML = wizard(2, 'create');
    const isolated = new Function(`return (${readFlexSsoPage.toString()})`)() as typeof readFlexSsoPage;
    expect(isolated()).toEqual(readFlexSsoPage(document));
  });
});

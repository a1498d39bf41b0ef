import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { ACCOUNT_SID, FLEX_APP_ID, FLEX_APP_NAME, seedPagesState } from './test-fixtures';

const ADMIN = 'https://steward-sandbox-admin.okta.com';
const FLEX_APP_PAGE = `${ADMIN}/admin/app/${FLEX_APP_NAME}/instance/${FLEX_APP_ID}/`;

/** The text of the `<dd>` that follows the `<dt>` with exactly `term`. */
const definition = (page: string, term: string) => new RegExp(`<dt>${term.replace(/[()]/g, '\\$&')}</dt><dd>([^<]*)</dd>`).exec(page)?.[1];
/** The markup of one tab panel. */
const panel = (page: string, tab: string) => new RegExp(`<section role="tabpanel" data-tab-panel="${tab}"[^>]*>([\\s\\S]*?)</section>`).exec(page)?.[1] ?? '';

describe('Okta admin pages (steward-sandbox-admin.okta.com)', () => {
  let sandbox: Sandbox;
  let get: (url: string) => Promise<{ status: number; text: string }>;
  let fetcher: typeof fetch;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5 });
    seedPagesState(sandbox.state);
    fetcher = sandboxFetch(sandbox);
    get = async (url) => {
      const res = await fetcher(url);
      return { status: res.status, text: await res.text() };
    };
  });
  afterAll(() => sandbox.close());

  it('lists people with links to their profiles and their status', async () => {
    const { status, text } = await get(`${ADMIN}/admin/users`);
    expect(status).toBe(200);
    expect(text).toContain('<a href="/admin/user/profile/view/00ualice000000000001">Alice Able</a>');
    expect(text).toContain('alice.able@example.com');
    expect(text).toMatch(/data-user-status>Suspended<\/span>/);
    expect(text).toContain('4 people');
  });

  it('shows a profile with status, username, email and the Flex app on the Applications tab', async () => {
    const { status, text } = await get(`${ADMIN}/admin/user/profile/view/00ualice000000000001`);
    expect(status).toBe(200);
    expect(text).toContain('<h1>Alice Able</h1>');
    expect(text).toMatch(/data-user-status>Active<\/span>/);
    expect(definition(text, 'Username')).toBe('alice.able@example.com');
    expect(definition(text, 'Primary email')).toBe('alice.able@example.com');
    for (const [tab, label] of [['tab-apps', 'Applications'], ['tab-groups', 'Groups'], ['tab-profile', 'Profile']]) {
      expect(text).toContain(`<a role="tab" href="#${tab}" data-tab="${tab}"`);
      expect(text).toContain(`>${label}</a>`);
    }
    const apps = panel(text, 'tab-apps');
    expect(apps).toContain(`<a href="/admin/app/${FLEX_APP_NAME}/instance/${FLEX_APP_ID}/">Twilio Flex</a>`);
    expect(apps).toContain('<td>alice.able@example.com</td>');
    expect(panel(text, 'tab-profile')).toContain('<dt>department</dt><dd>Support</dd>');
    expect(text).toContain('history.pushState');
  });

  it('names each lifecycle status the way the admin console does', async () => {
    expect((await get(`${ADMIN}/admin/user/profile/view/00ubob00000000000002`)).text).toMatch(/data-user-status>Suspended</);
    const carol = await get(`${ADMIN}/admin/user/profile/view/00ucarol000000000003`);
    expect(carol.text).toMatch(/data-user-status>Deactivated</);
    expect(panel(carol.text, 'tab-apps')).toContain('No applications are assigned to this person.');
  });

  it('lists active and inactive apps separately', async () => {
    const active = await get(`${ADMIN}/admin/apps/active`);
    expect(active.status).toBe(200);
    expect(active.text).toContain(`<a href="/admin/app/${FLEX_APP_NAME}/instance/${FLEX_APP_ID}/">Twilio Flex</a>`);
    expect(active.text).not.toContain('Team wiki');
    expect((await get(`${ADMIN}/admin/apps/inactive`)).text).toContain('Team wiki');
  });

  it('shows a SAML app\'s settings with Okta\'s labels, its attribute statements and assigned people', async () => {
    const { status, text } = await get(FLEX_APP_PAGE);
    expect(status).toBe(200);
    const general = panel(text, 'tab-general');
    expect(definition(general, 'Single sign on URL')).toBe(`https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2`);
    expect(definition(general, 'Audience URI (SP Entity ID)')).toBe(`https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2/metadata`);
    expect(definition(general, 'Recipient URL')).toBe(`https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2`);
    expect(definition(general, 'Destination URL')).toBe(`https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2`);
    expect(definition(general, 'Name ID format')).toBe('Unspecified');
    expect(definition(general, 'Application username')).toBe('Email');
    expect(definition(general, 'Response')).toBe('Signed');
    expect(definition(general, 'Assertion Signature')).toBe('Signed');
    expect(definition(general, 'Signature Algorithm')).toBe('RSA-SHA256');
    expect(definition(general, 'Digest Algorithm')).toBe('SHA256');
    expect(definition(general, 'Assertion Encryption')).toBe('Unencrypted');
    expect(general).toMatch(/<tr><td>roles<\/td><td>Basic<\/td><td class="css-[0-9a-z]+">user.userType<\/td><\/tr>/);
    expect(general).toContain('user.firstName + &quot; &quot; + user.lastName');
    const assignments = panel(text, 'tab-assignments');
    expect(assignments).toContain('Alice Able');
    expect(assignments).toContain('Bob Baker');
    expect(assignments).not.toContain('Carol');
  });

  it('shows the IdP metadata URL and setup values on the Sign On tab', async () => {
    const signOn = panel((await get(FLEX_APP_PAGE)).text, 'tab-signon');
    const metadata = `https://steward-sandbox.okta.com/app/${FLEX_APP_ID}/sso/saml/metadata`;
    expect(signOn).toContain(`<a href="${metadata}">${metadata}</a>`);
    const published = await fetcher(`https://steward-sandbox.okta.com/api/v1/apps/${FLEX_APP_ID}/sso/saml/metadata`, { headers: { authorization: `SSWS ${sandbox.state.okta.apiTokens[0]}` } });
    const xml = await published.text();
    expect(definition(signOn, 'Identity Provider Single Sign-On URL')).toBe(/<md:SingleSignOnService[^>]*Location="([^"]+)"/.exec(xml)?.[1]);
    expect(definition(signOn, 'Identity Provider Issuer')).toBe(/entityID="([^"]+)"/.exec(xml)?.[1]);
    expect(definition(signOn, 'Identity Provider Issuer')).toMatch(/^http:\/\/www\.okta\.com\/exk\w{17}$/);
    expect(signOn).toContain('kid-flex-1');
  });

  it('shows the SAML settings a switch changed', async () => {
    const signOn = sandbox.state.okta.apps[0]!.signOn!;
    Object.assign(signOn, { responseSigned: false, signatureAlgorithm: 'RSA_SHA1', digestAlgorithm: 'SHA1', assertionEncryption: { enabled: true }, subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName' });
    try {
      const general = panel((await get(FLEX_APP_PAGE)).text, 'tab-general');
      expect(definition(general, 'Response')).toBe('Unsigned');
      expect(definition(general, 'Signature Algorithm')).toBe('RSA-SHA1');
      expect(definition(general, 'Digest Algorithm')).toBe('SHA1');
      expect(definition(general, 'Assertion Encryption')).toBe('Encrypted');
      expect(definition(general, 'Name ID format')).toBe('x509SubjectName');
    } finally {
      seedPagesState(sandbox.state);
    }
  });

  it('serves the app page with or without the trailing slash', async () => {
    expect((await get(FLEX_APP_PAGE.slice(0, -1))).status).toBe(200);
  });

  it('says so for apps that do not use SAML', async () => {
    const { text } = await get(`${ADMIN}/admin/app/bookmark/instance/0oabookmark000000002`);
    expect(panel(text, 'tab-general')).toContain('This application does not use SAML 2.0.');
  });

  it('answers unknown people and apps with a 404 page', async () => {
    for (const url of [`${ADMIN}/admin/user/profile/view/00unobody00000000000`, `${ADMIN}/admin/app/${FLEX_APP_NAME}/instance/0oanothing0000000000`, `${ADMIN}/admin/app/wrongname/instance/${FLEX_APP_ID}`]) {
      const { status, text } = await get(url);
      expect(status, url).toBe(404);
      expect(text).toMatch(/<h1>(Person|Application) not found<\/h1>/);
    }
  });

  it('escapes names that look like markup', async () => {
    for (const url of [`${ADMIN}/admin/users`, `${ADMIN}/admin/user/profile/view/00uhostile0000000004`]) {
      const { text } = await get(url);
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(text).not.toContain('<img');
    }
  });
});

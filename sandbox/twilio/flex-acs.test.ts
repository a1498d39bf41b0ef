import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HOSTS } from '../hosts';
import { flexLoginUrl, oktaLogin, postToAcs } from '../okta/saml-test-fixtures';
import { findFlexApp, serviceProviderEndpoints } from '../pages/console';
import { applySamlResponseSwitch, type SamlResponseSwitchId } from '../saml-response-switches';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { migrate, SSO_SWITCHES, type SsoSwitchId } from '../sso-switches';
import { AGENT_DESKTOP_URL } from './flex-acs';

const BEFORE_DEADLINE = new Date('2026-03-10T12:00:00Z');

let sandbox: Sandbox;
let fetchSandbox: typeof fetch;
let now = BEFORE_DEADLINE;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => now });
  fetchSandbox = sandboxFetch(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => {
  now = BEFORE_DEADLINE;
  sandbox.reseed();
});

type Generation = 'legacy' | 'enhanced' | 'preview';

/** Points the Okta app (and Flex) at one generation's connection, as an admin who set it up right would. */
function useGeneration(generation: Generation): void {
  if (generation === 'enhanced') migrate(sandbox.state, { daysAgo: 3, setupType: 'modify' }, now);
  if (generation === 'preview') SSO_SWITCHES['okta-preview-urls'].apply(sandbox.state);
}

async function signIn(accept = 'text/html'): Promise<{ status: number; location: string | null; body: string; action: string }> {
  const form = await oktaLogin(sandbox, fetchSandbox);
  const response = await fetchSandbox(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams({ SAMLResponse: form.samlResponse, RelayState: '' }).toString(),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text(), action: form.action };
}

describe.each<Generation>(['legacy', 'enhanced', 'preview'])("Flex's %s ACS endpoint", (generation) => {
  beforeEach(() => useGeneration(generation));

  it("posts to the connection's ACS URL on its real host and signs the good response in", async () => {
    const result = await signIn();
    expect(result.action).toBe(serviceProviderEndpoints(sandbox.state.twilio.credentials.accountSid, generation).acsUrl);
    expect(result).toMatchObject({ status: 302, location: AGENT_DESKTOP_URL });
    const desktop = await fetchSandbox(AGENT_DESKTOP_URL);
    expect(await desktop.text()).toContain('Flex agent desktop');
  });

  it.each<[SsoSwitchId, RegExp]>([
    ['okta-assertion-unsigned', /assertion is not signed/],
    ['okta-response-unsigned', /response is not signed/],
    ['okta-sha1', /signed with SHA-1/],
    ['okta-assertion-encrypted', /assertion is encrypted/],
  ])('refuses the response %s makes', async (id, reason) => {
    SSO_SWITCHES[id].apply(sandbox.state);
    const result = await signIn();
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.body).toMatch(reason);
    expect(result.body).not.toContain('data-twilio-error');
  });

  it.each<SsoSwitchId>(['okta-roles-missing', 'okta-roles-namespaced', 'okta-role-typo'])('answers error 45050 for the attributes %s sends', async (id) => {
    SSO_SWITCHES[id].apply(sandbox.state);
    const page = await signIn();
    expect(page.status).toBe(403);
    expect(page.body).toContain('data-twilio-error="45050"');
    expect(page.body).toContain('Missing User Attributes');
    expect(JSON.parse((await signIn('application/json')).body)).toMatchObject({ code: 45050, status: 403, more_info: 'https://www.twilio.com/docs/errors/45050' });
  });

  it.each<[SamlResponseSwitchId, RegExp]>([
    ['response-expired', /expired at/],
    ['response-clock-ahead', /not valid before .* clock is ahead/],
    ['response-foreign-key', /does not verify with the X\.509 certificate/],
    ['response-audience-other-account', /audience .* is not this connection(&#39;|')s Entity ID/],
  ])('refuses the response %s makes', async (id, reason) => {
    applySamlResponseSwitch(sandbox.state, id);
    const result = await signIn();
    expect(result.status).toBe(401);
    expect(result.body).toMatch(reason);
  });
});

describe("Flex's ACS endpoints", () => {
  it.each<[SsoSwitchId, RegExp]>([
    ['okta-recipient-mismatch', /Destination .* is not this connection(&#39;|')s ACS URL/],
    ['okta-audience-other-generation', /audience .* is not this connection(&#39;|')s Entity ID/],
    ['flex-issuer-trailing-space', /issuer .* is not the Identity Provider Issuer configured in Flex/],
    ['flex-certificate-inactive', /does not verify with the X\.509 certificate/],
  ])('refuse what %s makes of the login', async (id, reason) => {
    SSO_SWITCHES[id].apply(sandbox.state);
    const result = await signIn();
    expect(result.status).toBe(401);
    expect(result.body).toMatch(reason);
  });

  it("refuses a response posted to another account's ACS URL", async () => {
    SSO_SWITCHES['okta-acs-other-account'].apply(sandbox.state);
    const result = await signIn();
    expect(result.status).toBe(404);
    expect(result.body).toContain('no single sign-on connection at this address');
  });

  it('refuses every preview login after the migration deadline', async () => {
    useGeneration('preview');
    now = new Date('2026-04-01T00:00:00Z');
    const result = await signIn();
    expect(result.status).toBe(410);
    expect(result.body).toContain('retired');
  });

  it('refuses the legacy connection once Flex signs in through the enhanced one', async () => {
    const form = await oktaLogin(sandbox, fetchSandbox);
    migrate(sandbox.state, { daysAgo: 1, setupType: 'create' }, now);
    expect((await postToAcs(fetchSandbox, form)).status).toBe(404);
  });

  it('logs the SAMLResponse each POST carried, as posted', async () => {
    sandbox.clearRequests();
    const form = await oktaLogin(sandbox, fetchSandbox);
    await postToAcs(fetchSandbox, form);
    const posts = sandbox.requestsMatching({ host: SANDBOX_HOSTS.iam, method: 'POST' });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.samlResponse).toBe(form.samlResponse);
    expect(sandbox.requestsMatching({ host: SANDBOX_HOSTS.okta })[0]!.samlResponse).toBeUndefined();
    expect(flexLoginUrl(sandbox)).toContain(findFlexApp(sandbox.state)!.name);
  });

  describe('refuses a tampered or unsafe document', () => {
    const post = async (xml: (original: string) => string) => {
      const form = await oktaLogin(sandbox, fetchSandbox);
      const response = await postToAcs(fetchSandbox, { action: form.action, samlResponse: Buffer.from(xml(form.xml), 'utf8').toString('base64') });
      return { status: response.status, body: await response.text() };
    };

    it('a changed attribute value breaks the signature', async () => {
      const emailValue = /(<saml2:Attribute Name="email"[^>]*><saml2:AttributeValue[^>]*>)[^<]+/;
      const result = await post((xml) => {
        expect(xml).toMatch(emailValue);
        return xml.replace(emailValue, '$1boss@example.com');
      });
      expect(result.status).toBe(401);
      expect(result.body).toContain('does not verify');
    });

    it('a second assertion', async () => {
      const result = await post((xml) => xml.replace(/(<saml2:Assertion[\s\S]*<\/saml2:Assertion>)/, '$1$1'));
      expect(result.status).toBe(400);
      expect(result.body).toContain('exactly one assertion');
    });

    it('a DTD with entities, never expanded', async () => {
      const result = await post((xml) => xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'));
      expect(result.status).toBe(400);
      expect(result.body).toContain('declares a DTD');
    });
  });
});


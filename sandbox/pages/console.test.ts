import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { flexConnectionSid, shellUrlForFrame } from './console';
import { ACCOUNT_SID, FLEX_APP_ID, FLEX_APP_NAME, WORKSPACE_SID, fieldValue, flexApp, seedPagesState, workerSid } from './test-fixtures';

const CONSOLE = 'https://console.twilio.com';
const SSO = `${CONSOLE}/us1/develop/flex/users-and-access/single-sign-on`;
const IAM_ENTITY_ID = `https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2/metadata`;
const IAM_ACS_URL = `https://iam.twilio.com/v1/Accounts/${ACCOUNT_SID}/saml2`;

const iframeSrc = (page: string) => /<iframe[^>]*data-console-frame[^>]*src="([^"]*)"/.exec(page)?.[1];

describe('Console shell (console.twilio.com)', () => {
  let sandbox: Sandbox;
  let get: (url: string, headers?: Record<string, string>) => Promise<{ status: number; text: string }>;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5 });
    const fetcher = sandboxFetch(sandbox);
    get = async (url, headers = {}) => {
      const res = await fetcher(url, { headers });
      return { status: res.status, text: await res.text() };
    };
  });
  beforeEach(() => seedPagesState(sandbox.state));
  afterAll(() => sandbox.close());

  it('serves the shell with in-page nav links at / and under /us1/', async () => {
    for (const url of [`${CONSOLE}/`, `${CONSOLE}/us1/`]) {
      const { status, text } = await get(url);
      expect(status).toBe(200);
      expect(text).toMatch(/<a data-shell-link data-section="home" href="\/us1\/" aria-current="page">Home<\/a>/);
      expect(text).toContain(`data-shell-link data-section="taskrouter" href="/us1/develop/taskrouter/workspaces?frameUrl=%2Fconsole%2Ftaskrouter%2Fworkspaces">Workspaces</a>`);
      expect(text).toContain('data-shell-link data-section="flex-sso" href="/us1/develop/flex/users-and-access/single-sign-on">Single sign-on</a>');
      expect(text).toMatch(/<main class="css-[0-9a-z]+" data-console-main>/);
      expect(text).toContain('history.pushState');
      expect(text).toContain(ACCOUNT_SID);
    }
  });

  it('puts the TaskRouter list and detail pages in an iframe from www.twilio.com named by frameUrl', async () => {
    const listFrame = `/console/taskrouter/workspaces/${WORKSPACE_SID}/workers`;
    const list = await get(`${CONSOLE}/us1/develop/taskrouter/workspaces/${WORKSPACE_SID}/workers?frameUrl=${encodeURIComponent(listFrame)}`);
    expect(list.status).toBe(200);
    expect(iframeSrc(list.text)).toBe(`https://www.twilio.com${listFrame}`);
    expect(list.text).toMatch(/data-section="taskrouter"[^>]*aria-current="page"/);

    const detailFrame = `${listFrame}/${workerSid(4)}`;
    const detail = await get(`${CONSOLE}${shellUrlForFrame(detailFrame)}`);
    expect(iframeSrc(detail.text)).toBe(`https://www.twilio.com${detailFrame}`);
  });

  it('maps frame paths to shell URLs and back, keeping the frame query', () => {
    const frame = `/console/taskrouter/workspaces/${WORKSPACE_SID}/workers?page=2&layout=cards`;
    expect(shellUrlForFrame(frame)).toBe(`/us1/develop/taskrouter/workspaces/${WORKSPACE_SID}/workers?frameUrl=${encodeURIComponent(frame)}`);
  });

  it('derives the frame for TaskRouter paths without frameUrl and never frames another site', async () => {
    const bare = await get(`${CONSOLE}/us1/develop/taskrouter/workspaces/${WORKSPACE_SID}/workers`);
    expect(iframeSrc(bare.text)).toBe(`https://www.twilio.com/console/taskrouter/workspaces/${WORKSPACE_SID}/workers`);
    const hostile = await get(`${CONSOLE}/us1/develop/flex/overview?frameUrl=${encodeURIComponent('//evil.example/x')}`);
    expect(iframeSrc(hostile.text)).toBeUndefined();
    expect(hostile.text).toContain('Flex overview');
  });

  it('answers in-page navigation with just the main area', async () => {
    const { status, text } = await get(`${CONSOLE}/us1/develop/flex/overview`, { 'x-console-fragment': '1' });
    expect(status).toBe(200);
    expect(text).not.toContain('<html');
    expect(text).not.toContain('data-shell-nav');
    expect(text).toMatch(/^<div data-view data-title="Flex overview \| Twilio Console" data-section="flex-overview">/);
  });

  it('answers any other Console path with a page, so navigation never 404s', async () => {
    const { status, text } = await get(`${CONSOLE}/us1/monitor/logs/debugger`);
    expect(status).toBe(200);
    expect(text).toContain('<h1 class="');
    expect(text).toContain('>Debugger</h1>');
  });

  describe('Flex single sign-on page', () => {
    it('shows the legacy SAML form with the iam Entity ID and ACS URL and the Okta app values', async () => {
      const { status, text } = await get(`${SSO}?variant=legacy`);
      expect(status).toBe(200);
      expect(fieldValue(text, 'Entity ID')).toBe(IAM_ENTITY_ID);
      expect(fieldValue(text, 'ACS URL')).toBe(IAM_ACS_URL);
      expect(fieldValue(text, 'Friendly Name')).toBe('Twilio Flex');
      expect(fieldValue(text, 'SSO URL')).toMatch(new RegExp(`^https://steward-sandbox\\.okta\\.com/app/${FLEX_APP_NAME}/exk\\w{17}/sso/saml$`));
      expect(fieldValue(text, 'Identity Provider Issuer')).toMatch(/^http:\/\/www\.okta\.com\/exk\w{17}$/);
      expect(fieldValue(text, 'X.509 Certificate')).toMatch(/^-----BEGIN CERTIFICATE-----\nMIIC/);
      expect(fieldValue(text, 'Default Redirect URL')).toBe('https://flex.twilio.com/agent-desktop');
      expect(fieldValue(text, 'Trusted Domains')).toBe('');
      expect(text).toMatch(/<input[^>]*value="https:\/\/iam\.twilio\.com[^"]*\/saml2" readonly>/);
      expect(text).toContain('New SSO Solution Available');
      expect(text).toMatch(/<a class="css-[0-9a-z]+" data-shell-link href="\/us1\/develop\/flex\/users-and-access\/single-sign-on\?variant=enhanced">Start setup<\/a>/);
    });

    it('shows the IdP SSO URL and issuer that Okta publishes in the Flex app\'s metadata', async () => {
      const metadata = await get(`https://steward-sandbox.okta.com/api/v1/apps/${FLEX_APP_ID}/sso/saml/metadata`, { authorization: `SSWS ${sandbox.state.okta.apiTokens[0]}` });
      expect(metadata.status).toBe(200);
      const { text } = await get(`${SSO}?variant=legacy`);
      expect(fieldValue(text, 'Identity Provider Issuer')).toBe(/entityID="([^"]+)"/.exec(metadata.text)?.[1]);
      expect(fieldValue(text, 'SSO URL')).toBe(/<md:SingleSignOnService[^>]*Location="([^"]+)"/.exec(metadata.text)?.[1]);
    });

    it('defaults to the variant the Okta app is set up for', async () => {
      expect(fieldValue((await get(SSO)).text, 'ACS URL')).toBe(IAM_ACS_URL);

      const jq = flexConnectionSid(ACCOUNT_SID);
      sandbox.state.okta.apps[0] = flexApp(ACCOUNT_SID, { audience: `urn:flex:${jq}`, ssoAcsUrl: `https://login.flex.us1.twilio.com/login/callback?connection=${jq}` });
      expect((await get(SSO)).text).toContain('Step 2: Update your identity provider');

      sandbox.state.okta.apps[0] = flexApp(ACCOUNT_SID, { ssoAcsUrl: `https://preview.twilio.com/iam/Accounts/${ACCOUNT_SID}/saml2` });
      const preview = (await get(SSO)).text;
      expect(fieldValue(preview, 'ACS URL')).toBe(`https://preview.twilio.com/iam/Accounts/${ACCOUNT_SID}/saml2`);
      expect(fieldValue(preview, 'Entity ID')).toBe(`https://preview.twilio.com/iam/Accounts/${ACCOUNT_SID}/saml2`);
    });

    it('shows the enhanced set-up steps with the new Entity ID and ACS URL to copy and the IdP label table', async () => {
      const { text } = await get(`${SSO}?variant=enhanced`);
      const jq = flexConnectionSid(ACCOUNT_SID);
      expect(jq).toMatch(/^JQ[0-9a-f]{32}$/);
      expect(fieldValue(text, 'Entity ID')).toBe(`urn:flex:${jq}`);
      expect(fieldValue(text, 'ACS URL')).toBe(`https://login.flex.us1.twilio.com/login/callback?connection=${jq}`);
      for (const step of ['Step 1: Select setup type', 'Step 2: Update your identity provider', 'Step 3: Enter identity provider data', 'Step 4: Validate successful connection in Flex']) {
        expect(text).toContain(step);
      }
      expect(text).toContain('Modify existing SSO connection');
      expect(text).toContain('Create new SSO connection');
      expect(text).toContain('<tr><td>Okta IdP</td><td>Create SAML integration</td><td>Audience URI (SP Entity ID)</td><td>Single sign on URL</td></tr>');
      const entityInputId = /<label[^>]*for="([^"]+)"[^>]*>Entity ID<\/label>/.exec(text)![1]!;
      expect(text).toContain(`data-copy-for="${entityInputId}">Copy</button>`);
      expect(text).toMatch(/data-step="1">/);
      expect(text).toMatch(/data-step="2" hidden>/);
      expect(text).not.toContain(ACCOUNT_SID + '/saml2');
    });

    it('opens the wizard at the step and setup type asked for', async () => {
      const { text } = await get(`${SSO}?variant=enhanced&step=2`);
      expect(text).toMatch(/data-step="1" hidden>/);
      expect(text).toMatch(/data-step="2">/);
      expect(text).toContain('<li data-step-marker="2" aria-current="step">');
      expect(text).toContain('<input type="radio" name="setupType" value="modify" checked>');
      const create = (await get(`${SSO}?variant=enhanced&step=2&setupType=create`)).text;
      expect(create).toContain('<input type="radio" name="setupType" value="create" checked>');
      expect(create).not.toContain('value="modify" checked');
      // Step 3 exists only for a new connection.
      const third = (await get(`${SSO}?variant=enhanced&step=3`)).text;
      expect(third).toMatch(/data-step="3" data-only-for="create">/);
      expect(third).toContain('<input type="radio" name="setupType" value="create" checked>');
    });

    it('makes one value subtly wrong in the broken variant', async () => {
      const { text } = await get(`${SSO}?variant=broken`);
      expect(fieldValue(text, 'Entity ID')).toBe(IAM_ENTITY_ID);
      const acs = fieldValue(text, 'ACS URL')!;
      expect(acs).not.toBe(IAM_ACS_URL);
      expect(acs).toMatch(/^https:\/\/iam\.twilio\.com\/v1\/Accounts\/AC[0-9a-f]{32}\/saml2$/);
    });

    it('lets Finish return to the page after migration with the setup type chosen in step 1', async () => {
      const { text } = await get(`${SSO}?variant=enhanced&step=4`);
      expect(text).toMatch(/data-wizard-finish data-href="\/us1\/develop\/flex\/users-and-access\/single-sign-on\?variant=migrated" disabled>Finish<\/button>/);
      expect(text).toContain("'&setupType=' + setup");
      expect(text).toMatch(/data-step="3" data-only-for="create" hidden>/);
    });

    describe('after migration', () => {
      const jq = () => flexConnectionSid(ACCOUNT_SID);
      const migrate = (setupType: 'modify' | 'create', savedAt = '2026-02-20T09:30:00.000Z') => {
        sandbox.state.twilio.flexSso = { enhanced: { setupType, savedAt }, idpOverrides: {} };
      };

      it('is what the page shows by default once an enhanced connection is saved', async () => {
        migrate('modify');
        const { text } = await get(SSO);
        expect(text).toContain('New connection saved');
        expect(fieldValue(text, 'Entity ID')).toBe(`urn:flex:${jq()}`);
        expect(fieldValue(text, 'ACS URL')).toBe(`https://login.flex.us1.twilio.com/login/callback?connection=${jq()}`);
      });

      it('shows the date it was saved, the end of the switch-back window and the switch-back link', async () => {
        migrate('modify');
        const { text } = await get(`${SSO}?variant=migrated`);
        expect(text).toContain('saved on <time datetime="2026-02-20T09:30:00.000Z">February 20, 2026</time>');
        expect(text).toContain('until <time datetime="2026-03-22T09:30:00.000Z">March 22, 2026</time>');
        expect(text).toContain(`<a data-shell-link data-switch-back href="/us1/develop/flex/users-and-access/single-sign-on?variant=legacy">switch back to legacy connection</a>`);
        expect(text).not.toContain('Legacy connection');
      });

      it('shows the IdP data the connection uses, as Okta publishes it', async () => {
        migrate('modify');
        const migrated = (await get(`${SSO}?variant=migrated`)).text;
        const legacy = (await get(`${SSO}?variant=legacy`)).text;
        for (const label of ['SSO URL', 'Identity Provider Issuer', 'X.509 Certificate', 'Friendly Name']) {
          expect(fieldValue(migrated, label), label).toBe(fieldValue(legacy, label));
          expect(fieldValue(migrated, label), label).not.toBe('');
        }
      });

      it('keeps the legacy connection, inactive, when the connection was created new', async () => {
        migrate('create');
        const { text } = await get(`${SSO}?variant=migrated`);
        expect(text).toMatch(/<h2 id="[^"]+">Legacy connection <span class="css-[0-9a-z]+">Inactive<\/span><\/h2>/);
        expect(text).toContain(`<dt>Entity ID</dt><dd>${IAM_ENTITY_ID}</dd><dt>ACS URL</dt><dd>${IAM_ACS_URL}</dd>`);
        expect(text).toContain('data-setup-type="create"');
      });

      it('shows a connection saved now, of the setup type asked for, when the state has none', async () => {
        const { text } = await get(`${SSO}?variant=migrated&setupType=create`);
        expect(text).toContain('New connection saved');
        expect(text).toContain('Legacy connection');
      });
    });

    it('still renders the form, empty, when Okta has no Flex app', async () => {
      sandbox.state.okta.apps = [];
      const { status, text } = await get(`${SSO}?variant=legacy`);
      expect(status).toBe(200);
      expect(fieldValue(text, 'SSO URL')).toBe('');
      expect(fieldValue(text, 'ACS URL')).toBe(IAM_ACS_URL);
    });
  });

  it('uses only generated class names and React-style ids', async () => {
    const { text } = await get(`${SSO}?variant=enhanced`);
    const classes = [...text.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
    expect(classes.length).toBeGreaterThan(10);
    expect(classes.every((name) => /^css-[0-9a-z]+$/.test(name))).toBe(true);
    const ids = [...text.matchAll(/<input[^>]* id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.every((id) => /^:r[0-9a-z]+:$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

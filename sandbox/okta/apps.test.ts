import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyState, makeSamlApp, nextLink, startOktaSandbox, useOktaState, type OktaSandbox } from './fixtures';

let okta: OktaSandbox;
beforeAll(async () => {
  okta = await startOktaSandbox();
});
afterAll(() => okta.sandbox.close());

beforeEach(() => {
  const state = emptyState();
  state.okta.apps = [
    makeSamlApp(1, { label: 'Twilio Flex (production)' }),
    makeSamlApp(2, { label: 'Twilio Flex (staging)', status: 'INACTIVE' }),
    makeSamlApp(3, { name: 'bookmark', label: 'Handbook', signOnMode: 'BOOKMARK', signOn: null, signingKid: null }),
  ];
  useOktaState(okta.sandbox.state, state);
});

type RenderedApp = { signOnMode: string; settings: { signOn?: object }; _links: Record<string, { href: string } | undefined> };

const ids = async (response: Response) => ((await response.json()) as { id: string }[]).map((a) => a.id);
const app = (n: number) => okta.sandbox.state.okta.apps[n - 1]!;

describe('GET /api/v1/apps', () => {
  it('lists every app, active or not', async () => {
    expect(await ids(await okta.call('/api/v1/apps'))).toEqual([app(1).id, app(2).id, app(3).id]);
  });

  it('matches q against the start of the label or the name, in any case', async () => {
    expect(await ids(await okta.call('/api/v1/apps?q=twilio'))).toEqual([app(1).id, app(2).id]);
    expect(await ids(await okta.call('/api/v1/apps?q=BOOK'))).toEqual([app(3).id]);
    expect(await ids(await okta.call('/api/v1/apps?q=flex'))).toEqual([]);
  });

  it('filters by status and name, exactly', async () => {
    expect(await ids(await okta.call(`/api/v1/apps?filter=${encodeURIComponent('status eq "ACTIVE"')}`))).toEqual([app(1).id, app(3).id]);
    expect(await ids(await okta.call(`/api/v1/apps?filter=${encodeURIComponent('name eq "stewardsandbox_twilioflex_2"')}`))).toEqual([app(2).id]);
    expect(await ids(await okta.call(`/api/v1/apps?filter=${encodeURIComponent('status eq "active"')}`))).toEqual([]);
    const bad = await okta.call(`/api/v1/apps?filter=${encodeURIComponent('label eq "x"')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: 'E0000031', errorCauses: [{ errorSummary: "Unsupported attribute 'label'" }] });
  });

  it('pages with limit and the next link', async () => {
    const first = await okta.call('/api/v1/apps?limit=2');
    expect(await ids(first)).toEqual([app(1).id, app(2).id]);
    const second = await okta.fetch(nextLink(first)!, { headers: { authorization: 'SSWS test-api-token' } });
    expect(await ids(second)).toEqual([app(3).id]);
    expect(nextLink(second)).toBeUndefined();
  });
});

describe('GET /api/v1/apps/{appId}', () => {
  it('renders a SAML 2.0 app with its sign-on settings, signing kid and links', async () => {
    const body = (await (await okta.call(`/api/v1/apps/${app(1).id}`)).json()) as RenderedApp;
    expect(body).toMatchObject({
      id: app(1).id,
      name: 'stewardsandbox_twilioflex_1',
      label: 'Twilio Flex (production)',
      status: 'ACTIVE',
      signOnMode: 'SAML_2_0',
      credentials: { signing: { kid: 'kid-1' }, userNameTemplate: { template: '${source.login}' } },
      settings: {
        signOn: {
          ssoAcsUrl: app(1).signOn!.ssoAcsUrl,
          audience: app(1).signOn!.audience,
          recipient: app(1).signOn!.recipient,
          destination: app(1).signOn!.destination,
          subjectNameIdTemplate: '${user.userName}',
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          attributeStatements: app(1).signOn!.attributeStatements,
          responseSigned: true,
          assertionSigned: true,
        },
      },
    });
    expect(body._links.metadata?.href).toBe(`https://steward-sandbox.okta.com/api/v1/apps/${app(1).id}/sso/saml/metadata`);
    expect(body._links.users?.href).toBe(`https://steward-sandbox.okta.com/api/v1/apps/${app(1).id}/users`);
    expect(body._links.deactivate).toBeDefined();
  });

  it('renders a non-SAML app without sign-on settings or metadata, and 404s an unknown app', async () => {
    const body = (await (await okta.call(`/api/v1/apps/${app(3).id}`)).json()) as RenderedApp;
    expect(body.signOnMode).toBe('BOOKMARK');
    expect(body.settings.signOn).toBeUndefined();
    expect(body._links.metadata).toBeUndefined();
    const missing = await okta.call('/api/v1/apps/0oanothere');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 0oanothere (AppInstance)' });
  });
});

import { describe, expect, it } from 'vitest';
import { classifySender, type SenderInfo, type TrustContext } from './sender';

const trust: TrustContext = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext', oktaAdminOrigin: 'https://acme-admin.okta.com' };
const WORKERS = 'https://www.twilio.com/console/taskrouter/workspaces/WS/workers';
const CONSOLE_TAB = { url: 'https://console.twilio.com/us1/develop/taskrouter/workspaces/WS/workers?frameUrl=%2Fconsole' };
const frame = (url: string, frameId: number, tab?: SenderInfo['tab']): SenderInfo => ({ id: 'ext', url, origin: new URL(url).origin, frameId, tab });

describe('who sent a message', () => {
  it.each([
    ['the popup', { id: 'ext', url: 'chrome-extension://ext/popup.html', origin: 'chrome-extension://ext' }, 'extension-page'],
    ['another extension', { id: 'other', url: 'chrome-extension://other/popup.html', origin: 'chrome-extension://other' }, 'untrusted'],
    ['the Console shell', frame('https://console.twilio.com/us1/develop/flex/users-and-access/single-sign-on', 0, CONSOLE_TAB), 'content-script'],
    ['the TaskRouter frame inside the Console', frame(WORKERS, 7, CONSOLE_TAB), 'content-script'],
    ['a TaskRouter page at top level', frame(WORKERS, 0, { url: WORKERS }), 'content-script'],
    ['the TaskRouter frame inside a page the extension may not read', frame(WORKERS, 7, {}), 'untrusted'],
    ['the TaskRouter frame inside another site', frame(WORKERS, 7, { url: 'https://intranet.example/' }), 'untrusted'],
    ['the TaskRouter frame inside a www.twilio.com page', frame(WORKERS, 7, { url: 'https://www.twilio.com/console/other' }), 'untrusted'],
    ['the TaskRouter frame with no tab at all', frame(WORKERS, 7), 'untrusted'],
    ['the configured org’s Admin Console', frame('https://acme-admin.okta.com/admin/users', 0), 'content-script'],
    ['the configured org’s Admin Console in a frame', frame('https://acme-admin.okta.com/admin/users', 3), 'untrusted'],
    ['another tenant’s Admin Console', frame('https://globex-admin.okta.com/admin/users', 0), 'untrusted'],
    ['the configured org’s end-user host', frame('https://acme.okta.com/app/UserHome', 0), 'untrusted'],
    ['a page claiming another origin than its URL', { ...frame('https://acme-admin.okta.com/admin/users', 0), origin: 'https://evil.example' }, 'untrusted'],
    ['any other page', frame('https://evil.example/', 0), 'untrusted'],
  ] as const)('%s', (_, sender, kind) => {
    expect(classifySender(sender, trust)).toBe(kind);
  });

  it('trusts an org on a custom domain on that domain, and no Okta page at all before an org is set', () => {
    const admin = frame('https://login.acme.example/admin/users', 0);
    expect(classifySender(admin, { ...trust, oktaAdminOrigin: 'https://login.acme.example' })).toBe('content-script');
    expect(classifySender(admin, trust)).toBe('untrusted');
    expect(classifySender(frame('https://acme-admin.okta.com/admin/users', 0), { ...trust, oktaAdminOrigin: null })).toBe('untrusted');
  });
});

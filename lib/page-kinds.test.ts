import { describe, expect, it } from 'vitest';
import { pageKind } from './page-kinds';

const WS = 'WS' + '1'.repeat(32);
const WK = 'WK' + '2'.repeat(32);

describe('page kinds from URLs', () => {
  it('recognises TaskRouter worker pages in the Console shell and in its legacy frame', () => {
    expect(pageKind(`https://console.twilio.com/us1/develop/taskrouter/workspaces/${WS}/workers?frameUrl=%2Fconsole`)).toEqual({ kind: 'taskrouter-worker-list', workspaceSid: WS });
    expect(pageKind(`https://www.twilio.com/console/taskrouter/workspaces/${WS}/workers?page=2`)).toEqual({ kind: 'taskrouter-worker-list', workspaceSid: WS });
    expect(pageKind(`https://www.twilio.com/console/taskrouter/workspaces/${WS}/workers/${WK}`)).toEqual({ kind: 'taskrouter-worker-detail', workspaceSid: WS, workerSid: WK });
  });

  it('recognises the Flex single-sign-on page', () => {
    expect(pageKind('https://console.twilio.com/us1/develop/flex/users-and-access/single-sign-on?variant=enhanced')).toEqual({ kind: 'flex-sso' });
  });

  it('recognises Okta admin user and app pages on the configured org’s Admin Console host only', () => {
    const admin = { oktaAdminHost: 'acme-admin.oktapreview.com' };
    expect(pageKind('https://acme-admin.oktapreview.com/admin/user/profile/view/00u1abcdefghijklmnop#tab-apps', admin)).toEqual({ kind: 'okta-user-profile', userId: '00u1abcdefghijklmnop' });
    expect(pageKind('https://acme-admin.oktapreview.com/admin/app/twilioflex/instance/0oa1abcdefghijklmnop/', admin)).toEqual({ kind: 'okta-app', appName: 'twilioflex', appId: '0oa1abcdefghijklmnop' });
    expect(pageKind('https://globex-admin.oktapreview.com/admin/user/profile/view/00u1abcdefghijklmnop', admin)).toEqual({ kind: 'other' });
    expect(pageKind('https://acme.oktapreview.com/admin/user/profile/view/00u1abcdefghijklmnop', admin)).toEqual({ kind: 'other' });
    expect(pageKind('https://acme-admin.oktapreview.com/admin/user/profile/view/00u1abcdefghijklmnop')).toEqual({ kind: 'other' });
  });

  it('treats look-alike hosts, plain http and malformed URLs as other pages', () => {
    expect(pageKind(`https://console.twilio.com.evil.example/us1/develop/taskrouter/workspaces/${WS}/workers`)).toEqual({ kind: 'other' });
    expect(pageKind(`http://www.twilio.com/console/taskrouter/workspaces/${WS}/workers`)).toEqual({ kind: 'other' });
    expect(pageKind('not a url')).toEqual({ kind: 'other' });
  });

  it('recognises Okta admin pages on the custom domain the content script was registered for, and nowhere else', () => {
    const profile = 'https://login.acme.example/admin/user/profile/view/00u1abcdefghijklmnop';
    expect(pageKind(profile, { oktaAdminHost: 'login.acme.example' })).toEqual({ kind: 'okta-user-profile', userId: '00u1abcdefghijklmnop' });
    expect(pageKind(profile, { oktaAdminHost: 'login.other.example' })).toEqual({ kind: 'other' });
  });
});

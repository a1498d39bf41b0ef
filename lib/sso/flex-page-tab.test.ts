import { describe, expect, it } from 'vitest';
import { flexSsoTab, readOpenFlexSsoPage, type FlexPageTabApi, type TabInfo } from './flex-page-tab';

const SSO = 'https://console.twilio.com/us1/develop/flex/users-and-access/single-sign-on';
const OTHER = 'https://console.twilio.com/us1/develop/taskrouter/overview';

describe('flexSsoTab', () => {
  it('prefers the active SSO tab, then the one looked at last, and ignores other pages', () => {
    const tabs: TabInfo[] = [
      { id: 1, url: OTHER, active: true, lastAccessed: 9 },
      { id: 2, url: SSO, lastAccessed: 5 },
      { id: 3, url: `${SSO}?variant=enhanced`, lastAccessed: 7 },
    ];
    expect(flexSsoTab(tabs)?.id).toBe(3);
    expect(flexSsoTab([...tabs, { id: 4, url: SSO, active: true, lastAccessed: 1 }])?.id).toBe(4);
    expect(flexSsoTab([{ id: 1, url: OTHER }])).toBeUndefined();
  });
});

describe('readOpenFlexSsoPage', () => {
  const api = (result: unknown, tabs: TabInfo[] = [{ id: 2, url: SSO }]): FlexPageTabApi & { ran: number[] } => {
    const ran: number[] = [];
    return { ran, consoleTabs: async () => tabs, run: async (tabId) => (ran.push(tabId), result) };
  };

  it('returns the page values the reader found in the tab', async () => {
    const values = { form: 'legacy', values: { acsUrl: 'https://iam.twilio.com/v1/Accounts/AC1/saml2 ' } };
    const fake = api(values);
    await expect(readOpenFlexSsoPage(fake)).resolves.toEqual(values);
    expect(fake.ran).toEqual([2]);
  });

  it('refuses an answer that is not page values, as from a page that tampered with the reader', async () => {
    await expect(readOpenFlexSsoPage(api({ form: 'legacy', values: { password: 'x' }, extra: 1 }))).resolves.toBeNull();
    await expect(readOpenFlexSsoPage(api({ form: 'admin' }))).resolves.toBeNull();
  });

  it('reads nothing when no SSO page is open', async () => {
    const fake = api({ form: 'legacy', values: {} }, [{ id: 1, url: OTHER }]);
    await expect(readOpenFlexSsoPage(fake)).resolves.toBeNull();
    expect(fake.ran).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { normaliseOrgUrl } from '../okta/org-url';
import type { OktaUser } from '../okta/schemas';
import { adminProfileUrl, personView, usersByAddress } from './okta-people';

const user = (id: string, email: string, login = email): OktaUser => ({
  id,
  status: 'ACTIVE',
  created: '2024-01-01T00:00:00.000Z',
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: '2024-01-01T00:00:00.000Z',
  passwordChanged: null,
  profile: { email, login, firstName: null, lastName: 'Ng', displayName: null },
});

describe('Okta people', () => {
  it('links to the Admin Console on the org’s -admin host, or on a custom domain’s own host', () => {
    expect(adminProfileUrl(normaliseOrgUrl('https://acme.okta.com'), '00u1')).toBe('https://acme-admin.okta.com/admin/user/profile/view/00u1');
    expect(adminProfileUrl(normaliseOrgUrl('acme-admin.oktapreview.com'), '00u1')).toBe('https://acme-admin.oktapreview.com/admin/user/profile/view/00u1');
    expect(adminProfileUrl(normaliseOrgUrl('https://login.acme.com'), '00u1')).toBe('https://login.acme.com/admin/user/profile/view/00u1');
  });

  it('groups users under every address they hold as email or login, across case and domain spellings', () => {
    const byEmail = user('00u1', 'Sam@Example.com', 'samuel@example.com');
    const byLogin = user('00u2', 'sam@contractors.example.com', 'sam@example.com');
    const unicode = user('00u3', 'josé@xn--bcher-kva.example', 'jose');
    const found = usersByAddress(['sam@example.com', 'josé@xn--bcher-kva.example', 'nobody@example.com'], [byEmail, byLogin, unicode, byEmail]);
    expect([...found].map(([key, users]) => [key, users.map((u) => u.id)])).toEqual([
      ['sam@example.com', ['00u1', '00u2']],
      ['josé@xn--bcher-kva.example', ['00u3']],
      ['nobody@example.com', []],
    ]);
  });

  it('never files an Okta user with a look-alike email or login under the plain address it imitates', () => {
    const kelvin = user('00u4', '\u212Aelly.park@example.com');
    const fullwidth = user('00u5', 'kelly.park@contractors.example.com', 'kelly.park@ｅｘａｍｐｌｅ.com');
    const real = user('00u6', 'kelly.park@example.com');
    const found = usersByAddress(['kelly.park@example.com'], [kelvin, fullwidth, real]);
    expect(found.get('kelly.park@example.com')?.map((u) => u.id)).toEqual(['00u6']);
  });

  it('shows a missing first name as empty rather than dropping the person', () => {
    expect(personView(user('00u1', 'a@b.co'), false, normaliseOrgUrl('acme.okta.com'))).toMatchObject({ firstName: '', lastName: 'Ng', flexAssigned: false });
  });
});

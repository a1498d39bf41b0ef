import { describe, expect, it } from 'vitest';
import { flexAppCandidates, isTwilioHost } from './flex-apps';
import type { OktaApplication } from './schemas';

const SID = 'AC0123456789abcdef0123456789abcdef';

function samlApp(id: string, label: string, signOn: { ssoAcsUrl?: string; audience?: string }): OktaApplication {
  return { id, name: id, label, status: 'ACTIVE', signOnMode: 'SAML_2_0', settings: { signOn } };
}

describe('flexAppCandidates', () => {
  it('picks SAML apps whose ACS URL or audience is at Twilio, with each reason and the account', () => {
    const flex = samlApp('flex', 'Contact Centre', { ssoAcsUrl: `https://iam.twilio.com/v2/saml2/authenticate/${SID}`, audience: `https://iam.twilio.com/v2/saml2/metadata/${SID}` });
    const preview = samlApp('old', 'Flex (old)', { ssoAcsUrl: 'https://preview.twilio.com/iam/Accounts/ACxyz/saml2', audience: 'urn:flex' });
    const slack = samlApp('slack', 'Slack', { ssoAcsUrl: 'https://acme.slack.com/sso/saml', audience: 'https://slack.com' });
    const candidates = flexAppCandidates([slack, flex, preview]);
    expect(candidates.map((c) => c.app.id)).toEqual(['flex', 'old']);
    expect(candidates[0]).toMatchObject({ accountSid: SID, reasons: [{ field: 'ssoAcsUrl', host: 'iam.twilio.com' }, { field: 'audience', host: 'iam.twilio.com' }] });
    expect(candidates[1]!.reasons).toEqual([{ field: 'ssoAcsUrl', value: 'https://preview.twilio.com/iam/Accounts/ACxyz/saml2', host: 'preview.twilio.com' }]);
    expect(candidates[1]!.accountSid).toBeUndefined();
  });

  it('ignores look-alike hosts, Twilio text outside the host, and apps that are not SAML 2.0', () => {
    const apps: OktaApplication[] = [
      samlApp('a', 'Lookalike', { ssoAcsUrl: 'https://iam.twilio.com.evil.example/acs', audience: 'https://evil-twilio.com/x' }),
      samlApp('b', 'Redirector', { ssoAcsUrl: 'https://sso.example.com/?next=https://iam.twilio.com/', audience: 'iam.twilio.com' }),
      { id: 'c', name: 'c', label: 'OIDC', status: 'ACTIVE', signOnMode: 'OPENID_CONNECT', settings: { signOn: { ssoAcsUrl: 'https://iam.twilio.com/' } } },
      { id: 'd', name: 'd', label: 'Bookmark', status: 'INACTIVE', signOnMode: 'BOOKMARK' },
    ];
    expect(flexAppCandidates(apps)).toEqual([]);
  });

  it('compares hosts by whole DNS labels', () => {
    expect(isTwilioHost('twilio.com')).toBe(true);
    expect(isTwilioHost('IAM.Twilio.com.')).toBe(true);
    expect(isTwilioHost('eviltwilio.com')).toBe(false);
    expect(isTwilioHost('twilio.com.evil.example')).toBe(false);
  });
});

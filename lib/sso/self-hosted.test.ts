import { describe, expect, it } from 'vitest';
import { checkSelfHosted } from './self-hosted';

const problems = (values: { trustedDomains?: string; domainRedirectUrl?: string }) =>
  checkSelfHosted(values)
    .filter((f) => f.severity !== 'ok')
    .map((f) => [f.severity, f.rule]);

describe('checkSelfHosted', () => {
  it('has nothing to say about Twilio-hosted Flex (both empty)', () => {
    expect(checkSelfHosted({ trustedDomains: '', domainRedirectUrl: ' ' })).toEqual([]);
  });

  it.each([
    ['localhost', { trustedDomains: 'http://localhost:3000', domainRedirectUrl: 'http://localhost:3000' }],
    ['a path', { trustedDomains: 'https://example.com/flex', domainRedirectUrl: 'https://example.com/flex/agent-desktop' }],
    ['several domains', { trustedDomains: 'https://example.com/flex,\nhttp://localhost:3000', domainRedirectUrl: 'https://example.com/flex' }],
  ])('%s is fine', (_, values) => {
    expect(problems(values)).toEqual([]);
  });

  it.each([
    ['a wildcard', { trustedDomains: 'https://*.example.com', domainRedirectUrl: 'https://flex.example.com' }, [['error', 'self-hosted.trusted-domain'], ['warning', 'self-hosted.redirect-url']]],
    ['no scheme', { trustedDomains: 'example.com', domainRedirectUrl: 'https://example.com' }, [['error', 'self-hosted.trusted-domain'], ['warning', 'self-hosted.redirect-url']]],
    ['http off localhost', { trustedDomains: 'http://example.com', domainRedirectUrl: 'http://example.com/flex' }, [['warning', 'self-hosted.trusted-domain']]],
    ['no redirect URL', { trustedDomains: 'https://example.com/flex' }, [['error', 'self-hosted.required']]],
    ['no trusted domains', { domainRedirectUrl: 'https://example.com/flex' }, [['error', 'self-hosted.required']]],
    ['redirect elsewhere', { trustedDomains: 'https://example.com/flex', domainRedirectUrl: 'https://other.example.net/' }, [['warning', 'self-hosted.redirect-url']]],
  ])('%s', (_, values, found) => {
    expect(problems(values)).toEqual(found);
  });
});

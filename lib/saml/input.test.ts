import { describe, expect, it } from 'vitest';
import { ACCOUNT, CONNECTION, ENHANCED_ACS, LEGACY_ACS, PREVIEW_URL } from '../sso/test-fixtures';
import { MAX_INPUT_BYTES, isFlexAcsUrl, readSamlInput } from './input';
import { responseXml } from './test-fixtures';

const xml = responseXml();
const base64 = Buffer.from(xml, 'utf8').toString('base64');
const form = (value: string) => `SAMLResponse=${encodeURIComponent(value)}&RelayState=${encodeURIComponent('https://flex.twilio.com/')}`;
const responsesOf = (text: string) => {
  const read = readSamlInput(text);
  if ('problem' in read) throw new Error(read.problem.message);
  return read;
};

describe('isFlexAcsUrl', () => {
  it.each([
    [LEGACY_ACS, true],
    [PREVIEW_URL, true],
    [ENHANCED_ACS, true],
    [`https://login.flex.twilio.com/login/callback?connection=${CONNECTION}`, true],
    [`https://login.flex.ie1.twilio.com/login/callback?foo=1&connection=${CONNECTION}`, true],
    [`https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2/metadata`, false],
    [`https://login.flex.us1.twilio.com.evil.com/login/callback?connection=${CONNECTION}`, false],
    [`http://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`, false],
    ['https://acme.okta.com/app/acme_twilioflex_1/exk1/sso/saml', false],
  ])('%s → %s', (url, expected) => {
    expect(isFlexAcsUrl(url)).toBe(expected);
  });
});

describe('readSamlInput', () => {
  it.each([
    ['base64, as posted', base64, 'base64'],
    ['base64 with line breaks', base64.replace(/(.{76})/g, '$1\n'), 'base64'],
    ['URL-encoded base64', encodeURIComponent(base64), 'base64'],
    ['a form body', form(base64), 'base64'],
    ['raw XML', `  ${xml}\n`, 'xml'],
  ])('%s', (_name, text, kind) => {
    const read = responsesOf(text);
    expect(read.kind).toBe(kind);
    expect(read.responses).toEqual([{ xml: xml }]);
  });

  it('a HAR: the POSTs to a Flex ACS URL, from params or the raw form text, with where and when', () => {
    const har = {
      log: {
        entries: [
          { startedDateTime: '2026-12-02T00:29:00.000Z', request: { method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml', postData: undefined } },
          { startedDateTime: '2026-12-02T00:29:30.000Z', request: { method: 'POST', url: 'https://other.example/acs', postData: { text: form(base64) } } },
          { startedDateTime: '2026-12-02T00:30:00.000Z', request: { method: 'POST', url: ENHANCED_ACS, postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'SAMLResponse', value: encodeURIComponent(base64) }] } } },
          { startedDateTime: '2026-12-02T00:31:00.000Z', request: { method: 'POST', url: LEGACY_ACS, postData: { mimeType: 'application/x-www-form-urlencoded', text: form(base64) } } },
        ],
      },
    };
    const read = responsesOf(JSON.stringify(har));
    expect(read.kind).toBe('har');
    expect(read.responses).toEqual([
      { xml, postedTo: ENHANCED_ACS, at: '2026-12-02T00:30:00.000Z' },
      { xml, postedTo: LEGACY_ACS, at: '2026-12-02T00:31:00.000Z' },
    ]);
  });

  it('a SAML-tracer export: its decoded `saml`, or the `post` parameter when only that is there', () => {
    const exported = {
      requests: [
        { requestId: 'request-1-GET-a', method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml', get: [], requestHeaders: [] },
        { requestId: 'request-2-POST-b', method: 'POST', url: ENHANCED_ACS, post: [['SAMLResponse', base64], ['RelayState', '']], saml: xml, protocol: 'SAML-P', requestHeaders: [] },
        { requestId: 'request-3-POST-c', method: 'POST', url: LEGACY_ACS, post: [['SAMLResponse', base64]], requestHeaders: [] },
      ],
      timestamp: '2026-12-02T00:32:00.000Z',
    };
    const read = responsesOf(JSON.stringify(exported, null, 2));
    expect(read.kind).toBe('saml-tracer');
    expect(read.responses).toEqual([
      { xml, postedTo: ENHANCED_ACS },
      { xml, postedTo: LEGACY_ACS },
    ]);
  });

  it.each([
    ['a HAR without a Flex login', JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'https://other.example/acs', postData: { text: form(base64) } } }] } }), 'That HAR file has no SAMLResponse posted to a Flex ACS URL'],
    ['a SAML-tracer export whose values were hashed', JSON.stringify({ requests: [{ method: 'POST', url: ENHANCED_ACS, post: [['SAMLResponse', '3f786850e387550fdab836ed7e6dc881de23001b']] }] }), 'That SAML-tracer export has no SAMLResponse'],
    ['some JSON', '{"hello": "world"}', 'That is not a SAML response'],
    ['text that is not base64', 'not a saml response at all!', 'That is not a SAML response'],
    ['base64 of something else', Buffer.from('hello').toString('base64'), 'That is not a SAML response'],
  ])('%s: a clear problem', (_name, text, message) => {
    const read = readSamlInput(text);
    expect('problem' in read && read.problem.message).toContain(message);
  });

  it('refuses more than 5 MB whole, saying how large it is and what to export instead', () => {
    const har = JSON.stringify({ log: { entries: [] }, padding: 'x'.repeat(Math.ceil(MAX_INPUT_BYTES * 1.04)) });
    const read = readSamlInput(har);
    expect('problem' in read && read.problem).toMatchObject({
      code: 'invalid-request',
      message: 'That file is 5.2 MB; the login test reads at most 5 MB.',
      nextStep: expect.stringContaining('Export only the login from SAML-tracer'),
    });
  });

  it('refuses a single response over 1 MB', () => {
    const big = responseXml({ attributes: { department: ['x'.repeat(1_200_000)] } });
    const read = readSamlInput(Buffer.from(big).toString('base64'));
    expect('problem' in read && read.problem.message).toBe('That SAML response is 1.1 MB; the login test reads at most 1 MB.');
  });
});

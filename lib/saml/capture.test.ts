import { describe, expect, it } from 'vitest';
import { ARM_DURATION_MS, arm, DISARMED, disarm, expire, MAX_CAPTURED, MAX_CAPTURED_CHARS, observe, samlResponseField, status, take, type ObservedRequest } from './capture';
import { isFlexAcsUrl } from './acs-url';

const T0 = Date.parse('2026-12-02T01:00:00Z');
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const CONNECTION = 'JQ0123456789abcdef0123456789abcdef';
const LEGACY_ACS = `https://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`;
const ENHANCED_ACS = `https://login.flex.us1.twilio.com/login/callback?connection=${CONNECTION}`;
const PREVIEW_ACS = `https://preview.twilio.com/iam/Accounts/${ACCOUNT}/saml2`;

const post = (url: string, samlResponse = 'PHNhbWxwOlJlc3BvbnNlLz4='): ObservedRequest => ({ method: 'POST', url, requestBody: { formData: { SAMLResponse: [samlResponse], RelayState: [''] } } });

describe('the login test capture', () => {
  it('keeps a SAMLResponse posted to a Flex ACS URL of each generation while armed', () => {
    let state = arm(T0);
    for (const url of [LEGACY_ACS, ENHANCED_ACS, PREVIEW_ACS]) state = observe(state, post(url), T0 + 1000);
    expect(state.captured.map((c) => c.postedTo)).toEqual([LEGACY_ACS, ENHANCED_ACS, PREVIEW_ACS]);
    expect(state.captured[0]).toEqual({ samlResponse: 'PHNhbWxwOlJlc3BvbnNlLz4=', postedTo: LEGACY_ACS, at: '2026-12-02T01:00:01.000Z' });
    expect(status(state, T0 + 1000)).toEqual({ armed: true, armedUntil: '2026-12-02T01:10:00.000Z', captured: 3 });
  });

  it('ignores everything while disarmed', () => {
    expect(observe(DISARMED, post(LEGACY_ACS), T0)).toBe(DISARMED);
    expect(status(DISARMED, T0)).toEqual({ armed: false, armedUntil: null, captured: 0 });
  });

  it.each([
    ['another Twilio host', `https://console.twilio.com/v1/Accounts/${ACCOUNT}/saml2`],
    ['an Okta page', 'https://steward-sandbox.okta.com/app/flex/exk123/sso/saml'],
    ['a look-alike host', `https://iam.twilio.com.example.net/v1/Accounts/${ACCOUNT}/saml2`],
    ['plain http', `http://iam.twilio.com/v1/Accounts/${ACCOUNT}/saml2`],
    ['another Flex login path', 'https://login.flex.us1.twilio.com/authorize?connection=JQ1'],
  ])('ignores a SAMLResponse posted to %s', (_, url) => {
    const state = arm(T0);
    expect(observe(state, post(url), T0 + 1)).toBe(state);
  });

  it('ignores requests that are not POSTs, and POSTs without a SAMLResponse', () => {
    const state = arm(T0);
    expect(observe(state, { method: 'GET', url: `${LEGACY_ACS}?SAMLResponse=abc` }, T0 + 1)).toBe(state);
    expect(observe(state, { method: 'POST', url: LEGACY_ACS, requestBody: { formData: { SAMLRequest: ['abc'] } } }, T0 + 1)).toBe(state);
    expect(observe(state, { method: 'POST', url: LEGACY_ACS, requestBody: null }, T0 + 1)).toBe(state);
  });

  it('reads a body the browser left raw as a URL-encoded form', () => {
    const bytes = new TextEncoder().encode('RelayState=x&SAMLResponse=PHA%2BPC9wPg%3D%3D').buffer;
    expect(samlResponseField({ raw: [{ bytes }] })).toBe('PHA+PC9wPg==');
  });

  it('stops by itself after ten minutes, discarding what it kept', () => {
    const state = observe(arm(T0), post(LEGACY_ACS), T0 + 1000);
    expect(expire(state, T0 + ARM_DURATION_MS - 1)).toBe(state);
    expect(expire(state, T0 + ARM_DURATION_MS)).toEqual(DISARMED);
    expect(observe(state, post(ENHANCED_ACS), T0 + ARM_DURATION_MS)).toEqual(DISARMED);
    expect(take(state, T0 + ARM_DURATION_MS).taken).toEqual([]);
  });

  it('hands a capture out once, and stays armed for the next login', () => {
    const state = observe(arm(T0), post(LEGACY_ACS), T0 + 1000);
    const first = take(state, T0 + 2000);
    expect(first.taken).toHaveLength(1);
    expect(first.state).toEqual({ armedUntil: T0 + ARM_DURATION_MS, captured: [] });
    expect(take(first.state, T0 + 3000).taken).toEqual([]);
  });

  it('discards what it kept on disarm, and a re-arm starts empty', () => {
    const captured = observe(arm(T0), post(LEGACY_ACS), T0 + 1000);
    expect(disarm()).toEqual(DISARMED);
    expect(take(disarm(), T0 + 2000).taken).toEqual([]);
    expect(arm(T0 + 2000).captured).toEqual([]);
    expect(take(arm(T0 + 2000), T0 + 3000).taken).toEqual([]);
    expect(captured.captured).toHaveLength(1);
  });

  it('keeps the newest few logins and no response larger than the diagnosis accepts', () => {
    let state = arm(T0);
    for (let i = 0; i < MAX_CAPTURED + 2; i++) state = observe(state, post(LEGACY_ACS, `response-${i}`), T0 + i);
    expect(state.captured.map((c) => c.samlResponse)).toEqual(['response-2', 'response-3', 'response-4']);
    const huge = observe(arm(T0), post(LEGACY_ACS, 'A'.repeat(MAX_CAPTURED_CHARS + 1)), T0 + 1);
    expect(huge.captured).toEqual([{ samlResponse: null, postedTo: LEGACY_ACS, at: '2026-12-02T01:00:00.001Z' }]);
  });

  it('recognises the ACS URLs of every region of the enhanced connection', () => {
    expect(['us1', 'ie1', 'au1'].map((r) => isFlexAcsUrl(`https://login.flex.${r}.twilio.com/login/callback?connection=${CONNECTION}`))).toEqual([true, true, true]);
  });
});

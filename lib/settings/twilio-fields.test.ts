import { describe, expect, it } from 'vitest';
import { twilioFieldErrors } from './twilio-fields';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);

describe('Twilio settings fields', () => {
  it('accepts an Account SID with an API key, or with the Auth Token and no key', () => {
    expect(twilioFieldErrors({ accountSid: AC, apiKeySid: SK, useAuthToken: false })).toEqual({});
    expect(twilioFieldErrors({ accountSid: AC, useAuthToken: true })).toEqual({});
  });

  it('says what a SID looks like when one is mistyped or swapped', () => {
    expect(twilioFieldErrors({ accountSid: SK, apiKeySid: AC, useAuthToken: false })).toEqual({
      accountSid: 'An Account SID is AC followed by 32 lowercase hex characters.',
      apiKeySid: 'An API key SID is SK followed by 32 lowercase hex characters.',
    });
    expect(twilioFieldErrors({ useAuthToken: false })).toMatchObject({ accountSid: expect.stringContaining('Console home page'), apiKeySid: expect.stringContaining('Auth Token') });
  });
});

import type { TwilioSettings } from './settings';

/** Twilio SIDs: two letters naming the kind of resource, then 32 lowercase hex characters. */
export const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
export const API_KEY_SID = /^SK[0-9a-f]{32}$/;
export const SYNC_SERVICE_SID = /^IS[0-9a-f]{32}$/;

export type TwilioField = 'accountSid' | 'apiKeySid';

/** Field-level checks for the Twilio settings, worded for the admin; empty when the draft can be saved. */
export function twilioFieldErrors(draft: Pick<TwilioSettings, 'accountSid' | 'apiKeySid' | 'useAuthToken'>): Partial<Record<TwilioField, string>> {
  const errors: Partial<Record<TwilioField, string>> = {};
  if (!draft.accountSid) errors.accountSid = 'Enter the Account SID from the Twilio Console home page.';
  else if (!ACCOUNT_SID.test(draft.accountSid)) errors.accountSid = 'An Account SID is AC followed by 32 lowercase hex characters.';
  if (!draft.useAuthToken) {
    if (!draft.apiKeySid) errors.apiKeySid = 'Enter the API key SID (SK…), or choose to use the Auth Token.';
    else if (!API_KEY_SID.test(draft.apiKeySid)) errors.apiKeySid = 'An API key SID is SK followed by 32 lowercase hex characters.';
  }
  return errors;
}

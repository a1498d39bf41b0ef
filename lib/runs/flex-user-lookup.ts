import { problemOf } from '../okta/transport';
import type { TwilioClient } from '../twilio/client';
import type { FlexUserLookup } from './types';

/**
 * Finds the Flex user behind a worker, for Flex's own deprovisioning (the Flex Users API, public
 * beta: https://www.twilio.com/docs/flex/developer/user-management/flex-users-api). The API finds
 * users only by exact username, which is the SSO login single sign-on provisioned them with; the
 * docs also say the username becomes the worker's friendly name. So the lookup tries, in order,
 * the Flex app user name in Okta (what the SAML assertion carries), the email, and the worker's
 * friendly name, and fetches each user found by SID to read its `worker_sid`: a Flex user of another
 * worker is never chosen.
 */

export interface FlexUserLookupInput {
  workerSid: string;
  /** Usernames to try, best first; duplicates and empty ones are dropped. */
  usernames: readonly (string | null | undefined)[];
}

const API_NOT_AVAILABLE = new Set([403, 404]);

export async function lookUpFlexUser(twilio: TwilioClient, { workerSid, usernames }: FlexUserLookupInput, signal?: AbortSignal): Promise<FlexUserLookup> {
  const instanceSid = (await twilio.getFlexConfiguration({ signal })).flex_instance_sid;
  if (!instanceSid) return { found: false, reason: "Flex Configuration names no Flex instance (flex_instance_sid), so the Flex Users API cannot be asked." };
  const tried = [...new Set(usernames.filter((u): u is string => Boolean(u)))];
  const others: string[] = [];
  try {
    for (const username of tried) {
      const listed = await twilio.findFlexUser(instanceSid, username, { signal });
      const user = listed && (await twilio.getFlexUser(instanceSid, listed.flex_user_sid, { signal }));
      if (!user) continue;
      if (user.worker_sid === workerSid) return { found: true, instanceSid, flexUserSid: user.flex_user_sid, username };
      others.push(`${user.flex_user_sid} (username ${username}) belongs to ${user.worker_sid ?? 'no worker'}`);
    }
  } catch (error) {
    const status = problemOf(error)?.httpStatus;
    if (status === undefined || !API_NOT_AVAILABLE.has(status)) throw error;
    return { found: false, reason: `The Flex Users API (public beta) answered ${status} for this account, so Flex Steward cannot find a Flex user for ${workerSid}.` };
  }
  const names = tried.length ? tried.join(', ') : 'no username to look for';
  const elsewhere = others.length ? ` ${others.join('; ')}, not to this worker, so it is left alone.` : '';
  return { found: false, reason: `No Flex user of worker ${workerSid} has the username ${names} (a worker made through the TaskRouter API has none).${elsewhere}` };
}

import { emailKey, searchForms, workerEmail } from '../identity/worker-email';
import type { TwilioClient } from '../twilio/client';
import type { TwilioWorker } from '../twilio/schemas';

/**
 * The workers standing for an address, matched as the badges match them (case- and
 * punycode-insensitive, attributes first, then an email-shaped friendly name). Lists may leave
 * attributes out, so when they do TaskRouter's own exact match (a TargetWorkersExpression on
 * `email`, for each spelling of the address) is asked as well.
 */
export async function workersForEmail(twilio: TwilioClient, workspaceSid: string, email: string, signal?: AbortSignal): Promise<TwilioWorker[]> {
  const key = emailKey(email);
  const all = await twilio.listWorkers(workspaceSid, { signal });
  const matches = all.filter((w) => {
    const found = workerEmail({ attributes: w.attributes ?? '', friendlyName: w.friendly_name }).email;
    return found !== null && emailKey(found) === key;
  });
  if (all.some((w) => w.attributes === null)) {
    for (const form of searchForms(email)) {
      for (const worker of await twilio.findWorkersByEmail(workspaceSid, form, { signal })) if (!matches.some((m) => m.sid === worker.sid)) matches.push(worker);
    }
  }
  return matches;
}

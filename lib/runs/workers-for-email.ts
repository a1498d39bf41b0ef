import { emailKey, searchForms, workerEmail } from '../identity/worker-email';
import { problemOf } from '../okta/transport';
import type { TwilioClient } from '../twilio/client';
import type { TwilioWorker } from '../twilio/schemas';

/**
 * The workers standing for an address, matched as the badges match them (case- and
 * punycode-insensitive, attributes first, then an email-shaped friendly name). Lists may leave
 * attributes out, so when they do TaskRouter's own exact match (a TargetWorkersExpression on
 * `email`, for each spelling of the address) is asked as well, and each worker it names is checked
 * against the address by its own email: TaskRouter documents no folding for `==`, so its answer is
 * a lead, never the match (and a listed worker may come without attributes, so it is read first).
 */
export async function workersForEmail(twilio: TwilioClient, workspaceSid: string, email: string, signal?: AbortSignal): Promise<TwilioWorker[]> {
  const key = emailKey(email);
  const standsFor = (w: TwilioWorker) => {
    const found = workerEmail({ attributes: w.attributes ?? '', friendlyName: w.friendly_name }).email;
    return found !== null && emailKey(found) === key;
  };
  const all = await twilio.listWorkers(workspaceSid, { signal });
  const matches = all.filter(standsFor);
  if (all.some((w) => w.attributes === null)) {
    for (const form of searchForms(email)) {
      for (const named of await twilio.findWorkersByEmail(workspaceSid, form, { signal })) {
        if (matches.some((m) => m.sid === named.sid)) continue;
        const worker = named.attributes === null ? await readOrGone(twilio, workspaceSid, named.sid, signal) : named;
        if (worker && standsFor(worker)) matches.push(worker);
      }
    }
  }
  return matches;
}

/** The worker with its attributes, or null when it was deleted since it was listed. */
async function readOrGone(twilio: TwilioClient, workspaceSid: string, workerSid: string, signal?: AbortSignal): Promise<TwilioWorker | null> {
  try {
    return (await twilio.getWorker(workspaceSid, workerSid, { signal })).worker;
  } catch (error) {
    if (problemOf(error)?.httpStatus === 404) return null;
    throw error;
  }
}

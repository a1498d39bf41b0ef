import type { KeyValueArea } from '../vault/storage-area';
import type { Service } from './vendor-errors';

/**
 * How far this computer's clock is from the API servers', from the `Date` header of their last
 * answers (RFC 9110 §6.6.1: the time the response was generated, to the second). The SAML login
 * test judges `NotBefore`/`NotOnOrAfter` on the servers' time, as Flex does. Twilio's clock is the
 * one Flex judges by; Okta's, which stamps the assertion, stands in until Twilio has answered.
 * Kept in `storage.session` too, because the service worker may be stopped between the last API
 * answer and the login being diagnosed.
 */
export interface ServerClock {
  /** Called by the fetch core with each response's headers, at the moment it arrived. */
  observe(service: Service, headers: Headers, localMs: number): void;
  /** Server time minus local time, in ms, or undefined before any server has answered with a `Date`. */
  skewMs(): Promise<number | undefined>;
}

export const SERVER_CLOCK_KEY = 'server-clock';
/** A `Date` has one-second resolution: smaller changes are noise, not worth a write. */
const WRITE_THRESHOLD_MS = 1000;

type Skews = Partial<Record<Service, number>>;

export function createServerClock(session: KeyValueArea): ServerClock {
  let known: Skews | undefined;
  let written: Skews = {};
  // What this worker saw itself wins over what an earlier one wrote.
  const load = async (): Promise<Skews> => ({ ...((await session.get(SERVER_CLOCK_KEY))[SERVER_CLOCK_KEY] as Skews | undefined), ...known });
  return {
    observe(service, headers, localMs) {
      const serverMs = Date.parse(headers.get('date') ?? '');
      if (Number.isNaN(serverMs)) return;
      const skew = serverMs - localMs;
      known = { ...known, [service]: skew };
      const before = written[service];
      if (before !== undefined && Math.abs(before - skew) < WRITE_THRESHOLD_MS) return;
      written = { ...written, [service]: skew };
      void session.set({ [SERVER_CLOCK_KEY]: known });
    },
    async skewMs() {
      const skews = await load();
      return skews.twilio ?? skews.okta;
    },
  };
}

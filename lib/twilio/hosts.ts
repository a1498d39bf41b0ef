import type { CredentialDestination } from '../http/fetch-core';
import { problem, ProblemError } from '../problem';

/**
 * Which host names reach an account's data. Twilio's REST API is per region, chosen by host name:
 * `{product}.{edge}.{region}.twilio.com` ("Using the Twilio REST API in a non-US Region"); the old
 * names without an edge are US1 only (through ashburn), and Twilio retires the `{product}.{region}`
 * names for other regions on 2026-04-28, so outside US1 every host names its edge.
 *
 * The table holds the regions the extension asks host permissions for (lib/hosts.ts) with the
 * edges Twilio documents for each: a pair outside it would either fail or silently reach another
 * region's data, so it is refused before any request is made.
 */

export interface RegionEdges {
  label: string;
  edges: readonly string[];
}

export const TWILIO_REGION_EDGES: Readonly<Record<string, RegionEdges>> = {
  us1: { label: 'US1', edges: ['ashburn', 'umatilla'] },
  ie1: { label: 'IE1', edges: ['dublin'] },
  au1: { label: 'AU1', edges: ['sydney'] },
};

export interface TwilioHosts {
  taskrouter: string;
  flexApi: string;
  sync: string;
}

export interface RegionChoice {
  /** Defaults to `us1`. Case and surrounding spaces are ignored. */
  region?: string;
  /** Optional in US1; elsewhere the region's only edge is assumed when absent. */
  edge?: string;
}

const SETTINGS_STEP = 'Change the region and edge in Settings to a pair Twilio supports.';

const listed = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

function refuse(message: string): never {
  throw new ProblemError(problem('invalid-request', message, SETTINGS_STEP, { service: 'extension' }));
}

/** The API hosts for a region and edge; throws an `invalid-request` ProblemError for a pair Twilio does not offer. */
export function twilioHosts({ region, edge }: RegionChoice = {}): TwilioHosts {
  const regionId = (region ?? '').trim().toLowerCase() || 'us1';
  const edgeId = (edge ?? '').trim().toLowerCase();
  const known = Object.hasOwn(TWILIO_REGION_EDGES, regionId) ? TWILIO_REGION_EDGES[regionId] : undefined;
  if (!known) {
    const labels = Object.values(TWILIO_REGION_EDGES).map((r) => r.label);
    refuse(`“${region}” is not a Twilio region Flex Steward can use; the regions are ${listed(labels)}.`);
  }
  if (regionId === 'us1' && edgeId === '') return { taskrouter: 'taskrouter.twilio.com', flexApi: 'flex-api.twilio.com', sync: 'sync.twilio.com' };

  // A region with one edge has nothing to choose, so an empty edge there means that one.
  const chosen = edgeId === '' && known.edges.length === 1 ? known.edges[0]! : edgeId;
  if (!known.edges.includes(chosen)) {
    const optional = regionId === 'us1' ? ', or leave the edge empty' : '';
    refuse(`${known.label} has no edge “${edge}”; its edge${known.edges.length > 1 ? 's are' : ' is'} ${listed(known.edges)}${optional}.`);
  }
  const host = (product: string) => `${product}.${chosen}.${regionId}.twilio.com`;
  return { taskrouter: host('taskrouter'), flexApi: host('flex-api'), sync: host('sync') };
}

/** The region's label as Twilio's Console shows it (`IE1`), for sentences. */
export function regionLabel(region: string | undefined): string {
  const id = (region ?? '').trim().toLowerCase() || 'us1';
  return TWILIO_REGION_EDGES[id]?.label ?? id.toUpperCase();
}

/**
 * Twilio credentials go only to the API hosts of the configured region and edge, over https,
 * checked for every request: a paging URL, a proxy's rewrite or a future bug pointing anywhere else
 * is refused before the key is attached.
 */
export function twilioDestination(hosts: TwilioHosts): CredentialDestination {
  const allowed = new Set(Object.values(hosts));
  return {
    async admit(url) {
      if (url.protocol === 'https:' && url.port === '' && allowed.has(url.hostname)) return;
      throw new ProblemError(
        problem('invalid-request', `Flex Steward stopped before sending your Twilio credentials to ${url.host}: they are only for ${listed([...allowed])}.`, 'Nothing was sent. Check the region and edge in Settings; if they are right, report this with the run history attached.', {
          service: 'extension',
        }),
      );
    },
  };
}

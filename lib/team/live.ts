import type { ConnectionState, Paginator, SyncClient, SyncList, SyncListItem, SyncMap, SyncMapItem } from 'twilio-sync';
import { TEAM_LEDGER_LIST, TEAM_LOCKS_MAP, TEAM_OPERATORS_MAP } from './types';

/**
 * The team's live feed: the `twilio-sync` SDK holding one Twilsock connection, reporting the
 * ledger list, the locks map and the operators map as they are now and then as they change. Data
 * is passed on as Sync holds it (`unknown`); the caller validates it with the schemas in types.ts.
 *
 * The SDK is imported on first use so nothing that does not go live carries it. The SDK opens each
 * object with GET (creating it on 404, `open_or_create`), subscribes when the first listener is
 * attached, and after every reconnect re-subscribes with the last event it saw, so the server
 * replays what changed meanwhile (twilio-sync@4.0.1 `Subscriptions.poke`). Tokens: the SDK is
 * told three minutes before expiry (`tokenAboutToExpire`) or at expiry (`tokenExpired`); either way
 * a fresh one is asked of `token()` (https://www.twilio.com/docs/sync/sdks-best-practices).
 */

export type TeamLiveState = 'connecting' | 'live' | 'offline';

export interface TeamLiveOptions {
  serviceSid: string;
  identity: string;
  /** Mints a Sync Access Token for `identity` on `serviceSid`. */
  token: () => Promise<string>;
  onLedgerItem: (index: number, data: unknown) => void;
  /** `null` when the lock is gone (released or expired). */
  onLockChanged: (key: string, data: unknown | null) => void;
  /** Every operator, each time the set changes. */
  onOperators: (items: Array<{ key: string; data: unknown }>) => void;
  onState: (state: TeamLiveState) => void;
  /** Twilio region of the Sync service; `us1` when absent. */
  region?: string;
}

export interface TeamLive {
  close(): Promise<void>;
}

/** The SDK's connection states, in the three the team's UI shows. */
export function liveStateOf(state: ConnectionState): TeamLiveState {
  switch (state) {
    case 'connected':
      return 'live';
    case 'connecting':
      return 'connecting';
    default:
      // disconnecting, disconnected, denied (the token was refused), error
      return 'offline';
  }
}

/** Page size for the first read: Sync answers at most 100 items a page. */
const PAGE_SIZE = 100;

/**
 * Holds change events back until the current items have been delivered, then lets through only
 * those newer than what was delivered for the same key: so the caller sees the present first and
 * never an older version after a newer one. Removals always pass: a key removed before the read
 * is simply unknown to the caller.
 */
function changeGate<K>() {
  let open = false;
  const delivered = new Map<K, number>();
  const held: Array<() => void> = [];
  return {
    /** Records what the first read delivered for `key`. */
    delivered(key: K, lastEventId: number) {
      delivered.set(key, Math.max(lastEventId, delivered.get(key) ?? -1));
    },
    change(key: K, lastEventId: number | undefined, deliver: () => void) {
      const run = () => {
        if (lastEventId !== undefined && lastEventId <= (delivered.get(key) ?? -1)) return;
        if (lastEventId !== undefined) delivered.set(key, lastEventId);
        deliver();
      };
      if (open) run();
      else held.push(run);
    },
    open() {
      open = true;
      for (const run of held.splice(0)) run();
    },
  };
}

async function readAll<T>(first: Promise<Paginator<T>>): Promise<T[]> {
  let page = await first;
  const items = [...page.items];
  while (page.hasNextPage) {
    page = await page.nextPage();
    items.push(...page.items);
  }
  return items;
}

function followLedger(list: SyncList, options: TeamLiveOptions) {
  const gate = changeGate<number>();
  const mutated = ({ item }: { item: SyncListItem }) => gate.change(item.index, item.lastEventId, () => options.onLedgerItem(item.index, item.data));
  list.on('itemAdded', mutated);
  list.on('itemUpdated', mutated);
  return async () => {
    for (const item of await readAll(list.getItems({ pageSize: PAGE_SIZE, order: 'asc' }))) {
      gate.delivered(item.index, item.lastEventId);
      options.onLedgerItem(item.index, item.data);
    }
    gate.open();
  };
}

function followLocks(map: SyncMap, options: TeamLiveOptions) {
  const gate = changeGate<string>();
  const mutated = ({ item }: { item: SyncMapItem }) => gate.change(item.key, item.lastEventId, () => options.onLockChanged(item.key, item.data));
  map.on('itemAdded', mutated);
  map.on('itemUpdated', mutated);
  map.on('itemRemoved', ({ key }: { key: string }) => gate.change(key, undefined, () => options.onLockChanged(key, null)));
  return async () => {
    for (const item of await readAll(map.getItems({ pageSize: PAGE_SIZE }))) {
      gate.delivered(item.key, item.lastEventId);
      options.onLockChanged(item.key, item.data);
    }
    gate.open();
  };
}

function followOperators(map: SyncMap, options: TeamLiveOptions) {
  const gate = changeGate<string>();
  const operators = new Map<string, unknown>();
  const report = () => options.onOperators([...operators].map(([key, data]) => ({ key, data })));
  const mutated = ({ item }: { item: SyncMapItem }) =>
    gate.change(item.key, item.lastEventId, () => {
      operators.set(item.key, item.data);
      report();
    });
  map.on('itemAdded', mutated);
  map.on('itemUpdated', mutated);
  map.on('itemRemoved', ({ key }: { key: string }) =>
    gate.change(key, undefined, () => {
      operators.delete(key);
      report();
    }),
  );
  return async () => {
    for (const item of await readAll(map.getItems({ pageSize: PAGE_SIZE }))) {
      gate.delivered(item.key, item.lastEventId);
      operators.set(item.key, item.data);
    }
    report();
    gate.open();
  };
}

export async function connectTeamLive(options: TeamLiveOptions): Promise<TeamLive> {
  let reported: TeamLiveState | undefined;
  let closed = false;
  const report = (state: TeamLiveState) => {
    if (closed || state === reported) return;
    reported = state;
    options.onState(state);
  };
  report('connecting');
  const { SyncClient: Client } = await import('twilio-sync');
  const client: SyncClient = new Client(await options.token(), options.region ? { region: options.region } : {});
  const refresh = () => {
    options
      .token()
      .then((token) => (closed ? undefined : client.updateToken(token)))
      // A refused refresh leaves the connection to expire: the SDK then says `denied`, shown as offline.
      .catch(() => undefined);
  };
  client.on('tokenAboutToExpire', refresh);
  client.on('tokenExpired', refresh);
  client.on('connectionStateChanged', (state) => report(liveStateOf(state)));
  try {
    const [list, locks, operators] = await Promise.all([
      client.list({ id: TEAM_LEDGER_LIST, mode: 'open_or_create' }),
      client.map({ id: TEAM_LOCKS_MAP, mode: 'open_or_create' }),
      client.map({ id: TEAM_OPERATORS_MAP, mode: 'open_or_create' }),
    ]);
    // Listeners first (they subscribe), then the read: changes made meanwhile are held, not lost.
    const reads = [followLedger(list, options), followLocks(locks, options), followOperators(operators, options)];
    await Promise.all(reads.map((read) => read()));
    report(liveStateOf(client.connectionState));
  } catch (error) {
    closed = true;
    await client.shutdown();
    throw error;
  }
  return {
    async close() {
      closed = true;
      await client.shutdown();
    },
  };
}

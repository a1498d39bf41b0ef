/**
 * Counts what the fetch core actually sends, so benchmarks and tests can say "this run made
 * 14 TaskRouter GETs and 2 of them were retries" without a proxy in between.
 */

export interface CountedRequest {
  service: string;
  host: string;
  method: string;
  /** True for every attempt after the first of one logical request. */
  retry: boolean;
}

export interface RequestCountRow {
  service: string;
  host: string;
  method: string;
  requests: number;
  retries: number;
}

export interface RequestCountSnapshot {
  /** Attempts sent, retries included. */
  total: number;
  retries: number;
  byService: Record<string, number>;
  byHost: Record<string, number>;
  /** One row per service, host and method, sorted for stable output. */
  rows: RequestCountRow[];
}

export interface RequestCounter {
  record(request: CountedRequest): void;
  snapshot(): RequestCountSnapshot;
  reset(): void;
}

export function createRequestCounter(): RequestCounter {
  let rows = new Map<string, RequestCountRow>();
  return {
    record({ service, host, method, retry }) {
      const key = `${service} ${host} ${method}`;
      const row = rows.get(key) ?? { service, host, method, requests: 0, retries: 0 };
      row.requests += 1;
      if (retry) row.retries += 1;
      rows.set(key, row);
    },
    snapshot() {
      const list = [...rows.values()].map((row) => ({ ...row })).sort((a, b) => `${a.service} ${a.host} ${a.method}`.localeCompare(`${b.service} ${b.host} ${b.method}`));
      const sum = (key: (row: RequestCountRow) => string) => {
        const totals: Record<string, number> = {};
        for (const row of list) totals[key(row)] = (totals[key(row)] ?? 0) + row.requests;
        return totals;
      };
      return {
        total: list.reduce((n, row) => n + row.requests, 0),
        retries: list.reduce((n, row) => n + row.retries, 0),
        byService: sum((row) => row.service),
        byHost: sum((row) => row.host),
        rows: list,
      };
    },
    reset() {
      rows = new Map();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createRequestCounter } from './request-counter';

describe('request counter', () => {
  it('counts requests and retries per service, host and method', () => {
    const counter = createRequestCounter();
    counter.record({ service: 'twilio', host: 'taskrouter.twilio.com', method: 'GET', retry: false });
    counter.record({ service: 'twilio', host: 'taskrouter.twilio.com', method: 'GET', retry: true });
    counter.record({ service: 'twilio', host: 'taskrouter.twilio.com', method: 'DELETE', retry: false });
    counter.record({ service: 'okta', host: 'steward-sandbox.okta.com', method: 'GET', retry: false });

    const snapshot = counter.snapshot();
    expect(snapshot.total).toBe(4);
    expect(snapshot.retries).toBe(1);
    expect(snapshot.byService).toEqual({ twilio: 3, okta: 1 });
    expect(snapshot.byHost).toEqual({ 'taskrouter.twilio.com': 3, 'steward-sandbox.okta.com': 1 });
    expect(snapshot.rows).toEqual([
      { service: 'okta', host: 'steward-sandbox.okta.com', method: 'GET', requests: 1, retries: 0 },
      { service: 'twilio', host: 'taskrouter.twilio.com', method: 'DELETE', requests: 1, retries: 0 },
      { service: 'twilio', host: 'taskrouter.twilio.com', method: 'GET', requests: 2, retries: 1 },
    ]);
  });

  it('hands out snapshots that later requests do not change, and starts over on reset', () => {
    const counter = createRequestCounter();
    counter.record({ service: 'okta', host: 'steward-sandbox.okta.com', method: 'GET', retry: false });
    const before = counter.snapshot();
    counter.record({ service: 'okta', host: 'steward-sandbox.okta.com', method: 'GET', retry: false });
    expect(before.rows[0]?.requests).toBe(1);

    counter.reset();
    expect(counter.snapshot()).toEqual({ total: 0, retries: 0, byService: {}, byHost: {}, rows: [] });
  });
});

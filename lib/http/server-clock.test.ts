import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createHttpClient } from './fetch-core';
import { createServerClock, SERVER_CLOCK_KEY } from './server-clock';

const LOCAL = Date.parse('2026-12-02T01:00:00Z');
const answerDated = (date: string | null) => async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json', ...(date ? { date } : {}) } });

describe('the servers’ clock, from the Date of their answers', () => {
  it('measures how far the local clock is from Twilio’s through the fetch core', async () => {
    const clock = createServerClock(createMemoryArea());
    const http = createHttpClient({ fetch: answerDated('Wed, 02 Dec 2026 01:03:00 GMT'), now: () => LOCAL, serverClock: clock });
    expect(await clock.skewMs()).toBeUndefined();
    await http.request({ service: 'twilio', method: 'GET', url: 'https://flex-api.twilio.com/v1/Configuration' });
    expect(await clock.skewMs()).toBe(3 * 60_000);
  });

  it('prefers Twilio’s clock, which Flex judges by, over Okta’s', async () => {
    const clock = createServerClock(createMemoryArea());
    clock.observe('okta', new Headers({ date: 'Wed, 02 Dec 2026 00:59:00 GMT' }), LOCAL);
    expect(await clock.skewMs()).toBe(-60_000);
    clock.observe('twilio', new Headers({ date: 'Wed, 02 Dec 2026 01:00:05 GMT' }), LOCAL);
    expect(await clock.skewMs()).toBe(5000);
  });

  it('ignores answers without a readable Date', async () => {
    const clock = createServerClock(createMemoryArea());
    clock.observe('twilio', new Headers(), LOCAL);
    clock.observe('twilio', new Headers({ date: 'yesterday' }), LOCAL);
    expect(await clock.skewMs()).toBeUndefined();
  });

  it('survives the service worker being stopped, through storage.session', async () => {
    const session = createMemoryArea();
    createServerClock(session).observe('okta', new Headers({ date: 'Wed, 02 Dec 2026 01:10:00 GMT' }), LOCAL);
    expect(session.entries()[SERVER_CLOCK_KEY]).toEqual({ okta: 10 * 60_000 });
    expect(await createServerClock(session).skewMs()).toBe(10 * 60_000);
  });
});

import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest } from '../http/fetch-core';
import { pacedHttp, rateBucket } from './paced-http';
import { createPacer } from './pacer';

describe('rateBucket', () => {
  it('folds ids into one family per endpoint, and tells expression lists from plain ones', () => {
    expect(rateBucket('okta', 'get', 'https://x.okta.com/api/v1/apps/0oa1b2/users?limit=500')).toBe('okta GET /api/v1/apps/:id/users');
    expect(rateBucket('twilio', 'GET', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers/WK2')).toBe('twilio GET /v1/Workspaces/:id/Workers/:id');
    expect(rateBucket('twilio', 'GET', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers?TargetWorkersExpression=x')).toBe('twilio GET /v1/Workspaces/:id/Workers?TargetWorkersExpression');
  });
});

describe('pacedHttp', () => {
  it("waits as the pacer says once an answer shows the window running out, and reports the wait", async () => {
    let clock = 1_700_000_000_000;
    const slept: number[] = [];
    const waits: (number | null)[] = [];
    const inner: HttpClient = {
      request: async () => ({ status: 200, headers: new Headers({ 'x-rate-limit-limit': '10', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': String(clock / 1000 + 4) }), text: '[]', attempts: 1 }),
    };
    const http = pacedHttp(inner, {
      pacer: createPacer(),
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      onWait: (_service, until) => waits.push(until),
    });
    const req: HttpRequest = { service: 'okta', method: 'GET', url: 'https://x.okta.com/api/v1/users?search=status%20pr' };
    await http.request(req);
    expect(slept).toEqual([]);
    await http.request(req);
    await http.request(req);
    expect(slept.length).toBeGreaterThan(0);
    expect(waits).toContain(null);
    expect(waits.find((w) => w !== null)).toBeGreaterThan(1_700_000_000_000);
  });
});

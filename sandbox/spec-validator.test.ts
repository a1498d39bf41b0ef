import { describe, expect, it } from 'vitest';
import { specViolations } from './spec-validator';

describe('spec validator', () => {
  it('accepts a worker that matches the TaskRouter schema and names what is wrong with one that does not', () => {
    const check = { spec: 'twilio_taskrouter_v1', path: '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}', method: 'get', status: 200 } as const;
    const worker = {
      sid: 'WK' + 'a'.repeat(32),
      friendly_name: 'alice',
      attributes: '{}',
      available: true,
      date_created: '2026-01-01T00:00:00Z',
      url: 'https://taskrouter.twilio.com/v1/Workspaces/WS/Workers/WK',
    };
    expect(specViolations(check, worker)).toEqual([]);
    expect(specViolations(check, { ...worker, available: 'yes' })).toEqual([expect.stringContaining('/available')]);
  });

  it('refuses to check a response the spec does not define', () => {
    expect(() => specViolations({ spec: 'twilio_taskrouter_v1', path: '/v1/Nope', method: 'get', status: 200 }, {})).toThrow(/has no GET/);
  });
});

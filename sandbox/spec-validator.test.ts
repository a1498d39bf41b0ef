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

  it('checks schemas whose free-form fields are marked nullable without a type (Flex attributes, Sync data)', () => {
    const flex = { spec: 'twilio_flex_v1', path: '/v1/Configuration', method: 'get', status: 200 } as const;
    expect(specViolations(flex, { attributes: null, status: 'ok' })).toEqual([]);
    expect(specViolations(flex, { attributes: {}, status: 'maybe' })).toEqual([expect.stringContaining('/status')]);
    const sync = { spec: 'twilio_sync_v1', path: '/v1/Services/{ServiceSid}/Documents/{Sid}', method: 'get', status: 200 } as const;
    expect(specViolations(sync, { data: { any: ['thing'] }, revision: '0' })).toEqual([]);
  });

  it('refuses to check a response the spec does not define', () => {
    expect(() => specViolations({ spec: 'twilio_taskrouter_v1', path: '/v1/Nope', method: 'get', status: 200 }, {})).toThrow(/has no GET/);
  });
});

import { describe, expect, it } from 'vitest';
import type { TwilioWorker } from '../twilio/schemas';
import { rolesOf, workerRecord } from './worker-records';

const worker = (attributes: string | null, friendlyName = 'agent_7'): TwilioWorker => ({
  sid: 'WK' + '1'.repeat(32),
  account_sid: 'AC' + '2'.repeat(32),
  workspace_sid: 'WS' + '3'.repeat(32),
  friendly_name: friendlyName,
  attributes,
  activity_sid: null,
  activity_name: 'Offline',
  available: false,
  date_created: '2025-01-01T00:00:00Z',
  date_updated: '2025-01-02T00:00:00Z',
  date_status_changed: '2025-01-02T00:00:00Z',
});

describe('worker records', () => {
  it('take roles only when they are a list of strings', () => {
    expect(rolesOf('{"roles":["agent","supervisor"]}')).toEqual(['agent', 'supervisor']);
    expect(rolesOf('{"roles":"admin"}')).toEqual([]);
    expect(rolesOf('{"roles":["agent",3]}')).toEqual([]);
    expect(rolesOf('null')).toEqual([]);
  });

  it('keep the facts and the email, not the attributes', () => {
    const record = workerRecord(worker(JSON.stringify({ email: ' Ana@Example.com ', roles: ['agent'], routing: { skills: ['vip'] } })));
    expect(record).toEqual({
      facts: {
        sid: 'WK' + '1'.repeat(32),
        workspaceSid: 'WS' + '3'.repeat(32),
        friendlyName: 'agent_7',
        activityName: 'Offline',
        available: false,
        dateStatusChanged: '2025-01-02T00:00:00Z',
        dateCreated: '2025-01-01T00:00:00Z',
        roles: ['agent'],
      },
      email: 'Ana@Example.com',
      attributesMissing: false,
    });
  });

  it('say when a list left the attributes out, rather than calling the worker email-less', () => {
    expect(workerRecord(worker(null, 'ana@example.com'))).toMatchObject({ email: null, attributesMissing: true, facts: { roles: [] } });
  });

  it('name unreadable attributes and still fall back to an email-shaped friendly name', () => {
    expect(workerRecord(worker('{"email":', 'ana@example.com'))).toMatchObject({ email: 'ana@example.com', facts: { attributesProblem: 'invalid-json', roles: [] } });
  });
});

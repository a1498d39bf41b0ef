import { describe, expect, it } from 'vitest';
import type { TwilioWorker } from '../twilio/schemas';
import { rolesAndName, workerRecord } from './worker-records';

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
  it('take roles only when they are a list of strings, and the full name only when it is text', () => {
    expect(rolesAndName('{"roles":["agent","supervisor"],"full_name":" Ana Lima "}')).toEqual({ roles: ['agent', 'supervisor'], fullName: 'Ana Lima' });
    expect(rolesAndName('{"roles":"admin","full_name":""}')).toEqual({ roles: [], fullName: null });
    expect(rolesAndName('{"roles":["agent",3],"full_name":{"first":"Ana"}}')).toEqual({ roles: [], fullName: null });
    expect(rolesAndName('null')).toEqual({ roles: [], fullName: null });
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
        fullName: null,
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

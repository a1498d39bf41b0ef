import { describe, expect, it } from 'vitest';
import { IDENTITY_STATUSES } from '../identity/statuses';
import { problem } from '../problem';
import type { OktaPersonView } from '../status/views';
import type { TwilioWorker } from '../twilio/schemas';
import { isFreeable } from '../identity/statuses';
import { auditRow, auditWorker, bulkExclusion, createTotals } from './rows';

const worker = (over: Partial<TwilioWorker> = {}): TwilioWorker =>
  ({
    sid: 'WK00000000000000000000000000000001',
    workspace_sid: 'WS00000000000000000000000000000001',
    account_sid: 'AC00000000000000000000000000000001',
    friendly_name: 'ana',
    attributes: JSON.stringify({ email: 'ana@example.com', full_name: 'Ana Ruiz' }),
    activity_name: 'Offline',
    activity_sid: 'WA00000000000000000000000000000001',
    available: false,
    date_status_changed: '2026-11-01T10:00:00Z',
    date_created: '2026-01-01T10:00:00Z',
    date_updated: '2026-11-01T10:00:00Z',
    url: 'https://taskrouter.twilio.com/v1/Workspaces/WS00000000000000000000000000000001/Workers/WK00000000000000000000000000000001',
    links: {},
    ...over,
  }) as TwilioWorker;

const person = (over: Partial<OktaPersonView> = {}): OktaPersonView => ({
  id: '00u1',
  status: 'ACTIVE',
  login: 'ana@example.com',
  email: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Ruiz',
  lastLogin: null,
  flexAssigned: true,
  adminUrl: 'https://example-admin.okta.com/admin/user/profile/view/00u1',
  ...over,
});

describe('auditWorker', () => {
  it('takes the email from the attributes, and from an email-shaped friendly name when the list left the attributes out', () => {
    expect(auditWorker(worker())).toMatchObject({ email: 'ana@example.com', fullName: 'Ana Ruiz', needsFetch: false });
    expect(auditWorker(worker({ attributes: null as unknown as string, friendly_name: ' ana@example.com ' }))).toMatchObject({ email: 'ana@example.com', needsFetch: false });
    expect(auditWorker(worker({ attributes: null as unknown as string, friendly_name: 'ana' }))).toMatchObject({ email: null, needsFetch: true });
  });
});

describe('auditRow', () => {
  const listed = auditWorker(worker());
  it('classifies as the badge does, with the exclusion that keeps a row out of bulk runs', () => {
    expect(auditRow(listed, 'Flex', { ok: true, people: [person({ flexAssigned: false })] })).toMatchObject({ status: 'unassigned', bulkExclusion: null, okta: { id: '00u1', flexAssigned: false }, oktaMatches: 1 });
    expect(auditRow(listed, 'Flex', { ok: true, people: [person()] })).toMatchObject({ status: 'active', bulkExclusion: 'keeps-seat' });
    expect(auditRow(listed, 'Flex', { ok: true, people: [] })).toMatchObject({ status: 'not-in-okta', bulkExclusion: 'check-first', okta: null });
    expect(auditRow(listed, 'Flex', { ok: true, people: [person(), person({ id: '00u2' })] })).toMatchObject({ status: 'ambiguous', bulkExclusion: 'ambiguous', okta: null, oktaMatches: 2 });
    const failed = auditRow(listed, 'Flex', { ok: false, problem: problem('invalid-request', 'Not searchable.', 'Fix the address.') });
    expect(failed).toMatchObject({ status: 'unknown', bulkExclusion: 'unknown', problem: 'Not searchable. Fix the address.' });
  });

  it('never matches a look-alike address or a worker without one to anybody', () => {
    const kelvin = auditWorker(worker({ attributes: JSON.stringify({ email: '\u212Aate@example.com' }) }));
    expect(auditRow(kelvin, null, { ok: true, people: [person()] })).toMatchObject({ status: 'lookalike', bulkExclusion: 'lookalike', okta: null, oktaMatches: 0 });
    const none = auditWorker(worker({ attributes: '{}', friendly_name: 'ana' }));
    expect(auditRow(none, null, undefined)).toMatchObject({ status: 'no-email', bulkExclusion: 'no-email', email: null });
  });
});

describe('bulkExclusion and totals', () => {
  it('lets only seats that can be freed be selected; not-in-okta is to be checked first', () => {
    const selectable = IDENTITY_STATUSES.filter((status) => bulkExclusion(status) === null);
    expect(selectable).toEqual(['unassigned', 'suspended', 'deprovisioned']);
    expect(selectable.every(isFreeable)).toBe(true);
    expect(isFreeable('not-in-okta')).toBe(false);
  });

  it('counts freeable seats and "check" apart, per status, activity and workspace', () => {
    const totals = createTotals();
    const listed = auditWorker(worker());
    totals.add(auditRow(listed, 'Flex', { ok: true, people: [person({ status: 'SUSPENDED' })] }));
    totals.add(auditRow(listed, 'Flex', { ok: true, people: [] }));
    totals.add(auditRow({ ...listed, activityName: null, workspaceSid: 'WS2' }, 'Other', { ok: true, people: [person()] }));
    expect(totals.totals()).toMatchObject({
      workers: 3,
      freeable: 1,
      check: 1,
      byStatus: { suspended: 1, 'not-in-okta': 1, active: 1, deprovisioned: 0 },
      byActivity: { Offline: 2, '(none)': 1 },
      byWorkspace: [
        { sid: listed.workspaceSid, name: 'Flex', workers: 2, freeable: 1 },
        { sid: 'WS2', name: 'Other', workers: 1, freeable: 0 },
      ],
    });
    expect(totals.checkIn(listed.workspaceSid)).toBe(1);
  });
});

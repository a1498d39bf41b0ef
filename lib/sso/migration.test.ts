import { describe, expect, it } from 'vitest';
import { isPastMigrationDeadline, recommendSetupType, switchBackWindow } from './migration';

describe('migration deadline', () => {
  it.each([
    ['2026-03-31T23:59:59Z', false],
    ['2026-04-01T00:00:00Z', true],
    ['2026-12-02T00:00:00Z', true],
  ])('%s past the deadline: %s', (now, past) => {
    expect(isPastMigrationDeadline(new Date(now))).toBe(past);
  });
});

describe('switchBackWindow', () => {
  const migratedAt = new Date('2026-11-01T10:00:00Z');
  it.each([
    ['2026-11-01T10:00:00Z', 30, false],
    ['2026-11-29T22:00:00Z', 2, false],
    ['2026-12-01T09:59:59Z', 1, false],
    ['2026-12-01T10:00:00Z', 0, true],
    ['2026-12-20T00:00:00Z', 0, true],
  ])('at %s: %i days left, closed %s', (now, daysLeft, closed) => {
    expect(switchBackWindow(migratedAt, new Date(now))).toEqual({ closesAt: new Date('2026-12-01T10:00:00Z'), daysLeft, closed });
  });
});

describe('recommendSetupType', () => {
  it('recommends modifying the Okta app when the admin can change it', () => {
    expect(recommendSetupType({ oktaAdminAccess: true })).toMatchObject({ setupType: 'modify', reason: expect.stringContaining('Okta admin access: yes') });
  });
  it('recommends a new IdP app without Okta admin access', () => {
    expect(recommendSetupType({ oktaAdminAccess: false })).toMatchObject({ setupType: 'create', reason: expect.stringContaining('Okta admin access: no') });
  });
  it('recommends a new IdP app when no login downtime is acceptable, even with access', () => {
    expect(recommendSetupType({ oktaAdminAccess: true, canTolerateLoginDowntime: false })).toMatchObject({ setupType: 'create', reason: expect.stringContaining('switch back') });
  });
});

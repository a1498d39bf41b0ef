import { describe, expect, it } from 'vitest';
import { problem } from '../problem';
import { classify, type OktaPerson } from './classify';
import { IDENTITY_STATUSES, NEVER_ACTIONABLE, STATUS_INFO } from './statuses';

const person = (status: OktaPerson['status'], flexAssigned: boolean | null = true, id = '00u1'): OktaPerson => ({
  id,
  status,
  login: 'ana@example.com',
  email: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Lopez',
  lastLogin: null,
  flexAssigned,
});
const found = (...people: OktaPerson[]) => ({ ok: true as const, people });

describe('classifying a worker', () => {
  it('maps each Okta status of a single match to one identity status', () => {
    const cases: [OktaPerson['status'], string][] = [
      ['ACTIVE', 'active'],
      ['STAGED', 'not-yet-active'],
      ['PROVISIONED', 'not-yet-active'],
      ['LOCKED_OUT', 'active-with-warning'],
      ['RECOVERY', 'active-with-warning'],
      ['PASSWORD_EXPIRED', 'active-with-warning'],
      ['SUSPENDED', 'suspended'],
      ['DEPROVISIONED', 'deprovisioned'],
    ];
    for (const [okta, status] of cases) expect(classify('ana@example.com', found(person(okta))).status).toBe(status);
  });

  it('calls an active person without the Flex app "unassigned", and only an active one', () => {
    expect(classify('ana@example.com', found(person('ACTIVE', false))).status).toBe('unassigned');
    expect(classify('ana@example.com', found(person('ACTIVE', null))).status).toBe('active');
    expect(classify('ana@example.com', found(person('SUSPENDED', false))).status).toBe('suspended');
  });

  it('never picks one of several matches', () => {
    const result = classify('ana@example.com', found(person('ACTIVE', true, '00u1'), person('DEPROVISIONED', false, '00u2')));
    expect(result.status).toBe('ambiguous');
    expect(result.people.map((p) => p.id)).toEqual(['00u1', '00u2']);
  });

  it('separates "nobody in Okta" from "no email" and from "lookup failed"', () => {
    expect(classify('ana@example.com', found()).status).toBe('not-in-okta');
    expect(classify(null, found(person('ACTIVE'))).status).toBe('no-email');
    const failed = classify('ana@example.com', { ok: false, problem: problem('rate-limited', 'Okta is rate limiting.', 'Wait.') });
    expect(failed).toMatchObject({ status: 'unknown', problem: { code: 'rate-limited' } });
  });

  it('matches a look-alike address to nobody, whatever the lookup found, and never offers an action on it', () => {
    const kelvin = '\u212Ana@example.com';
    expect(classify(kelvin, found(person('ACTIVE')))).toEqual({ status: 'lookalike', email: kelvin, people: [] });
    expect(classify('ana@ｅｘａｍｐｌｅ.com', found()).status).toBe('lookalike');
    expect(classify('ana@ｅｘａｍｐｌｅ.com', { ok: false, problem: problem('rate-limited', 'Okta is rate limiting.', 'Wait.') }).status).toBe('lookalike');
    expect([...NEVER_ACTIONABLE]).toEqual(['lookalike']);
    expect(STATUS_INFO.lookalike).toMatchObject({ label: 'Look-alike address', freesSeat: false });
  });

  it('gives every status a label, a sentence and a glyph, and recommends deprovisioning only for seats nobody should hold', () => {
    for (const status of IDENTITY_STATUSES) {
      const info = STATUS_INFO[status];
      expect(info.label && info.explanation && info.icon).toBeTruthy();
      expect(info.explanation.endsWith('.')).toBe(true);
    }
    expect(IDENTITY_STATUSES.filter((s) => STATUS_INFO[s].freesSeat)).toEqual(['unassigned', 'suspended', 'deprovisioned', 'not-in-okta']);
  });
});

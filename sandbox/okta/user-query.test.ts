import { describe, expect, it } from 'vitest';
import type { OktaUser, OktaUserStatus } from '../state';
import { parseUserQuery } from './user-query';

function user(id: string, status: OktaUserStatus, firstName: string, lastName: string, email: string, lastUpdated = '2024-01-01T00:00:00.000Z'): OktaUser {
  return { id, status, created: '2023-01-01T00:00:00.000Z', activated: null, statusChanged: null, lastLogin: null, lastUpdated, passwordChanged: null, profile: { firstName, lastName, email, login: email, department: 'Support' } };
}

const USERS = [
  user('00u1', 'ACTIVE', 'Ada', 'Lovelace', 'Ada@Example.com', '2024-03-01T00:00:00.000Z'),
  user('00u2', 'DEPROVISIONED', 'Adam', 'Smith', 'adam@example.com'),
  user('00u3', 'SUSPENDED', 'Grace', 'Hopper', 'grace@example.com'),
];

function ids(query: string): string[] {
  const parsed = parseUserQuery(new URLSearchParams(query), 'oty1');
  if (!parsed.ok) throw new Error(parsed.cause);
  return USERS.filter(parsed.matches).map((u) => u.id);
}

describe('parseUserQuery', () => {
  it('lists everyone but DEPROVISIONED users when nothing narrows the list', () => {
    expect(ids('')).toEqual(['00u1', '00u3']);
  });

  it('search is case-insensitive and includes DEPROVISIONED users', () => {
    expect(ids(`search=${encodeURIComponent('profile.email eq "ADAM@EXAMPLE.COM"')}`)).toEqual(['00u2']);
    expect(ids(`search=${encodeURIComponent('profile.firstName sw "ad"')}`)).toEqual(['00u1', '00u2']);
    expect(ids(`search=${encodeURIComponent('status eq "suspended" or id eq "00U1"')}`)).toEqual(['00u1', '00u3']);
    expect(ids(`search=${encodeURIComponent('profile.department eq "support" and type.id eq "oty1"')}`)).toEqual(['00u1', '00u2', '00u3']);
  });

  it('filter is case-sensitive and includes DEPROVISIONED users', () => {
    expect(ids(`filter=${encodeURIComponent('profile.login eq "ada@example.com"')}`)).toEqual([]);
    expect(ids(`filter=${encodeURIComponent('profile.login eq "Ada@Example.com"')}`)).toEqual(['00u1']);
    expect(ids(`filter=${encodeURIComponent('status eq "DEPROVISIONED" or lastUpdated gt "2024-02-01T00:00:00.000Z"')}`)).toEqual(['00u1', '00u2']);
  });

  it('q matches the start of first name, last name or email and leaves DEPROVISIONED users out', () => {
    expect(ids('q=ad')).toEqual(['00u1']);
    expect(ids('q=HOP')).toEqual(['00u3']);
    expect(ids('q=example')).toEqual([]);
  });

  it('prefers search over filter over q', () => {
    expect(ids(`search=${encodeURIComponent('id eq "00u3"')}&filter=${encodeURIComponent('id eq "00u1"')}&q=ad`)).toEqual(['00u3']);
    expect(ids(`filter=${encodeURIComponent('id eq "00u1"')}&q=grace`)).toEqual(['00u1']);
  });

  it('rejects what each dialect does not support, with the reason', () => {
    const reject = (query: string) => {
      const parsed = parseUserQuery(new URLSearchParams(query), 'oty1');
      return parsed.ok ? 'accepted' : parsed.cause;
    };
    expect(reject(`filter=${encodeURIComponent('profile.login sw "ada"')}`)).toMatch(/'sw' operator is not supported/);
    expect(reject(`filter=${encodeURIComponent('profile.department eq "Support"')}`)).toMatch(/Unsupported attribute/);
    expect(reject(`search=${encodeURIComponent('profile.department co "upp"')}`)).toMatch(/'co' operator is not supported/);
    expect(reject(`search=${encodeURIComponent('lastLogin gt "2024-01-01T00:00:00Z"')}`)).toMatch(/Unsupported attribute/);
    expect(reject(`search=${encodeURIComponent('profile.email eq "x" ||')}`)).toMatch(/Unexpected character/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSettings } from '../settings/settings';
import { checkOperator } from './operators';

const settings = (runs: Record<string, unknown>) => parseSettings({ runs });

describe('approved operators', () => {
  it('lets everyone run when the list is empty, recording whoever Settings names', () => {
    expect(checkOperator(settings({}))).toEqual({ ok: true, operator: null });
    expect(checkOperator(settings({ operator: ' lead@example.com ' }))).toEqual({ ok: true, operator: 'lead@example.com' });
  });

  it('lets a listed operator run, comparing addresses as everywhere else', () => {
    expect(checkOperator(settings({ approvedOperators: ['Lead@Example.com'], operator: 'lead@example.com' }))).toEqual({ ok: true, operator: 'lead@example.com' });
  });

  it('refuses an operator not on the list, and anyone at all when Settings does not say who is running', () => {
    const refused = checkOperator(settings({ approvedOperators: ['lead@example.com'], operator: 'intern@example.com' }));
    expect(refused).toMatchObject({ ok: false, problem: { code: 'permission-denied', message: expect.stringContaining('intern@example.com') } });
    expect(checkOperator(settings({ approvedOperators: ['lead@example.com'] }))).toMatchObject({ ok: false, problem: { code: 'permission-denied', nextStep: expect.stringContaining('You are') } });
  });
});

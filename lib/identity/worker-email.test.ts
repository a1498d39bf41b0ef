import { describe, expect, it } from 'vitest';
import { emailKey, searchForms, workerEmail } from './worker-email';

describe('a worker’s email', () => {
  it('comes from attributes.email, trimmed', () => {
    expect(workerEmail({ attributes: JSON.stringify({ email: '  Ana+flex@Example.com ' }), friendlyName: 'ana' })).toEqual({ email: 'Ana+flex@Example.com', source: 'attributes' });
  });

  it('falls back to the friendly name only when that is an email address', () => {
    expect(workerEmail({ attributes: '{"roles":["agent"]}', friendlyName: 'bo@example.com' })).toEqual({ email: 'bo@example.com', source: 'friendly-name' });
    expect(workerEmail({ attributes: '{"roles":["agent"]}', friendlyName: 'Bo the agent' })).toEqual({ email: null, source: null });
  });

  it('reports attributes that are not JSON, not an object or huge, without guessing', () => {
    expect(workerEmail({ attributes: '{"email": "x@y.z"', friendlyName: null })).toEqual({ email: null, source: null, attributesProblem: 'invalid-json' });
    expect(workerEmail({ attributes: '["x@y.z"]', friendlyName: null })).toEqual({ email: null, source: null, attributesProblem: 'not-an-object' });
    const huge = JSON.stringify({ email: 'x@y.z', pad: 'a'.repeat(70_000) });
    expect(workerEmail({ attributes: huge, friendlyName: 'x@y.z' })).toEqual({ email: 'x@y.z', source: 'friendly-name', attributesProblem: 'too-large' });
  });

  it('accepts valid but awkward addresses and refuses things that are not addresses', () => {
    for (const email of ['"john..doe"@example.com', "o'brien@example.com", 'josé@bücher.example']) {
      expect(workerEmail({ attributes: JSON.stringify({ email }), friendlyName: null }).email).toBe(email);
    }
    for (const email of ['not an email', 'a@b', 'a@@b.c', 'a b@c.d', 42]) {
      expect(workerEmail({ attributes: JSON.stringify({ email }), friendlyName: null }).email).toBeNull();
    }
  });

  it('compares addresses case-insensitively and across the Unicode and punycode forms of a domain', () => {
    expect(emailKey('Jane.Doe@Example.com')).toBe(emailKey('jane.doe@example.com'));
    expect(emailKey('josé@bücher.example')).toBe('josé@xn--bcher-kva.example');
    expect(searchForms('josé@bücher.example')).toEqual(['josé@bücher.example', 'josé@xn--bcher-kva.example']);
    expect(searchForms('ana@example.com')).toEqual(['ana@example.com']);
  });

  it('never folds a look-alike address onto the plain one it imitates', () => {
    const table: [string, string][] = [
      ['\u212Aelly.park@example.com', 'kelly.park@example.com'],
      ['omar@ｅｘａｍｐｌｅ.com', 'omar@example.com'],
      ['\u0130smail@example.com', 'ismail@example.com'],
      ['jose\u0301@bücher.example', 'josé@bücher.example'],
    ];
    for (const [lookalike, plain] of table) {
      expect(emailKey(lookalike)).not.toBe(emailKey(plain));
      expect(emailKey(lookalike)).toBe(lookalike);
    }
    // The worker's own address is still read as given: the status, not the reading, refuses it.
    expect(workerEmail({ attributes: JSON.stringify({ email: '\u212Aelly.park@example.com' }), friendlyName: null }).email).toBe('\u212Aelly.park@example.com');
  });
});

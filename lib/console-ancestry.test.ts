import { describe, expect, it } from 'vitest';
import { consoleAncestry } from './console-ancestry';

describe('where the Console content script runs', () => {
  it.each([
    ['top level', { topLevel: true, ancestorOrigins: [] }, 'trusted'],
    ['top level in a browser without ancestorOrigins', { topLevel: true }, 'trusted'],
    ['framed by the Console shell', { topLevel: false, ancestorOrigins: ['https://console.twilio.com'] }, 'trusted'],
    ['in a legacy page framed by the Console shell', { topLevel: false, ancestorOrigins: ['https://www.twilio.com', 'https://console.twilio.com'] }, 'trusted'],
    ['framed by another site', { topLevel: false, ancestorOrigins: ['https://intranet.example'] }, 'untrusted'],
    ['framed by www.twilio.com at top level', { topLevel: false, ancestorOrigins: ['https://www.twilio.com'] }, 'untrusted'],
    ['in a Console shell that another site frames', { topLevel: false, ancestorOrigins: ['https://console.twilio.com', 'https://intranet.example'] }, 'untrusted'],
    ['under the Console with another site in between', { topLevel: false, ancestorOrigins: ['https://intranet.example', 'https://console.twilio.com'] }, 'untrusted'],
    ['framed by a page that hides its origin', { topLevel: false, ancestorOrigins: ['null'] }, 'untrusted'],
    ['framed by a look-alike host', { topLevel: false, ancestorOrigins: ['https://console.twilio.com.evil.example'] }, 'untrusted'],
    ['framed over plain http', { topLevel: false, ancestorOrigins: ['http://console.twilio.com'] }, 'untrusted'],
    ['framed in a browser without ancestorOrigins', { topLevel: false }, 'unknown'],
  ] as const)('%s', (_, placement, expected) => {
    expect(consoleAncestry(placement)).toBe(expected);
  });
});

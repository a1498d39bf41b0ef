import { describe, expect, it } from 'vitest';
import { isSyncServiceSid, isWorkerSid, workerSidsIn } from './sids';

const wk = (c: string) => 'WK' + c.repeat(32);

describe('worker SIDs', () => {
  it('finds each worker SID once in links and text, and ignores look-alikes', () => {
    const text = `/workers/${wk('a')} then ${wk('b')} and ${wk('a')} again; WK${'A'.repeat(32)} is upper case; x${wk('c')}y is glued`;
    expect(workerSidsIn(text)).toEqual([wk('a'), wk('b')]);
  });

  it('accepts only the exact shape', () => {
    expect(isWorkerSid(wk('0'))).toBe(true);
    expect(isWorkerSid(wk('0') + '0')).toBe(false);
    expect(isWorkerSid('WS' + '0'.repeat(32))).toBe(false);
  });

  it('tells a Sync Service SID from other SIDs', () => {
    expect(isSyncServiceSid('IS' + 'ab'.repeat(16))).toBe(true);
    expect(isSyncServiceSid('IS' + 'AB'.repeat(16))).toBe(false);
    expect(isSyncServiceSid(wk('0'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isWorkerSid, workerSidsIn } from './sids';

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
});

import { describe, expect, it } from 'vitest';
import { bulkWindowPath, bulkWindowTargets } from './bulk-window';

const ws = `WS${'a'.repeat(32)}`;
const wk = (digit: string) => `WK${digit.repeat(32)}`;

describe('the bulk window address', () => {
  it('carries the selected workers there and back', () => {
    const targets = [
      { workspaceSid: ws, workerSid: wk('1') },
      { workspaceSid: ws, workerSid: wk('2') },
    ];
    const path = bulkWindowPath(targets);
    expect(path.startsWith('/bulk.html?w=')).toBe(true);
    expect(bulkWindowTargets(path.slice(path.indexOf('?')))).toEqual(targets);
  });

  it('drops malformed entries and names each worker once', () => {
    expect(bulkWindowTargets(`?w=${ws}:${wk('1')},${ws}:${wk('1')},nonsense,${ws}:WKshort,${ws}:${wk('3')}:extra`)).toEqual([{ workspaceSid: ws, workerSid: wk('1') }]);
    expect(bulkWindowTargets('')).toEqual([]);
  });
});

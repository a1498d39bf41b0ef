import { describe, expect, it } from 'vitest';
import { mapBounded } from './bulk';

describe('mapBounded', () => {
  it('never has more than the limit in flight, and keeps the items’ order whatever order they finish in', async () => {
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const done = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return n * 10;
    });
    // Release the newest waiter each time, so items finish out of order.
    while (gates.length > 0 || inFlight > 0) {
      await Promise.resolve();
      gates.pop()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('returns at once for no items', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});

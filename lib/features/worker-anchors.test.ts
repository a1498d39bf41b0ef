// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findWorkerAnchors } from './worker-anchors';

const WK1 = 'WK' + '1'.repeat(32);
const WK2 = 'WK' + '2'.repeat(32);

describe('finding workers on a page', () => {
  it('uses the link to a worker in a table and counts a worker once though its SID also shows as text', () => {
    document.body.innerHTML = `<table><tr><td><a href="/console/taskrouter/workspaces/WS/workers/${WK1}">alice</a></td><td>${WK1}</td></tr>
      <tr><td><a href="/console/taskrouter/workspaces/WS/workers/${WK2}">bob</a></td><td>${WK2}</td></tr></table>`;
    const anchors = findWorkerAnchors(document.body);
    expect([...anchors.keys()]).toEqual([WK1, WK2]);
    expect(anchors.get(WK1)?.textContent).toBe('alice');
  });

  it('finds a SID that appears only as text in a card, and ignores scripts and our own UI', () => {
    document.body.innerHTML = `<div class="css-9x"><span class="css-1a">SID ${WK1}</span></div><script>var x = "${WK2}"</script><flex-steward-badge>${WK2}</flex-steward-badge>`;
    const anchors = findWorkerAnchors(document.body);
    expect([...anchors.keys()]).toEqual([WK1]);
    expect(anchors.get(WK1)?.tagName).toBe('SPAN');
  });
});

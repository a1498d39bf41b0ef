// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findWorkerAnchors } from './worker-anchors';
import { findWorkerRows, rowHider, workerListOf } from './worker-rows';

const WK1 = 'WK' + '1'.repeat(32);
const WK2 = 'WK' + '2'.repeat(32);
const link = (sid: string) => `<a href="/console/taskrouter/workspaces/WS/workers/${sid}">${sid.slice(0, 4)}</a>`;
const rowsOnPage = () => findWorkerRows(findWorkerAnchors(document.body));
const tagsOf = (rows: Map<string, Element>) => [...rows.values()].map((row) => row.tagName);

describe('finding each worker’s row', () => {
  it('takes the table row, and the table as the list', () => {
    document.body.innerHTML = `<h1>Workers</h1><table><tbody><tr><td>${link(WK1)}</td><td>${WK1}</td></tr><tr><td>${link(WK2)}</td></tr></tbody></table>`;
    const rows = rowsOnPage();
    expect(tagsOf(rows)).toEqual(['TR', 'TR']);
    expect(workerListOf(rows.values())?.tagName).toBe('TABLE');
  });

  it('takes an ARIA row of a grid that renders divs', () => {
    document.body.innerHTML = `<div role="table"><div role="rowgroup"><div role="row"><div role="cell">${link(WK1)}</div></div><div role="row"><div role="cell">${link(WK2)}</div></div></div></div>`;
    const rows = rowsOnPage();
    expect([...rows.values()].map((row) => row.getAttribute('role'))).toEqual(['row', 'row']);
    expect(workerListOf(rows.values())?.getAttribute('role')).toBe('table');
  });

  it('takes the largest element holding one worker when nothing says it is a row (cards), stopping below the page’s heading', () => {
    document.body.innerHTML = `<div class="page"><h1>Workers</h1><div class="grid"><div class="x"><div class="card"><strong>${link(WK1)}</strong><span>${WK1}</span></div></div><div class="x"><div class="card">${WK2}</div></div></div></div>`;
    const rows = rowsOnPage();
    expect([...rows.values()].map((row) => row.className)).toEqual(['x', 'x']);
    expect((workerListOf(rows.values()) as HTMLElement).className).toBe('grid');

    document.body.innerHTML = `<div class="page"><h1>Workers</h1><div class="grid"><div class="card">${WK1}</div></div></div>`;
    expect((rowsOnPage().get(WK1) as HTMLElement).className).toBe('grid');
  });

  it('never takes a list item that holds two workers', () => {
    document.body.innerHTML = `<ul><li><div>${link(WK1)}</div><div>${link(WK2)}</div></li></ul>`;
    expect([...rowsOnPage().values()].map((row) => row.tagName)).toEqual(['DIV', 'DIV']);
  });
});

describe('hiding rows', () => {
  it('hides exactly the rows asked for and gives each its own inline display back', () => {
    document.body.innerHTML = '<div id="a" style="display: grid; color: red"></div><div id="b"></div><div id="c" style="display: flex !important"></div>';
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id)!);
    const hider = rowHider();
    hider.hideOnly(new Set([a!, b!, c!]));
    expect([a, b, c].map((el) => el!.style.display)).toEqual(['none', 'none', 'none']);
    hider.hideOnly(new Set([b!]));
    expect(a!.getAttribute('style')).toBe('display: grid; color: red;');
    expect(c!.style.getPropertyValue('display')).toBe('flex');
    expect(c!.style.getPropertyPriority('display')).toBe('important');
    expect(b!.style.display).toBe('none');
    hider.showAll();
    expect(b!.hasAttribute('style') ? b!.getAttribute('style') : '').toBe('');
  });
});

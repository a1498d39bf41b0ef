import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFetch } from '../sandbox-fetch';
import { startSandbox, type Sandbox } from '../server';
import { parseWorkerQuery, workersUrl } from './legacy-console';
import { AVAILABLE, OTHER_WORKSPACE_SID, WORKSPACE_SID, decodeEntities, seedPagesState, worker, workerSid } from './test-fixtures';

const WWW = 'https://www.twilio.com';
const LIST = `${WWW}/console/taskrouter/workspaces/${WORKSPACE_SID}/workers`;

/** The worker SIDs a page shows, in order, wherever they appear as link targets. */
const linkedSids = (page: string) => [...page.matchAll(/href="\/console\/taskrouter\/workspaces\/WS[0-9a-f]{32}\/workers\/(WK[0-9a-f]{32})"/g)].map((m) => m[1]);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => workerSid(from + i));

describe('legacy Console TaskRouter pages (www.twilio.com)', () => {
  let sandbox: Sandbox;
  let get: (url: string) => Promise<{ status: number; text: string }>;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5 });
    seedPagesState(sandbox.state);
    const fetcher = sandboxFetch(sandbox);
    get = async (url) => {
      const res = await fetcher(url);
      return { status: res.status, text: await res.text() };
    };
  });
  afterAll(() => sandbox.close());

  it('lists workers 25 to a page in a table, each linked by SID, with Next and Previous', async () => {
    const first = await get(LIST);
    expect(first.status).toBe(200);
    expect(linkedSids(first.text)).toEqual(range(1, 25));
    expect(first.text).toMatch(new RegExp(`<td class="css-[0-9a-z]+">${workerSid(1)}</td>`));
    expect(first.text).toContain('<a rel="next" href="/console/taskrouter/workspaces/' + WORKSPACE_SID + '/workers?page=2">Next</a>');
    expect(first.text).not.toContain('rel="prev"');
    expect(first.text).toContain('Showing 1–25 of 60 workers');

    const last = await get(`${LIST}?page=3`);
    expect(linkedSids(last.text)).toEqual(range(51, 60));
    expect(last.text).toContain('rel="prev"');
    expect(last.text).not.toContain('rel="next"');
  });

  it('filters by friendly name and activity, keeping the filters in the paging links', async () => {
    const byName = await get(`${LIST}?friendlyName=agent%202`);
    expect(linkedSids(byName.text)).toEqual(range(20, 29));

    const available = await get(`${LIST}?activity=${AVAILABLE}`);
    expect(linkedSids(available.text)).toEqual(Array.from({ length: 20 }, (_, i) => workerSid(3 * (i + 1))));
    expect(available.text).toMatch(new RegExp(`<option value="${AVAILABLE}" selected>Available</option>`));

    const both = await get(`${LIST}?friendlyName=AGENT&activity=${AVAILABLE}&page=1`);
    expect(linkedSids(both.text)).toHaveLength(20);

    const paged = await get(`${LIST}?friendlyName=agent`);
    expect(decodeEntities(paged.text)).toContain(`href="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers?friendlyName=agent&page=2"`);
    expect(paged.text).toContain('Showing 1–25 of 59 workers');
  });

  it('shows perPage workers a page, up to 1,000, and keeps the size in paging links, the filter form and Load more', async () => {
    const ten = await get(`${LIST}?perPage=10&page=2`);
    expect(linkedSids(ten.text)).toEqual(range(11, 20));
    expect(ten.text).toContain('Showing 11–20 of 60 workers');
    expect(decodeEntities(ten.text)).toContain(`href="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers?perPage=10&page=3">Next</a>`);
    expect(ten.text).toContain('<input type="hidden" name="perPage" value="10">');

    const all = await get(`${LIST}?perPage=5000`);
    expect(linkedSids(all.text)).toEqual(range(1, 60));
    expect(all.text).toContain('Showing 1–60 of 60 workers');
    expect(all.text).not.toContain('rel="next"');
    expect(all.text).toContain('<input type="hidden" name="perPage" value="1000">');
    expect((await get(LIST)).text).not.toContain('name="perPage"');

    const late = await get(`${LIST}?layout=late&perPage=40`);
    const data = JSON.parse(/<script type="application\/json" id="worker-data">(.*?)<\/script>/s.exec(late.text)![1]!) as { pageSize: number };
    expect(data.pageSize).toBe(40);
  });

  it('renders the filter form as a GET to the same list so submitting it navigates the frame', async () => {
    const { text } = await get(`${LIST}?layout=cards`);
    expect(text).toContain(`<form class="`);
    expect(text).toMatch(new RegExp(`method="get" action="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers"`));
    expect(text).toMatch(/<label class="css-[0-9a-z]+" for="filter-friendly-name">Friendly name<\/label>/);
    expect(text).toContain('<input type="hidden" name="layout" value="cards">');
  });

  it('shows cards whose link wraps the card and whose SID is only a span of text', async () => {
    const { status, text } = await get(`${LIST}?layout=cards&page=2`);
    expect(status).toBe(200);
    expect(linkedSids(text)).toEqual(range(26, 50));
    expect(text).toMatch(new RegExp(`<a class="css-[0-9a-z]+" href="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers/${workerSid(26)}"><div class="css-[0-9a-z]+">`));
    expect(text).toMatch(new RegExp(`<span class="css-[0-9a-z]+">${workerSid(26)}</span>`));
    expect(text).not.toContain('<table');
    expect(text).toContain('layout=cards&amp;page=3');
  });

  it('renders late rows from embedded data after a delay, with Load more instead of paging links', async () => {
    const { text } = await get(`${LIST}?layout=late&page=2`);
    expect(text).toMatch(/data-late-rows><\/div>/);
    expect(linkedSids(text)).toEqual([]);
    const data = JSON.parse(/<script type="application\/json" id="worker-data">(.*?)<\/script>/s.exec(text)![1]!) as { pageSize: number; workers: { sid: string; href: string }[] };
    expect(data.pageSize).toBe(25);
    expect(data.workers.map((w) => w.sid)).toEqual(range(26, 60));
    expect(data.workers[0]!.href).toBe(`/console/taskrouter/workspaces/${WORKSPACE_SID}/workers/${workerSid(26)}`);
    expect(text).toContain('setTimeout');
    expect(text).toMatch(/<button[^>]*data-load-more hidden>Load more<\/button>/);
    expect(text).not.toContain('rel="next"');
  });

  it('shows a worker with its activity and pretty-printed attributes, and links back to the list', async () => {
    const { status, text } = await get(`${LIST}/${workerSid(3)}`);
    expect(status).toBe(200);
    expect(text).toContain('<h1>Agent 03</h1>');
    expect(text).toContain(workerSid(3));
    expect(text).toMatch(/<dt>Activity<\/dt><dd>Available<\/dd>/);
    expect(text).toMatch(/<dt>Available<\/dt><dd>Yes<\/dd>/);
    expect(text).toContain('2025-03-01 09:00:00 UTC');
    const pre = /<pre class="css-[0-9a-z]+">([\s\S]*?)<\/pre>/.exec(text)![1]!;
    expect(decodeEntities(pre)).toBe(JSON.stringify({ email: 'agent03@example.com', roles: ['agent'], full_name: 'Agent 03' }, null, 2));
    expect(text).toContain(`<a href="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers">Back to workers</a>`);
  });

  it('shows malformed attributes exactly as stored', async () => {
    sandbox.state.twilio.workers.push(worker(90, { attributes: '{"email": "broken@example.com",' }));
    const { text } = await get(`${LIST}/${workerSid(90)}`);
    expect(decodeEntities(/<pre class="css-[0-9a-z]+">([\s\S]*?)<\/pre>/.exec(text)![1]!)).toBe('{"email": "broken@example.com",');
    sandbox.state.twilio.workers.pop();
  });

  it('answers unknown workers, workers of another workspace and unknown workspaces with a 404 page', async () => {
    for (const url of [`${LIST}/${workerSid(999)}`, `${LIST}/${workerSid(61)}`, `${WWW}/console/taskrouter/workspaces/WS${'9'.repeat(32)}/workers`]) {
      const { status, text } = await get(url);
      expect(status, url).toBe(404);
      expect(text).toMatch(/<h1>(Worker|Workspace) not found<\/h1>/);
    }
    const other = await get(`${WWW}/console/taskrouter/workspaces/${OTHER_WORKSPACE_SID}/workers/${workerSid(61)}`);
    expect(other.status).toBe(200);
  });

  it('escapes names that look like markup in every layout and on the detail page', async () => {
    for (const url of [LIST, `${LIST}?layout=cards`, `${LIST}?layout=late`, `${LIST}/${workerSid(7)}`]) {
      const { text } = await get(url);
      expect(text, url).not.toContain('<img');
      if (!url.includes('late')) expect(text, url).toContain('&lt;img src=x onerror=alert(1)&gt;');
      else expect(text).toContain('\\u003cimg src=x onerror=alert(1)>');
    }
  });

  it('lists workspaces with links to their workers', async () => {
    const { status, text } = await get(`${WWW}/console/taskrouter/workspaces`);
    expect(status).toBe(200);
    expect(text).toContain(`<a href="/console/taskrouter/workspaces/${WORKSPACE_SID}/workers">Flex Task Assignment</a>`);
  });

  it('uses only generated class names, which change with the seed', async () => {
    const before = (await get(LIST)).text;
    const classes = new Set([...before.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1]!.split(' ')));
    expect([...classes].every((name) => /^css-[0-9a-z]+$/.test(name))).toBe(true);
    sandbox.state.seed += 1;
    const after = (await get(LIST)).text;
    sandbox.state.seed -= 1;
    expect([...classes].some((name) => after.includes(name))).toBe(false);
  });
});

describe('worker list queries', () => {
  it('falls back to page 1 and the table layout for values it does not know', () => {
    expect(parseWorkerQuery(new URLSearchParams('page=-3&layout=grid&perPage=many'))).toEqual({ page: 1, friendlyName: '', activity: '', layout: 'table', perPage: 25 });
    expect(parseWorkerQuery(new URLSearchParams('perPage=0')).perPage).toBe(25);
    expect(parseWorkerQuery(new URLSearchParams('perPage=1000')).perPage).toBe(1000);
    expect(parseWorkerQuery(new URLSearchParams('perPage=1001')).perPage).toBe(1000);
    expect(parseWorkerQuery(new URLSearchParams('page=4&layout=late&friendlyName=%20ann%20'))).toMatchObject({ page: 4, layout: 'late', friendlyName: 'ann' });
  });

  it('leaves defaults out of list URLs', () => {
    expect(workersUrl('WS1', { page: 1, friendlyName: '', activity: '', layout: 'table', perPage: 25 })).toBe('/console/taskrouter/workspaces/WS1/workers');
    expect(workersUrl('WS1', { page: 2, friendlyName: 'a b', activity: 'WA1', layout: 'cards', perPage: 100 })).toBe('/console/taskrouter/workspaces/WS1/workers?friendlyName=a+b&activity=WA1&layout=cards&perPage=100&page=2');
  });
});

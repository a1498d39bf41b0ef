/**
 * www.twilio.com/console/…: the legacy Console pages that the new Console shows inside an iframe
 * (TaskRouter still lives there). They also work loaded at top level, as the extension must.
 */
import { SANDBOX_HOSTS } from '../hosts';
import { matchPath, type HostHandler, type SandboxResponse } from '../http';
import type { SandboxState, SandboxWorker, SandboxWorkspace } from '../state';
import { classNamer, field, h, page, raw, scriptJson, textInput, type ClassNamer, type Html } from './layout';

export const WORKERS_PER_PAGE = 25;
/** The most `perPage` shows: enough for a whole 1,000-worker workspace on one page, as the benchmark loads it. */
export const MAX_WORKERS_PER_PAGE = 1000;

export type WorkerListLayout = 'table' | 'cards' | 'late';

export interface WorkerQuery {
  /** 1-based. */
  page: number;
  /** Case-insensitive substring of the friendly name; empty matches all. */
  friendlyName: string;
  /** An activity SID; empty matches all. */
  activity: string;
  layout: WorkerListLayout;
  /** Workers per page (per "Load more" in the late layout), 1 to MAX_WORKERS_PER_PAGE. */
  perPage: number;
}

const LAYOUTS: readonly WorkerListLayout[] = ['table', 'cards', 'late'];

export function parseWorkerQuery(params: URLSearchParams): WorkerQuery {
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const layout = params.get('layout') as WorkerListLayout | null;
  const perPage = Number.parseInt(params.get('perPage') ?? '', 10);
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    friendlyName: params.get('friendlyName')?.trim() ?? '',
    activity: params.get('activity') ?? '',
    layout: layout && LAYOUTS.includes(layout) ? layout : 'table',
    perPage: Number.isFinite(perPage) && perPage > 0 ? Math.min(perPage, MAX_WORKERS_PER_PAGE) : WORKERS_PER_PAGE,
  };
}

export function filterWorkers(workers: readonly SandboxWorker[], query: Pick<WorkerQuery, 'friendlyName' | 'activity'>): SandboxWorker[] {
  const needle = query.friendlyName.toLowerCase();
  return workers.filter((w) => (!needle || w.friendlyName.toLowerCase().includes(needle)) && (!query.activity || w.activitySid === query.activity));
}

export const workersPath = (workspaceSid: string) => `/console/taskrouter/workspaces/${workspaceSid}/workers`;
export const workerPath = (workspaceSid: string, workerSid: string) => `${workersPath(workspaceSid)}/${workerSid}`;

/** The list URL for `query`, leaving defaults out so links look like the ones people share. */
export function workersUrl(workspaceSid: string, query: WorkerQuery): string {
  const params = new URLSearchParams();
  if (query.friendlyName) params.set('friendlyName', query.friendlyName);
  if (query.activity) params.set('activity', query.activity);
  if (query.layout !== 'table') params.set('layout', query.layout);
  if (query.perPage !== WORKERS_PER_PAGE) params.set('perPage', String(query.perPage));
  if (query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return workersPath(workspaceSid) + (search ? `?${search}` : '');
}

const formatDate = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;

function activityName(workspace: SandboxWorkspace, sid: string): string {
  return workspace.activities.find((a) => a.sid === sid)?.friendlyName ?? sid;
}

function isAvailable(workspace: SandboxWorkspace, sid: string): boolean {
  return workspace.activities.find((a) => a.sid === sid)?.available ?? false;
}

const CONSOLE_ORIGIN = `https://${SANDBOX_HOSTS.console}`;

/**
 * Inside the Console shell the frame hands link clicks to the shell (which pushes its own history
 * entry and swaps the frame's src) and reports where it is after any load, as the real frame does.
 * At top level, or framed by anyone else, links behave as plain links.
 */
const FRAME_SCRIPT = `(() => {
  const consoleOrigin = ${JSON.stringify(CONSOLE_ORIGIN)};
  const parentOrigin = location.ancestorOrigins ? location.ancestorOrigins[0] : document.referrer && new URL(document.referrer).origin;
  if (window.top === window || parentOrigin !== consoleOrigin) return;
  parent.postMessage({ type: 'console-frame:location', path: location.pathname + location.search }, consoleOrigin);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href^="/console/"]') : null;
    if (!link || link.target) return;
    event.preventDefault();
    parent.postMessage({ type: 'console-frame:navigate', path: link.getAttribute('href') }, consoleOrigin);
  });
})();`;

function style(c: ClassNamer): string {
  return `
body { margin: 0; font: 14px/1.45 "Helvetica Neue", Arial, sans-serif; color: #233659; background: #fff; }
.${c('page')} { padding: 20px 28px; }
.${c('crumbs')} { font-size: 12px; color: #606b85; margin-bottom: 6px; }
.${c('crumbs')} a { color: #0263e0; text-decoration: none; }
h1 { font-size: 22px; margin: 0 0 16px; font-weight: 600; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.${c('filters')} { display: flex; gap: 12px; align-items: flex-end; margin-bottom: 16px; flex-wrap: wrap; }
.${c('field')} { display: flex; flex-direction: column; gap: 4px; }
.${c('label')} { font-weight: 600; font-size: 12px; }
.${c('input')} { border: 1px solid #8891aa; border-radius: 4px; padding: 6px 8px; font: inherit; min-width: 220px; }
.${c('button')} { background: #0263e0; color: #fff; border: 0; border-radius: 4px; padding: 7px 14px; font: inherit; cursor: pointer; }
.${c('button')}[disabled] { opacity: .6; }
.${c('table')} { border-collapse: collapse; width: 100%; }
.${c('table')} th, .${c('table')} td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e1e3ea; }
.${c('table')} th { font-size: 12px; text-transform: uppercase; color: #606b85; }
.${c('mono')} { font-family: Menlo, Consolas, monospace; font-size: 12px; }
.${c('grid')} { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
.${c('card')} { border: 1px solid #e1e3ea; border-radius: 8px; padding: 12px; display: flex; flex-direction: column; gap: 4px; }
a.${c('card-link')} { color: inherit; text-decoration: none; }
a.${c('card-link')}:hover .${c('card')} { border-color: #0263e0; }
.${c('rows')} { display: flex; flex-direction: column; }
.${c('row')} { display: grid; grid-template-columns: 2fr 3fr 1fr 1fr; gap: 8px; padding: 8px 10px; border-bottom: 1px solid #e1e3ea; }
.${c('pager')} { display: flex; gap: 16px; align-items: center; margin-top: 16px; }
.${c('muted')} { color: #606b85; }
.${c('details')} { display: grid; grid-template-columns: 160px 1fr; gap: 6px 16px; margin: 0; }
.${c('details')} dt { font-weight: 600; }
.${c('details')} dd { margin: 0; }
pre.${c('attributes')} { background: #f4f4f6; border-radius: 4px; padding: 12px; overflow: auto; }
`;
}

function legacyPage(c: ClassNamer, title: string, crumbs: Html, content: Html, status = 200): SandboxResponse {
  const body = h`<div class="${c('page')}">
<nav class="${c('crumbs')}" aria-label="Breadcrumb">${crumbs}</nav>
${content}
</div>
<script>${raw(FRAME_SCRIPT)}</script>`;
  return page({ title: `${title} | Twilio`, style: style(c), body }, status);
}

function crumbsFor(c: ClassNamer, workspace?: SandboxWorkspace, workersLink = false): Html {
  const parts = [h`<a href="/console/taskrouter/workspaces">TaskRouter</a>`];
  if (workspace) parts.push(h` / <span>${workspace.friendlyName}</span>`);
  if (workspace && workersLink) parts.push(h` / <a href="${workersPath(workspace.sid)}">Workers</a>`);
  return h`<span class="${c('crumb-trail')}">${parts}</span>`;
}

function notFound(c: ClassNamer, what: string, sid: string): SandboxResponse {
  return legacyPage(
    c,
    'Not found',
    crumbsFor(c),
    h`<h1>${what} not found</h1><p class="${c('muted')}">We could not find <span class="${c('mono')}">${sid}</span> on this account.</p>`,
    404,
  );
}

function workspaceList(c: ClassNamer, state: SandboxState): SandboxResponse {
  const rows = state.twilio.workspaces.map(
    (ws) => h`<tr><td><a href="${workersPath(ws.sid)}">${ws.friendlyName}</a></td><td class="${c('mono')}">${ws.sid}</td></tr>`,
  );
  return legacyPage(
    c,
    'Workspaces',
    crumbsFor(c),
    h`<h1>Workspaces</h1>
<table class="${c('table')}"><thead><tr><th>Friendly name</th><th>SID</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function filterForm(c: ClassNamer, workspace: SandboxWorkspace, query: WorkerQuery): Html {
  const options = workspace.activities.map(
    (a) => h`<option value="${a.sid}"${a.sid === query.activity ? raw(' selected') : ''}>${a.friendlyName}</option>`,
  );
  const select = h`<select class="${c('input')}" id="filter-activity" name="activity"><option value="">All activities</option>${options}</select>`;
  return h`<form class="${c('filters')}" method="get" action="${workersPath(workspace.sid)}" role="search">
  ${field(c, 'filter-friendly-name', 'Friendly name', textInput(c, 'filter-friendly-name', query.friendlyName, { name: 'friendlyName' }))}
  ${field(c, 'filter-activity', 'Activity', select)}
  ${query.layout === 'table' ? '' : h`<input type="hidden" name="layout" value="${query.layout}">`}
  ${query.perPage === WORKERS_PER_PAGE ? '' : h`<input type="hidden" name="perPage" value="${String(query.perPage)}">`}
  <button class="${c('button')}" type="submit">Filter</button>
</form>`;
}

function workerTable(c: ClassNamer, workspace: SandboxWorkspace, workers: SandboxWorker[]): Html {
  const rows = workers.map(
    (w) => h`<tr>
  <td><a href="${workerPath(workspace.sid, w.sid)}">${w.friendlyName}</a></td>
  <td class="${c('mono')}">${w.sid}</td>
  <td>${activityName(workspace, w.activitySid)}</td>
  <td>${isAvailable(workspace, w.activitySid) ? 'Yes' : 'No'}</td>
  <td>${formatDate(w.dateCreated)}</td>
</tr>`,
  );
  return h`<table class="${c('table')}">
<thead><tr><th>Friendly name</th><th>SID</th><th>Activity</th><th>Available</th><th>Date created</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function workerCards(c: ClassNamer, workspace: SandboxWorkspace, workers: SandboxWorker[]): Html {
  const cards = workers.map(
    (w) => h`<a class="${c('card-link')}" href="${workerPath(workspace.sid, w.sid)}"><div class="${c('card')}">
  <strong>${w.friendlyName}</strong>
  <span class="${c('mono')}">${w.sid}</span>
  <span class="${c('muted')}">${activityName(workspace, w.activitySid)}</span>
</div></a>`,
  );
  return h`<div class="${c('grid')}">${cards}</div>`;
}

/**
 * Rows that render late, like a React page fetching its data: the container is empty at load, the
 * first rows arrive after 300 ms and the rest of the page 300 ms later; "Load more" appends the
 * next page without a reload. Rows are built with textContent, so names stay text.
 */
const LATE_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('worker-data').textContent);
  const container = document.querySelector('[data-late-rows]');
  const loading = document.querySelector('[data-loading]');
  const more = document.querySelector('[data-load-more]');
  let shown = 0;
  const cell = (text, className) => {
    const div = document.createElement('div');
    div.setAttribute('role', 'cell');
    if (className) div.className = className;
    div.textContent = text;
    return div;
  };
  const rowFor = (worker) => {
    const row = document.createElement('div');
    row.className = data.classes.row;
    row.setAttribute('role', 'row');
    const name = cell('');
    const link = document.createElement('a');
    link.href = worker.href;
    link.textContent = worker.friendlyName;
    name.append(link);
    row.append(name, cell(worker.sid, data.classes.mono), cell(worker.activity), cell(worker.available ? 'Yes' : 'No'));
    return row;
  };
  const append = (count) => {
    for (const worker of data.workers.slice(shown, shown + count)) container.append(rowFor(worker));
    shown = Math.min(data.workers.length, shown + count);
  };
  const settle = () => {
    loading.hidden = true;
    if (data.workers.length === 0) loading.insertAdjacentText('afterend', 'No workers match these filters.');
    more.hidden = shown >= data.workers.length;
  };
  const firstRows = Math.min(10, data.pageSize);
  setTimeout(() => {
    append(firstRows);
    setTimeout(() => {
      append(data.pageSize - firstRows);
      settle();
    }, 300);
  }, 300);
  more.addEventListener('click', () => {
    more.disabled = true;
    more.textContent = 'Loading…';
    setTimeout(() => {
      append(data.pageSize);
      more.disabled = false;
      more.textContent = 'Load more';
      more.hidden = shown >= data.workers.length;
    }, 300);
  });
})();`;

function lateWorkerRows(c: ClassNamer, workspace: SandboxWorkspace, workers: SandboxWorker[], pageSize: number): Html {
  const data = {
    pageSize,
    classes: { row: c('row'), mono: c('mono') },
    workers: workers.map((w) => ({
      sid: w.sid,
      friendlyName: w.friendlyName,
      activity: activityName(workspace, w.activitySid),
      available: isAvailable(workspace, w.activitySid),
      href: workerPath(workspace.sid, w.sid),
    })),
  };
  return h`<div role="table" aria-label="Workers">
  <div class="${c('row')} ${c('muted')}" role="row"><div role="columnheader">Friendly name</div><div role="columnheader">SID</div><div role="columnheader">Activity</div><div role="columnheader">Available</div></div>
  <div class="${c('rows')}" role="rowgroup" data-late-rows></div>
</div>
<p class="${c('muted')}" data-loading>Loading workers…</p>
<button class="${c('button')}" type="button" data-load-more hidden>Load more</button>
<script type="application/json" id="worker-data">${scriptJson(data)}</script>
<script>${raw(LATE_SCRIPT)}</script>`;
}

function pager(c: ClassNamer, workspaceSid: string, query: WorkerQuery, total: number): Html {
  const first = (query.page - 1) * query.perPage;
  const last = Math.min(total, first + query.perPage);
  const range = total === 0 || first >= total ? `0 of ${total}` : `${first + 1}–${last} of ${total}`;
  const previous = query.page > 1 ? h`<a rel="prev" href="${workersUrl(workspaceSid, { ...query, page: query.page - 1 })}">Previous</a>` : '';
  const next = last < total ? h`<a rel="next" href="${workersUrl(workspaceSid, { ...query, page: query.page + 1 })}">Next</a>` : '';
  return h`<div class="${c('pager')}">${previous}<span class="${c('muted')}">Showing ${range} workers</span>${next}</div>`;
}

function workerList(c: ClassNamer, workspace: SandboxWorkspace, workers: SandboxWorker[], query: WorkerQuery): SandboxResponse {
  const matching = filterWorkers(workers, query);
  const start = (query.page - 1) * query.perPage;
  let list: Html;
  if (query.layout === 'late') {
    list = lateWorkerRows(c, workspace, matching.slice(start), query.perPage);
  } else {
    const pageOf = matching.slice(start, start + query.perPage);
    const rendered = query.layout === 'cards' ? workerCards(c, workspace, pageOf) : workerTable(c, workspace, pageOf);
    const empty = pageOf.length === 0 ? h`<p class="${c('muted')}">No workers match these filters.</p>` : '';
    list = h`${rendered}${empty}${pager(c, workspace.sid, query, matching.length)}`;
  }
  return legacyPage(c, 'Workers', crumbsFor(c, workspace), h`<h1>Workers</h1>${filterForm(c, workspace, query)}${list}`);
}

/** Attributes pretty-printed when they parse; as stored when they do not (the generator writes broken JSON on purpose). */
function prettyAttributes(attributes: string): string {
  try {
    return JSON.stringify(JSON.parse(attributes), null, 2);
  } catch {
    return attributes;
  }
}

function workerDetail(c: ClassNamer, workspace: SandboxWorkspace, worker: SandboxWorker): SandboxResponse {
  const content = h`<h1>${worker.friendlyName}</h1>
<dl class="${c('details')}">
  <dt>Worker SID</dt><dd class="${c('mono')}">${worker.sid}</dd>
  <dt>Activity</dt><dd>${activityName(workspace, worker.activitySid)}</dd>
  <dt>Available</dt><dd>${isAvailable(workspace, worker.activitySid) ? 'Yes' : 'No'}</dd>
  <dt>Date created</dt><dd>${formatDate(worker.dateCreated)}</dd>
  <dt>Date updated</dt><dd>${formatDate(worker.dateUpdated)}</dd>
</dl>
<h2>Attributes</h2>
<pre class="${c('attributes')}">${prettyAttributes(worker.attributes)}</pre>
<p><a href="${workersPath(workspace.sid)}">Back to workers</a></p>`;
  return legacyPage(c, worker.friendlyName, crumbsFor(c, workspace, true), content);
}

export const legacyConsoleRoutes: HostHandler = (req, ctx) => {
  const path = req.url.pathname;
  if (req.method !== 'GET' || !path.startsWith('/console/')) return undefined;
  const c = classNamer(`www-${ctx.state.seed}`);
  const { workspaces, workers } = ctx.state.twilio;

  if (matchPath('/console/taskrouter/workspaces', path)) return workspaceList(c, ctx.state);

  const list = matchPath('/console/taskrouter/workspaces/:ws/workers', path);
  const detail = matchPath('/console/taskrouter/workspaces/:ws/workers/:wk', path);
  const wsSid = list?.ws ?? detail?.ws;
  if (wsSid === undefined) return notFound(c, 'Page', path);
  const workspace = workspaces.find((ws) => ws.sid === wsSid);
  if (!workspace) return notFound(c, 'Workspace', wsSid);
  const inWorkspace = workers.filter((w) => w.workspaceSid === workspace.sid);

  if (list) return workerList(c, workspace, inWorkspace, parseWorkerQuery(req.url.searchParams));
  const worker = inWorkspace.find((w) => w.sid === detail?.wk);
  return worker ? workerDetail(c, workspace, worker) : notFound(c, 'Worker', detail?.wk ?? '');
};

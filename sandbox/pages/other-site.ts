/**
 * intranet.example: a site that is not Twilio's, showing a legacy Console page in an iframe, as any
 * site can when the page does not forbid framing. `/?frame=/console/…` names the page to frame.
 */
import { SANDBOX_HOSTS } from '../hosts';
import type { HostHandler } from '../http';
import { isFramePath } from './console';
import { h, page } from './layout';

export const otherSiteRoutes: HostHandler = (req) => {
  if (req.method !== 'GET' || req.url.pathname !== '/') return undefined;
  const frame = req.url.searchParams.get('frame');
  const body = isFramePath(frame)
    ? h`<h1>Team dashboard</h1><iframe title="Workers" src="https://${SANDBOX_HOSTS.www}${frame}" style="width: 100%; height: 80vh"></iframe>`
    : h`<h1>Team dashboard</h1><p>Nothing to show.</p>`;
  return page({ title: 'Team dashboard', style: 'body { font-family: sans-serif; }', body });
};

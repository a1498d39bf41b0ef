import type { SandboxContext } from '../http';
import type { TwilsockSession, UpstreamRequest, UpstreamResponse } from './twilsock';

export function cdsUpstream(_session: TwilsockSession, request: UpstreamRequest, _ctx: SandboxContext): UpstreamResponse {
  return { status: 404, body: { code: 20404, message: `${request.path} not found`, status: 404 } };
}

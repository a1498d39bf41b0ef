import { errorResponse } from '../faults';
import type { HostHandler } from '../http';

/**
 * Another company's Okta org. It knows none of the sandbox org's tokens or apps, so, as a real org
 * would, it refuses every API and token request with 401 E0000011; tests read the request log to
 * prove Flex Steward sent it nothing.
 */
export const elsewhereOrgRoutes: HostHandler = (req) => errorResponse(req.host, 401);

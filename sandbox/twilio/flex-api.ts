import type { HostHandler } from '../http';

// Placeholder: answers 404 for everything until this host's routes land.
export const flexApiRoutes: HostHandler = () => undefined;

import type { HostHandler } from '../http';
import { twilioError } from './common';

/**
 * IE1 and AU1 edges. Twilio keys are valid only in the region they were created in, so the
 * sandbox's US1 account is refused here exactly as real Twilio refuses it: 401, error 20003.
 */
export const otherRegionRoutes: HostHandler = () => twilioError(401, 20003, 'Authenticate');

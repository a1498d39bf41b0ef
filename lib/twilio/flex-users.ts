import { z } from 'zod';

/**
 * The Flex Users API (public beta, v4), which no published OpenAPI file holds: these shapes come
 * from Twilio's documentation, https://www.twilio.com/docs/flex/developer/user-management/flex-users-api
 * (checked July 2026), not from ../shared/specs. The v2 FlexUser in twilio_flex_v2.json has the same
 * `flex_user_sid`, `worker_sid`, `username` and `email`, but no `deactivated`, and no way to find a
 * user or deprovision one.
 *
 * - `GET /v4/Instances/{GO…}/Users?Username=…`: 0 or 1 users under `users`; the docs' example
 *   lists the user without `worker_sid`, so the worker is read from the fetch by SID.
 * - `GET /v4/Instances/{GO…}/Users/{FU…}`: one user, with `worker_sid` (null once deprovisioned).
 * - `POST /v4/Instances/{GO…}/Users/Deprovision`, JSON `{"flex_user_sid":"FU…"}`: 204; deletes the
 *   TaskRouter worker and the Insights user, and marks the Flex user deactivated.
 * The instance SID is Flex Configuration's `flex_instance_sid`.
 */

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `Expected a ${prefix}… SID`);

export const FlexUserSchema = z.object({
  flex_user_sid: sid('FU'),
  username: z.string().nullable(),
  email: z.string().nullable(),
  /** Absent from the find-by-username answer in the docs' example. */
  worker_sid: sid('WK').nullable().optional(),
  deactivated: z.boolean().nullable().optional(),
});
export type FlexUser = z.infer<typeof FlexUserSchema>;

export const FlexUsersByUsernameSchema = z.object({ users: z.array(FlexUserSchema) });

export const flexUsersUrl = (flexApiHost: string, instanceSid: string) => `https://${flexApiHost}/v4/Instances/${encodeURIComponent(instanceSid)}/Users`;

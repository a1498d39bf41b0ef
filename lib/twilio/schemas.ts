import { z } from 'zod';

/**
 * The TaskRouter and Flex API bodies we read, cut down to the fields we read. Objects are plain
 * `z.object`s, which drop unknown keys, so new Twilio fields never break parsing; a field of the
 * wrong type is rejected.
 *
 * Nullability: Twilio's generated specs mark nearly every property nullable, and we follow them
 * (checked by schemas.spec.test.ts) with one deliberate exception: the SIDs we address resources
 * by. A worker without a SID cannot be deleted or even named, so such a body is refused as an
 * `invalid-response` rather than passed on with a hole in it.
 */

const timestamp = z.iso.datetime({ offset: true });

/** A Twilio SID with its two-letter type prefix, exactly as the spec's `pattern`s write it. */
const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `Expected a ${prefix}… SID`);

export const TwilioWorkspaceSchema = z.object({
  sid: sid('WS'),
  account_sid: sid('AC'),
  friendly_name: z.string().nullable(),
  date_created: timestamp.nullable(),
  url: z.string().nullable(),
});
export type TwilioWorkspace = z.infer<typeof TwilioWorkspaceSchema>;

export const TwilioActivitySchema = z.object({
  sid: sid('WA'),
  friendly_name: z.string().nullable(),
  available: z.boolean().nullable(),
});
export type TwilioActivity = z.infer<typeof TwilioActivitySchema>;

export const TwilioWorkerSchema = z.object({
  sid: sid('WK'),
  account_sid: sid('AC'),
  workspace_sid: sid('WS'),
  friendly_name: z.string().nullable(),
  /**
   * A JSON string. Null in list responses even when the worker has attributes: the spec says they
   * are "only displayed in FETCH actions that return a single resource".
   */
  attributes: z.string().nullable(),
  activity_sid: sid('WA').nullable(),
  activity_name: z.string().nullable(),
  available: z.boolean().nullable(),
  date_created: timestamp.nullable(),
  date_updated: timestamp.nullable(),
  date_status_changed: timestamp.nullable(),
});
export type TwilioWorker = z.infer<typeof TwilioWorkerSchema>;

/** `meta` of every Twilio list page; follow `next_page_url` until it is null. */
export const TwilioPageMetaSchema = z.object({
  key: z.string(),
  page: z.number().int(),
  page_size: z.number().int(),
  next_page_url: z.string().nullable(),
});
export type TwilioPageMeta = z.infer<typeof TwilioPageMetaSchema>;

/** A list page whose items sit under `key` (`workers`, `activities`…), beside `meta`. */
export function twilioPageSchema<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({ meta: TwilioPageMetaSchema, [key]: z.array(item) } as { meta: typeof TwilioPageMetaSchema } & { [P in K]: z.ZodArray<T> });
}

export const TwilioWorkspacesPageSchema = twilioPageSchema('workspaces', TwilioWorkspaceSchema);
export const TwilioActivitiesPageSchema = twilioPageSchema('activities', TwilioActivitySchema);
export const TwilioWorkersPageSchema = twilioPageSchema('workers', TwilioWorkerSchema);
export type TwilioWorkersPage = z.infer<typeof TwilioWorkersPageSchema>;

export const TWILIO_RESERVATION_STATUSES = ['pending', 'accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed'] as const;

/** A worker's reservation: `pending` and `accepted` ones mean the agent is busy with a task. */
export const TwilioReservationSchema = z.object({
  sid: sid('WR'),
  reservation_status: z.enum(TWILIO_RESERVATION_STATUSES),
});
export type TwilioReservation = z.infer<typeof TwilioReservationSchema>;
export const TwilioReservationsPageSchema = twilioPageSchema('reservations', TwilioReservationSchema);

/** `GET flex-api.twilio.com/v1/Configuration`: which TaskRouter workspace is the Flex one. */
export const TwilioFlexConfigurationSchema = z.object({
  account_sid: sid('AC'),
  status: z.enum(['ok', 'inprogress', 'notstarted']),
  taskrouter_workspace_sid: sid('WS').nullable(),
  flex_service_instance_sid: sid('IS').nullable(),
  chat_service_instance_sid: sid('IS').nullable(),
  /** The Flex instance the v4 Flex Users API is addressed by. */
  flex_instance_sid: sid('GO').nullable(),
  date_created: timestamp.nullable(),
  date_updated: timestamp.nullable(),
});
export type TwilioFlexConfiguration = z.infer<typeof TwilioFlexConfigurationSchema>;

/** Twilio's error body (not in the OpenAPI specs): `code` (20003…) is what our problems are keyed on. */
export const TwilioErrorBodySchema = z.object({
  code: z.number().int(),
  message: z.string(),
  more_info: z.string().optional(),
  status: z.number().int(),
});
export type TwilioErrorBody = z.infer<typeof TwilioErrorBodySchema>;

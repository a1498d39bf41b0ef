import { z } from 'zod';
import { SSO_PAGE_FIELDS } from './finding';

/**
 * What the Flex single-sign-on page shows, as read from it. Read by the content script (or by the
 * background through `scripting.executeScript` for the side panel) and only ever *compared*: the
 * background never acts on these values, it validates them.
 *
 * - `legacy`: the SAML 2.0 form (iam.twilio.com or preview.twilio.com endpoints).
 * - `wizard`: the enhanced "Single sign-on set up" workflow, at `step` 1–4, with the chosen `setupType`.
 * - `migrated`: the page after migration ("New connection saved", switch-back link).
 */
export const ssoPageValuesSchema = z.object({
  form: z.enum(['legacy', 'wizard', 'migrated', 'unknown']),
  step: z.number().int().min(1).max(4).optional(),
  setupType: z.enum(['modify', 'create']).optional(),
  /** Field values exactly as on the page (untrimmed: whitespace is one of the things checked). */
  values: z.partialRecord(z.enum(SSO_PAGE_FIELDS), z.string().max(20_000)),
});
export type SsoPageValues = z.infer<typeof ssoPageValuesSchema>;

import { z } from 'zod';
import { OKTA_SIGN_ON_FIELDS, SSO_PAGE_FIELDS, SSO_SEVERITIES, type SsoFinding } from './finding';

/** A finding as it crosses the message boundary, checked like every message (kept apart so content scripts load no zod). */
export const ssoFindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(SSO_SEVERITIES),
  field: z.union([z.object({ on: z.literal('flex'), name: z.enum(SSO_PAGE_FIELDS) }), z.object({ on: z.literal('okta'), name: z.enum(OKTA_SIGN_ON_FIELDS) })]).nullable(),
  message: z.string(),
  expected: z.string().optional(),
  fix: z.string().optional(),
}) satisfies z.ZodType<SsoFinding>;

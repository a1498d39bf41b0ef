import { z } from 'zod';

/**
 * Non-secret settings: safe to export, import and show. Secrets never live here; they are in the vault.
 */
export const settingsSchema = z.object({
  okta: z
    .object({
      orgUrl: z.string().optional(),
    })
    .default({}),
  twilio: z
    .object({
      accountSid: z.string().optional(),
    })
    .default({}),
});

export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_KEY = 'settings';

/** Reads settings tolerantly: a damaged or older record yields defaults rather than a broken extension. */
export function parseSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

import { z } from 'zod';
import { DEFAULT_RETENTION } from '../runs/retention';

/**
 * Non-secret settings: safe to export, import and show. Secrets never live here; they are in the
 * vault, and the settings page can only write them, never read them back.
 */
/** A batch an admin can still read through, person by person, before typing its count. */
export const DEFAULT_MAX_PER_BULK = 25;

export const TWILIO_REGIONS = ['us1', 'ie1', 'au1'] as const;
export type TwilioRegion = (typeof TWILIO_REGIONS)[number];

export const settingsSchema = z.object({
  okta: z
    .object({
      /** Normalised org URL, e.g. https://acme.okta.com (never the -admin host). */
      orgUrl: z.string().optional(),
      authMethod: z.enum(['oauth', 'api-token']).default('oauth'),
      /** OAuth service app client ID. */
      clientId: z.string().optional(),
      /** The Flex SAML app: discovered by "Test connection", or set by hand. */
      flexAppId: z.string().optional(),
      flexAppLabel: z.string().optional(),
    })
    .default({ authMethod: 'oauth' }),
  twilio: z
    .object({
      accountSid: z.string().optional(),
      /** An API key SID (`SK…`); absent when the admin chose to use the Auth Token. */
      apiKeySid: z.string().optional(),
      useAuthToken: z.boolean().default(false),
      region: z.enum(TWILIO_REGIONS).default('us1'),
      edge: z.string().optional(),
      /** The Flex workspace, discovered from Flex's configuration, or chosen by hand. */
      workspaceSid: z.string().optional(),
      workspaceName: z.string().optional(),
    })
    .default({ useAuthToken: false, region: 'us1' }),
  /** Deprovisioning runs: the optional steps, and who may start them. */
  runs: z
    .object({
      /** Suspend the Okta user as part of every run; reversible from the ledger. */
      suspend: z.boolean().default(false),
      /** Deactivate the Okta user: irreversible, and wins over `suspend` when both are set. */
      deactivate: z.boolean().default(false),
      /** Flex's own user deprovisioning (Flex Users API, public beta), which also removes the Insights user. */
      flexUserDeprovision: z.boolean().default(false),
      /** Emails of the operators allowed to run destructive steps; empty means everyone may. */
      approvedOperators: z.array(z.string()).default([]),
      /** "You are": the operator recorded in the ledger and checked against `approvedOperators`. */
      operator: z.string().optional(),
      /** Run history kept: the newest this many runs… */
      keepRuns: z.number().int().min(10).max(100_000).default(DEFAULT_RETENTION.runs),
      /** …and none older than this many days; beyond either, finished runs are offered for export, then removed. */
      keepDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION.days),
      /** The most people one bulk run (from the licence audit) may deprovision. */
      maxPerBulk: z.number().int().min(1).max(200).default(DEFAULT_MAX_PER_BULK),
    })
    .default({
      suspend: false,
      deactivate: false,
      flexUserDeprovision: false,
      approvedOperators: [],
      keepRuns: DEFAULT_RETENTION.runs,
      keepDays: DEFAULT_RETENTION.days,
      maxPerBulk: DEFAULT_MAX_PER_BULK,
    }),
  /** The licence audit. */
  audit: z
    .object({
      /** What one Flex seat costs a month, to turn seats that can be freed into money; unset shows seats only. */
      seatPricePerMonth: z.number().min(0).max(100_000).optional(),
      /** ISO 4217 code the price is in. */
      currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
    })
    .default({ currency: 'USD' }),
  /**
   * Team mode: the run ledger, run locks and approved operators shared by every admin of the account
   * through Twilio Sync (lib/team/). Off, everything stays in this browser as before.
   */
  team: z
    .object({
      enabled: z.boolean().default(false),
      /** The Sync Service holding the shared ledger, locks and operators (`IS…`). */
      serviceSid: z.string().regex(/^IS[0-9a-f]{32}$/).optional(),
    })
    .default({ enabled: false }),
  /** The SSO migration checker. */
  sso: z
    .object({
      /** A desktop notification when the switch-back window enters its last week; needs the optional `notifications` permission. */
      reminderNotification: z.boolean().default(false),
    })
    .default({ reminderNotification: false }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type OktaSettings = Settings['okta'];
export type TwilioSettings = Settings['twilio'];
export type RunSettings = Settings['runs'];
export type TeamSettings = Settings['team'];

export const SETTINGS_KEY = 'settings';

export const defaultSettings = (): Settings => settingsSchema.parse({});

/** Reads settings tolerantly: a damaged or older record yields defaults rather than a broken extension. */
export function parseSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : defaultSettings();
}

/** The settings export: versioned so a later format can still read an older file. */
export function exportSettings(settings: Settings, exportedAt: Date): string {
  return JSON.stringify({ format: 'flex-steward-settings', version: 1, exportedAt: exportedAt.toISOString(), settings }, null, 2);
}

const exportSchema = z.object({ format: z.literal('flex-steward-settings'), version: z.literal(1), settings: settingsSchema });

/** Parses an exported file; anything that is not one (a vault dump, a different tool's JSON) is refused. */
export function importSettings(text: string): { ok: true; settings: Settings } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'That file is not JSON.' };
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'That file is not a Flex Steward settings export (version 1).' };
  return { ok: true, settings: parsed.data.settings };
}

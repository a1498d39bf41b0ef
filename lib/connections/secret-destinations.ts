import { z } from 'zod';
import { normaliseOrgUrl } from '../okta/org-url';
import { problem, ProblemError } from '../problem';
import type { OktaSettings, Settings, TwilioSettings } from '../settings/settings';
import { regionLabel, twilioHosts } from '../twilio/hosts';
import { SECRET_LABELS, type SecretName } from '../vault/vault';

/**
 * Each secret is saved together with the place it is for: the Okta org's origin, or the Twilio
 * account with its region and edge. Both are sealed inside the vault's AES-GCM ciphertext, so
 * nothing that can write extension storage (settings included, for now) can move a secret: a
 * changed org URL makes the secret unusable, never sent to the new org.
 */
export type SecretDestination = { service: 'okta'; origin: string } | { service: 'twilio'; accountSid: string; region: string; host: string };

const destinationSchema = z.discriminatedUnion('service', [
  z.object({ service: z.literal('okta'), origin: z.string() }),
  z.object({ service: z.literal('twilio'), accountSid: z.string(), region: z.string(), host: z.string() }),
]);

/** What the vault holds for a secret: the value and where it may go. */
const sealedSchema = z.object({ flexStewardSecret: z.literal(1), for: destinationSchema, value: z.string() });

const settingsStep = (section: string) => `Open Flex Steward's Settings and fill in the ${section} section.`;

/** Throws the normaliser's `not-configured` Problem for an org URL it refuses. */
export function oktaSecretDestination(okta: OktaSettings): SecretDestination {
  if (!okta.orgUrl) throw new ProblemError(problem('not-configured', 'Okta is not connected yet.', settingsStep('Okta'), { service: 'extension' }));
  return { service: 'okta', origin: normaliseOrgUrl(okta.orgUrl).origin };
}

/** Throws `twilioHosts`' Problem for a region and edge Twilio does not offer. */
export function twilioSecretDestination(twilio: TwilioSettings): SecretDestination {
  if (!twilio.accountSid) throw new ProblemError(problem('not-configured', 'Twilio is not connected yet.', settingsStep('Twilio'), { service: 'extension' }));
  // The TaskRouter host names the region and the edge, whatever way the admin wrote them.
  return { service: 'twilio', accountSid: twilio.accountSid, region: twilio.region, host: twilioHosts({ region: twilio.region, edge: twilio.edge }).taskrouter };
}

export function secretDestination(name: SecretName, settings: Settings): SecretDestination {
  return name.startsWith('okta.') ? oktaSecretDestination(settings.okta) : twilioSecretDestination(settings.twilio);
}

export function sealSecret(value: string, destination: SecretDestination): string {
  return JSON.stringify({ flexStewardSecret: 1, for: destination, value });
}

/** A secret saved before destinations were recorded is returned without one. */
export function openSecret(stored: string): { value: string; destination?: SecretDestination } {
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return { value: stored };
  }
  const sealed = sealedSchema.safeParse(json);
  return sealed.success ? { value: sealed.data.value, destination: sealed.data.for } : { value: stored };
}

export function sameDestination(a: SecretDestination, b: SecretDestination): boolean {
  return a.service === 'okta' && b.service === 'okta' ? a.origin === b.origin : a.service === 'twilio' && b.service === 'twilio' && a.accountSid === b.accountSid && a.host === b.host;
}

/** `acme.okta.com`, or `account AC… in IE1 (taskrouter.dublin.ie1.twilio.com)`. */
export function describeDestination(destination: SecretDestination): string {
  return destination.service === 'okta' ? new URL(destination.origin).host : `account ${destination.accountSid} in ${regionLabel(destination.region)} (${destination.host})`;
}

/** Settings that name no usable destination have none; a secret bound anywhere then counts as moved. */
function destinationOrNone(name: SecretName, settings: Settings): SecretDestination | undefined {
  try {
    return secretDestination(name, settings);
  } catch {
    return undefined;
  }
}

export interface MovedSecret {
  name: SecretName;
  from?: SecretDestination;
  to?: SecretDestination;
}

/**
 * The saved secrets whose destination the new settings change: a different Okta org, or a
 * different Twilio account, region or edge. Decided from the settings rather than from the vault,
 * so it works while the vault is locked.
 */
export function movedSecrets(before: Settings, after: Settings, saved: readonly SecretName[]): MovedSecret[] {
  return saved.flatMap((name) => {
    const from = destinationOrNone(name, before);
    const to = destinationOrNone(name, after);
    return from && to && sameDestination(from, to) ? [] : [{ name, from, to }];
  });
}

/** "Cleared the Okta API token saved for acme.okta.com: the settings now name other.okta.com, …" */
export function clearedNotice(moved: readonly MovedSecret[]): string | undefined {
  if (!moved.length) return undefined;
  return moved
    .map(({ name, from, to }) => {
      const label = SECRET_LABELS[name];
      const saved = from ? ` saved for ${describeDestination(from)}` : '';
      if (!to) return `Cleared the ${label}${saved}: the settings no longer say where it belongs.`;
      return `Cleared the ${label}${saved}: the settings now name ${describeDestination(to)}, and Flex Steward sends a secret only where it was saved for. Enter the one for ${describeDestination(to)}.`;
    })
    .join(' ');
}

/**
 * The secret as it may be used with these settings: a secret saved for another org, account or
 * region is refused with a Problem that says which, rather than sent where the settings now point.
 */
export function checkSecretDestination(name: SecretName, secret: { value: string; destination: SecretDestination }, expected: SecretDestination): string {
  if (sameDestination(secret.destination, expected)) return secret.value;
  const section = expected.service === 'okta' ? 'Okta' : 'Twilio';
  throw new ProblemError(
    problem(
      'not-configured',
      `The ${SECRET_LABELS[name]} was saved for ${describeDestination(secret.destination)}, but the settings now name ${describeDestination(expected)}; Flex Steward sends a secret only where it was saved for.`,
      `Enter the ${SECRET_LABELS[name]} for ${describeDestination(expected)} in the ${section} section of Settings, or change the settings back.`,
      { service: 'extension' },
    ),
  );
}

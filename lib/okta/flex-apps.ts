import type { OktaApplication } from './schemas';

/**
 * Which Okta apps are Twilio Flex's SAML app. Admins name the app anything ("Twilio Flex",
 * "Contact Centre", "Flex Prod"), and Flex is added from the catalogue or as a custom SAML app,
 * so neither label nor name is reliable: where the assertion is sent is. Flex's ACS URL and
 * audience are `https://iam.twilio.com/v2/saml2/…/AC…` (`preview.twilio.com` for older setups).
 */

export type FlexAppField = 'ssoAcsUrl' | 'audience';

export interface FlexAppReason {
  field: FlexAppField;
  /** The value as Okta holds it. */
  value: string;
  host: string;
}

export interface FlexAppCandidate {
  app: OktaApplication;
  /** Why this app was picked: each SAML setting that points at Twilio. */
  reasons: FlexAppReason[];
  /** The Twilio account the ACS URL or audience names, when one does. */
  accountSid?: string;
}

/** `twilio.com` or any host under it, compared by DNS labels so `evil-twilio.com` and `twilio.com.evil.net` do not count. */
export function isTwilioHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'twilio.com' || h.endsWith('.twilio.com');
}

function twilioHostOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && isTwilioHost(url.hostname) ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

const ACCOUNT_SID = /\bAC[0-9a-f]{32}\b/i;

/** The SAML 2.0 apps among `apps` whose ACS URL or audience is a Twilio address, in the order given. */
export function flexAppCandidates(apps: readonly OktaApplication[]): FlexAppCandidate[] {
  return apps.flatMap((app) => {
    const signOn = app.signOnMode === 'SAML_2_0' ? app.settings?.signOn : undefined;
    if (!signOn) return [];
    const reasons = (['ssoAcsUrl', 'audience'] as const).flatMap((field): FlexAppReason[] => {
      const value = signOn[field];
      const host = value === undefined ? undefined : twilioHostOf(value);
      return value !== undefined && host ? [{ field, value, host }] : [];
    });
    if (reasons.length === 0) return [];
    const sid = reasons.map((r) => ACCOUNT_SID.exec(r.value)?.[0]).find((s) => s !== undefined);
    return [{ app, reasons, ...(sid ? { accountSid: `AC${sid.slice(2).toLowerCase()}` } : {}) }];
  });
}

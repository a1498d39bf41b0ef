import { checkCertificate } from './certificate';
import type { SsoContext } from './context';
import type { FlexSsoGeneration } from './endpoints';
import type { SsoFinding, SsoPageField } from './finding';
import { error, flexField } from './finding';
import { checkIdpAgainstOkta, checkIdpConsistency, checkIssuer, checkSsoUrl } from './idp-values';
import type { SsoPageValues } from './page-values';
import { checkSelfHosted } from './self-hosted';
import type { SpSlot } from './sp-url-rules';
import { checkMigrationDeadline, checkSpPair, checkSpValue, expectedPair } from './sp-url-rules';
import { parseFlexEndpoint } from './endpoints';

/**
 * Every rule that applies to the values on the Flex single-sign-on page. Pure: the background
 * gathers the context (connected account, enhanced connection SID, Okta's Flex app) and calls this.
 * It parses the certificate with @peculiar/x509, so it runs in the background or an extension page,
 * never in a content script.
 */
export function checkFlexPage(page: SsoPageValues, context: SsoContext): SsoFinding[] {
  const { values } = page;
  const has = (name: SsoPageField) => Boolean(values[name]?.trim());
  const parsed = { entityId: has('entityId') ? parseFlexEndpoint(values.entityId ?? '') : null, acsUrl: has('acsUrl') ? parseFlexEndpoint(values.acsUrl ?? '') : null };
  // The page shows the enhanced connection's SID once it exists; it is what the page's own values are checked against when the background knew none.
  const connectionSid = context.connectionSid ?? parsed.acsUrl?.connectionSid ?? parsed.entityId?.connectionSid;
  const ctx: SsoContext = { ...context, ...(connectionSid ? { connectionSid } : {}) };
  const generation: FlexSsoGeneration = parsed.acsUrl?.generation ?? parsed.entityId?.generation ?? (connectionSid ? 'enhanced' : 'legacy');
  const expected = expectedPair(ctx, generation);

  const findings: SsoFinding[] = [];
  findings.push(...requiredFields(page));
  for (const role of ['entityId', 'acsUrl'] as const) {
    if (has(role)) findings.push(...checkSpValue(values[role] ?? '', spSlot(page, role), ctx, expected?.[role]).findings);
  }
  if (parsed.entityId || parsed.acsUrl) {
    const pair = checkSpPair(parsed.entityId, parsed.acsUrl, flexField('entityId'), expected);
    // Two values naming different accounts: the one that is not the connected account has already
    // been reported beside its own field, with its right value; saying it again on the other is noise.
    const accountReported = findings.some((f) => f.severity === 'error' && /^(entity-id|acs-url)\.account$/.test(f.rule));
    if (pair && !(pair.rule === 'sp-pair.account' && accountReported)) findings.push(pair);
    findings.push(checkMigrationDeadline(generation, flexField(parsed.acsUrl ? 'acsUrl' : 'entityId'), context.now));
  }
  if (has('issuer')) findings.push(...checkIssuer(values.issuer ?? ''));
  if (has('ssoUrl')) findings.push(...checkSsoUrl(values.ssoUrl ?? ''));
  const consistency = has('issuer') && has('ssoUrl') ? checkIdpConsistency(values.issuer ?? '', values.ssoUrl ?? '') : null;
  if (consistency) findings.push(consistency);
  if (context.okta) findings.push(...checkIdpAgainstOkta(values, context.okta));
  if (has('certificate')) findings.push(...checkCertificate(values.certificate ?? '', context.now, context.okta));
  findings.push(...checkSelfHosted(values));
  return findings;
}

function spSlot(page: SsoPageValues, role: 'entityId' | 'acsUrl'): SpSlot {
  // Flex generates these values; when one is wrong for the connected account, the page belongs to another account.
  const generated = 'Flex shows its own values here: check that Flex Steward is connected to the Twilio account this Console page belongs to.';
  if (role === 'entityId') return { field: flexField('entityId'), rule: 'entity-id', label: 'The Entity ID', role, fix: generated };
  if (page.form === 'legacy') {
    return { field: flexField('acsUrl'), rule: 'acs-url', label: 'The Twilio SSO URL', role, fix: 'In Flex > Manage > Single sign-on, set "Twilio SSO URL" to the value shown and put the same value in your IdP.' };
  }
  return { field: flexField('acsUrl'), rule: 'acs-url', label: 'The ACS URL', role, fix: generated };
}

const IDP_DATA_LABELS: Partial<Record<SsoPageField, string>> = { issuer: 'Identity Provider Issuer', ssoUrl: 'Single Sign-On URL', certificate: 'X.509 Certificate' };

/** The legacy form and step 3 of the set-up workflow (new connection) need the IdP's issuer, SSO URL and certificate. */
function requiredFields(page: SsoPageValues): SsoFinding[] {
  const asksForIdpData = page.form === 'legacy' || (page.form === 'wizard' && page.step === 3);
  if (!asksForIdpData) return [];
  return Object.entries(IDP_DATA_LABELS)
    .filter(([name]) => page.values[name as SsoPageField] !== undefined && !page.values[name as SsoPageField]?.trim())
    .map(([name, label]) => error(`${name === 'ssoUrl' ? 'sso-url' : name}.required`, flexField(name as SsoPageField), `"${label}" is empty; Flex can't verify logins without it.`, `Copy "${label}" from your IdP's SAML metadata (for Okta: the app's Sign On tab, "View SAML setup instructions").`));
}

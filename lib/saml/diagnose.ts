import type { Problem } from '../problem';
import type { SsoFinding } from '../sso/finding';
import { error, ok, sortFindings } from '../sso/finding';
import { checkAttributes, checkNameId } from './attributes';
import { checkSessionLength, checkValidityWindow } from './conditions';
import type { FlexUserPreview, SamlContext, SamlDiagnosis } from './diagnosis';
import { idpFix } from './fix';
import { MAX_RESPONSE_BYTES } from './input';
import { parseSamlResponse, type ParsedSamlResponse } from './parse';
import { checkSignatures } from './signature';
import { checkAudience, checkDestination, checkInResponseTo, checkIssuer, checkRecipient } from './sp-values';
import { checkStatus } from './status';

/**
 * One SAMLResponse judged the way Flex will judge it: every rule family of `lib/saml/`, in the
 * order an admin reads them, and a verdict with the first thing to fix. Pure apart from WebCrypto
 * (hence async); worker lookups and clock measurement are the caller's. Load it through
 * `load.ts`, so the XML and crypto stack stay out of bundles that never diagnose.
 */

function structureFindings(parsed: ParsedSamlResponse, context: SamlContext): SsoFinding[] {
  const findings: SsoFinding[] = [];
  if (parsed.encryptedAssertions) {
    findings.push(error('saml.encrypted', { on: 'okta', name: 'assertionEncryption' }, 'The assertion is encrypted: Twilio doesn\'t currently support encryption, so Flex can\'t read it and the login fails.', idpFix(context, 'assertionEncryption', '"Unencrypted"'), 'Unencrypted'));
  }
  const { assertionsInDocument: count, assertion } = parsed;
  if (count > 1 || (count === 1 && !assertion)) {
    findings.push(
      error(
        'saml.assertion-count',
        null,
        count > 1 ? `The response holds ${count} assertions: Flex would refuse it, and a second assertion is how a signature-wrapping attempt slips in unsigned content.` : 'The response\'s assertion is not where it belongs (a child of the Response): the shape of a signature-wrapping attempt.',
        'Do not trust this response: capture the login again straight from your identity provider; if it repeats, find what rewrites responses on their way to Flex.',
      ),
    );
  } else if (assertion) findings.push(ok('saml.assertion-count', null, 'The response holds exactly one assertion.'));
  else if (!parsed.encryptedAssertions) findings.push(error('saml.assertion-count', null, 'The response holds no assertion, so there is no one for Flex to sign in.', 'See the status finding: the IdP says why it sent none.'));
  return findings;
}

export function summaryOf(findings: readonly SsoFinding[]): string {
  const first = sortFindings(findings).find((f) => f.severity === 'error');
  if (!first) {
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    return `Flex would accept this login${warnings ? `, with ${warnings} warning${warnings === 1 ? '' : 's'} to look at` : ''}.`;
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const because = first.message.replace(/\.$/, '').replace(/^[A-Z](?=[a-z ])/, (c) => c.toLowerCase());
  return `This login would fail because ${because}${errors > 1 ? ` (and ${errors - 1} more problem${errors > 2 ? 's' : ''})` : ''}. ${first.fix ?? ''}`.trim();
}

const refusal = (problem: Problem): SamlDiagnosis => ({ verdict: 'fail', summary: problem.message, findings: [], user: { roles: [] }, problem });

export async function diagnoseSamlResponse(xml: string, context: SamlContext): Promise<SamlDiagnosis> {
  const bytes = new TextEncoder().encode(xml).length;
  if (bytes > MAX_RESPONSE_BYTES) {
    return refusal({ code: 'invalid-request', message: `That SAML response is ${(bytes / 1024 / 1024).toFixed(1)} MB; the login test reads at most 1 MB.`, nextStep: 'Paste the one SAMLResponse posted to Flex.', service: 'extension', retryable: false });
  }
  const parsed = parseSamlResponse(xml);
  if ('problem' in parsed) return refusal(parsed.problem);
  const { response, assertion } = parsed;
  const findings: SsoFinding[] = [checkStatus(response, context), ...structureFindings(parsed, context)];
  let user: FlexUserPreview = { roles: [] };
  const signatures = await checkSignatures(parsed, context);
  findings.push(...signatures.findings);
  const sound = signatures.trustworthy && parsed.assertionsInDocument === 1;
  if (assertion && sound) {
    findings.push(...checkIssuer(response, assertion, context));
    findings.push(checkAudience(assertion, context), checkRecipient(assertion, context), checkDestination(response, context));
    findings.push(checkValidityWindow(assertion, context), checkSessionLength(assertion, context), checkInResponseTo(response, assertion));
    const nameId = checkNameId(assertion, context);
    const attributes = checkAttributes(assertion, context);
    findings.push(nameId.finding, ...attributes.findings);
    user = { ...(nameId.nameId ? { nameId: nameId.nameId } : {}), ...(nameId.format ? { nameIdFormat: nameId.format } : {}), ...attributes.user };
  } else if (parsed.assertionsInDocument > 0) {
    findings.push(error('saml.not-read', null, 'What this response says about the user was not read: its signatures don\'t cover the one assertion Flex would read, so any of it may be forged.', 'Do not trust this response: capture the login again straight from your identity provider.'));
  }
  const verdict = findings.some((f) => f.severity === 'error') ? 'fail' : 'pass';
  const destination = response.getAttribute('Destination');
  const issueInstant = response.getAttribute('IssueInstant');
  return { verdict, summary: summaryOf(findings), findings, user, ...(destination ? { destination } : {}), ...(issueInstant ? { issueInstant } : {}) };
}

/**
 * Turns what went wrong on the wire into a Problem an admin can act on: Okta's and Twilio's error
 * JSON, web pages from proxies in the way, cut-off bodies, and connections that never happened.
 */
import { problem, type Problem, type ProblemCode } from '../problem';

export type Service = 'okta' | 'twilio';

/** A non-OK answer, as the fetch core read it. */
export interface ErrorResponse {
  service: Service;
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

const NAMES: Record<Service, string> = { okta: 'Okta', twilio: 'Twilio' };
const STATUS_PAGES: Record<Service, string> = { okta: 'status.okta.com', twilio: 'status.twilio.com' };

const OKTA_CODES: Record<string, ProblemCode> = {
  E0000001: 'invalid-request',
  E0000006: 'forbidden',
  E0000007: 'not-found',
  E0000011: 'bad-credentials',
  E0000047: 'rate-limited',
};

const TWILIO_CODES: Record<string, ProblemCode> = {
  '20003': 'bad-credentials',
  '20403': 'forbidden',
  '20404': 'not-found',
  '20429': 'rate-limited',
};

/** The vendor's id for this exchange, which their support asks for. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-okta-request-id') ?? headers.get('twilio-request-id') ?? undefined;
}

/** A non-OK response as a Problem. */
export function responseProblem(res: ErrorResponse): Problem {
  const body = readErrorBody(res.text, res.headers.get('content-type') ?? '');
  const requestId = requestIdOf(res.headers);
  const base = { service: res.service, httpStatus: res.status, requestId };
  if (body.kind === 'html') return webPageProblem(res, body.title, base);
  if (body.kind === 'invalid') return invalidJsonProblem(res.service, res.url, res.status, requestId);

  const details = body.kind === 'json' ? vendorDetails(body.value) : { causes: [] };
  const scopes = missingScopes(res.headers.get('www-authenticate'));
  let code = (details.code && (res.service === 'okta' ? OKTA_CODES : TWILIO_CODES)[details.code]) || codeForStatus(res.status);
  if (code === 'forbidden' && scopes) code = 'missing-scope';

  const [message, nextStep] = wording(code, {
    service: res.service,
    url: new URL(res.url),
    ref: details.code ?? `HTTP ${res.status}`,
    detail: [details.summary, ...details.causes].filter((s): s is string => !!s).map((s) => s.replace(/\.+$/, '')).join('. '),
    scopes: scopes ?? [],
  });
  return problem(code, message, nextStep, {
    ...base,
    requestId: requestId ?? details.errorId,
    vendorCode: details.code,
    retryable: code === 'rate-limited' || code === 'server-error',
  });
}

/** A fetch that threw: a certificate failure when the error says so, otherwise an unreachable host. */
export function networkProblem(service: Service, url: string, error: unknown): Problem {
  const host = new URL(url).host;
  const text = errorText(error);
  if (TLS_CODES.test(text) || TLS_WORDS.test(text)) {
    return problem('network-tls', `The secure connection to ${host} failed its certificate check.`, `If your company inspects HTTPS traffic, ask IT to allow ${host}; also check this computer's date and time.`, { service, retryable: false });
  }
  // In the browser, fetch reports a refused certificate exactly like an unreachable host, so the
  // next step names both causes.
  return problem('network-unreachable', `Could not reach ${host}.`, `Check your network, VPN or proxy; if your company inspects HTTPS traffic, ask IT to allow ${host}.`, { service, retryable: true });
}

const SETTINGS_TO_CHECK: Record<Service, string> = { okta: 'the org URL', twilio: 'the region and edge' };

/**
 * A 3xx the fetch core refused to follow. The browser hides where it pointed (an opaque-redirect
 * response); a `Location` is named when there is one to read.
 */
export function redirectProblem(service: Service, url: string, status: number, location?: string): Problem {
  let target = 'another address';
  if (location) {
    try {
      target = new URL(location, url).href;
    } catch {
      // An unparseable Location is still a redirect; "another address" says enough.
    }
  }
  const said = status ? ` (HTTP ${status})` : '';
  return problem(
    'invalid-response',
    `${NAMES[service]} (${new URL(url).host}) answered with a redirect to ${target}${said}; Flex Steward does not follow redirects with credentials.`,
    `Check ${SETTINGS_TO_CHECK[service]} in Settings; if they are right, a proxy may be redirecting the traffic, so ask IT to leave ${new URL(url).host} alone.`,
    { service, httpStatus: status || undefined },
  );
}

export function timeoutProblem(service: Service, url: string, timeoutMs: number): Problem {
  const host = new URL(url).host;
  return problem('timeout', `${host} did not answer within ${formatDuration(timeoutMs)}.`, `Try again; if it keeps happening, check your network and ${STATUS_PAGES[service]}.`, { service, retryable: true });
}

export function cancelledProblem(service: Service, url: string): Problem {
  return problem('cancelled', `The request to ${new URL(url).host} was cancelled.`, 'Nothing to fix; start it again when you are ready.', { service, retryable: false });
}

/** The vendor asked for a longer pause than we are willing to sit through inside one request. */
export function rateLimitWaitProblem(service: Service, waitMs: number, retryAt: Date, extra: Partial<Problem> = {}): Problem {
  return problem('rate-limited', `${NAMES[service]} is limiting requests and will accept more in about ${formatDuration(waitMs)}.`, 'Try again after that; a smaller run avoids the limit.', {
    service,
    ...extra,
    retryable: true,
    retryAt: retryAt.toISOString(),
  });
}

/** A body that should have been JSON and is not: cut off mid-transfer, or something else entirely. */
export function invalidJsonProblem(service: Service, url: string, status: number, requestId?: string): Problem {
  return problem('invalid-response', `${NAMES[service]}'s answer from ${new URL(url).host} (HTTP ${status}) was cut off or is not valid JSON.`, 'Try again; if it keeps happening, a proxy may be changing the traffic.', {
    service,
    httpStatus: status,
    requestId,
    retryable: status < 400 || status === 429 || status >= 500,
  });
}

type ErrorBody = { kind: 'json'; value: unknown } | { kind: 'html'; title?: string } | { kind: 'empty' } | { kind: 'invalid' };

function readErrorBody(text: string, contentType: string): ErrorBody {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  if (contentType.includes('html') || /^<(!doctype\s+html|html)/i.test(trimmed)) return { kind: 'html', title: pageTitle(trimmed) };
  try {
    return { kind: 'json', value: JSON.parse(trimmed) };
  } catch {
    return { kind: 'invalid' };
  }
}

function pageTitle(html: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 80) : undefined;
}

interface VendorDetails {
  code?: string;
  summary?: string;
  causes: string[];
  errorId?: string;
}

/** Okta's `errorCode`/`errorSummary`/`errorCauses`, Okta OAuth's `error`, or Twilio's `code`/`message`. */
function vendorDetails(value: unknown): VendorDetails {
  if (!isRecord(value)) return { causes: [] };
  if (typeof value.errorCode === 'string') {
    const causes = Array.isArray(value.errorCauses) ? value.errorCauses.flatMap((c) => (isRecord(c) && typeof c.errorSummary === 'string' ? [c.errorSummary] : [])) : [];
    return { code: value.errorCode, summary: stringOr(value.errorSummary), causes, errorId: stringOr(value.errorId) };
  }
  if (typeof value.error === 'string') return { code: value.error, summary: stringOr(value.error_description), causes: [] };
  if (typeof value.code === 'number' || typeof value.code === 'string') return { code: String(value.code), summary: stringOr(value.message), causes: [] };
  return { summary: stringOr(value.message), causes: [] };
}

function codeForStatus(status: number): ProblemCode {
  if (status === 401) return 'bad-credentials';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition-failed';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return 'invalid-request';
}

/**
 * The scopes an OAuth token lacked, from `WWW-Authenticate: Bearer …, scope="okta.users.read",
 * error="insufficient_scope"`; undefined when the header does not blame scopes.
 */
function missingScopes(header: string | null): string[] | undefined {
  if (!header) return undefined;
  const scope = /\bscope="([^"]*)"/i.exec(header)?.[1];
  if (scope === undefined && !/insufficient_scope/i.test(header)) return undefined;
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

interface WordingContext {
  service: Service;
  url: URL;
  /** The vendor code, or `HTTP <status>` when there is none. */
  ref: string;
  /** The vendor's own summary and causes, joined. */
  detail: string;
  scopes: string[];
}

function wording(code: ProblemCode, { service, url, ref, detail, scopes }: WordingContext): [string, string] {
  const name = NAMES[service];
  const withDetail = detail ? `: ${detail}` : '';
  switch (code) {
    case 'bad-credentials':
      return service === 'okta'
        ? [`The Okta token was rejected (${ref}).`, 'Create a new token in Security → API and paste it in Settings.']
        : [`Twilio rejected the Account SID or API key (${ref}).`, 'Check the Account SID, API key and secret in Settings; if the key was deleted, create a new one in the Twilio Console.'];
    case 'missing-scope': {
      const named = scopes.length === 0 ? 'a scope this action needs' : `the ${scopes.join(', ')} scope${scopes.length > 1 ? 's' : ''}`;
      const grant = scopes.length === 0 ? 'the scopes listed in Settings' : scopes.join(', ');
      return [`The ${name} token lacks ${named} (${ref}).`, `Grant ${grant} to Flex Steward in ${name} (Applications → Flex Steward → Okta API Scopes), then connect again.`];
    }
    case 'forbidden':
      return service === 'okta'
        ? [`Okta refused this action for the admin who owns the token (${ref}).`, 'Use a token created by an admin whose role allows it (Read-Only Administrator is enough for reading users and apps) and paste it in Settings.']
        : [`Twilio refused this action for these credentials (${ref}).`, 'Check in the Twilio Console that the API key belongs to this account and is not restricted from TaskRouter and Flex.'];
    case 'not-found':
      return [`${name} could not find ${url.pathname} (${ref}).`, 'It may have been deleted in the meantime; refresh and try again.'];
    case 'rate-limited':
      return [`${name} is limiting how fast Flex Steward may call it (${ref}).`, 'Wait a minute and try again; a smaller run avoids the limit.'];
    case 'precondition-failed': {
      const noun = /\/Workers\//i.test(url.pathname) ? 'worker' : 'record';
      // No ref: neither vendor documents a code for a failed If-Match, so the status says it all.
      return [`The ${noun} changed since the preview, so ${name} did not apply the change.`, 'Refresh the preview, check the change again, then apply it.'];
    }
    case 'conflict':
      return [`${name} reported a conflict (${ref})${withDetail}.`, 'Refresh to see the current state, then try again.'];
    case 'server-error':
      return [`${name} failed on its side (${ref}).`, `Try again in a few minutes; if it continues, check ${STATUS_PAGES[service]}.`];
    default:
      return [`${name} rejected the request (${ref})${withDetail}.`, 'Check the values involved and try again; if they look right, report it with the run history attached.'];
  }
}

function webPageProblem(res: ErrorResponse, title: string | undefined, base: Partial<Problem>): Problem {
  const host = new URL(res.url).host;
  const name = NAMES[res.service];
  const what = title ? `HTTP ${res.status}, “${title}”` : `HTTP ${res.status}`;
  const message = `${name} answered with a web page (${what}) instead of JSON.`;
  return res.status >= 500
    ? problem('server-error', message, `This is usually a proxy or a passing outage; try again in a few minutes, and open https://${host} in a tab if it persists.`, { ...base, retryable: true })
    : problem('invalid-response', message, `A proxy, firewall or sign-in portal may be in the way, or the address is wrong; open https://${host} in a tab to see the page.`, { ...base, retryable: false });
}

/**
 * Certificate trouble as Node (`CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`) or Chromium
 * (`net::ERR_CERT_AUTHORITY_INVALID`) word it. Browsers usually hide the reason behind
 * "Failed to fetch", in which case the admin gets the unreachable wording.
 */
const TLS_CODES = /ERR_CERT_|ERR_SSL_|ERR_TLS_CERT|CERT_|SSL|UNABLE_TO_(VERIFY|GET_ISSUER)/;
const TLS_WORDS = /certificate|self[- ]signed/i;

/** Messages and codes of an error and its causes, which is where Node puts the real reason. */
function errorText(error: unknown, depth = 0): string {
  if (depth > 4 || !isRecord(error)) return typeof error === 'string' ? error : '';
  return [stringOr(error.message), stringOr(error.code), errorText(error.cause, depth + 1)].filter(Boolean).join(' ');
}

function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

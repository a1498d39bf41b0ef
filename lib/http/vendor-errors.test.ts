import { describe, expect, it } from 'vitest';
import { cancelledProblem, networkProblem, rateLimitWaitProblem, responseProblem, timeoutProblem, type Service } from './vendor-errors';

const OKTA_USERS = 'https://steward-sandbox.okta.com/api/v1/users';
const TR_WORKER = 'https://taskrouter.twilio.com/v1/Workspaces/WS0123456789abcdef0123456789abcdef/Workers/WK0123456789abcdef0123456789abcdef';

function answer(service: Service, url: string, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType: Record<string, string> = typeof body === 'string' ? {} : { 'content-type': 'application/json;charset=UTF-8' };
  return responseProblem({ service, url, status, text, headers: new Headers({ ...contentType, ...headers }) });
}

const oktaError = (errorCode: string, errorSummary: string, causes: string[] = []) => ({
  errorCode,
  errorSummary,
  errorLink: errorCode,
  errorId: 'oaeH2k9xQ4rTqmW7bXyZ1aB2c',
  errorCauses: causes.map((errorSummary) => ({ errorSummary })),
});

const twilioError = (code: number, message: string, status: number) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

describe('Okta errors', () => {
  it('names a rejected token and says where to make a new one', () => {
    const p = answer('okta', OKTA_USERS, 401, oktaError('E0000011', 'Invalid token provided'), { 'x-okta-request-id': 'aBcD1234efGH' });
    expect(p).toMatchObject({
      code: 'bad-credentials',
      message: 'The Okta token was rejected (E0000011).',
      nextStep: 'Create a new token in Security → API and paste it in Settings.',
      service: 'okta',
      httpStatus: 401,
      vendorCode: 'E0000011',
      requestId: 'aBcD1234efGH',
      retryable: false,
    });
  });

  it('names the scope an OAuth token lacks, from WWW-Authenticate', () => {
    const p = answer('okta', OKTA_USERS, 403, oktaError('E0000006', 'You do not have permission to perform the requested action'), {
      'www-authenticate':
        'Bearer authorization_uri="https://steward-sandbox.okta.com/oauth2/v1/authorize", realm="https://steward-sandbox.okta.com", scope="okta.users.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"',
    });
    expect(p.code).toBe('missing-scope');
    expect(p.message).toBe('The Okta token lacks the okta.users.read scope (E0000006).');
    expect(p.nextStep).toContain('Grant okta.users.read');
  });

  it('blames the admin\'s role when a 403 does not mention scopes', () => {
    const p = answer('okta', `${OKTA_USERS}/00u1abcd/lifecycle/suspend`, 403, oktaError('E0000006', 'You do not have permission to perform the requested action'));
    expect(p.code).toBe('forbidden');
    expect(p.message).toContain('admin who owns the token');
    expect(p.vendorCode).toBe('E0000006');
  });

  it('maps E0000007 to not-found naming the path, and falls back to errorId for the request id', () => {
    const p = answer('okta', `${OKTA_USERS}/00u404`, 404, oktaError('E0000007', 'Not found: Resource not found: 00u404 (User)'));
    expect(p).toMatchObject({ code: 'not-found', message: 'Okta could not find /api/v1/users/00u404 (E0000007).', requestId: 'oaeH2k9xQ4rTqmW7bXyZ1aB2c' });
  });

  it('marks E0000047 as a retryable rate limit', () => {
    const p = answer('okta', OKTA_USERS, 429, oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'));
    expect(p).toMatchObject({ code: 'rate-limited', retryable: true, vendorCode: 'E0000047' });
  });

  it('spells out E0000001 validation causes', () => {
    const p = answer('okta', OKTA_USERS, 400, oktaError('E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']));
    expect(p.code).toBe('invalid-request');
    expect(p.message).toBe('Okta rejected the request (E0000001): Api validation failed: login. login: An object with this field already exists in the current organization.');
  });

  it('treats Okta 5xx as a retryable server error', () => {
    const p = answer('okta', OKTA_USERS, 503, oktaError('E0000010', 'Service is currently unavailable.'));
    expect(p).toMatchObject({ code: 'server-error', retryable: true, vendorCode: 'E0000010' });
    expect(p.nextStep).toContain('status.okta.com');
  });
});

describe('Twilio errors', () => {
  it('names rejected credentials (20003) and keeps Twilio\'s request id', () => {
    const p = answer('twilio', TR_WORKER, 401, twilioError(20003, 'Authenticate', 401), { 'twilio-request-id': 'RQ0123456789abcdef0123456789abcdef', 'www-authenticate': 'Basic realm="Twilio API"' });
    expect(p).toMatchObject({ code: 'bad-credentials', vendorCode: '20003', requestId: 'RQ0123456789abcdef0123456789abcdef', service: 'twilio' });
    expect(p.message).toBe('Twilio rejected the Account SID or API key (20003).');
  });

  it('maps 20404 to not-found and 20429 to a retryable rate limit', () => {
    expect(answer('twilio', TR_WORKER, 404, twilioError(20404, 'The requested resource was not found', 404))).toMatchObject({ code: 'not-found', vendorCode: '20404' });
    expect(answer('twilio', TR_WORKER, 429, twilioError(20429, 'Too Many Requests', 429))).toMatchObject({ code: 'rate-limited', retryable: true });
  });

  it('says the worker changed since the preview on a failed If-Match', () => {
    const p = answer('twilio', TR_WORKER, 412, { code: 20001, message: 'Precondition Failed', more_info: 'https://www.twilio.com/docs/errors/20001', status: 412 });
    expect(p.code).toBe('precondition-failed');
    expect(p.message).toBe('The worker changed since the preview, so Twilio did not apply the change.');
    expect(p.nextStep).toContain('Refresh the preview');
  });

  it('passes Twilio\'s own message through for a rejected parameter and a conflict', () => {
    const bad = answer('twilio', TR_WORKER, 400, twilioError(20001, 'Invalid JSON in Attributes', 400));
    expect(bad).toMatchObject({ code: 'invalid-request', message: 'Twilio rejected the request (20001): Invalid JSON in Attributes.' });
    expect(answer('twilio', TR_WORKER, 409, twilioError(20409, 'Worker FriendlyName already exists', 409)).code).toBe('conflict');
  });
});

describe('answers that are not vendor JSON', () => {
  it('says a proxy\'s HTML 502 page is a web page, with its title, and that it may pass', () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const p = responseProblem({ service: 'twilio', url: TR_WORKER, status: 502, text: page, headers: new Headers({ 'content-type': 'text/html' }) });
    expect(p).toMatchObject({ code: 'server-error', retryable: true, httpStatus: 502 });
    expect(p.message).toBe('Twilio answered with a web page (HTTP 502, “502 Bad Gateway”) instead of JSON.');
  });

  it('sends the admin to look at a sign-in portal page that answered in the vendor\'s place', () => {
    const p = answer('okta', OKTA_USERS, 403, '<html><body>Please sign in to the guest network</body></html>');
    expect(p).toMatchObject({ code: 'invalid-response', retryable: false });
    expect(p.nextStep).toContain('https://steward-sandbox.okta.com');
  });

  it('reports truncated JSON as an invalid response', () => {
    const p = responseProblem({ service: 'twilio', url: TR_WORKER, status: 500, text: '{"code": 2', headers: new Headers({ 'content-type': 'application/json' }) });
    expect(p).toMatchObject({ code: 'invalid-response', httpStatus: 500, service: 'twilio' });
    expect(p.message).toContain('cut off or is not valid JSON');
  });

  it('maps an empty error body by its status alone', () => {
    expect(answer('okta', OKTA_USERS, 401, '')).toMatchObject({ code: 'bad-credentials', message: 'The Okta token was rejected (HTTP 401).' });
    expect(answer('twilio', TR_WORKER, 504, '')).toMatchObject({ code: 'server-error', retryable: true });
  });
});

describe('failures without an answer', () => {
  it('calls a certificate error by its name when the error reveals it', () => {
    const node = new TypeError('fetch failed', { cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }) });
    expect(networkProblem('twilio', TR_WORKER, node)).toMatchObject({ code: 'network-tls', retryable: false });
    expect(networkProblem('okta', OKTA_USERS, new TypeError('net::ERR_CERT_AUTHORITY_INVALID')).code).toBe('network-tls');
  });

  it('otherwise says which host could not be reached', () => {
    const p = networkProblem('twilio', TR_WORKER, new TypeError('Failed to fetch'));
    expect(p).toMatchObject({ code: 'network-unreachable', retryable: true });
    expect(`${p.message} ${p.nextStep}`).toBe('Could not reach taskrouter.twilio.com. Check your network, VPN or proxy; if your company inspects HTTPS traffic, ask IT to allow taskrouter.twilio.com.');
  });

  it('words timeouts, cancellations and long rate-limit waits', () => {
    expect(timeoutProblem('okta', OKTA_USERS, 20_000).message).toBe('steward-sandbox.okta.com did not answer within 20 seconds.');
    expect(cancelledProblem('twilio', TR_WORKER)).toMatchObject({ code: 'cancelled', retryable: false });
    const wait = rateLimitWaitProblem('okta', 300_000, new Date('2026-05-04T10:05:00Z'));
    expect(wait).toMatchObject({ code: 'rate-limited', retryAt: '2026-05-04T10:05:00.000Z', retryable: true });
    expect(wait.message).toBe('Okta is limiting requests and will accept more in about 5 minutes.');
  });
});

import type { Problem } from '../problem';
import { isFlexAcsUrl } from './acs-url';

export { isFlexAcsUrl } from './acs-url';

/**
 * What an admin can hand the login test: a base64 `SAMLResponse` (as posted, or URL-encoded), the
 * raw XML, a HAR file or a SAML-tracer JSON export. Each yields the SAML responses in it that were
 * posted to a Flex ACS URL of any generation.
 */
export interface SamlInputResponse {
  /** The decoded XML. */
  xml: string;
  /** The URL it was posted to, when the input says (HAR, SAML-tracer, capture). */
  postedTo?: string;
  /** When it was posted, when the input says. */
  at?: string;
}

export type SamlInputKind = 'base64' | 'xml' | 'har' | 'saml-tracer';

/** The largest input accepted, whole (a HAR of a login is far smaller); each response is limited to 1 MB. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;


/*
 * The formats read here:
 * - HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): `log.entries[].request` with `method`,
 *   `url` and `postData` (`params[]` of `{name, value}` or `text`, the raw form body), `startedDateTime`.
 * - SAML-tracer's export (https://github.com/simplesamlphp/SAML-tracer, src/SAMLTraceIO.js and
 *   src/SAMLTrace.js): `{ requests: [{ method, url, post: [[name, value]…], saml }], timestamp }`,
 *   where `saml` is the decoded message and `post` may be hashed or obfuscated by the export dialog.
 */

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Number((bytes / MB).toFixed(1))} MB`;
const byteLength = (text: string) => new TextEncoder().encode(text).length;

const problem = (message: string, nextStep: string): { problem: Problem } => ({ problem: { code: 'invalid-request', message, nextStep, service: 'extension', retryable: false } });

const NOT_SAML = problem(
  'That is not a SAML response: paste the SAMLResponse value (base64), the decoded XML, a HAR file or a SAML-tracer export.',
  'In SAML-tracer, select the POST to Flex (…/saml2 or …/login/callback), open its Parameters tab and copy the SAMLResponse value; or export the login as a HAR from the browser\'s developer tools.',
);

type Read = { responses: SamlInputResponse[]; kind: SamlInputKind } | { problem: Problem };

/** The base64 `SAMLResponse` value → XML, or `null` when it is not base64 of a UTF-8 XML document. */
export function decodeSamlResponse(value: string): string | null {
  let base64 = value.replace(/\s+/g, '');
  if (/%[0-9a-f]{2}/i.test(base64)) {
    try {
      base64 = decodeURIComponent(base64);
    } catch {
      return null;
    }
  }
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    return xml.trimStart().startsWith('<') ? xml : null;
  } catch {
    return null;
  }
}

function tooLarge(bytes: number, limit: number, what: string): { problem: Problem } {
  return problem(
    `${what} is ${megabytes(bytes)}; the login test reads at most ${megabytes(limit)}.`,
    'Export only the login from SAML-tracer (select the POST to Flex and export it), or copy the one SAMLResponse value and paste it here.',
  );
}

function response(xml: string, postedTo?: string, at?: string): SamlInputResponse | { problem: Problem } {
  const bytes = byteLength(xml);
  if (bytes > MAX_RESPONSE_BYTES) return tooLarge(bytes, MAX_RESPONSE_BYTES, 'That SAML response');
  return { xml, ...(postedTo ? { postedTo } : {}), ...(at ? { at } : {}) };
}

const formValue = (body: string, name: string) => new URLSearchParams(body).get(name);

interface HarEntry {
  startedDateTime?: unknown;
  request?: { method?: unknown; url?: unknown; postData?: { params?: unknown; text?: unknown } };
}

function samlResponseOfHarEntry(entry: HarEntry): string | null {
  const postData = entry.request?.postData;
  if (Array.isArray(postData?.params)) {
    const param = (postData.params as { name?: unknown; value?: unknown }[]).find((p) => p?.name === 'SAMLResponse');
    if (typeof param?.value === 'string') return param.value;
  }
  return typeof postData?.text === 'string' ? formValue(postData.text, 'SAMLResponse') : null;
}

interface TracerRequest {
  method?: unknown;
  url?: unknown;
  post?: unknown;
  saml?: unknown;
}

function samlResponseOfTracerRequest(request: TracerRequest): string | null {
  // `saml` is what SAML-tracer decoded; `post` holds the raw parameter unless the export hashed it.
  if (typeof request.saml === 'string' && /<(\w+:)?Response[\s>]/.test(request.saml)) return request.saml;
  if (!Array.isArray(request.post)) return null;
  const pair = (request.post as unknown[]).find((p): p is [string, string] => Array.isArray(p) && p[0] === 'SAMLResponse' && typeof p[1] === 'string');
  return pair ? decodeSamlResponse(pair[1]) : null;
}

function collect(found: { xml: string | null; postedTo: string; at?: string }[], kind: SamlInputKind, where: string): Read {
  const responses: SamlInputResponse[] = [];
  for (const item of found) {
    if (item.xml === null) continue;
    const read = response(item.xml, item.postedTo, item.at);
    if ('problem' in read) return read;
    responses.push(read);
  }
  if (responses.length) return { responses, kind };
  return problem(
    `${where} has no SAMLResponse posted to a Flex ACS URL (…/saml2 or login.flex…/login/callback).`,
    'Record the login again from the Flex login page through to Flex, then export it; or paste the SAMLResponse value itself.',
  );
}

function readJson(text: string): Read {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return NOT_SAML;
  }
  const record = (json ?? {}) as { log?: { entries?: unknown }; requests?: unknown };
  if (Array.isArray(record.log?.entries)) {
    const posts = (record.log.entries as HarEntry[]).filter((e) => e?.request?.method === 'POST' && typeof e.request.url === 'string' && isFlexAcsUrl(e.request.url));
    return collect(
      posts.map((e) => {
        const value = samlResponseOfHarEntry(e);
        return { xml: value === null ? null : decodeSamlResponse(value), postedTo: e.request!.url as string, ...(typeof e.startedDateTime === 'string' ? { at: e.startedDateTime } : {}) };
      }),
      'har',
      'That HAR file',
    );
  }
  if (Array.isArray(record.requests)) {
    const posts = (record.requests as TracerRequest[]).filter((r) => r?.method === 'POST' && typeof r.url === 'string' && isFlexAcsUrl(r.url));
    return collect(posts.map((r) => ({ xml: samlResponseOfTracerRequest(r), postedTo: r.url as string })), 'saml-tracer', 'That SAML-tracer export');
  }
  return NOT_SAML;
}

/** Whatever the admin pasted or dropped → the SAML responses in it, or why there are none. */
export function readSamlInput(text: string): Read {
  const bytes = byteLength(text);
  if (bytes > MAX_INPUT_BYTES) return tooLarge(bytes, MAX_INPUT_BYTES, 'That file');
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) return readJson(trimmed);
  if (trimmed.startsWith('<')) {
    const read = response(trimmed);
    return 'problem' in read ? read : { responses: [read], kind: 'xml' };
  }
  const value = /(^|&)SAMLResponse=/.test(trimmed) ? formValue(trimmed, 'SAMLResponse') : trimmed;
  const xml = value === null ? null : decodeSamlResponse(value);
  if (xml === null) return NOT_SAML;
  const read = response(xml);
  return 'problem' in read ? read : { responses: [read], kind: 'base64' };
}

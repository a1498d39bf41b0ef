import { isFlexAcsUrl } from './acs-url';
import { MAX_RESPONSE_BYTES } from './input';

/**
 * The login test's capture, as a pure state machine: "Test a login" arms it for ten minutes; while
 * armed, each POST of a `SAMLResponse` to a Flex ACS URL is kept (in `storage.session`, never on
 * disk) until the side panel takes it, once; disarming, re-arming and the end of the ten minutes
 * discard whatever was kept. The browser wiring (`lib/saml/service.ts`, `entrypoints/background.ts`)
 * only observes requests — the listener is non-blocking, so it can neither stop nor change a login.
 */

export const ARM_DURATION_MS = 10 * 60_000;
/** A login posts one response; a few logins in a row are kept, the oldest dropped first, to bound `storage.session`. */
export const MAX_CAPTURED = 3;
/** Base64 makes 4 bytes of 3: a `SAMLResponse` longer than this decodes to more than the diagnosis accepts. */
export const MAX_CAPTURED_CHARS = Math.ceil((MAX_RESPONSE_BYTES * 4) / 3) + 4;

export interface CapturedResponse {
  /** The posted `SAMLResponse` (base64), or null when it was too large to keep. */
  samlResponse: string | null;
  postedTo: string;
  /** ISO time it was seen. */
  at: string;
}

export interface CaptureState {
  /** Epoch ms when capture stops by itself; null while disarmed. */
  armedUntil: number | null;
  captured: CapturedResponse[];
}

export const DISARMED: CaptureState = { armedUntil: null, captured: [] };

/** The parts of `webRequest.onBeforeRequest`'s details the capture reads. */
export interface ObservedRequest {
  method: string;
  url: string;
  requestBody?: {
    /** A field's values; a file field's are bytes, which a SAMLResponse never is. */
    formData?: Record<string, (string | ArrayBuffer)[] | undefined>;
    raw?: { bytes?: ArrayBuffer }[];
  } | null;
}


/** Arms for ten minutes from now; anything kept from before is discarded, so old captures never pass for new ones. */
export const arm = (now: number): CaptureState => ({ armedUntil: now + ARM_DURATION_MS, captured: [] });

export const disarm = (): CaptureState => DISARMED;

/** The state as it stands at `now`: past its ten minutes it is disarmed, and what it kept is gone. */
export function expire(state: CaptureState, now: number): CaptureState {
  return state.armedUntil !== null && now >= state.armedUntil ? DISARMED : state;
}

export function status(state: CaptureState, now: number): { armed: boolean; armedUntil: string | null; captured: number } {
  const current = expire(state, now);
  return { armed: current.armedUntil !== null, armedUntil: current.armedUntil === null ? null : new Date(current.armedUntil).toISOString(), captured: current.captured.length };
}

/**
 * The `SAMLResponse` form field of a POST body. Chromium and Firefox parse
 * `application/x-www-form-urlencoded` and `multipart/form-data` bodies into `formData`; anything
 * else arrives as `raw` bytes, read here as a URL-encoded form
 * (https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-OnBeforeRequestOptions).
 */
export function samlResponseField(body: ObservedRequest['requestBody']): string | undefined {
  const fromForm = body?.formData?.SAMLResponse?.[0];
  if (typeof fromForm === 'string') return fromForm;
  const bytes = body?.raw?.map((part) => (part.bytes ? new Uint8Array(part.bytes) : new Uint8Array())) ?? [];
  if (bytes.length === 0) return undefined;
  const text = new TextDecoder().decode(concat(bytes));
  return new URLSearchParams(text).get('SAMLResponse') ?? undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/**
 * A request seen by the listener. Kept only while armed, only for a POST to a Flex ACS URL that
 * carries a `SAMLResponse`; everything else leaves the state as it was (the same object, so the
 * caller knows nothing needs writing).
 */
export function observe(state: CaptureState, request: ObservedRequest, now: number): CaptureState {
  const current = expire(state, now);
  if (current.armedUntil === null || request.method.toUpperCase() !== 'POST' || !isFlexAcsUrl(request.url)) return current;
  const field = samlResponseField(request.requestBody);
  if (!field) return current;
  const captured: CapturedResponse = { samlResponse: field.length > MAX_CAPTURED_CHARS ? null : field, postedTo: request.url, at: new Date(now).toISOString() };
  return { armedUntil: current.armedUntil, captured: [...current.captured, captured].slice(-MAX_CAPTURED) };
}

/** What was kept, handed out once: the state keeps nothing of it afterwards, and stays armed. */
export function take(state: CaptureState, now: number): { state: CaptureState; taken: CapturedResponse[] } {
  const current = expire(state, now);
  return { state: { armedUntil: current.armedUntil, captured: [] }, taken: current.captured };
}

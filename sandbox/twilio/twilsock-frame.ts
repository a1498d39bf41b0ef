/**
 * The Twilsock v3 frame, as the published client reads and writes it (twilsock@1.0.2,
 * `builds/lib.js`, `Parser.parse` and `Parser.createPacket`, lines 675-770):
 *
 *     TWILSOCK V3.0 <header byte length>\r\n<header JSON>\r\n<payload>
 *
 * The header carries `method`, `id` and `payload_size` (the payload's byte length; 0 or absent
 * means no payload). A payload is JSON unless the header's `payload_type` says `text/plain`.
 * The client sends binary frames and reads `message.data` as an ArrayBuffer (`binaryType =
 * "arraybuffer"`, `WebSocketChannel.connect`), so the server must answer in binary frames too.
 */

export interface TwilsockHeader {
  method: string;
  id?: string;
  payload_size?: number;
  payload_type?: string;
  [field: string]: unknown;
}

export interface TwilsockFrame {
  header: TwilsockHeader;
  payload: unknown;
}

const MAGIC = 'TWILSOCK V3.0';

/** Encodes one frame; the header's `payload_size` is set from the payload, as `createPacket` does. */
export function encodeFrame(header: TwilsockHeader, payload?: unknown): Buffer {
  const body = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headerText = JSON.stringify({ ...header, payload_size: Buffer.byteLength(body, 'utf8') });
  return Buffer.from(`${MAGIC} ${Buffer.byteLength(headerText, 'utf8')}\r\n${headerText}\r\n${body}`, 'utf8');
}

/** Decodes one frame, or returns a reason when it is not Twilsock v3 (the server then closes with 406). */
export function decodeFrame(data: Buffer): TwilsockFrame | { error: string } {
  const lineEnd = data.indexOf('\r\n');
  if (lineEnd < 0) return { error: 'no magic line' };
  const [protocol, version, size] = data.subarray(0, lineEnd).toString('utf8').split(' ');
  const headerSize = Number(size);
  if (`${protocol} ${version}` !== MAGIC || !Number.isInteger(headerSize)) return { error: `unsupported protocol ${protocol} ${version}` };
  const headerStart = lineEnd + 2;
  let header: TwilsockHeader;
  try {
    header = JSON.parse(data.subarray(headerStart, headerStart + headerSize).toString('utf8')) as TwilsockHeader;
  } catch {
    return { error: 'header is not JSON' };
  }
  if (typeof header.method !== 'string') return { error: 'header has no method' };
  const payloadSize = typeof header.payload_size === 'number' ? header.payload_size : 0;
  if (payloadSize === 0) return { header, payload: undefined };
  const payloadStart = headerStart + headerSize + 2;
  const text = data.subarray(payloadStart, payloadStart + payloadSize).toString('utf8');
  if (header.payload_type !== undefined && !header.payload_type.startsWith('application/json')) return { header, payload: text };
  try {
    return { header, payload: JSON.parse(text) as unknown };
  } catch {
    return { error: 'payload is not JSON' };
  }
}
